// The first selection's split of each block into classes by lot (ADR 0801): class 0 gets the
// shortest first term, the last class a full term. The lot is a shuffle from the draw's seed; the
// shuffled members are dealt to the classes in turn, then pairs are swapped between classes while a
// swap brings the classes closer to the target: first fewer seats outside each class's own quotas,
// then a smaller squared distance from the target shares. Anyone can redo it from the public record.
import type { Charter } from '../charter/types.ts';
import { quotasFromCharter, selectionCategories } from '../selection/charterQuotas.ts';
import { HashRng } from '../sortition/random.ts';
import type { PoolEntry } from './quotas.ts';
import { quotaViolations, violationTotal } from './quotas.ts';
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

export function splitIntoClasses(charter: Charter, blockId: string, members: readonly PoolEntry[], seed: string): ClassSplit {
  const council = charter.bodies.council;
  const block = findBlock(charter, blockId);
  if (members.length !== block.seats) throw new RangeError(`block "${blockId}" has ${block.seats} seats, got ${members.length} members to split`);
  const T = classCount(council);
  const size = seatsPerClass(council, block);
  const quotas = quotasFromCharter(charter, size);
  const targets = selectionCategories(charter).flatMap(({ dimension, categories }) => categories.map((c) => ({ dimension, id: c.id, target: c.share * size })));

  const sorted = [...members].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const shuffled = new HashRng(seed, `classes|${blockId}`).sample(sorted, sorted.length);
  const classes: PoolEntry[][] = Array.from({ length: T }, () => []);
  shuffled.forEach((m, i) => {
    classes[i % T]!.push(m);
  });

  const deviation = (cls: readonly PoolEntry[]) =>
    targets.reduce((s, t) => {
      const d = cls.filter((m) => m.features[t.dimension] === t.id).length - t.target;
      return s + d * d;
    }, 0);
  const score = (cls: readonly PoolEntry[]): [number, number] => {
    const f = cls.map((m) => m.features);
    return [violationTotal(quotas, f), deviation(cls)];
  };
  const better = (a: [number, number], b: [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1] - EPS);
  const add = (a: [number, number], b: [number, number]): [number, number] => [a[0] + b[0], a[1] + b[1]];

  let swaps = 0;
  for (let pass = 0, improved = true; improved && pass < MAX_PASSES; pass++) {
    improved = false;
    for (let a = 0; a < T; a++) {
      for (let b = a + 1; b < T; b++) {
        const A = classes[a]!;
        const B = classes[b]!;
        for (let i = 0; i < A.length; i++) {
          for (let j = 0; j < B.length; j++) {
            const now = add(score(A), score(B));
            [A[i], B[j]] = [B[j]!, A[i]!];
            if (better(add(score(A), score(B)), now)) {
              swaps++;
              improved = true;
            } else [A[i], B[j]] = [B[j]!, A[i]!];
          }
        }
      }
    }
  }
  return {
    classes: classes.map((c) => c.map((m) => m.id)),
    violations: classes.map((c) => quotaViolations(quotas, c.map((m) => m.features))),
    swaps,
  };
}
