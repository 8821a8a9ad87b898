import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addDays } from '../../../src/core/isoDate.ts';
import {
  type MembershipRecord,
  assignSeats,
  continuesPast,
  planCycle,
  membershipDates,
  sittingOn,
  termEndCycle,
  councilSeats,
} from '../../../src/core/membership/index.ts';
import { charters, toolsOf } from './helpers.ts';

for (const [name, charter] of charters()) {
  const council = charter.bodies.council;
  const seatClass = new Map(councilSeats(charter).map((s) => [s.id, s.seatClass]));
  const { schedules } = toolsOf(charter);

  test(`${name}: property: every cycle fills exactly the vacated seats, and afterwards every seat has one member`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 300 })), { maxLength: 20 }), (cycles, leavers) => {
        const records: MembershipRecord[] = [];
        let next = 0;
        for (let n = 0; n <= cycles; n++) {
          const plans = planCycle(charter, n, records);
          for (const plan of plans) {
            if (plan.k !== plan.vacated.length) return false;
            const drawn = Array.from({ length: plan.k }, () => `p${next++}`);
            for (const a of assignSeats(plan.vacated, drawn)) {
              records.push({ personId: a.memberId, blockId: plan.blockId, seatId: a.seatId, organisationId: null, startCycle: n, endCycle: termEndCycle(council, seatClass.get(a.seatId)!, n) });
            }
          }
          // Every seat is held by exactly one member who sits through this cycle.
          const held = records.filter((m) => continuesPast(m, n)).map((m) => m.seatId);
          if (held.length !== council.seats || new Set(held).size !== council.seats) return false;
          // On the day the terms start, the Council is exactly the members who sit through the cycle.
          const seated = sittingOn(schedules, records, schedules(n).termStart);
          if (seated.length !== council.seats || seated.some((m) => !continuesPast(m, n))) return false;
          // Some members leave during the cycle; an alternate takes the seat the next day, for the rest of the term.
          for (const [pick, days] of leavers.slice(n, n + 2)) {
            const sitting = records.filter((m) => continuesPast(m, n));
            const leaver = sitting[pick % sitting.length]!;
            leaver.leftOn = addDays(membershipDates(schedules, leaver).from, days);
            records.push({ ...leaver, personId: `p${next++}`, leftOn: undefined, joinedOn: addDays(leaver.leftOn, 1) });
            // One holder per seat on every day around the change.
            for (const d of [leaver.leftOn, addDays(leaver.leftOn, 1)]) {
              const on = sittingOn(schedules, records, d);
              if (on.filter((m) => m.seatId === leaver.seatId).length !== 1) return false;
            }
          }
        }
        return true;
      }),
      { numRuns: 50 },
    );
  });

  test(`${name}: planning a cycle refuses a renewal of a seat whose member's term runs on`, () => {
    const seat = councilSeats(charter).find((s) => s.seatClass === 0)!;
    const wrong: MembershipRecord = { personId: 'p', blockId: seat.blockId, seatId: seat.id, organisationId: null, startCycle: 0, endCycle: 5 };
    assert.throws(() => planCycle(charter, 1, [wrong]), /is renewed at cycle 1/);
    assert.throws(() => assignSeats(planCycle(charter, 1, [])[0]!.vacated, ['only-one']), RangeError);
  });
}
