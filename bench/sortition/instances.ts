// Benchmark instances: the two published fixtures and synthetic pools shaped like the targets.
// Synthetic pools are drawn with a fixed seed; their quotas follow *population* shares while the pool
// is skewed (self-selected volunteers), as in real assemblies.
import { readFileSync } from 'node:fs';
import { parsePanelot } from '../../src/core/sortition/inputs.ts';
import type { Quota, SelectionInput } from '../../src/core/sortition/model.ts';
import { fastRng } from '../../src/core/sortition/random.ts';
import { HARD_SHAPES, hardShape } from './hardShapes.ts';

const FIXTURES = new URL('../../test/fixtures/sortition/', import.meta.url);

function panelot(name: string, k: number): SelectionInput {
  const read = (f: string) => readFileSync(new URL(`${name}/${f}`, FIXTURES), 'utf8');
  return parsePanelot({ categoriesCsv: read('categories.csv'), respondentsCsv: read('respondents.csv') }, { k });
}

interface Spec {
  n: number;
  k: number;
  /** Number of values per category. */
  sizes: number[];
  seed: string;
  /** How far the pool is skewed from the population (pool share = population share * bias^[-1,1]). */
  bias: number;
}

export function synthetic({ n, k, sizes, seed, bias }: Spec): SelectionInput {
  const rand = fastRng(seed);
  const categories = sizes.map((_, c) => `c${c}`);
  const population = sizes.map((m) => normalise(Array.from({ length: m }, () => 0.5 + rand())));
  const pool = population.map((shares) => normalise(shares.map((s) => s * bias ** (2 * rand() - 1))));
  const people = Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    features: Object.fromEntries(categories.map((c, ci) => [c, `v${pick(pool[ci], rand())}`])),
  }));
  const quotas: Quota[] = [];
  categories.forEach((c, ci) => {
    population[ci].forEach((share, v) => {
      const target = share * k;
      quotas.push({ category: c, value: `v${v}`, min: Math.max(0, Math.floor(target) - 1), max: Math.ceil(target) + 1 });
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

export const INSTANCES: Record<string, () => SelectionInput> = {
  example_small_20: () => panelot('example_small_20', 20),
  example_large_200: () => panelot('example_large_200', 200),
  'sf_150_22': () => synthetic({ n: 150, k: 22, sizes: [3, 5, 8, 4], seed: 'sf150', bias: 1.6 }),
  'sf_300_45': () => synthetic({ n: 300, k: 45, sizes: [3, 5, 8, 4], seed: 'sf300', bias: 1.6 }),
  'sf_500_75': () => synthetic({ n: 500, k: 75, sizes: [3, 5, 8, 4], seed: 'sf500', bias: 1.6 }),
  'sf_750_112': () => synthetic({ n: 750, k: 112, sizes: [3, 5, 8, 4], seed: 'sf750', bias: 1.6 }),
  hard_1727_110: () => synthetic({ n: 1727, k: 110, sizes: [2, 3, 4, 5, 3, 4, 6], seed: 'hard', bias: 1.8 }),
  national_50000_126: () => synthetic({ n: 50000, k: 126, sizes: [20, 2, 4, 2, 4], seed: 'national', bias: 1.5 }),
  // The hard shapes of issue 17 (bench/sortition/hardShapes.ts).
  ...Object.fromEntries(Object.entries(HARD_SHAPES).map(([name, spec]) => [name, () => hardShape(spec)])),
};
