// The face walk's step masses are a mixture of its panels that reproduces the relaxation's LEXIMIN
// vector (ADR 0117): LEXIMIN refines and keeps them instead of re-solving the weights by LP.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { typeMarginals } from '../../../src/core/sortition/distribution.ts';
import { walkToPanels } from '../../../src/core/sortition/faceWalk.ts';
import { leximin } from '../../../src/core/sortition/leximin.ts';
import { panelKey, panelViolation } from '../../../src/core/sortition/panels.ts';
import { CERTIFICATE_FORMAT, checkCertificate } from '../../../src/core/sortition/certificate.ts';
import { onGrid } from '../../../src/core/sortition/stats.ts';
import { relaxedLeximin } from '../../../src/core/sortition/relaxation.ts';
import { buildTypes } from '../../../src/core/sortition/types.ts';
import { panelotFixture, scotland } from './helpers.ts';

for (const [name, input] of [
  ['example_small_20', () => panelotFixture('example_small_20', 20)],
  ['scotland_150_k22', () => scotland()],
  ['scotland_150_k22 with households', () => scotland(['primary_address1', 'primary_zip'])],
] as const) {
  test(`${name}: the walk's step masses reproduce the relaxation's vector, and LEXIMIN returns a certified mixture of those panels`, async () => {
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
    // The distribution returned is over the walk's own panels, at least as close to the target as
    // the walk's masses, and its certificate checks on the probabilities a report prints.
    const walked = new Set(walk.panels.map(panelKey));
    for (const panel of result.panels) assert.ok(walked.has(panelKey(panel)), 'a panel the walk did not find');
    const deviation = (probs: number[]) => Math.max(...probs.map((p, t) => Math.abs(p - relaxed.probs[t])));
    assert.ok(deviation(result.typeProb) <= Math.max(9e-9, deviation(reached)), `deviation ${deviation(result.typeProb)}`);
    assert.ok(result.certificate);
    const polytope = {
      k: inst.input.k,
      size: inst.size,
      quotas: inst.input.quotas.map((q, i) => ({ min: q.min, max: q.max, types: inst.quotaTypes[i] })),
      households: inst.householdGroups,
    };
    const printed = result.typeProb.map((p) => onGrid(p));
    assert.ok(checkCertificate(polytope, printed, { format: CERTIFICATE_FORMAT, levels: result.certificate }).ok);
  });
}
