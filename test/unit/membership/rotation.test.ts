import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addDays } from '../../../src/core/isoDate.ts';
import {
  addYears,
  ageOn,
  classCount,
  councilSeats,
  seatsPerClass,
  termEndCycle,
  termOf,
  vacatedSeats,
} from '../../../src/core/membership/index.ts';
import { charters, toolsOf } from './helpers.ts';

test('addYears keeps the day, and 29 February falls back to 28 February', () => {
  assert.equal(addYears('2026-10-17', 4), '2030-10-17');
  assert.equal(addYears('2028-02-29', 1), '2029-02-28');
  assert.equal(addYears('2028-02-29', 4), '2032-02-29');
  assert.equal(ageOn('2008-10-18', '2026-10-17'), 17);
  assert.equal(ageOn('2008-10-17', '2026-10-17'), 18);
});

for (const [name, charter] of charters()) {
  const council = charter.bodies.council;
  const T = council.termYears / council.cycleYears;

  test(`${name}: seats by block and class follow seats × renewalShare`, () => {
    const seats = councilSeats(charter);
    assert.equal(seats.length, council.seats);
    assert.equal(classCount(council), T);
    for (const block of council.blocks) {
      const own = seats.filter((s) => s.blockId === block.id);
      assert.equal(own.length, block.seats);
      for (let c = 0; c < T; c++) {
        assert.equal(own.filter((s) => s.seatClass === c).length, (block.seats * council.renewalShare.numerator) / council.renewalShare.denominator);
        assert.equal(seatsPerClass(council, block), own.filter((s) => s.seatClass === c).length);
      }
    }
  });

  test(`${name}: cycle 0 fills every seat, each later cycle exactly one class per block`, () => {
    assert.equal(vacatedSeats(charter, 0).length, council.seats);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), (n) => {
        const v = vacatedSeats(charter, n);
        const classes = new Set(v.map((s) => s.seatClass));
        return (
          classes.size === 1 &&
          council.blocks.every((b) => v.filter((s) => s.blockId === b.id).length === seatsPerClass(council, b)) &&
          [...classes][0] === (n - 1) % T
        );
      }),
    );
  });

  test(`${name}: class c's first term ends at cycle c + 1, every later term lasts termYears / cycleYears cycles`, () => {
    for (let c = 0; c < T; c++) {
      assert.equal(termEndCycle(council, c, 0), c + 1);
      let n = c + 1;
      for (let i = 0; i < 5; i++) {
        assert.equal(termEndCycle(council, c, n), n + T);
        n += T;
      }
    }
  });

  test(`${name}: over 20 years every seat is held without gap or overlap, and full terms last about termYears`, () => {
    const { schedules } = toolsOf(charter);
    const cycles = Math.ceil(20 / council.cycleYears) + T;
    const horizon = addYears(schedules(0).termStart, 20);
    for (const seat of councilSeats(charter)) {
      const terms = [];
      for (let n = 0; n <= cycles; n++) if (vacatedSeats(charter, n).some((s) => s.id === seat.id)) terms.push(termOf(charter, schedules, seat, n));
      assert.equal(terms[0]!.start, schedules(0).termStart);
      for (let i = 0; i + 1 < terms.length; i++) {
        assert.ok(terms[i]!.start <= terms[i]!.end, `${seat.id}: empty term`);
        assert.equal(addDays(terms[i]!.end, 1), terms[i + 1]!.start, `${seat.id}: gap or overlap after term ${i}`);
        assert.equal(terms[i]!.endCycle, terms[i + 1]!.startCycle);
      }
      assert.ok(terms.at(-1)!.end >= horizon, `${seat.id}: not covered to ${horizon}`);
      for (const t of terms.filter((t) => t.startCycle > 0)) {
        const nominalEnd = addYears(t.start, council.termYears);
        const days = Math.abs(Date.parse(nominalEnd) - Date.parse(addDays(t.end, 1))) / 86_400_000;
        assert.ok(days <= 14, `${seat.id}: term ${t.start}..${t.end} is ${days} days off ${council.termYears} years`);
      }
    }
  });
}
