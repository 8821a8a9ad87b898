// The registry's membership records become SittingMembers with their real term dates, so "sitting on
// the vote's day" follows the membership core's schedules (late joiners and early leavers included).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSitting, quorumOn, sittingMembersFrom } from '../../../src/core/council/index.ts';
import { addDays } from '../../../src/core/isoDate.ts';
import { type MembershipRecord, scheduleSource } from '../../../src/core/membership/index.ts';
import { cal, charter } from './helpers.ts';

const schedules = scheduleSource(charter, cal);
const record = (personId: string, extra: Partial<MembershipRecord> = {}): MembershipRecord => ({
  personId,
  blockId: charter.bodies.council.blocks[0]!.id,
  seatId: `seat-${personId}`,
  organisationId: null,
  startCycle: 0,
  endCycle: 2,
  ...extra,
});

test('term dates come from the cycle schedules, narrowed by a late start or an early departure', () => {
  const start = schedules(0).termStart;
  const end = addDays(schedules(2).termStart, -1);
  const [full, late, left] = sittingMembersFrom(schedules, [record('a'), record('b', { joinedOn: '2027-05-04' }), record('c', { leftOn: '2027-01-31' })], (p) => (p === 'a' ? 'KZ-75' : undefined));
  assert.deepEqual(full, { id: 'a', block: charter.bodies.council.blocks[0]!.id, termStart: start, termEnd: end, region: 'KZ-75' });
  assert.equal(late!.termStart, '2027-05-04');
  assert.equal(left!.termEnd, '2027-01-31');
  assert.equal(isSitting(left!, '2027-02-01'), false);
  assert.equal(isSitting(late!, '2027-02-01'), false);
  assert.equal(isSitting(full!, '2027-02-01'), true);
  // Only one of the three sits on 1 Feb 2027: the quorum counts that one.
  assert.equal(quorumOn(charter.voting, [full!, late!, left!], '2027-02-01', ['a', 'b', 'c']).sitting, 1);
});
