// The offline verifier: recomputes the tree from an export, checks the head's signature, the block
// skeleton, every entry in order, and consistency with a head saved earlier. It trusts nothing in the
// file except what the signature covers, and names the first bad entry it can prove bad.
import type { KeyObject } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import { canonicalJson, fromHex, type Hash, hashLeaf, rootOfHashes, TreeBuilder } from '../merkle/index.ts';
import type { ExportHead } from './exportFormat.ts';
import { quorumCount } from './cosign.ts';
import { ROTATION_KIND, type RotationPayload, rotationChain } from './rotation.ts';
import { headSignatureValid, keyFingerprint, publicKeyBase64, type SignedHead } from './signing.ts';

export interface VerifyOptions {
  /** The platform key the verifier trusts; without it, the key inside the export is used (and said so). */
  publicKey?: KeyObject;
  /** A head saved from an earlier visit: the export must extend it. */
  savedHead?: SignedHead;
  /** Witness keys the verifier trusts (docs/adr/0303): some head in the export must be cosigned by a quorum of them. */
  witnessKeys?: KeyObject[];
  /** How many of `witnessKeys` must have cosigned (default: all). */
  quorum?: number;
}

export interface VerifyReport {
  ok: boolean;
  entries: number;
  head?: ExportHead;
  /** The head a quorum of the pinned witnesses cosigned, when witnesses were asked for. */
  witnessed?: { size: number; cosigners: number };
  /** Index of the first entry proven bad, when one is. */
  firstBadEntry?: number;
  /** Human-readable findings, the most important first. */
  problems: string[];
  notes: string[];
}

const MAX_PROBLEMS = 20;

