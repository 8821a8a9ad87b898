import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Charter } from '../../../src/core/charter/index.ts';
import { addDays } from '../../../src/core/isoDate.ts';
import {
  type Candidate,
  type MembershipRecord,
  addYears,
  ageReferenceDate,
  canNominate,
  candidateFeatures,
  checkEligibility,
  checkNominations,
  classCount,
  defaultSchedule,
  selectionDate,
  termEndCycle,
} from '../../../src/core/membership/index.ts';
import { charters, defaultCharter, modifiedCharter, toolsOf } from './helpers.ts';

/** A candidate who meets every rule of `charter` for cycle `n`, to be spoiled one field at a time. */
function goodCandidate(charter: Charter, n: number, over: Partial<Candidate> = {}): Candidate {
  const council = charter.bodies.council;
  const schedule = defaultSchedule(charter, toolsOf(charter).calendar, n);
  const block = council.blocks.find((b) => !b.selfNomination) ?? council.blocks[0]!;
  const declared: Record<string, string> = {};
  for (const d of council.selectionDimensions) if (!d.derivedFrom && !d.categoriesFrom) declared[d.id] = d.categories![0]!.id;
  return {
    id: 'nom-1',
    personId: 'p-1',
    blockId: block.id,
    organisationId: 'org-1',
    birthDate: addYears(ageReferenceDate(charter, schedule), -(council.eligibility.minAge + 10)),
    sex: 'female',
    region: charter.regions[0]!.code,
    declared,
    offices: [],
    consented: true,
    ...over,
  };
}

const ctxOf = (charter: Charter, n: number, memberships: MembershipRecord[] = []) => ({
  charter,
  schedule: defaultSchedule(charter, toolsOf(charter).calendar, n),
  memberships,
});
const codes = (r: { reasons: { code: string }[] }) => r.reasons.map((x) => x.code);

