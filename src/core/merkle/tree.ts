// The Merkle tree of RFC 9162 §2.1, computed from stored complete subtrees.
//
// A complete subtree is addressed by (level, index): it covers leaves [index·2^level, (index+1)·2^level).
// Every proof below touches O(log n) of them: each sibling on a path is either complete (one read) or
// the tree's ragged right edge (one read per set bit of its size), and a path crosses the edge once.
import { EMPTY_ROOT, type Hash, hashChildren, splitPoint } from './hash.ts';

/** Reads the hash of a complete subtree. Must be synchronous: callers fetch what is needed first. */
export type NodeReader = (level: number, index: number) => Hash;

export interface NodeRef {
  level: number;
  index: number;
}

/** MTH(D[start:end]) as RFC 9162 defines it, built from the complete subtrees the range splits into. */
export function rangeHash(read: NodeReader, start: number, end: number): Hash {
  const n = end - start;
  if (n <= 0) throw new RangeError(`empty range [${start}, ${end})`);
  const level = Math.log2(n);
  if (Number.isInteger(level) && start % n === 0) return read(level, start / n);
  const k = splitPoint(n);
  return hashChildren(rangeHash(read, start, start + k), rangeHash(read, start + k, end));
}

/** Root of the tree of the first `size` leaves. */
export function treeRoot(read: NodeReader, size: number): Hash {
  return size === 0 ? EMPTY_ROOT : rangeHash(read, 0, size);
}

/** PATH(m, D[n]) of RFC 9162 §2.1.3.1, leaf-to-root order. */
export function inclusionProof(read: NodeReader, index: number, size: number): Hash[] {
  if (!(index >= 0 && index < size)) throw new RangeError(`leaf ${index} is not in a tree of size ${size}`);
  const path: Hash[] = [];
  // Walk down from the root, then reverse: the RFC lists siblings from the leaf up.
  let start = 0;
  let end = size;
  const siblings: Hash[] = [];
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index < start + k) {
      siblings.push(rangeHash(read, start + k, end));
      end = start + k;
    } else {
      siblings.push(rangeHash(read, start, start + k));
      start += k;
    }
  }
  for (let i = siblings.length - 1; i >= 0; i--) path.push(siblings[i]);
  return path;
}

/** PROOF(m, D[n]) of RFC 9162 §2.1.4.1, for 0 < m ≤ n (empty when m = n). */
export function consistencyProof(read: NodeReader, first: number, second: number): Hash[] {
  if (!(first > 0 && first <= second)) throw new RangeError(`no consistency proof from ${first} to ${second}`);
  if (first === second) return [];
  const out: Hash[] = [];
  subproof(read, first, 0, second, true, out);
  return out;
}

function subproof(read: NodeReader, m: number, start: number, end: number, whole: boolean, out: Hash[]): void {
  const n = end - start;
  if (m === n) {
    if (!whole) out.push(rangeHash(read, start, end));
    return;
  }
  const k = splitPoint(n);
  if (m <= k) {
    subproof(read, m, start, start + k, whole, out);
    out.push(rangeHash(read, start + k, end));
  } else {
    subproof(read, m - k, start + k, end, false, out);
    out.push(rangeHash(read, start, start + k));
  }
}

/**
 * Runs a proof computation once without data to learn which subtrees it reads, so a database can
 * fetch them all in one query. The computations above branch on sizes only, never on hash values.
 */
export function nodesRead(compute: (read: NodeReader) => unknown): NodeRef[] {
  const seen = new Map<string, NodeRef>();
  const dummy = Buffer.alloc(32);
  compute((level, index) => {
    seen.set(`${level}:${index}`, { level, index });
    return dummy;
  });
  return [...seen.values()];
}

/** A reader over a map filled by such a query; a missing node is a bug or a damaged store. */
export function mapReader(nodes: Map<string, Hash>): NodeReader {
  return (level, index) => {
    const h = nodes.get(`${level}:${index}`);
    if (!h) throw new Error(`ledger node ${level}:${index} is missing`);
    return h;
  };
}

export function nodeKey(level: number, index: number): string {
  return `${level}:${index}`;
}
