// `kenes select verify URL` and `kenes select verify REPORT --commitment … --pool … --quotas … --ledger …`:
// a public draw checked against the ledger (src/core/sortition/publicDraw.ts), then rerun in full.
// A report that is internally consistent but is not the one the ledger recorded fails.
import { createReadStream, readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { canonicalJson, fromHex, hashLeaf, verifyInclusion } from '../../core/merkle/index.ts';
import { type SelectionReport, verifySelection } from '../../core/sortition/index.ts';
import {
  type CommitmentFile,
  type LedgerEntryText,
  parsePoolCsv,
  parseQuotasCsv,
  type PublicDrawVerdict,
  selectionInputOf,
  verifyPublicDraw,
} from '../../core/sortition/publicDraw.ts';
import { headSignatureValid, linesOf, parsePublicKey, type SignedHead, verifyExport } from '../ledger/api.ts';
import { CliError } from '../../cli/errors.ts';

export interface PublicVerifyFlags {
  commitment?: string;
  pool?: string;
  quotas?: string;
  ledger?: string;
  entropy?: string;
  key?: string;
  rerun?: boolean;
}

interface Fetched {
  commitment: string;
  pool: string;
  quotas: string;
  report: string;
  entries: LedgerEntryText[];
  heads?: { size: number; timestamp: string }[];
  notes: string[];
}

async function get(url: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json, text/csv' } });
  } catch (err) {
    throw new CliError(`${url}: ${(err as Error).message}`, 2);
  }
  if (!res.ok) throw new CliError(`${url}: HTTP ${res.status}`, 2);
  return res.text();
}

/** The run page's URL from what the reader pasted (page, API or a file under the page). */
function runPageUrl(raw: string): { origin: string; page: string } {
  const u = new URL(raw);
  const m = u.pathname.match(/\/(?:api\/v1\/)?sortition\/(?:runs|draws)\/([0-9a-f-]{36})/);
  if (!m) throw new CliError(`${raw}: not the address of a draw (…/sortition/runs/ID)`, 2);
  return { origin: u.origin, page: `${u.origin}/sortition/runs/${m[1]}` };
}

function checkHead(head: SignedHead, key: KeyObject | undefined, notes: string[], what: string): void {
  const k = key ?? parsePublicKey(head.public_key);
  if (!headSignatureValid(head, k)) throw new CliError(`verification failed: the signed head of size ${head.size} (${what}) has a bad signature`, 1);
  if (!key) notes.push(`head of size ${head.size} checked with the key the server sent; pin the platform key with --key`);
}

async function fetchRun(url: string, key: KeyObject | undefined): Promise<Fetched> {
  const { origin, page } = runPageUrl(url);
  const [commitment, pool, quotas, report, ledgerText] = await Promise.all(['commitment.json', 'pool.csv', 'quotas.csv', 'report.json', 'ledger.json'].map((f) => get(`${page}/${f}`)));
  const ledger = JSON.parse(ledgerText) as { entries: LedgerEntryText[]; commitHead: SignedHead | null };
  const notes: string[] = [];
  // Each entry must be in the tree under a signed head: prove it from the ledger's own API.
  for (const e of ledger.entries) {
    const p = JSON.parse(await get(`${origin}/api/v1/ledger/entries/${e.index}`)) as { entry: string; tree_size: number; root_hash: string; inclusion_proof: string[]; head: SignedHead | null };
    if (p.entry !== e.entry) throw new CliError(`verification failed: ledger entry ${e.index} differs from the one the draw's page lists`, 1);
    if (!p.head) throw new CliError(`verification failed: ledger entry ${e.index} is not under a signed head yet`, 1);
    checkHead(p.head, key, notes, `entry ${e.index}`);
    if (!verifyInclusion(hashLeaf(p.entry), e.index, p.head.size, p.inclusion_proof.map(fromHex), fromHex(p.head.root_hash))) {
      throw new CliError(`verification failed: the inclusion proof of ledger entry ${e.index} does not match the signed head of size ${p.head.size}`, 1);
    }
  }
  const heads: { size: number; timestamp: string }[] = [];
  if (ledger.commitHead) {
    checkHead(ledger.commitHead, key, notes, 'the commitment');
    const committed = ledger.entries.find((e) => JSON.parse(e.entry).kind === 'sortition.committed');
    if (committed) {
      const p = JSON.parse(await get(`${origin}/api/v1/ledger/entries/${committed.index}?size=${ledger.commitHead.size}`)) as { inclusion_proof: string[]; entry: string };
      if (verifyInclusion(hashLeaf(p.entry), committed.index, ledger.commitHead.size, p.inclusion_proof.map(fromHex), fromHex(ledger.commitHead.root_hash))) heads.push(ledger.commitHead);
    }
  }
  notes.push(`${ledger.entries.length} ledger entries proved included under signed heads`);
  return { commitment, pool, quotas, report, entries: ledger.entries, heads, notes };
}

