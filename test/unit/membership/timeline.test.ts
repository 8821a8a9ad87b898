import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addDays } from '../../../src/core/isoDate.ts';
import { CYCLE_STAGES, addYears, cycleOn, defaultSchedule, reschedule, selectionDate } from '../../../src/core/membership/index.ts';
import { charters, toolsOf } from './helpers.ts';

for (const [name, charter] of charters()) {
  const council = charter.bodies.council;
  const c = council.cycle;
  const { calendar, schedules } = toolsOf(charter);

  test(`${name}: each cycle's stages are the charter's working-day offsets around its selection date`, () => {
    for (let n = 0; n <= 10; n++) {
      const s = defaultSchedule(charter, calendar, n);
      assert.equal(s.drawn, addYears(council.firstSelection, n * council.cycleYears));
      assert.equal(s.drawn, selectionDate(charter, n));
      assert.equal(calendar.countWorkingDays(s.committed, s.drawn), c.entropyWaitWorkingDays);
      assert.equal(calendar.countWorkingDays(s.nominationsClosed, s.committed), c.reviewWorkingDays);
      assert.equal(calendar.countWorkingDays(s.nominationsOpen, s.nominationsClosed), c.nominationWorkingDays);
      assert.equal(calendar.countWorkingDays(s.announced, s.nominationsOpen), c.announcementWorkingDays);
      assert.equal(calendar.countWorkingDays(s.drawn, s.confirmationDeadline), c.confirmationWorkingDays);
      assert.equal(calendar.countWorkingDays(s.confirmationDeadline, s.termStart), c.seatingWorkingDays);
      for (let i = 0; i + 1 < CYCLE_STAGES.length; i++) assert.ok(s[CYCLE_STAGES[i]!] < s[CYCLE_STAGES[i + 1]!]);
      // The next cycle is announced after this one's terms start.
      assert.ok(defaultSchedule(charter, calendar, n + 1).announced > s.termStart);
      for (const stage of ['committed', 'nominationsClosed', 'nominationsOpen', 'announced', 'confirmationDeadline', 'termStart'] as const) {
        assert.ok(calendar.isWorkingDay(s[stage]), `${stage} ${s[stage]} is not a working day`);
      }
    }
  });

  test(`${name}: cycleOn gives the cycle whose terms are running on a date`, () => {
    assert.equal(cycleOn(charter, schedules, addDays(schedules(0).termStart, -1)), -1);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), (n) => {
        const start = schedules(n).termStart;
        return cycleOn(charter, schedules, start) === n && cycleOn(charter, schedules, addDays(schedules(n + 1).termStart, -1)) === n;
      }),
    );
  });
}

test('a stage can be moved before it starts, never after, and only in order', () => {
  const [, charter] = charters()[0]!;
  const { calendar } = toolsOf(charter);
  const s = defaultSchedule(charter, calendar, 1);
  const dayBefore = (d: string) => addDays(d, -1);
  // Before nominations open: the opening can move one day later.
  const later = addDays(s.nominationsOpen, 1);
  const moved = reschedule(s, 'nominationsOpen', later, dayBefore(s.nominationsOpen));
  assert.ok(moved.ok);
  assert.equal(moved.ok && moved.schedule.nominationsOpen, later);
  assert.equal(moved.ok && moved.schedule.announced, s.announced);
  assert.deepEqual(reschedule(s, 'nominationsOpen', later, s.nominationsOpen), { ok: false, error: 'stageStarted' });
  assert.deepEqual(reschedule(s, 'nominationsOpen', s.announced, s.announced < dayBefore(s.nominationsOpen) ? s.announced : dayBefore(s.nominationsOpen)), {
    ok: false,
    error: 'outOfOrder',
  });
  assert.deepEqual(reschedule(s, 'drawn', s.committed, dayBefore(s.committed)), { ok: false, error: 'outOfOrder' });
  assert.deepEqual(reschedule(s, 'drawn', dayBefore(dayBefore(s.committed)), dayBefore(s.committed)), { ok: false, error: 'dateInPast' });
  assert.deepEqual(reschedule(s, 'drawn', '2026-02-30', s.announced), { ok: false, error: 'invalidDate' });
});
