// The rotation simulation on the default charter through the real engine (MAXIMIN, 600 nominees a
// cycle, about 16 CPU seconds here; 1,500 cost 112): the whole Council after each cycle meets the
// target, cooling-off refuses former members and zero rules are broken; the independent rule check
// does find breaches planted in the records; the same seed gives the same report; the maxTerms
// correction leaves no one with a second term.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blockTargetQuotas } from '../../../src/core/membership/index.ts';
import { checkRules, simulateCouncil } from '../../../src/core/membership/simulate.ts';
import { defaultCharter } from './helpers.ts';

const charter = defaultCharter();
const council = charter.bodies.council;
const opts = { cycles: 3, seed: 'unit', poolSize: 600, algorithm: 'maximin' as const, lotterySize: 100 };

test('three cycles: every cycle fills its seats, the Council meets the target, cooling-off bites, zero violations', { timeout: 1_500_000 }, async () => {
  const r = await simulateCouncil(charter, opts);
  assert.equal(r.cycles.length, 3);
  assert.equal(r.cycles[0]!.seatsDrawn, council.seats);
  for (const c of r.cycles.slice(1)) assert.equal(c.seatsDrawn, (council.seats * council.renewalShare.numerator) / council.renewalShare.denominator);
  for (const c of r.cycles) {
    assert.deepEqual({ ...c.violations, vacancyShortfall: 0, relaxed: 0 }, { quota: 0, coolingOff: 0, organisation: 0, sittingTwice: 0, total: 0, vacancyShortfall: 0, relaxed: 0 }, `cycle ${c.cycle}`);
    if (c.replacements.vacancies === 0) assert.equal(c.violations.vacancyShortfall, 0);
    // Every dimension counts the same sitting members: all seats, unless a seat was left vacant (this
    // cycle or an earlier one whose seat has not been renewed yet).
    const vacantSoFar = r.cycles.slice(0, c.cycle + 1).reduce((a, x) => a + x.replacements.vacancies, 0);
    for (const [dim, cats] of Object.entries(c.composition)) {
      const sitting = Object.values(cats).reduce((a, x) => a + x.count, 0);
      assert.ok(sitting <= council.seats && sitting >= council.seats - vacantSoFar, `${dim} at cycle ${c.cycle}: ${sitting}`);
      for (const x of Object.values(cats)) assert.ok(x.count <= x.max && (x.min <= x.count || c.replacements.vacancies > 0 || c.violations.relaxed > 0), `${dim} ${JSON.stringify(x)}`);
    }
    // 0 is possible: a renewal whose continuing members already fill a category's maximum leaves its nominees no chance.
    assert.ok(c.minProbability >= 0 && c.minProbability <= c.maxProbability && c.maxProbability <= 1 && c.maxProbability > 0);
  }
  // Cycle 1 renews the seats whose short first term ends: their members sit out the cooling-off and
  // the members who continue are refused as sitting.
  assert.ok((r.cycles[1]!.refused.sittingMember ?? 0) > 0, JSON.stringify(r.cycles[1]!.refused));
  assert.ok((r.cycles[2]!.refused.coolingOff ?? 0) > 0, JSON.stringify(r.cycles[2]!.refused));
  assert.ok(r.distinctMembers >= council.seats);
  assert.equal(Object.entries(r.termsServed).reduce((a, [k, n]) => a + Number(k) * n, 0), r.cycles.reduce((a, c) => a + c.seatsDrawn - c.replacements.vacancies, 0));
  assert.equal(r.violations.total, 0);

  const again = await simulateCouncil(charter, { ...opts, cycles: 1 });
  const strip = (x: typeof r.cycles) => JSON.stringify(x.map(({ cpuSeconds: _, ...c }) => c));
  assert.equal(strip(again.cycles), strip(r.cycles.slice(0, 1)), 'the same seed gives the same cycle');
});

test('the correction under test: with maxTerms 1 no one serves twice', { timeout: 1_500_000 }, async () => {
  const r = await simulateCouncil(charter, { ...opts, maxTerms: 1 });
  assert.deepEqual(Object.keys(r.termsServed), ['1']);
  assert.equal(r.violations.total, 0);
});

test('the rule check is independent: it finds a quota breach, a cooling-off breach, an organisation twice and one person on two seats', () => {
  const block = council.blocks[0]!;
  const q = blockTargetQuotas(charter, block.id);
  const value = (dim: string) => q.find((x) => x.category === dim)!.value;
  const features = Object.fromEntries(council.selectionDimensions.map((d) => [d.id, value(d.id)]));
  const rec = (personId: string, seat: number, startCycle: number, endCycle: number, organisationId: string | null = null) => ({ personId, blockId: block.id, seatId: `${block.id}/${seat}`, organisationId, startCycle, endCycle, features });
  // Two members of one organisation, the same person on two seats, a former member back one cycle after their term.
  const records = [rec('p1', 1, 0, 1), rec('p1', 2, 1, 3), rec('p2', 3, 1, 3, 'org'), rec('p3', 4, 1, 3, 'org'), rec('p2', 5, 1, 3)];
  const v = checkRules(charter, records, 1);
  assert.ok(v.quota > 0, 'a block of four identical members is far off its quotas');
  assert.equal(v.coolingOff, 1);
  assert.equal(v.organisation, 1);
  assert.equal(v.sittingTwice, 1);
});
