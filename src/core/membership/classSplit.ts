// The first selection's split of each block into classes by lot (ADR 0801): class 0 gets the
// shortest first term, the last class a full term. The lot is a shuffle from the draw's seed; the
// shuffled members are dealt to the classes in turn, then pairs are swapped between classes while a
// swap brings the classes closer to the target: first fewer seats outside each class's own quotas,
// then a smaller squared distance from the target shares. Pair swaps can stall short of a split
// that exists, so a split still breaking quotas is redone from a fresh shuffle of the same seed
// (`classes|block|n`), up to MAX_ATTEMPTS; the first with no broken quota, else the one breaking
// the fewest, is kept. Anyone can redo it from the public record.
import type { Charter } from '../charter/types.ts';
import { quotasFromCharter, selectionCategories } from '../selection/charterQuotas.ts';
import { HashRng } from '../sortition/random.ts';
import type { PoolEntry } from './quotas.ts';
import { quotaViolations } from './quotas.ts';
import type { QuotaViolation } from './quotas.ts';
import { classCount, findBlock, seatsPerClass } from './rotation.ts';

export interface ClassSplit {
  /** Member ids per class; class c's first term ends at cycle c + 1. */
  classes: string[][];
  /** Quotas broken by each class on its own (empty when the class meets them). */
  violations: QuotaViolation[][];
  swaps: number;
}

const EPS = 1e-9;
const MAX_PASSES = 1000;
const MAX_ATTEMPTS = 20;

export function splitIntoClasses(charter: Charter, blockId: string, members: readonly PoolEntry[], seed: string): ClassSplit {
  const council = charter.bodies.council;
  const block = findBlock(charter, blockId);
  if (members.length !== block.seats) throw new RangeError(`block "${blockId}" has ${block.seats} seats, got ${members.length} members to split`);
  const T = classCount(council);
  const size = seatsPerClass(council, block);
  const quotas = quotasFromCharter(charter, size);
  const targets = selectionCategories(charter).flatMap(({ dimension, categories }) => categories.map((c) => ({ dimension, id: c.id, target: c.share * size })));

  const sorted = [...members].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  // quotasFromCharter and selectionCategories list the categories in the same order: index i of
  // one is index i of the other. Each member counts toward one category index per dimension.
  const dims = selectionCategories(charter).map((d) => d.dimension);
  const index = new Map(quotas.map((q, i) => [JSON.stringify([q.category, q.value]), i]));
  const slots = new Map(members.map((m) => [m.id, dims.map((d) => index.get(JSON.stringify([d, m.features[d]])) ?? -1)]));

  let best: ClassSplit | undefined;
  let swaps = 0;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // Attempt 0 keeps the original salt, so a split that needs no retry is the one it always was.
    const salt = attempt === 0 ? `classes|${blockId}` : `classes|${blockId}|${attempt}`;
    const classes: PoolEntry[][] = Array.from({ length: T }, () => []);
    new HashRng(seed, salt).sample(sorted, sorted.length).forEach((m, i) => {
      classes[i % T]!.push(m);
    });
    swaps += swapTowardsQuotas(classes);
    const split = {
      classes: classes.map((c) => c.map((m) => m.id)),
      violations: classes.map((c) => quotaViolations(quotas, c.map((m) => m.features))),
      swaps,
    };
    const broken = brokenSeats(split.violations);
    if (!best || broken < brokenSeats(best.violations)) best = split;
    if (broken === 0) break;
  }
  return { ...best!, swaps };

  /** Swaps pairs between classes while a swap helps; returns how many it made. */
  function swapTowardsQuotas(classes: PoolEntry[][]): number {
    const counts = classes.map((cls) => {
      const c = new Array<number>(quotas.length).fill(0);
      for (const m of cls) for (const i of slots.get(m.id)!) if (i >= 0) c[i]!++;
      return c;
    });
    const viol = (i: number, c: number) => Math.max(0, quotas[i]!.min - c) + Math.max(0, c - quotas[i]!.max);
    const dev = (i: number, c: number) => (c - targets[i]!.target) ** 2;
    /** Change of (violations, deviation) in a class whose count at `from` drops by one and at `to` rises by one. */
    const moveDelta = (c: number[], from: number, to: number): [number, number] => {
      let v = 0;
      let d = 0;
      if (from >= 0) {
        v += viol(from, c[from]! - 1) - viol(from, c[from]!);
        d += dev(from, c[from]! - 1) - dev(from, c[from]!);
      }
      if (to >= 0) {
        v += viol(to, c[to]! + 1) - viol(to, c[to]!);
        d += dev(to, c[to]! + 1) - dev(to, c[to]!);
      }
      return [v, d];
    };

    let swaps = 0;
    for (let pass = 0, improved = true; improved && pass < MAX_PASSES; pass++) {
      improved = false;
      for (let a = 0; a < T; a++) {
        for (let b = a + 1; b < T; b++) {
          const A = classes[a]!;
          const B = classes[b]!;
          for (let i = 0; i < A.length; i++) {
            for (let j = 0; j < B.length; j++) {
              const x = slots.get(A[i]!.id)!;
              const y = slots.get(B[j]!.id)!;
              let dv = 0;
              let dd = 0;
              for (let k = 0; k < dims.length; k++) {
                if (x[k] === y[k]) continue;
                const [va, da] = moveDelta(counts[a]!, x[k]!, y[k]!);
                const [vb, db] = moveDelta(counts[b]!, y[k]!, x[k]!);
                dv += va + vb;
                dd += da + db;
              }
              if (dv < 0 || (dv === 0 && dd < -EPS)) {
                for (let k = 0; k < dims.length; k++) {
                  if (x[k]! >= 0) {
                    counts[a]![x[k]!]!--;
                    counts[b]![x[k]!]!++;
                  }
                  if (y[k]! >= 0) {
                    counts[a]![y[k]!]!++;
                    counts[b]![y[k]!]!--;
                  }
                }
                [A[i], B[j]] = [B[j]!, A[i]!];
                swaps++;
                improved = true;
              }
            }
          }
        }
      }
    }
    return swaps;
  }
}

/** Seats outside their quotas, over all classes: how far a split is from meeting every class's quotas. */
function brokenSeats(violations: readonly QuotaViolation[][]): number {
  return violations.flat().reduce((n, v) => n + Math.max(0, v.min - v.count) + Math.max(0, v.count - v.max), 0);
}
