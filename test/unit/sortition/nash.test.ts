import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkDistribution } from '../../../src/core/sortition/distribution.ts';
import { leximin } from '../../../src/core/sortition/leximin.ts';
import type { SelectionInput } from '../../../src/core/sortition/model.ts';
import { nash } from '../../../src/core/sortition/nash.ts';
import { fastRng } from '../../../src/core/sortition/random.ts';
import { buildTypes } from '../../../src/core/sortition/types.ts';

function pool(n: number, k: number, seed: string): SelectionInput {
  const r = fastRng(seed);
  const people = Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    features: { g: r() < 0.6 ? 'f' : 'm', a: ['y', 'm', 'o'][Math.floor(r() * r() * 3)], e: r() < 0.3 ? 'hi' : 'lo' },
  }));
  const quota = (category: string, value: string, min: number, max: number) => ({ category, value, min, max });
  return {
    people,
    categories: ['g', 'a', 'e'],
    quotas: [
      quota('g', 'f', 4, 6),
      quota('g', 'm', 4, 6),
      quota('a', 'y', 3, 4),
      quota('a', 'm', 3, 4),
      quota('a', 'o', 2, 4),
      quota('e', 'hi', 4, 6),
      quota('e', 'lo', 4, 6),
    ],
    k,
  };
}

const logSum = (inst: ReturnType<typeof buildTypes>, p: number[]) =>
  p.reduce((s, x, t) => s + inst.size[t] * Math.log(x), 0);

test('NASH: a valid distribution whose product of probabilities beats LEXIMIN and MAXIMIN', async () => {
  for (const seed of ['a', 'b', 'c']) {
    const inst = buildTypes(pool(60, 10, seed));
    const n = await nash(inst);
    assert.deepEqual(checkDistribution(inst, n.panels, n.probs), []);
    assert.equal(n.optimal, true);
    const lex = await leximin(inst);
    const max = await leximin(inst, { maximinOnly: true });
    assert.ok(logSum(inst, n.typeProb) >= logSum(inst, lex.typeProb) - 1e-6, `seed ${seed}: nash vs leximin`);
    assert.ok(logSum(inst, n.typeProb) >= logSum(inst, max.typeProb) - 1e-6, `seed ${seed}: nash vs maximin`);
    // ...and LEXIMIN's minimum is the best possible, so NASH's cannot exceed it.
    assert.ok(Math.min(...n.typeProb) <= Math.min(...lex.typeProb) + 1e-6);
  }
});
