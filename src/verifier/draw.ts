// `draw RUN_URL | --commitment F --pool F --quotas F --report F --entropy F --ledger EXPORT`: checks a
// public draw against its ledger entries. The check itself is the ceremony's pure `verifyPublicDraw`
// (src/core/sortition/publicDraw.ts); drawSource.ts gathers its inputs, proving the entries are in the
// ledger (inclusion under signed heads for a URL, the full export check for files). The optimisation
// (LEXIMIN) is not rerun here: that needs the LP solver, which `kenes select verify` has.
import type { KeyObject } from 'node:crypto';
import { CliError } from '../cli/errors.ts';
import { verifyPublicDraw } from '../core/sortition/publicDraw.ts';
import { type DrawInputs, exportedDrawEntries, fetchRunInputs, readText } from './drawSource.ts';
import { readPublicKey } from './keyFile.ts';
import type { Output } from './ledger.ts';
import { exportChunks, isUrl } from './source.ts';

export const DRAW_FILES = ['commitment', 'pool', 'quotas', 'report', 'entropy', 'ledger'] as const;

export interface DrawArgs {
  /** A run's public page URL (BASE/sortition/runs/ID), or undefined when files are named. */
  url?: string;
  files: Partial<Record<(typeof DRAW_FILES)[number], string>>;
  pin?: string;
}

function pinned(spec: string | undefined): KeyObject | undefined {
  if (!spec) return undefined;
  try {
    return readPublicKey(spec);
  } catch (e) {
    throw new CliError((e as Error).message.replace(/^--key/, '--pin'), 2);
  }
}

async function fromFiles(files: DrawArgs['files'], key: KeyObject | undefined): Promise<DrawInputs & { entropy: string }> {
  // The entropy is required: the reader types what the named public sources produced, rather than
  // trusting the value the ledger's reveal entry carries.
  const need = ['commitment', 'pool', 'quotas', 'report', 'entropy', 'ledger'] as const;
  const missing = need.filter((n) => !files[n]);
  if (missing.length) throw new CliError(`draw: missing ${missing.map((m) => `--${m}`).join(', ')} (or give the run's URL)`, 2);
  const commitment = readText(files.commitment!, '--commitment');
  const publicPool = readText(files.pool!, '--pool');
  const quotas = readText(files.quotas!, '--quotas');
  const report = readText(files.report!, '--report');
  const entropy = readText(files.entropy!, '--entropy');
  const { entries, notes } = await exportedDrawEntries(await exportChunks(files.ledger!), key);
  return { commitment, publicPool, quotas, report, entropy, ledgerEntries: entries, notes };
}

export async function checkDraw(args: DrawArgs, io: Output): Promise<void> {
  const key = pinned(args.pin);
  let inputs: DrawInputs & { entropy?: string };
  if (args.url) {
    if (!isUrl(args.url)) throw new CliError(`draw: ${args.url} is not an http(s) URL; name the files with --commitment, --pool, --quotas, --report, --ledger`, 2);
    const named = Object.keys(args.files);
    if (named.length) throw new CliError(`draw: give either the run's URL or the files, not both (--${named[0]})`, 2);
    inputs = await fetchRunInputs(args.url, key);
  } else {
    inputs = await fromFiles(args.files, key);
  }
  const { notes, ...drawArgs } = inputs;
  const verdict = verifyPublicDraw(drawArgs);
  for (const c of verdict.checks) io.out(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
  for (const n of [...verdict.notes, ...notes]) io.out(`note: ${n}`);
  if (!verdict.ok) {
    const failed = verdict.checks.filter((c) => !c.ok).map((c) => c.name);
    throw new CliError(`draw verify FAILED: ${failed.join(', ')}`, 1);
  }
  io.out(`ok: all ${verdict.checks.length} checks pass; the draw's rounding, lottery and pick rerun bit for bit and match its ledger entries (the LEXIMIN optimisation itself is not rerun)`);
}
