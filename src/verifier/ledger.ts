// `ledger SOURCE`: the whole check an outsider runs, shared by `kenes ledger verify` and the
// stand-alone kenes-verify.mjs (one code path, so the file people download is the code we test).
import type { KeyObject } from 'node:crypto';
import { CliError } from '../cli/errors.ts';
import { keyFingerprint, publicKeyBase64 } from '../core/ledger/signing.ts';
import { readPublicKey } from './keyFile.ts';
import { linesOf, verifyExport } from '../core/ledger/verifyExport.ts';
import { keepHead, lastSavedHead, readHeadFile, type SavedHead } from './savedHeads.ts';
import { exportChunks, exportUrl, isUrl } from './source.ts';

export interface LedgerCheckArgs {
  source: string;
  /** The platform key to trust (base64 SPKI DER, PEM, or a file). */
  pin?: string;
  /** One saved head to check against (kept for scripts written before --head-dir). */
  head?: string;
  /** A folder of saved heads: checked against the last one, and the verified head is added. */
  headDir?: string;
  witnesses?: string[];
  quorum?: number;
}

export interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
}

function key(spec: string, flag: string): KeyObject {
  try {
    return readPublicKey(spec);
  } catch (e) {
    throw new CliError((e as Error).message.replace(/^--key/, flag), 2);
  }
}

/** Runs the check; prints findings; throws CliError (exit 1) when the ledger fails it. */
export async function checkLedger(args: LedgerCheckArgs, io: Output): Promise<void> {
  const publicKey = args.pin ? key(args.pin, '--pin') : undefined;
  const witnessKeys = (args.witnesses ?? []).map((w) => key(w, '--witness'));
  if (args.quorum !== undefined) {
    if (!witnessKeys.length) throw new CliError('--quorum needs at least one --witness key', 2);
    if (!Number.isInteger(args.quorum) || args.quorum < 1 || args.quorum > witnessKeys.length) {
      throw new CliError(`--quorum: must be a whole number from 1 to ${witnessKeys.length} (the number of --witness keys)`, 2);
    }
  }
  if (args.head && args.headDir) throw new CliError('give either --head or --head-dir, not both', 2);
  let saved: SavedHead | undefined;
  let savedFrom: string | undefined;
  if (args.head) {
    saved = readHeadFile(args.head);
    savedFrom = args.head;
  } else if (args.headDir) {
    const last = lastSavedHead(args.headDir);
    saved = last?.head;
    savedFrom = last?.file;
  }

  const report = await verifyExport(linesOf(await exportChunks(args.source)), { publicKey, savedHead: saved, witnessKeys, quorum: args.quorum });
  for (const note of report.notes) io.err(`note: ${note}`);
  if (!report.ok) {
    for (const p of report.problems.slice(1)) io.err(`  also: ${p}`);
    const where = report.firstBadEntry !== undefined ? `first bad entry ${report.firstBadEntry}: ` : '';
    throw new CliError(`ledger verify FAILED: ${where}${report.problems[0]}`, 1);
  }
  const h = report.head!;
  const signer = publicKey ? publicKeyBase64(publicKey) : h.public_key;
  const parts = [`ok: ${report.entries} entries, root ${h.root_hash}, signed ${h.timestamp} by key ${keyFingerprint(signer).slice(0, 16)}…`];
  if (saved) parts.push(`consistent with the saved head of ${saved.size} entries${savedFrom && args.headDir ? ` (${savedFrom})` : ''}`);
  if (report.witnessed) parts.push(`cosigned by ${report.witnessed.cosigners} of ${witnessKeys.length} witnesses at ${report.witnessed.size} entries`);
  io.out(parts.join(', '));
  if (args.headDir && h.signature !== null) {
    const { type: _type, block_level: _level, blocks: _blocks, witnessed: _witnessed, ...head } = h;
    const file = keepHead(args.headDir, { ...head, signature: h.signature, source: isUrl(args.source) ? exportUrl(args.source) : undefined });
    io.out(file ? `saved this head as ${file}` : `this head is already saved (${savedFrom})`);
  }
}
