// RFC 9162 §2.1.1 hashing: SHA-256 with domain separation, so a leaf can never pass for a node.
import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';

export type Hash = Buffer;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

// One-shot `crypto.hash` (Node ≥ 20.12) is about twice as fast as a Hash object per digest, which is
// most of the cost of verifying a million-entry export; older Node falls back to createHash.
type OneShot = (algorithm: string, data: string | Uint8Array, encoding: 'buffer') => Buffer;
const oneShot = (crypto as unknown as { hash?: OneShot }).hash;
const sha256: (data: string | Uint8Array) => Hash = oneShot ? (d) => oneShot('sha256', d, 'buffer') : (d) => createHash('sha256').update(d).digest();

/** H(0x00 ‖ entry); a string entry is hashed as its UTF-8 bytes. */
export function hashLeaf(entry: Uint8Array | string): Hash {
  return typeof entry === 'string' ? sha256(`\u0000${entry}`) : sha256(Buffer.concat([LEAF_PREFIX, entry]));
}

// Scratch space for 0x01 ‖ left ‖ right; hashing is synchronous, so one buffer serves every call.
const pair = Buffer.alloc(65);
pair[0] = 0x01;

/** H(0x01 ‖ left ‖ right) */
export function hashChildren(left: Uint8Array, right: Uint8Array): Hash {
  if (left.length !== 32 || right.length !== 32) return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
  pair.set(left, 1);
  pair.set(right, 33);
  return sha256(pair);
}

/** The root of the empty tree: SHA-256 of the empty string. */
export const EMPTY_ROOT: Hash = createHash('sha256').digest();

/** The largest power of two strictly less than n (n ≥ 2): RFC 9162's split point k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function isPowerOfTwo(n: number): boolean {
  return n >= 1 && Number.isInteger(Math.log2(n)) && 2 ** Math.log2(n) === n;
}

export function toHex(h: Uint8Array): string {
  return Buffer.from(h).toString('hex');
}

export function fromHex(s: string): Hash {
  if (!/^[0-9a-f]{64}$/.test(s)) throw new Error(`not a SHA-256 hex hash: "${s.slice(0, 80)}"`);
  return Buffer.from(s, 'hex');
}
