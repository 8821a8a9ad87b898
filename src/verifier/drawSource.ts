// Gathers a public draw's inputs for `verifyPublicDraw` (src/core/sortition/publicDraw.ts), shared by
// `kenes select verify` and the stand-alone `kenes-verify.mjs draw`. Either from the run page's URL
// (the published files, ledger.json, each entry's inclusion proof under a signed head and the head
// that covered the commitment), or from files plus a ledger export that passes the full ledger check.
// Node's standard library and core code only: this is bundled into kenes-verify.mjs.
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CliError } from '../cli/errors.ts';
import { linesOf, verifyExport } from '../core/ledger/verifyExport.ts';
import { headSignatureValid, parsePublicKey, type SignedHead } from '../core/ledger/signing.ts';
import { canonicalJson } from '../core/merkle/canonical.ts';
import { fromHex, hashLeaf } from '../core/merkle/hash.ts';
import { verifyInclusion } from '../core/merkle/verify.ts';
import type { LedgerEntryText, VerifyPublicDrawArgs } from '../core/sortition/publicDraw.ts';

/** What `verifyPublicDraw` needs (entropy aside), plus what was checked on the way. */
export interface DrawInputs extends Omit<VerifyPublicDrawArgs, 'commitment' | 'publicPool' | 'quotas' | 'report' | 'entropy'> {
  commitment: string;
  publicPool: string;
  quotas: string;
  report: string;
  notes: string[];
}

/** ledger.json as the run page serves it (src/modules/sortition/publicFiles.ts). */
interface RunLedger {
  entries: LedgerEntryText[];
  commitHead: SignedHead | null;
}

interface EntryProof {
  entry: string;
  inclusion_proof: string[];
  head: SignedHead | null;
}

async function getText(url: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json, text/csv' } });
  } catch (err) {
    throw new CliError(`${url}: ${(err as Error).message}`, 2);
  }
  if (!res.ok) throw new CliError(`${url}: HTTP ${res.status}`, 2);
  return res.text();
}

/** The run page's URL from what the reader pasted (the page, its API URL or one of its files). */
export function runPageUrl(raw: string): { origin: string; page: string } {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new CliError(`${raw}: not a URL`, 2);
  }
  const m = u.pathname.match(/^(.*?)\/(?:api\/v1\/)?sortition\/(?:runs|draws)\/([0-9a-f-]{36})/);
  if (!m) throw new CliError(`${raw}: not the address of a draw (…/sortition/runs/ID)`, 2);
  const base = `${u.origin}${m[1]}`;
  return { origin: base, page: `${base}/sortition/runs/${m[2]}` };
}

function checkHead(head: SignedHead, key: KeyObject | undefined, notes: string[], what: string): void {
  const k = key ?? parsePublicKey(head.public_key);
  if (!headSignatureValid(head, k)) throw new CliError(`verification failed: the signed head of size ${head.size} (${what}) has a bad signature`, 1);
  const note = 'signed heads were checked with the key the server sent: pin the platform key to detect a forged head';
  if (!key && !notes.includes(note)) notes.push(note);
}

function parsed<T>(text: string, url: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new CliError(`${url}: not JSON`, 1);
  }
}

/** URL form: the run's public files, and its ledger entries each proved under a genuine signed head. */
export async function fetchRunInputs(url: string, key: KeyObject | undefined): Promise<DrawInputs> {
  const { origin, page } = runPageUrl(url);
  const names = ['commitment.json', 'pool.csv', 'quotas.csv', 'report.json', 'ledger.json'] as const;
  const [commitment, publicPool, quotas, report, ledgerText] = await Promise.all(names.map((f) => getText(`${page}/${f}`)));
  const ledger = parsed<RunLedger>(ledgerText, `${page}/ledger.json`);
  if (!Array.isArray(ledger.entries)) throw new CliError(`${page}/ledger.json: no entries list`, 1);
  const notes: string[] = [];
  for (const e of ledger.entries) {
    const proofUrl = `${origin}/api/v1/ledger/entries/${e.index}`;
    const p = parsed<EntryProof>(await getText(proofUrl), proofUrl);
    if (p.entry !== e.entry) throw new CliError(`verification failed: ledger entry ${e.index} differs from the one the draw's page lists`, 1);
    if (!p.head) throw new CliError(`verification failed: ledger entry ${e.index} is not under a signed head yet`, 1);
    checkHead(p.head, key, notes, `entry ${e.index}`);
    if (!verifyInclusion(hashLeaf(p.entry), e.index, p.head.size, p.inclusion_proof.map(fromHex), fromHex(p.head.root_hash))) {
      throw new CliError(`verification failed: the inclusion proof of ledger entry ${e.index} does not match the signed head of size ${p.head.size}`, 1);
    }
  }
  // The head issued at commit dates the commitment before the entropy existed; it only counts when
  // genuine and when the commitment entry is provably inside it.
  const heads: { size: number; timestamp: string }[] = [];
  if (ledger.commitHead) {
    checkHead(ledger.commitHead, key, notes, 'the commitment');
    const committed = ledger.entries.find((e) => (parsed<{ kind?: string }>(e.entry, 'ledger.json')).kind === 'sortition.committed');
    if (committed) {
      const proofUrl = `${origin}/api/v1/ledger/entries/${committed.index}?size=${ledger.commitHead.size}`;
      const p = parsed<EntryProof>(await getText(proofUrl), proofUrl);
      if (p.entry === committed.entry && verifyInclusion(hashLeaf(p.entry), committed.index, ledger.commitHead.size, p.inclusion_proof.map(fromHex), fromHex(ledger.commitHead.root_hash))) heads.push(ledger.commitHead);
      else notes.push(`the commitment entry ${committed.index} is not proved inside the signed head of size ${ledger.commitHead.size}`);
    }
  }
  notes.push(`${ledger.entries.length} ledger entries proved included under signed heads`);
  return { commitment, publicPool, quotas, report, ledgerEntries: ledger.entries, heads, notes };
}

/** Reads a named file as text; a clear exit-2 error when it cannot be read. */
export function readText(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`${flag} ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, 2);
  }
}

/** Files form: the draw's entries (`sortition.*`) of a ledger export, which must pass the full check. */
export async function exportedDrawEntries(chunks: AsyncIterable<Uint8Array | string>, key: KeyObject | undefined): Promise<{ entries: LedgerEntryText[]; notes: string[] }> {
  const entries: LedgerEntryText[] = [];
  // One pass: the lines go to the ledger check while the draw's entries are picked out.
  async function* tap(batches: AsyncIterable<string[]>): AsyncGenerator<string[]> {
    for await (const batch of batches) {
      for (const line of batch) {
        if (!line.includes('"kind":"sortition.')) continue;
        const v = JSON.parse(line) as { index?: unknown; entry?: unknown };
        if (typeof v.index === 'number') entries.push({ index: v.index, entry: canonicalJson(v.entry) });
      }
      yield batch;
    }
  }
  const exported = await verifyExport(tap(linesOf(chunks)), { publicKey: key });
  if (!exported.ok) throw new CliError(`verification failed: the ledger export does not verify: ${exported.problems[0] ?? 'unknown problem'}`, 1);
  return { entries, notes: [`ledger export of ${exported.entries} entries verified (tree and signature)`, ...exported.notes] };
}