for (const [name, charter] of charters()) {
  const council = charter.bodies.council;

  test(`${name}: a candidate meeting every rule is eligible, with the draw's values of every dimension`, () => {
    const r = checkEligibility(ctxOf(charter, 1), goodCandidate(charter, 1));
    assert.deepEqual(r.reasons, []);
    assert.ok(r.eligible);
    assert.deepEqual(Object.keys(r.features).sort(), council.selectionDimensions.map((d) => d.id).sort());
  });

  test(`${name}: age is taken at the charter's reference date (${council.eligibility.ageAt}), minAge from the charter`, () => {
    const schedule = ctxOf(charter, 1).schedule;
    const on = ageReferenceDate(charter, schedule);
    assert.equal(on, council.eligibility.ageAt === 'termStart' ? schedule.termStart : schedule.drawn);
    const turnsOnTheDay = addYears(on, -council.eligibility.minAge);
    assert.ok(checkEligibility(ctxOf(charter, 1), goodCandidate(charter, 1, { birthDate: turnsOnTheDay })).eligible);
    const r = checkEligibility(ctxOf(charter, 1), goodCandidate(charter, 1, { birthDate: addDays(turnsOnTheDay, 1) }));
    assert.deepEqual(r.reasons, [{ code: 'underage', age: council.eligibility.minAge - 1, minAge: council.eligibility.minAge, on }]);
  });

  test(`${name}: age bands follow fromAge, sex follows the IIN`, () => {
    const ageDim = council.selectionDimensions.find((d) => d.derivedFrom === 'age')!;
    const sexDim = council.selectionDimensions.find((d) => d.derivedFrom === 'sex')!;
    const on = '2030-06-01';
    for (const band of ageDim.categories!) {
      const f = candidateFeatures(charter, goodCandidate(charter, 0, { birthDate: addYears(on, -band.fromAge!), sex: 'male' }), on);
      assert.equal(f.features[ageDim.id], band.id);
      assert.equal(f.features[sexDim.id], sexDim.categories!.find((c) => c.sex === 'male')!.id);
      const younger = candidateFeatures(charter, goodCandidate(charter, 0, { birthDate: addDays(addYears(on, -band.fromAge!), 1) }), on);
      assert.notEqual(younger.features[ageDim.id], band.id);
    }
  });

  test(`${name}: each failed rule gives its reason code, all at once`, () => {
    const selfBlock = council.blocks.find((b) => !b.selfNomination);
    const declaredDim = council.selectionDimensions.find((d) => !d.derivedFrom && !d.categoriesFrom)!;
    const c = goodCandidate(charter, 1, {
      consented: false,
      region: 'KZ-00',
      declared: { [declaredDim.id]: 'nowhere' },
      offices: [council.eligibility.incompatibleOffices[0]!.id, 'notAnOffice'],
      ...(selfBlock ? { organisationId: null, blockId: selfBlock.id } : {}),
    });
    const got = codes(checkEligibility(ctxOf(charter, 1), c));
    const want = ['noConsent', 'unknownRegion', 'unknownCategory', 'incompatibleOffice', ...(selfBlock ? ['selfNominationNotAllowed'] : [])];
    assert.deepEqual(got.sort(), want.sort());
    assert.deepEqual(codes(checkEligibility(ctxOf(charter, 1), goodCandidate(charter, 1, { declared: {} }))), ['missingCategory']);
    assert.deepEqual(codes(checkEligibility(ctxOf(charter, 1), goodCandidate(charter, 1, { blockId: 'nope' }))), ['unknownBlock']);
  });

  test(`${name}: a sitting member whose term continues is not eligible; one whose seat is renewed is cooled off`, () => {
    const n = 1;
    const T = classCount(council);
    const blockId = council.blocks[0]!.id;
    // Seat class T−1 was filled for a full term at cycle 0 and sits on; class 0 ends at cycle 1.
    const sitting: MembershipRecord = { personId: 'p-1', blockId, seatId: `${blockId}/x`, organisationId: 'org-9', startCycle: 0, endCycle: termEndCycle(council, T - 1, 0) };
    assert.deepEqual(codes(checkEligibility(ctxOf(charter, n, [sitting]), goodCandidate(charter, n))), ['sittingMember']);
    const outgoing = { ...sitting, endCycle: termEndCycle(council, 0, 0) };
    assert.equal(outgoing.endCycle, n);
    const r = checkEligibility(ctxOf(charter, n, [outgoing]), goodCandidate(charter, n));
    assert.deepEqual(r.reasons, council.coolingOffYears > 0 ? [{ code: 'coolingOff', until: addYears(selectionDate(charter, n), council.coolingOffYears) }] : []);
  });

  test(`${name}: cooling-off ends exactly coolingOffYears after the term's nominal end`, () => {
    const blockId = council.blocks[0]!.id;
    const past: MembershipRecord = { personId: 'p-1', blockId, seatId: `${blockId}/1`, organisationId: null, startCycle: 0, endCycle: 1 };
    const firstAgain = 1 + Math.ceil(council.coolingOffYears / council.cycleYears);
    for (let n = 1; n < firstAgain; n++) assert.deepEqual(codes(checkEligibility(ctxOf(charter, n, [past]), goodCandidate(charter, n))), ['coolingOff'], `cycle ${n}`);
    assert.deepEqual(codes(checkEligibility(ctxOf(charter, firstAgain, [past]), goodCandidate(charter, firstAgain))), []);
  });

  test(`${name}: property: no one within coolingOffYears of a membership's end is eligible, and no one past it is barred by it`, () => {
    const blockId = council.blocks[0]!.id;
    fc.assert(
      fc.property(
        fc.array(fc.record({ start: fc.integer({ min: 0, max: 8 }), len: fc.integer({ min: 1, max: 4 }), leftAfterDays: fc.option(fc.integer({ min: 0, max: 2000 })) }), { maxLength: 3 }),
        fc.integer({ min: 1, max: 14 }),
        (terms, n) => {
          const own: MembershipRecord[] = terms
            .filter((t) => t.start < n)
            .map((t) => ({
              personId: 'p-1',
              blockId,
              seatId: `${blockId}/1`,
              organisationId: null,
              startCycle: t.start,
              endCycle: t.start + t.len,
              ...(t.leftAfterDays !== null && addDays(selectionDate(charter, t.start), t.leftAfterDays) < selectionDate(charter, n) ? { leftOn: addDays(selectionDate(charter, t.start), t.leftAfterDays) } : {}),
            }));
          const r = checkEligibility(ctxOf(charter, n, own), goodCandidate(charter, n));
          const sitting = own.some((m) => !m.leftOn && m.endCycle > n);
          const cooling = own.some((m) => !(!m.leftOn && m.endCycle > n) && selectionDate(charter, n) < addYears(m.leftOn ?? selectionDate(charter, m.endCycle), council.coolingOffYears));
          if (sitting) return !r.eligible && codes(r).includes('sittingMember');
          return r.eligible === !cooling && codes(r).includes('coolingOff') === cooling;
        },
      ),
    );
  });

  test(`${name}: nominations: the organisation's limit, self-nomination by block, one nomination per person`, () => {
    const max = council.nominations.maxPerOrganisation;
    const blockId = council.blocks[0]!.id;
    assert.equal(canNominate(charter, blockId, 'org-1', max - 1), null);
    assert.deepEqual(canNominate(charter, blockId, 'org-1', max), { code: 'organisationNominationLimit', limit: max });
    for (const b of council.blocks) assert.deepEqual(canNominate(charter, b.id, null, 0), b.selfNomination ? null : { code: 'selfNominationNotAllowed' });
    assert.deepEqual(canNominate(charter, 'nope', 'org-1', 0), { code: 'unknownBlock' });
    const first = goodCandidate(charter, 1);
    const second = goodCandidate(charter, 1, { id: 'nom-2', blockId: council.blocks[1]!.id });
    const other = goodCandidate(charter, 1, { id: 'nom-3', personId: 'p-2' });
    const r = checkNominations(ctxOf(charter, 1), [first, second, other]);
    assert.ok(r.get('nom-1')!.eligible);
    assert.deepEqual(r.get('nom-2')!.reasons, [{ code: 'duplicateNomination', firstNominationId: 'nom-1' }]);
    assert.ok(r.get('nom-3')!.eligible);
  });
}

