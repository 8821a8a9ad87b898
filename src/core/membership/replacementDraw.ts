// A replacement draw of one seat (ADR 0803). It runs when no ranked alternate keeps the block's
// quotas, so the quotas (the block's target minus the members who stay) often admit no one in the
// remaining pool. The rule, public and reproducible from the draw's files: the draw is among the
// available candidates who break the fewest quota bounds, and exactly the bounds that those
// candidates break are relaxed (a minimum to 0, a maximum to 1). When someone breaks none, nothing
// is relaxed and the pool is everyone who fits. Every relaxation is listed, for the record.
import type { Quota, SelectionInput } from '../sortition/model.ts';

export interface RelaxedBound {
  category: string;
  value: string;
  bound: 'min' | 'max';
  from: number;
  to: number;
}

/** The bounds one candidate of a one-seat draw breaks: a category it is in whose max is 0, or one it is not in whose min is 1. */
function broken(features: Record<string, string>, quotas: readonly Quota[]): { q: number; bound: 'min' | 'max' }[] {
  return quotas.flatMap((q, i): { q: number; bound: 'min' | 'max' }[] => {
    const inIt = features[q.category] === q.value;
    if (inIt && q.max < 1) return [{ q: i, bound: 'max' as const }];
    if (!inIt && q.min > 0) return [{ q: i, bound: 'min' as const }];
    return [];
  });
}

export function replacementDrawInput(input: SelectionInput): { input: SelectionInput; relaxed: RelaxedBound[] } {
  if (input.k !== 1) throw new RangeError(`a replacement draw fills one seat, got k = ${input.k}`);
  if (input.people.length === 0) throw new RangeError('a replacement draw needs at least one candidate');
  const breaks = input.people.map((p) => broken(p.features, input.quotas));
  const fewest = Math.min(...breaks.map((b) => b.length));
  const pool = input.people.filter((_, i) => breaks[i]!.length === fewest);
  // A quota may need both bounds relaxed by different candidates; 'min' and 'max' are kept apart.
  const mins = new Set<number>();
  const maxs = new Set<number>();
  for (const b of breaks) if (b.length === fewest) for (const x of b) (x.bound === 'min' ? mins : maxs).add(x.q);
  const relaxed: RelaxedBound[] = [];
  const quotas = input.quotas.map((q, i) => {
    const out = { ...q };
    if (mins.has(i)) {
      relaxed.push({ category: q.category, value: q.value, bound: 'min', from: q.min, to: 0 });
      out.min = 0;
    }
    if (maxs.has(i)) {
      relaxed.push({ category: q.category, value: q.value, bound: 'max', from: q.max, to: 1 });
      out.max = 1;
    }
    return out;
  });
  return { input: { ...input, people: pool, quotas }, relaxed };
}