/** `batches` yields lines in groups (see `linesOf`), which keeps per-line overhead off the hot path. */
export async function verifyExport(batches: AsyncIterable<string[]>, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const report: VerifyReport = { ok: false, entries: 0, problems: [], notes: [] };
  const problem = (text: string, entry?: number) => {
    if (entry !== undefined && (report.firstBadEntry === undefined || entry < report.firstBadEntry)) report.firstBadEntry = entry;
    if (report.problems.length < MAX_PROBLEMS) report.problems.push(text);
  };

  const it = batches[Symbol.asyncIterator]();
  let batch: string[] = [];
  let at = 0;
  // The next line, or undefined at the end.
  const nextLine = async (): Promise<string | undefined> => {
    while (at >= batch.length) {
      const n = await it.next();
      if (n.done) return undefined;
      batch = n.value;
      at = 0;
    }
    return batch[at++];
  };
  const firstLine = await nextLine();
  const head = firstLine === undefined ? undefined : parseHead(firstLine);
  if (!head) {
    problem('line 1: not a ledger head');
    return report;
  }
  report.head = head;

  // 1. The head: signed by the trusted key.
  let key = opts.publicKey;
  if (!key) {
    report.notes.push('no --key given: the signature was checked against the key inside the export; pin the platform key to detect a forged head');
    try {
      key = createPublicKey({ key: Buffer.from(head.public_key, 'base64'), format: 'der', type: 'spki' });
    } catch {
      key = undefined;
    }
  }
  // Signatures that fail with the trusted key are decided at the end: the export may hold a key
  // rotation (signed by the trusted key and its successor) that hands over to the key that signed.
  const pendingSignatures: { h: SignedHead; text: string }[] = [];
  const checkSignature = (h: SignedHead, text: string) => {
    if (!key || !headSignatureValid(h, key)) pendingSignatures.push({ h, text });
  };
  if (head.signature === null) problem('head: not signed (the instance has no ledger key configured)');
  else checkSignature(head as SignedHead, 'head: signature does not verify — the head is forged or altered');

  // 2. The saved head: genuine, and not ahead of this export.
  const saved = opts.savedHead;
  if (saved) {
    checkSignature(saved, 'saved head: signature does not verify');
    if (saved.size > head.size) problem(`saved head has ${saved.size} entries but this export only ${head.size}: the log lost entries`, head.size);
  }

  // 2b. The witnesses: a quorum of them must have cosigned this head or an earlier one it extends,
  // so a history shown only to this reader (a split view) needs the witnesses' keys too.
  const prefixes: { size: number; root: Hash; problem: string }[] = [];
  if (saved) prefixes.push({ size: saved.size, root: safeHex(saved.root_hash), problem: `the first ${saved.size} entries do not match the saved head: history was rewritten` });
  if (opts.witnessKeys?.length) {
    const keys = opts.witnessKeys;
    const quorum = opts.quorum ?? keys.length;
    const candidates = [head, head.witnessed].filter((c): c is ExportHead | NonNullable<ExportHead['witnessed']> => !!c && c.size <= head.size && c.signature !== null);
    const chosen = candidates.find((c) => quorumCount(c, c.cosignatures, keys) >= quorum);
    if (!chosen) {
      problem(`witnesses: no head in this export is cosigned by ${quorum} of the ${keys.length} pinned witnesses — this log may be a view shown only to you (split view)`);
    } else {
      report.witnessed = { size: chosen.size, cosigners: quorumCount(chosen, chosen.cosignatures, keys) };
      if (chosen !== head) {
        checkSignature(chosen as SignedHead, 'witnessed head: signature does not verify');
        prefixes.push({ size: chosen.size, root: safeHex(chosen.root_hash), problem: `the first ${chosen.size} entries do not match the head the witnesses cosigned: history was rewritten after they saw it` });
        report.notes.push(`the witnesses' quorum covers the first ${chosen.size} of ${head.size} entries; the rest is signed by the platform alone so far`);
      }
    }
  }

  // 3. The skeleton: its root must be the signed root, else it cannot localise anything.
  const span = 2 ** head.block_level;
  let blocks: Hash[] | null = null;
  try {
    const b = head.blocks.map(fromHex);
    if (b.length === Math.ceil(head.size / span) && rootOfHashes(b).equals(fromHex(head.root_hash))) blocks = b;
  } catch {
    blocks = null;
  }
  if (!blocks) problem('head: block hashes do not match the signed root');

  // 4. The entries, in order.
  const builder = new TreeBuilder();
  const level = head.block_level;
  let position = 0;
  const checkBlock = (lvl: number, idx: number, hash: Hash) => {
    if (lvl !== level || !blocks) return;
    if (idx < blocks.length && !blocks[idx].equals(hash)) {
      problem(blockProblem(idx * span, Math.min((idx + 1) * span, head.size), span), idx * span);
    }
  };
  let lastLogTime = '';
  const rotations: RotationPayload[] = [];
  const consume = (line: string) => {
    if (line === '') return;
    const p = position++;
    if (p >= head.size) problem(`entry ${p}: beyond the ${head.size} entries the head signs — inserted`, p);
    // Fast path: the exact shape the server writes, {"index":p,"entry":E}; E's bytes are hashed as they
    // are, so only canonical entries match (the signed bytes are the canonical ones).
    const prefix = `{"index":${p},"entry":`;
    let leaf: Hash;
    if (line.startsWith(prefix) && line.endsWith('}')) {
      leaf = hashLeaf(line.slice(prefix.length, -1));
    } else {
      let parsed: { index?: unknown; entry?: unknown };
      try {
        parsed = JSON.parse(line);
      } catch {
        problem(`entry ${p}: line ${p + 2} is not JSON`, p);
        builder.push(hashLeaf(line), checkBlock);
        return;
      }
      if (parsed.index !== p) problem(`entry ${p}: expected index ${p}, found ${JSON.stringify(parsed.index)} — an entry was removed, inserted or reordered here`, p);
      leaf = hashLeaf(canonicalJson(parsed.entry ?? null));
    }
    builder.push(leaf, checkBlock);
    for (const x of prefixes) if (builder.size === x.size && !builder.root().equals(x.root)) problem(x.problem);
    if (line.includes(`"kind":"${ROTATION_KIND}"`)) {
      try {
        const e = (JSON.parse(line) as { entry?: { kind?: string; payload?: RotationPayload } }).entry;
        if (e?.kind === ROTATION_KIND && e.payload) rotations.push(e.payload);
      } catch {
        // an unparsable line is reported above
      }
    }
    // Entries with a log-assigned time (those that also carry `event_time`, the first key in canonical
    // order) must not go back in time; `time` is the last top-level key, so its value is found from the end.
    if (line.startsWith('{"event_time":"', line.indexOf('"entry":') + 8)) {
      const at = line.lastIndexOf(',"time":"');
      if (at > 0) {
        const time = line.slice(at + 9, line.indexOf('"', at + 9));
        if (time < lastLogTime) problem(`entry ${p}: log time ${time} is earlier than the previous entry's ${lastLogTime}`, p);
        lastLogTime = time;
      }
    }
  };
  for (;;) {
    if (at < batch.length) {
      // Drain the current batch without awaiting per line.
      for (; at < batch.length; at++) consume(batch[at]);
      continue;
    }
    const n = await it.next();
    if (n.done) break;
    batch = n.value;
    at = 0;
  }
  report.entries = position;

  // 5. The ending: all signed entries present, trailing block and root as signed.
  if (position < head.size) problem(`entry ${position}: missing — the export ends after ${position} of ${head.size} entries`, position);
  if (blocks && position === head.size && head.size % span) {
    const last = blocks.length - 1;
    const trailing = builder.trailingBelow(level);
    if (!trailing?.equals(blocks[last])) problem(blockProblem(last * span, head.size, span), last * span);
  }
  if (!builder.root().equals(safeHex(head.root_hash))) problem(`root: the ${position} entries hash to ${builder.root().toString('hex')}, the head signs ${head.root_hash}`);
  if (saved && saved.size === 0 && position === 0) report.notes.push('saved head is the empty tree');

  // 6. Signatures that the trusted key did not make: accepted only from a successor it named.
  if (pendingSignatures.length) {
    const chain = key ? rotationChain(publicKeyBase64(key), rotations) : [];
    const failed: string[] = [];
    for (const c of pendingSignatures) {
      const by = chain.slice(1).find((k) => headSignatureValid(c.h, createPublicKey({ key: Buffer.from(k, 'base64'), format: 'der', type: 'spki' })));
      if (by) report.notes.push(`${c.text.split(':')[0]}: signed by key ${keyFingerprint(by).slice(0, 16)}…, which the trusted key handed over to in a ledger.key_rotated entry`);
      else failed.push(c.text);
    }
    report.problems.unshift(...failed);
    report.problems.splice(MAX_PROBLEMS);
  }

  report.ok = report.problems.length === 0;
  return report;
}

