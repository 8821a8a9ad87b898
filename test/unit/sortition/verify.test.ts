import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSelection, seedFromEntropy, verifySelection } from '../../../src/core/sortition/index.ts';
import { panelotFixture } from './helpers.ts';

const ENTROPY = 'Kazakhstan lottery 2026-12-01: 4 17 23 31 40 42\ndrand round 4512345';

test('verify confirms a report and fails on a changed pool, quotas, seed or report', async () => {
  const input = panelotFixture('example_small_20', 20);
  const report = await runSelection(input, { entropy: ENTROPY });
  assert.equal(report.seed, seedFromEntropy(ENTROPY));
  assert.deepEqual(await verifySelection(input, structuredClone(report)), { ok: true, problems: [] });

  const pool = structuredClone(input);
  pool.people[5].features.gender = pool.people[5].features.gender === 'male' ? 'female' : 'male';
  const poolCheck = await verifySelection(pool, report);
  assert.equal(poolCheck.ok, false);
  assert.match(poolCheck.problems[0], /input hash differs/);

  const quotas = structuredClone(input);
  quotas.quotas[0].min = 8;
  assert.match((await verifySelection(quotas, report)).problems[0], /input hash differs/);

  const seed = { ...structuredClone(report), seed: 'f'.repeat(64) };
  assert.match((await verifySelection(input, seed)).problems.join(), /seed is not SHA-256 of the recorded entropy/);

  const noEntropy = { ...structuredClone(report), entropy: null, seed: 'f'.repeat(64) };
  assert.match((await verifySelection(input, noEntropy)).problems.join(), /"(draw|seed)" differs/);

  const edited = structuredClone(report);
  edited.draw.members[0] = edited.draw.members[0] === '199' ? '198' : '199';
  assert.match((await verifySelection(input, edited)).problems.join(), /"draw" differs/);

  const prob = structuredClone(report);
  prob.people[3].probability = 0.2;
  assert.match((await verifySelection(input, prob)).problems.join(), /"people" differs/);
});

test('the same seed gives the same panel; another seed gives another ticket', async () => {
  const input = panelotFixture('example_small_20', 20);
  const a = await runSelection(input, { seed: '1'.repeat(64) });
  const b = await runSelection(input, { seed: '1'.repeat(64) });
  const c = await runSelection(input, { seed: '2'.repeat(64) });
  assert.deepEqual(a.draw, b.draw);
  assert.notDeepEqual(a.draw.members, c.draw.members);
});
