// `--distribution maxentropy` (ADR 0116): same marginals as LEXIMIN, feasible panels, more entropy,
// and a draw that verify reruns bit for bit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { inputHash, runSelection, verifySelection } from '../../../src/core/sortition/index.ts';
import { leximin } from '../../../src/core/sortition/leximin.ts';
import { entropyOf, logChoose, MARGINAL_TOLERANCE, maxEntropy } from '../../../src/core/sortition/maxEntropy.ts';
import type { SelectionInput } from '../../../src/core/sortition/model.ts';
import { panelViolation } from '../../../src/core/sortition/panels.ts';
import { typeMarginals } from '../../../src/core/sortition/distribution.ts';
import { buildTypes } from '../../../src/core/sortition/types.ts';
import { panelotFixture, SEED, scotland } from './helpers.ts';

/** A pool with 2-3 categories, and quotas around the counts of one panel of it, so it is feasible. */
const instances: fc.Arbitrary<SelectionInput> = fc
  .record({
    n: fc.integer({ min: 12, max: 30 }),
    k: fc.integer({ min: 3, max: 7 }),
    values: fc.array(fc.integer({ min: 2, max: 3 }), { minLength: 2, maxLength: 3 }),
    codes: fc.array(fc.nat(), { minLength: 30 * 3, maxLength: 30 * 3 }),
    slack: fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 2 })), { minLength: 9, maxLength: 9 }),
  })
  .map(({ n, k, values, codes, slack }) => {
    const categories = values.map((_, c) => `c${c}`);
    const people = Array.from({ length: n }, (_, i) => ({
      id: `p${i}`,
      features: Object.fromEntries(categories.map((c, ci) => [c, `v${codes[i * 3 + ci] % values[ci]}`])),
    }));
    const quotas = categories.flatMap((c, ci) =>
      Array.from({ length: values[ci] }, (_, v) => {
        const onPanel = people.slice(0, k).filter((p) => p.features[c] === `v${v}`).length;
        const [lo, hi] = slack[ci * 3 + v];
        return { category: c, value: `v${v}`, min: Math.max(0, onPanel - lo), max: onPanel + hi };
      }),
    );
    return { people, categories, quotas, k };
  });

test('logChoose and entropyOf: a point mass on one panel has 0 type entropy and log C(n, x) people entropy', () => {
  assert.equal(logChoose(5, 0), 0);
  assert.ok(Math.abs(logChoose(10, 3) - Math.log(120)) < 1e-12);
  const inst = buildTypes(panelotFixture('example_small_20', 20));
  const panel = Int32Array.from([20, 0, 0].slice(0, inst.types.length));
  const h = entropyOf(inst, [panel], [1]);
  assert.equal(h.typePanels, 0);
  assert.ok(Math.abs(h.peoplePanels - logChoose(inst.size[0], 20)) < 1e-9);
});

test('property: maxentropy keeps LEXIMIN marginals, uses feasible panels only, and has at least its entropy', async () => {
  await fc.assert(
    fc.asyncProperty(instances, async (input) => {
      const inst = buildTypes(input);
      const lex = await leximin(inst, {});
      const me = await maxEntropy(inst, lex, { candidates: 200, seed: 'test' });
      const want = typeMarginals(inst, lex.panels, lex.probs);
      const got = typeMarginals(inst, me.panels, me.probs);
      for (let t = 0; t < got.length; t++) {
        assert.ok(Math.abs(got[t] - want[t]) <= MARGINAL_TOLERANCE, `type ${t}: ${got[t]} vs ${want[t]}`);
      }
      assert.ok(Math.abs(me.probs.reduce((s, p) => s + p, 0) - 1) < 1e-12);
      for (const panel of me.panels) assert.equal(panelViolation(inst, panel), null);
      assert.ok(me.probs.every((p) => p > 0));
      const before = entropyOf(inst, lex.panels, lex.probs).typePanels;
      const after = entropyOf(inst, me.panels, me.probs).typePanels;
      assert.ok(after >= before - 1e-9, `entropy ${after} < LEXIMIN's ${before}`);
      // Weak duality bounds every distribution over the candidates alone with exactly these marginals.
      if (me.stats.repairMass === 0 && me.stats.mixture === 0 && Number.isFinite(me.stats.dualBound)) {
        assert.ok(after <= me.stats.dualBound + 1e-6, `entropy ${after} above the dual bound ${me.stats.dualBound}`);
      }
    }),
    { numRuns: 12, seed: 116 },
  );
});

test('maxentropy on a fixture: strictly more entropy than LEXIMIN, before and after the lottery, same probabilities', async () => {
  const input = panelotFixture('example_small_20', 20);
  const lex = await runSelection(input, { seed: SEED });
  const me = await runSelection(input, { seed: SEED, distribution: 'maxentropy' });
  assert.equal(me.distributionRule, 'maxentropy');
  assert.equal(lex.distributionRule, undefined);
  assert.equal(lex.maxEntropy, undefined);
  assert.equal(lex.inputHash, inputHash(input, 'leximin', 1000));
  assert.notEqual(me.inputHash, lex.inputHash);
  assert.deepEqual(
    me.people.map((p) => p.probability),
    lex.people.map((p) => p.probability),
  );
  const h = me.maxEntropy!;
  assert.equal(h.unit, 'nats');
  assert.ok(h.maxentropy.distribution.typePanels > h.leximin.distribution.typePanels + 0.1);
  assert.ok(h.maxentropy.lottery.typePanels > h.leximin.lottery.typePanels + 0.1);
  assert.ok(h.maxentropy.lottery.peoplePanels > h.leximin.lottery.peoplePanels);
  assert.ok(h.marginalError <= h.marginalTolerance);
  assert.ok(me.checks.panelsMeetQuotas);
});

test('verify reruns a maxentropy draw bit for bit; tampering with it, or dropping the rule, fails', async () => {
  const input = panelotFixture('example_small_20', 20);
  const report = await runSelection(input, { entropy: 'maxentropy test 7 11 13', distribution: 'maxentropy' });
  assert.deepEqual(await verifySelection(input, structuredClone(report)), { ok: true, problems: [] });

  const entropy = structuredClone(report);
  entropy.maxEntropy!.maxentropy.distribution.typePanels += 1;
  assert.match((await verifySelection(input, entropy)).problems.join(), /"maxEntropy" differs/);

  const probs = structuredClone(report);
  probs.distribution!.probs[0] += 1e-12;
  assert.match((await verifySelection(input, probs)).problems.join(), /"distribution" differs/);

  const dropped = structuredClone(report);
  delete dropped.distributionRule;
  assert.match((await verifySelection(input, dropped)).problems.join(), /input hash differs/);
});

test('maxentropy on a household instance keeps the household rule and verifies', async () => {
  const input = scotland(['primary_address1', 'primary_zip']);
  const report = await runSelection(input, { seed: SEED, distribution: 'maxentropy' });
  assert.ok(report.checks.panelsMeetQuotas);
  assert.ok(report.maxEntropy!.maxentropy.lottery.typePanels > report.maxEntropy!.leximin.lottery.typePanels);
  assert.deepEqual(await verifySelection(input, structuredClone(report)), { ok: true, problems: [] });
});

test('legacy with maxentropy is refused with one clear message', async () => {
  const input = panelotFixture('example_small_20', 20);
  await assert.rejects(runSelection(input, { seed: SEED, algorithm: 'legacy', distribution: 'maxentropy' }), /needs an optimising algorithm/);
});
