// `draw URL | --commitment F --pool F --quotas F --report F --entropy F [--ledger EXPORT]`: reruns a
// public draw and anchors it in the ledger. The check itself is the ceremony's pure
// `verifyPublicDraw` (src/core/sortition/publicDraw.ts); this file only gathers its inputs, after the
// ledger export they come with has passed the full ledger check.
import { readFileSync } from 'node:fs';
import { verifyPublicDraw } from '../core/sortition/publicDraw.ts';
import { CliError } from '../cli/errors.ts';
import { readPublicKey } from './keyFile.ts';
import { linesOf, verifyExport } from '../core/ledger/verifyExport.ts';
import type { Output } from './ledger.ts';
import { exportChunks, fetchJson, instanceBase, isUrl } from './source.ts';

export interface DrawArgs {
  /** A run's public URL (its JSON gives the public files), or undefined when files are named. */
  url?: string;
  files: Partial<Record<'commitment' | 'pool' | 'quotas' | 'report' | 'entropy' | 'ledger', string>>;
  pin?: string;
}

/** A file as JSON when it is JSON, else as text (the CSVs). */
function readInput(file: string, flag: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`--${flag} ${file}: cannot read (${(e as Error).message})`, 2);
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The draw's ledger entries (kinds `sortition.*`), from an export that verifies. */
async function ledgerEntriesOf(source: string, pin: string | undefined): Promise<{ index: number; entry: Record<string, unknown> }[]> {
  const publicKey = pin ? readPublicKey(pin) : undefined;
  const report = await verifyExport(linesOf(await exportChunks(source)), { publicKey });
  if (!report.ok) throw new CliError(`draw FAILED: the ledger export does not verify: ${report.problems[0]}`, 1);
  const out: { index: number; entry: Record<string, unknown> }[] = [];
  let first = true;
  for await (const batch of linesOf(await exportChunks(source))) {
    for (const line of batch) {
      if (first || !line) {
        first = false;
        continue;
      }
      if (!line.includes('"kind":"sortition.')) continue;
      out.push(JSON.parse(line));
    }
  }
  return out;
}

export async function checkDraw(args: DrawArgs, io: Output): Promise<void> {
  let inputs: Record<string, unknown>;
  let ledgerSource: string | undefined;
  if (args.url) {
    if (!isUrl(args.url)) throw new CliError(`draw: ${args.url} is not an http(s) URL; name the files with --commitment, --pool, --quotas, --report, --entropy`, 2);
    inputs = await fetchJson<Record<string, unknown>>(args.url);
    ledgerSource = args.files.ledger ?? instanceBase(args.url);
  } else {
    const need = ['commitment', 'pool', 'quotas', 'report', 'entropy'] as const;
    const missing = need.filter((n) => !args.files[n]);
    if (missing.length) throw new CliError(`draw: missing ${missing.map((m) => `--${m}`).join(', ')} (or give the run's URL)`, 2);
    inputs = {
      commitment: readInput(args.files.commitment!, 'commitment'),
      publicPool: readInput(args.files.pool!, 'pool'),
      quotas: readInput(args.files.quotas!, 'quotas'),
      report: readInput(args.files.report!, 'report'),
      entropy: readInput(args.files.entropy!, 'entropy'),
    };
    ledgerSource = args.files.ledger;
  }
  if (!ledgerSource) throw new CliError('draw: --ledger EXPORT (a file or the instance URL) is needed to anchor the draw', 2);
  const ledgerEntries = await ledgerEntriesOf(ledgerSource, args.pin);
  let result: { ok: boolean; checks: { name: string; ok: boolean; detail: string }[] };
  try {
    result = verifyPublicDraw({
      commitment: inputs.commitment,
      publicPool: inputs.publicPool,
      quotas: inputs.quotas,
      report: inputs.report,
      entropy: inputs.entropy,
      ledgerEntries,
    } as unknown as Parameters<typeof verifyPublicDraw>[0]);
  } catch (e) {
    throw new CliError(`draw: ${(e as Error).message}`, 2);
  }
  for (const c of result.checks) io.out(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
  if (!result.ok) throw new CliError('draw verify FAILED', 1);
  io.out('ok: the draw reruns bit for bit and matches its ledger entries');
}
