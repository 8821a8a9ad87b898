import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { leximin } from '../../../src/core/sortition/leximin.ts';
import { roundToLottery } from '../../../src/core/sortition/lottery.ts';
import { canonicalEntropy, HashRng, seedFromEntropy } from '../../../src/core/sortition/random.ts';
import { buildTypes } from '../../../src/core/sortition/types.ts';
import { scotland } from './helpers.ts';

test('lottery rounding: M tickets, floor/ceil of M p per panel, small change of any probability', async () => {
  const inst = buildTypes(scotland());
  const dist = await leximin(inst, { maximinOnly: true });
  for (const M of [100, 1000, 5000]) {
    const lot = roundToLottery(inst, dist.panels, dist.probs, M);
    assert.equal(
      lot.tickets.reduce((s, x) => s + x, 0),
      M,
    );
    const exact = new Map(dist.panels.map((p, j) => [p.join(','), dist.probs[j] * M]));
    lot.panels.forEach((p, j) => {
      const a = exact.get(p.join(',')) ?? 0;
      assert.ok(lot.tickets[j] >= Math.floor(a - 1e-9) && lot.tickets[j] <= Math.ceil(a + 1e-9));
    });
    // Every type member's lottery probability is within a few tickets' worth of the optimum.
    assert.ok(lot.maxChange <= 5 / M, `M=${M}: max change ${lot.maxChange}`);
    lot.typeProb.forEach((p, t) => {
      assert.ok(Math.abs(p - dist.typeProb[t]) <= lot.maxChange + 1e-12);
    });
  }
});

test('HashRng: deterministic, in range and roughly uniform', () => {
  const a = new HashRng('ab'.repeat(32), 'x');
  const b = new HashRng('ab'.repeat(32), 'x');
  const counts = new Array(7).fill(0);
  for (let i = 0; i < 3500; i++) {
    const v = a.below(7);
    assert.equal(v, b.below(7));
    counts[v]++;
  }
  for (const c of counts) assert.ok(c > 400 && c < 600, `counts ${counts}`);
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2 ** 40 }), (n) => {
      const v = new HashRng('cd'.repeat(32), `n${n}`).below(n);
      return Number.isInteger(v) && v >= 0 && v < n;
    }),
  );
  const sample = new HashRng('ef'.repeat(32), 's').sample([1, 2, 3, 4, 5], 3);
  assert.equal(new Set(sample).size, 3);
});

test('entropy: canonical form ignores spacing and line endings, seed is its SHA-256', () => {
  assert.equal(canonicalEntropy('  lotto  4 17\r\n\r\n drand 99 \n'), 'lotto 4 17\ndrand 99');
  assert.equal(seedFromEntropy('lotto 4 17\ndrand 99'), seedFromEntropy(' lotto   4 17 \r\ndrand 99'));
  assert.notEqual(seedFromEntropy('lotto 4 17'), seedFromEntropy('lotto 4 18'));
  assert.match(seedFromEntropy('x'), /^[0-9a-f]{64}$/);
});
