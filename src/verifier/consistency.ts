// `consistency OLD.json NEW.json`: two saved heads alone, without the whole export. Both signatures
// are checked, then an RFC 9162 consistency proof (from --proof FILE, or fetched from the instance the
// new head came from) must show the new tree extends the old one.
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fromHex, verifyConsistency } from '../core/merkle/index.ts';
import { CliError } from '../cli/errors.ts';
import { headSignatureValid, parsePublicKey } from '../core/ledger/signing.ts';
import { readPublicKey } from './keyFile.ts';
import { readHeadFile } from './savedHeads.ts';
import type { Output } from './ledger.ts';
import { fetchJson, instanceBase } from './source.ts';

export interface ConsistencyArgs {
  oldFile: string;
  newFile: string;
  pin?: string;
  /** The instance to ask for the proof (default: the `source` recorded in NEW.json). */
  url?: string;
  /** A proof saved earlier: the JSON of GET /api/v1/ledger/consistency. */
  proof?: string;
}

interface ProofBody {
  first: number;
  second: number;
  proof: string[];
}

function embeddedKey(b64: string): KeyObject | undefined {
  try {
    return parsePublicKey(b64);
  } catch {
    return undefined;
  }
}

export async function checkConsistency(args: ConsistencyArgs, io: Output): Promise<void> {
  const a = readHeadFile(args.oldFile, 'OLD');
  const b = readHeadFile(args.newFile, 'NEW');
  let pinned: KeyObject | undefined;
  if (args.pin) {
    try {
      pinned = readPublicKey(args.pin);
    } catch (e) {
      throw new CliError((e as Error).message.replace(/^--key/, '--pin'), 2);
    }
  } else io.err('note: no --pin given: each head was checked against the key inside it; pin the platform key to detect a forged head');
  for (const [name, h] of [['OLD', a], ['NEW', b]] as const) {
    const k = pinned ?? embeddedKey(h.public_key);
    if (!k || !headSignatureValid(h, k)) throw new CliError(`consistency FAILED: ${name} head: signature does not verify`, 1);
  }
  if (b.size < a.size) throw new CliError(`consistency FAILED: NEW has ${b.size} entries, fewer than OLD's ${a.size}: the log lost entries`, 1);
  if (a.size === b.size || a.size === 0) {
    if (a.size === b.size && a.root_hash !== b.root_hash) throw new CliError(`consistency FAILED: two different roots signed for ${a.size} entries: a split view`, 1);
    io.out(`ok: the head of ${b.size} entries extends the head of ${a.size}`);
    return;
  }
  let body: ProofBody;
  if (args.proof) {
    try {
      body = JSON.parse(readFileSync(args.proof, 'utf8'));
    } catch (e) {
      throw new CliError(`--proof ${args.proof}: cannot read (${(e as Error).message})`, 2);
    }
  } else {
    const from = args.url ?? b.source;
    if (!from) throw new CliError('no consistency proof: give --proof FILE or --url of the instance (NEW.json records no source)', 2);
    body = await fetchJson<ProofBody>(`${instanceBase(from)}/api/v1/ledger/consistency?first=${a.size}&second=${b.size}`);
  }
  let ok = false;
  try {
    ok = body.first === a.size && body.second === b.size && verifyConsistency(a.size, b.size, fromHex(a.root_hash), fromHex(b.root_hash), body.proof.map(fromHex));
  } catch {
    ok = false;
  }
  if (!ok) throw new CliError(`consistency FAILED: the head of ${b.size} entries does not extend the head of ${a.size}: history was rewritten`, 1);
  io.out(`ok: the head of ${b.size} entries extends the head of ${a.size} (RFC 9162 consistency proof, ${body.proof.length} hashes)`);
}