test('one sitting member per organisation (default); no limit when the charter says null (modified)', () => {
  for (const charter of [defaultCharter(), modifiedCharter()]) {
    const council = charter.bodies.council;
    const blockId = council.blocks[0]!.id;
    const sitting: MembershipRecord = { personId: 'p-9', blockId, seatId: `${blockId}/1`, organisationId: 'org-1', startCycle: 0, endCycle: classCount(council) };
    const r = checkEligibility(ctxOf(charter, 1, [sitting]), goodCandidate(charter, 1));
    const limit = council.nominations.membersPerOrganisation;
    assert.deepEqual(r.reasons, limit === null ? [] : [{ code: 'organisationAtLimit', organisationId: 'org-1', limit }]);
  }
});

// eligibility.maxTerms (ADR 0810): the charter's lifetime limit of terms, null by default.
test('charter: eligibility.maxTerms defaults to null; 0, 1.5 or "2" are refused naming the path', async () => {
  const { validateCharter } = await import('../../../src/core/charter/validate.ts');
  assert.equal(defaultCharter().bodies.council.eligibility.maxTerms, null);
  for (const bad of [0, 1.5, '2', -1]) {
    const data = structuredClone(defaultCharter()) as unknown as { bodies: { council: { eligibility: Record<string, unknown> } } };
    data.bodies.council.eligibility.maxTerms = bad;
    const v = validateCharter(data);
    assert.equal(v.ok, false, `maxTerms ${JSON.stringify(bad)} is refused`);
    if (!v.ok) assert.ok(v.errors.some((e) => e.includes('bodies.council.eligibility.maxTerms')), v.errors.join('\n'));
  }
  for (const good of [null, 1, 3]) {
    const data = structuredClone(defaultCharter()) as unknown as { bodies: { council: { eligibility: Record<string, unknown> } } };
    data.bodies.council.eligibility.maxTerms = good;
    assert.equal(validateCharter(data).ok, true, `maxTerms ${good} is taken`);
  }
});

for (const [name, base] of charters()) {
  test(`${name}: with eligibility.maxTerms, a person who has begun that many terms is refused with reason maxTerms; below it, not`, () => {
    const charter: Charter = structuredClone(base);
    const council = charter.bodies.council;
    council.eligibility.maxTerms = 1;
    const blockId = council.blocks[0]!.id;
    const past: MembershipRecord = { personId: 'p-1', blockId, seatId: `${blockId}/1`, organisationId: null, startCycle: 0, endCycle: 1 };
    // Far enough on that cooling-off is over: only the limit bars them.
    const n = 2 + Math.ceil(council.coolingOffYears / council.cycleYears);
    const r = checkEligibility(ctxOf(charter, n, [past]), goodCandidate(charter, n));
    assert.deepEqual(r.reasons, [{ code: 'maxTerms', terms: 1, limit: 1 }]);
    council.eligibility.maxTerms = 2;
    assert.deepEqual(checkEligibility(ctxOf(charter, n, [past]), goodCandidate(charter, n)).reasons, []);
    const second: MembershipRecord = { ...past, seatId: `${blockId}/2`, startCycle: 1, endCycle: 2, joinedOn: addDays(selectionDate(charter, 1), 30) };
    assert.deepEqual(codes(checkEligibility(ctxOf(charter, n, [past, second]), goodCandidate(charter, n))), ['maxTerms'], "a replacement's part of a term counts");
    council.eligibility.maxTerms = null;
    assert.deepEqual(checkEligibility(ctxOf(charter, n, [past, second]), goodCandidate(charter, n)).reasons, []);
  });
}
