// Generator for the three hard shapes of issue 17, mimicking the published real pools (which are not
// in the repository): many categories, skewed self-selected pools, tight quotas on small groups.
//
//   sf_e-like:     n = 1,727, k = 110, 7 categories, about 1,000 distinct types
//   obf-like:      n = 321,   k = 30,  8 categories, about 300 distinct types
//   national-like: n = 2,000, k = 126, 5 dimensions, about 600 distinct types (and the same at 50,000)
//
// Population shares per value are skewed (a geometric-like profile, so every category has a small
// group); the pool over-represents some values (volunteers) and people's values are correlated
// through a latent "profile" (as age, education and region are in real pools), which is what makes
// the number of distinct feature vectors realistic. Quotas: the population share of k rounded down
// and up, so small groups get tight ranges ([0, 1], [1, 2]); a quota's minimum never exceeds the
// pool's count of that value (the generator repairs it, as an organiser would). Seeds are fixed.
import type { Quota, SelectionInput } from '../../src/core/sortition/model.ts';
import { fastRng } from '../../src/core/sortition/random.ts';

export interface HardSpec {
  n: number;
  k: number;
  /** Number of values per category. */
  sizes: number[];
  seed: string;
  /** Pool share = population share * bias^u, u uniform in [-1, 1]. */
  bias: number;
  /** Probability that a person's value follows their latent profile instead of the marginal. */
  correlation: number;
  /** Slack around the rounded target on large groups (small groups get none). */
  slack: number;
  /** Per category, the range [lo, hi] of the geometric decay of its value shares (default [0.45, 0.85]). */
  decay?: [number, number][];
}

export function hardShape(spec: HardSpec): SelectionInput {
  const { n, k, sizes, seed, bias, correlation, slack } = spec;
  const rand = fastRng(seed);
  const categories = sizes.map((_, c) => `c${c}`);
  // Skewed population shares: value v gets weight decay^v with a random decay, then jitter.
  const population = sizes.map((m, c) => {
    const [lo, hi] = spec.decay?.[c] ?? [0.45, 0.85];
    const decay = lo + (hi - lo) * rand();
    return normalise(Array.from({ length: m }, (_, v) => decay ** v * (0.7 + 0.6 * rand())));
  });
  const pool = population.map((shares) => normalise(shares.map((s) => s * bias ** (2 * rand() - 1))));
  // Latent profiles: a handful of archetypes, each with a preferred value per category.
  const profiles = Array.from({ length: 12 }, () => sizes.map((_, c) => pick(pool[c], rand())));
  const people = Array.from({ length: n }, (_, i) => {
    const profile = profiles[Math.floor(rand() * profiles.length)];
    return {
      id: `p${i}`,
      features: Object.fromEntries(
        categories.map((c, ci) => [c, `v${rand() < correlation ? profile[ci] : pick(pool[ci], rand())}`]),
      ),
    };
  });
  const quotas: Quota[] = [];
  categories.forEach((c, ci) => {
    const inPool = new Array<number>(sizes[ci]).fill(0);
    for (const p of people) inPool[Number(p.features[c].slice(1))]++;
    population[ci].forEach((share, v) => {
      const target = share * k;
      const s = target >= 8 ? slack : 0;
      const min = Math.min(inPool[v], Math.max(0, Math.floor(target) - s));
      const max = Math.max(min, Math.min(k, Math.ceil(target) + s));
      quotas.push({ category: c, value: `v${v}`, min, max });
    });
  });
  return { people, categories, quotas, k };
}

function normalise(xs: number[]): number[] {
  const s = xs.reduce((a, b) => a + b, 0);
  return xs.map((x) => x / s);
}

function pick(shares: number[], r: number): number {
  let acc = 0;
  for (let i = 0; i < shares.length; i++) {
    acc += shares[i];
    if (r < acc) return i;
  }
  return shares.length - 1;
}

/** Regions of a national pool are of comparable size (17 regions, a few small ones). */
const NATIONAL_DECAY: [number, number][] = [[0.9, 0.95], [0.7, 0.9], [0.6, 0.85], [0.7, 0.9], [0.5, 0.8]];

export const HARD_SHAPES: Record<string, HardSpec> = {
  sfe_like_1727_110: { n: 1727, k: 110, sizes: [2, 5, 6, 4, 5, 6, 4], seed: 'issue17-sfe', bias: 1.8, correlation: 0.62, slack: 1 },
  obf_like_321_30: { n: 321, k: 30, sizes: [2, 3, 4, 4, 3, 5, 3, 4], seed: 'issue17-obf', bias: 1.7, correlation: 0.2, slack: 1 },
  national_like_2000_126: { n: 2000, k: 126, sizes: [17, 2, 5, 2, 4], seed: 'issue17-national', bias: 1.5, correlation: 0.65, slack: 2, decay: NATIONAL_DECAY },
  national_like_50000_126: { n: 50000, k: 126, sizes: [17, 2, 5, 2, 4], seed: 'issue17-national', bias: 1.5, correlation: 0.65, slack: 2, decay: NATIONAL_DECAY },
};
