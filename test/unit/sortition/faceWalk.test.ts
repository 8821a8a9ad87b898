// The face walk's step masses are a mixture of its panels that reproduces the relaxation's LEXIMIN
// vector (ADR 0117): LEXIMIN keeps them instead of re-solving the weights by LP.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { typeMarginals } from '../../../src/core/sortition/distribution.ts';
import { walkToPanels } from '../../../src/core/sortition/faceWalk.ts';
import { leximin } from '../../../src/core/sortition/leximin.ts';
import { panelViolation } from '../../../src/core/sortition/panels.ts';
import { relaxedLeximin } from '../../../src/core/sortition/relaxation.ts';
import { buildTypes } from '../../../src/core/sortition/types.ts';
import { panelotFixture, scotland } from './helpers.ts';

for (const [name, input] of [
  ['example_small_20', () => panelotFixture('example_small_20', 20)],
  ['scotland_150_k22', () => scotland()],
  ['scotland_150_k22 with households', () => scotland(['primary_address1', 'primary_zip'])],
] as const) {
  test(`${name}: the walk's step masses reproduce the relaxation's vector, and LEXIMIN returns that mixture`, async () => {
    const inst = buildTypes(input());
    const relaxed = await relaxedLeximin(inst);
    assert.ok(relaxed);
    const walk = await walkToPanels(inst, relaxed.counts);
    assert.equal(walk.complete, true);
    assert.equal(walk.weights.length, walk.panels.length);
    for (const w of walk.weights) assert.ok(w > 0, `step mass ${w}`);
    const total = walk.weights.reduce((s, w) => s + w, 0);
    assert.ok(Math.abs(total - 1) <= 1e-9, `masses sum to ${total}`);
    for (const panel of walk.panels) assert.equal(panelViolation(inst, panel), null);
    const reached = typeMarginals(inst, walk.panels, walk.weights.map((w) => w / total));
    reached.forEach((p, t) => {
      assert.ok(Math.abs(p - relaxed.probs[t]) <= 9e-9, `type ${t}: ${p} vs ${relaxed.probs[t]}`);
    });

    const result = await leximin(inst);
    assert.equal(result.optimal, true);
    assert.equal(result.stats.via, 'walk');
    // The distribution returned is the walk's own (no LP re-weighting): same panels, same masses.
    assert.equal(result.panels.length, walk.panels.length);
    result.probs.forEach((p, j) => {
      assert.ok(Math.abs(p - walk.weights[j] / total) <= 1e-15, `panel ${j}: ${p}`);
    });
    result.typeProb.forEach((p, t) => {
      assert.ok(Math.abs(p - relaxed.probs[t]) <= 9e-9, `type ${t}: ${p}`);
    });
  });
}
