// Appending leaves one at a time while keeping only the right edge (the "frontier"): one complete
// subtree per set bit of the size. O(log n) memory; each append reports the complete subtrees it
// finishes, which is what the ledger stores so proofs never need more than O(log n) reads.
import { EMPTY_ROOT, type Hash, hashChildren } from './hash.ts';
import type { NodeRef } from './tree.ts';

interface Peak {
  level: number;
  hash: Hash;
}

export type NodeSink = (level: number, index: number, hash: Hash) => void;

export class TreeBuilder {
  private peaks: Peak[] = [];
  private count = 0;

  /** Resume a tree of `size` leaves from its frontier hashes, in the order `frontierOf(size)` lists them. */
  static resume(size: number, frontier: Hash[]): TreeBuilder {
    const refs = frontierOf(size);
    if (refs.length !== frontier.length) throw new Error(`a tree of ${size} leaves has ${refs.length} frontier nodes, got ${frontier.length}`);
    const b = new TreeBuilder();
    b.peaks = refs.map((r, i) => ({ level: r.level, hash: frontier[i] }));
    b.count = size;
    return b;
  }

  get size(): number {
    return this.count;
  }

  /** Adds a leaf hash; `sink` receives the leaf itself and every subtree it completes. */
  push(leaf: Hash, sink?: NodeSink): void {
    const index = this.count++;
    sink?.(0, index, leaf);
    let top: Peak = { level: 0, hash: leaf };
    while (this.peaks.length && this.peaks[this.peaks.length - 1].level === top.level) {
      const left = this.peaks.pop()!;
      top = { level: top.level + 1, hash: hashChildren(left.hash, top.hash) };
      sink?.(top.level, Math.floor(index / 2 ** top.level), top.hash);
    }
    this.peaks.push(top);
  }

  /** MTH of all leaves so far. */
  root(): Hash {
    return fold(this.peaks) ?? EMPTY_ROOT;
  }

  /** MTH of the unfinished trailing block of 2^level leaves, or null when the last block is complete. */
  trailingBelow(level: number): Hash | null {
    return fold(this.peaks.filter((p) => p.level < level));
  }
}

function fold(peaks: Peak[]): Hash | null {
  if (!peaks.length) return null;
  let r = peaks[peaks.length - 1].hash;
  for (let i = peaks.length - 2; i >= 0; i--) r = hashChildren(peaks[i].hash, r);
  return r;
}

/** The complete subtrees forming the right edge of a tree of `size` leaves, largest first. */
export function frontierOf(size: number): NodeRef[] {
  const refs: NodeRef[] = [];
  let start = 0;
  for (let level = Math.floor(Math.log2(Math.max(size, 1))); level >= 0; level--) {
    const span = 2 ** level;
    if (Math.floor(size / span) % 2 === 1) {
      refs.push({ level, index: start / span });
      start += span;
    }
  }
  return refs;
}

/** MTH of a list of hashes treated as leaves already hashed (used for block skeletons). */
export function rootOfHashes(hashes: Hash[]): Hash {
  const b = new TreeBuilder();
  for (const h of hashes) b.push(h);
  return b.root();
}
