// RFC 9162 §2.1.1 hashing: SHA-256 with domain separation, so a leaf can never pass for a node.
import { createHash } from 'node:crypto';

export type Hash = Buffer;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** H(0x00 ‖ entry) */
export function hashLeaf(entry: Uint8Array | string): Hash {
  return createHash('sha256').update(LEAF_PREFIX).update(entry).digest();
}

/** H(0x01 ‖ left ‖ right) */
export function hashChildren(left: Uint8Array, right: Uint8Array): Hash {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
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