function blockProblem(from: number, to: number, span: number): string {
  return span === 1 ? `entry ${from}: does not match the signed log — altered, inserted, removed or reordered` : `entries ${from}–${to - 1}: do not match the signed log — the first bad entry is among them`;
}

function safeHex(s: string): Hash {
  try {
    return fromHex(s);
  } catch {
    return Buffer.alloc(32);
  }
}

function parseHead(line: string): ExportHead | undefined {
  try {
    const h = JSON.parse(line) as ExportHead;
    if (h.type !== 'head' || !Number.isSafeInteger(h.size) || h.size < 0 || typeof h.root_hash !== 'string' || typeof h.timestamp !== 'string') return undefined;
    if (!Number.isInteger(h.block_level) || h.block_level < 0 || h.block_level > 52 || !Array.isArray(h.blocks)) return undefined;
    if (h.signature !== null && typeof h.signature !== 'string') return undefined;
    if (typeof h.public_key !== 'string') return undefined;
    return h;
  } catch {
    return undefined;
  }
}

/** Splits a byte or text stream into lines, yielded in batches (UTF-8; a newline byte never occurs inside a character). */
export async function* linesOf(chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>): AsyncGenerator<string[]> {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let rest = '';
  for await (const chunk of chunks) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    const lines = text.split('\n');
    rest = lines.pop()!;
    if (lines.length) yield lines;
  }
  rest += decoder.decode();
  if (rest) yield [rest];
}