async function readFiles(reportFile: string, flags: PublicVerifyFlags, key: KeyObject | undefined): Promise<Fetched> {
  const need = (v: string | undefined, flag: string) => {
    if (!v) throw new CliError(`${flag} is required with --commitment (give --commitment, --pool, --quotas and --ledger)`, 2);
    try {
      return readFileSync(v, 'utf8');
    } catch (err) {
      throw new CliError(`${v}: ${(err as NodeJS.ErrnoException).code ?? 'cannot read'}`, 2);
    }
  };
  const commitment = need(flags.commitment, '--commitment');
  const pool = need(flags.pool, '--pool');
  const quotas = need(flags.quotas, '--quotas');
  const report = need(reportFile, 'the report');
  need(flags.ledger, '--ledger');
  const exported = await verifyExport(linesOf(createReadStream(flags.ledger!)), { publicKey: key });
  if (!exported.ok) throw new CliError(`verification failed: the ledger export does not verify: ${exported.problems[0] ?? 'unknown problem'}`, 1);
  const entries: LedgerEntryText[] = [];
  for await (const batch of linesOf(createReadStream(flags.ledger!))) {
    for (const line of batch) {
      const v = JSON.parse(line) as { index?: number; entry?: unknown };
      if (typeof v.index === 'number') entries.push({ index: v.index, entry: canonicalJson(v.entry) });
    }
  }
  return { commitment, pool, quotas, report, entries, notes: [`ledger export of ${exported.entries} entries verified (tree and signature)`, ...exported.notes] };
}

function print(verdict: PublicDrawVerdict, notes: string[]): void {
  for (const c of verdict.checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}\n`);
  for (const n of [...verdict.notes, ...notes]) process.stdout.write(`note: ${n}\n`);
}

export async function verifyPublicRun(target: string, flags: PublicVerifyFlags): Promise<void> {
  const key = flags.key ? parsePublicKey(flags.key) : undefined;
  const files = /^https?:\/\//.test(target) ? await fetchRun(target, key) : await readFiles(target, flags, key);
  const verdict = verifyPublicDraw({ commitment: files.commitment, publicPool: files.pool, quotas: files.quotas, report: files.report, entropy: flags.entropy, ledgerEntries: files.entries, heads: files.heads });
  print(verdict, files.notes);
  if (!verdict.ok) {
    const failed = verdict.checks.filter((c) => !c.ok);
    throw new CliError(`verification failed: ${failed.map((c) => `${c.name}: ${c.detail}`).join('; ')}`, 1);
  }
  const report = JSON.parse(files.report) as SelectionReport;
  if (flags.rerun !== false) {
    const c = JSON.parse(files.commitment) as CommitmentFile;
    const input = selectionInputOf({ pool: parsePoolCsv(files.pool, c.categories, c.householdRule), quotas: parseQuotasCsv(files.quotas), k: c.k });
    const rerun = await verifySelection(input, report);
    if (!rerun.ok) throw new CliError(`verification failed: full rerun: ${rerun.problems.join('; ')}`, 1);
    process.stdout.write('ok   rerun: the optimisation, lottery and draw were rerun from the public files and match bit for bit\n');
  }
  process.stdout.write(`verified: public ${report.algorithm} draw, commitment ${report.ceremony.commitment}, seed ${report.seed}, ticket ${report.draw.ticket}, ${report.draw.members.length} members match the ledger\n`);
}
