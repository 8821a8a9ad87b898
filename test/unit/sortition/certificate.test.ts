// The LEXIMIN optimality certificate (ADR 0113): genuine reports pass the exact, solver-free check;
// a changed probability, distribution, level or multiplier fails, naming what fails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkReportCertificate, Dyadic } from '../../../src/core/sortition/certificate.ts';
import { runSelection, type SelectionReport } from '../../../src/core/sortition/index.ts';
import type { SelectionInput } from '../../../src/core/sortition/model.ts';
import { SEED, panelotFixture, scotland } from './helpers.ts';

const clone = (r: SelectionReport): SelectionReport => structuredClone(r);
type Certified = SelectionReport & { certificate: { format: string; levels: { value: number; types: number[]; weights: [number, number][]; quotas: number[]; size: number }[] } };

test('Dyadic arithmetic is exact on doubles', () => {
  const a = Dyadic.of(0.1);
  const b = Dyadic.of(0.2);
  // 0.1 + 0.2 as doubles is not 0.3 as a double, but the exact sum is neither: it is their true sum.
  assert.notEqual(a.add(b).cmp(Dyadic.of(0.3)), 0);
  assert.equal(a.add(b).sub(b).cmp(a), 0);
  assert.equal(Dyadic.of(3).mul(Dyadic.of(0.5)).cmp(Dyadic.of(1.5)), 0);
  assert.equal(Dyadic.of(-(2 ** -1074)).sign(), -1);
  assert.equal(Dyadic.of(1e300).mul(Dyadic.of(1e-300)).approx().toPrecision(12), (1e300 * 1e-300).toPrecision(12));
});

test('certificate: genuine LEXIMIN reports pass, with and without households', async () => {
  const cases: [string, SelectionInput][] = [
    ['example_small_20', panelotFixture('example_small_20', 20)],
    ['scotland', scotland()],
    ['scotland with households', scotland(['primary_address1', 'primary_zip'])],
  ];
  for (const [name, input] of cases) {
    const report = await runSelection(input, { seed: SEED, algorithm: 'leximin' });
    const checked = checkReportCertificate(input, report);
    assert.ok(checked.ok, `${name}: ${checked.message}`);
    assert.match(checked.message, /^optimal, proven: \d+ levels/);
    assert.equal(checked.check?.levels.every((l) => l.bound <= l.value + 1e-8), true);
  }
});

test('certificate: changed probabilities, distributions, levels or multipliers fail', async () => {
  const input = scotland();
  const report = (await runSelection(input, { seed: SEED, algorithm: 'leximin' })) as Certified;
  assert.equal(report.certificate.format, 'kenes-leximin-certificate/1');
  assert.ok(report.certificate.levels.length >= 2, 'several levels to tamper with');
  const fails = (r: SelectionReport, pattern: RegExp) => {
    const checked = checkReportCertificate(input, r);
    assert.equal(checked.ok, false, `accepted: ${pattern}`);
    assert.match(checked.message, pattern);
  };

  // One person's probability raised: members of a type must agree.
  const one = clone(report);
  const shared = one.people.findIndex((p) => one.lottery.types[p.type].size > 1);
  assert.ok(shared >= 0, 'a type with several members');
  one.people[shared].probability += 0.01;
  fails(one, /people of type \d+ have different probabilities/);

  // A whole type raised: the distribution no longer gives it.
  const type = clone(report);
  const t0 = type.people[0].type;
  for (const p of type.people) if (p.type === t0) p.probability += 0.01;
  fails(type, /type \d+: the distribution gives/);

  // The distribution shifted between two panels: marginals change (or a sum breaks).
  const shifted = clone(report);
  const probs = shifted.distribution!.probs;
  const big = probs.indexOf(Math.max(...probs));
  probs[big] -= 0.05;
  probs[(big + 1) % probs.length] += 0.05;
  fails(shifted, /the distribution gives/);

  // A panel that breaks a quota.
  const broken = clone(report);
  broken.distribution!.panels[0] = [[0, input.k]];
  fails(broken, /panel 1 of the distribution (breaks the rules|has a bad entry)/);

  // Lowering the distribution AND the published probabilities together keeps them consistent, but
  // the first level's multipliers then prove the published level is not the best possible.
  const lowered = clone(report) as Certified;
  const level1 = lowered.certificate.levels[0];
  level1.value -= 0.001;
  for (const p of lowered.people) if (level1.types.includes(p.type)) p.probability -= 0.001;
  // (the distribution still gives the old values, so this fails there first)
  fails(lowered, /the distribution gives/);

  // Level value claimed higher than the multipliers support: the level's types are not at it.
  const higher = clone(report) as Certified;
  higher.certificate.levels[0].value += 0.001;
  fails(higher, /level 1 of \d+ fails: type \d+ has probability/);

  // A quota multiplier changed: the bound no longer holds.
  const dual = clone(report) as Certified;
  const lv = dual.certificate.levels[0];
  const q = lv.quotas.findIndex((v) => v !== 0);
  lv.quotas[q] = lv.quotas[q] * 0.5;
  fails(dual, /level 1 of \d+ fails: the multipliers only prove a bound of/);

  // A weight changed: the bound no longer holds (or the weight is not allowed).
  const weight = clone(report) as Certified;
  weight.certificate.levels[0].weights[0][1] *= 3;
  fails(weight, /level 1 of \d+ fails/);

  // The size multiplier changed.
  const size = clone(report) as Certified;
  size.certificate.levels[0].size -= 0.01;
  fails(size, /level 1 of \d+ fails: the multipliers only prove a bound of/);

  // A level dropped: its types are in no level.
  const dropped = clone(report) as Certified;
  dropped.certificate.levels.pop();
  fails(dropped, /are in no level/);

  // Two levels merged into one: the second level's types do not sit at the first level's value.
  const merged = clone(report) as Certified;
  const [a, b] = merged.certificate.levels;
  a.types = [...a.types, ...b.types].sort((x, y) => x - y);
  merged.certificate.levels.splice(1, 1);
  fails(merged, /level 1 of \d+ fails/);

  // Another instance's inputs.
  const other = checkReportCertificate(panelotFixture('example_small_20', 20), report);
  assert.equal(other.ok, false);
  assert.match(other.message, /types are not the ones of these inputs/);
});

test('certificate: only LEXIMIN reports carry one', async () => {
  const input = panelotFixture('example_small_20', 20);
  const report = await runSelection(input, { seed: SEED, algorithm: 'nash' });
  assert.equal(report.certificate, undefined);
  const checked = checkReportCertificate(input, report);
  assert.equal(checked.ok, false);
  assert.match(checked.message, /certificates are for LEXIMIN/);
});
