// Hand-checked Kazakhstan working days (weekdays worked out on a printed calendar, see docs/adr/0203).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createCalendar } from '../../src/core/calendar.ts';
import { loadCharter } from '../../src/core/charter/index.ts';
import type { CalendarRules } from '../../src/core/charter/types.ts';
import { addDays } from '../../src/core/isoDate.ts';

const root = new URL('../../', import.meta.url).pathname;
const charter = loadCharter(`${root}charter/kz-default.json`);
const cal = createCalendar(charter.calendar, charter.timeZone);

function offDays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (!cal.isWorkingDay(d)) out.push(d);
  return out;
}

test('weekends are days off, ordinary weekdays are working days', () => {
  assert.equal(cal.isWorkingDay('2026-11-27'), true); // Friday
  assert.equal(cal.isWorkingDay('2026-11-28'), false); // Saturday
  assert.equal(cal.isWorkingDay('2026-11-29'), false); // Sunday
});

test('New Year: 1–2 January off; 2027-01-02 is a Saturday, so Monday 4 January is off too', () => {
  assert.deepEqual(offDays('2025-12-31', '2026-01-06'), ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04']);
  assert.deepEqual(offDays('2026-12-31', '2027-01-08'), ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04', '2027-01-07']);
});

test('Nauryz 2025: 21 (Fri), 22–23 (weekend) → substitute days 24–25 March; 26 March is a working day', () => {
  assert.deepEqual(offDays('2025-03-20', '2025-03-26'), ['2025-03-21', '2025-03-22', '2025-03-23', '2025-03-24', '2025-03-25']);
});

test('Nauryz 2026: 21–22 on the weekend, 23 Monday → 24 and 25 March off (25 is a charter correction)', () => {
  assert.deepEqual(offDays('2026-03-20', '2026-03-26'), ['2026-03-21', '2026-03-22', '2026-03-23', '2026-03-24', '2026-03-25']);
});

test('Nauryz 2027: 21 Sunday, 22–23 Mon–Tue → 24 March off (charter correction), 25 March working', () => {
  assert.deepEqual(offDays('2027-03-19', '2027-03-25'), ['2027-03-20', '2027-03-21', '2027-03-22', '2027-03-23', '2027-03-24']);
});

test('a holiday on a weekend moves to the next Monday', () => {
  assert.equal(cal.isWorkingDay('2025-09-01'), false); // Constitution Day 30 Aug 2025 was a Saturday
  assert.equal(cal.isWorkingDay('2026-05-11'), false); // Victory Day 9 May 2026 is a Saturday
  assert.equal(cal.isWorkingDay('2026-10-26'), false); // Republic Day 25 Oct 2026 is a Sunday
  assert.equal(cal.isWorkingDay('2026-10-27'), true);
});

test('religious holidays on a weekend get no substitute day (Orthodox Christmas 7 Jan 2029 is a Sunday)', () => {
  assert.equal(cal.isWorkingDay('2029-01-07'), false);
  assert.equal(cal.isWorkingDay('2029-01-08'), true);
});

test('a day moved by order: Friday 3 Jan 2025 off, Sunday 5 Jan 2025 worked', () => {
  assert.deepEqual(offDays('2024-12-31', '2025-01-08'), ['2025-01-01', '2025-01-02', '2025-01-03', '2025-01-04', '2025-01-07']);
  assert.equal(cal.addWorkingDays('2024-12-31', 1), '2025-01-05');
  assert.equal(cal.addWorkingDays('2024-12-31', 2), '2025-01-06');
  assert.equal(cal.addWorkingDays('2024-12-31', 3), '2025-01-08');
});

test('no Constitution Day day off in 2026 (16 March is worked); 15 March 2027 (Monday) is off', () => {
  assert.equal(cal.isWorkingDay('2026-03-16'), true);
  assert.equal(cal.isWorkingDay('2026-08-31'), true);
  assert.equal(cal.isWorkingDay('2027-03-15'), false);
});

test('addWorkingDays counts from the next working day: Friday + 1 = Monday', () => {
  assert.equal(cal.addWorkingDays('2026-11-27', 1), '2026-11-30');
  assert.equal(cal.addWorkingDays('2026-11-28', 1), '2026-11-30'); // from a Saturday too
  assert.equal(cal.addWorkingDays('2026-11-27', 0), '2026-11-27');
  assert.equal(cal.nextWorkingDay('2026-11-27'), '2026-11-30');
});

test('a deadline across the year end: 5 working days after Mon 28 Dec 2026 is Wed 6 Jan 2027', () => {
  // 29, 30, 31 Dec; 1 Jan (Fri) off, 2 Jan (Sat) holiday, 3 Jan Sun, 4 Jan substitute day; 5, 6 Jan.
  assert.equal(cal.addWorkingDays('2026-12-28', 5), '2027-01-06');
  assert.equal(cal.countWorkingDays('2026-12-28', '2027-01-06'), 5);
});

test('a 15-working-day answer received Thu 19 Mar 2026 is due Tue 14 Apr 2026 (Nauryz skipped)', () => {
  assert.equal(cal.addWorkingDays('2026-03-19', 15), '2026-04-14');
});

test('countWorkingDays counts (from, to] and is negative backwards', () => {
  assert.equal(cal.countWorkingDays('2026-11-27', '2026-11-27'), 0);
  assert.equal(cal.countWorkingDays('2026-11-27', '2026-11-30'), 1);
  assert.equal(cal.countWorkingDays('2026-11-30', '2026-11-27'), -1);
  assert.equal(cal.addWorkingDays('2026-11-30', -1), '2026-11-27');
});

test('daysOff lists holidays, substitutes and decree days with reasons, not plain weekends', () => {
  const days = cal.daysOff(2026);
  const dates = days.map((d) => d.date);
  assert.ok(dates.every((d) => d.startsWith('2026-')));
  assert.deepEqual([...dates].sort(), dates);
  assert.ok(!dates.includes('2026-11-28'));
  assert.ok(!dates.includes('2026-03-16'));
  const nauryz25 = days.find((d) => d.date === '2026-03-25');
  assert.match(nauryz25!.reasons[0]!.en, /Nauryz/);
  const newYear = days.find((d) => d.date === '2026-01-01')!;
  assert.ok(newYear.reasons[0]!.kk && newYear.reasons[0]!.ru && newYear.reasons[0]!.en);
  assert.deepEqual(cal.extraWorkingDays(2025).map((d) => d.date), ['2025-01-05']);
});

test('todayInAlmaty: Almaty is UTC+5, so 19:00 UTC is already the next day', () => {
  assert.equal(cal.todayInAlmaty(new Date('2026-11-27T18:59:59Z')), '2026-11-27');
  assert.equal(cal.todayInAlmaty(new Date('2026-11-27T19:00:00Z')), '2026-11-28');
});

test('removed library holidays: 15 March 2026 (Sunday) is not listed and 16 March is worked', () => {
  assert.ok(!cal.daysOff(2026).some((d) => d.date === '2026-03-15' || d.date === '2026-03-16'));
  assert.equal(cal.isWorkingDay('2026-03-15'), false); // still a Sunday
  assert.equal(cal.isWorkingDay('2026-03-16'), true);
  const plain = createCalendar({ ...charter.calendar, removedHolidays: [] });
  assert.equal(plain.isWorkingDay('2026-03-16'), false); // what date-holidays 3.37 says on its own
});

test('charter overrides: an extra working Saturday and an extra day off', () => {
  const rules: CalendarRules = {
    ...charter.calendar,
    extraDaysOff: [{ date: '2026-12-01', reason: { kk: 'x', ru: 'x', en: 'test day off' }, source: 'test' }],
    extraWorkingDays: [{ date: '2026-12-05', reason: { kk: 'y', ru: 'y', en: 'test working Saturday' }, source: 'test' }],
  };
  const c = createCalendar(rules);
  assert.equal(c.isWorkingDay('2026-12-01'), false);
  assert.equal(c.isWorkingDay('2026-12-05'), true);
  assert.equal(c.addWorkingDays('2026-11-30', 1), '2026-12-02');
  assert.equal(c.addWorkingDays('2026-12-04', 1), '2026-12-05');
});

test('invalid dates are refused', () => {
  assert.throws(() => cal.isWorkingDay('2026-02-30'), RangeError);
  assert.throws(() => cal.addWorkingDays('2026-11-27', 1.5), RangeError);
});

const dateArb = fc.integer({ min: 0, max: 3 * 366 }).map((i) => addDays('2025-01-01', i));

test('property: countWorkingDays(d, addWorkingDays(d, n)) = n, and the result is a working day', () => {
  fc.assert(
    fc.property(dateArb, fc.integer({ min: 0, max: 80 }), (d, n) => {
      const end = cal.addWorkingDays(d, n);
      return cal.countWorkingDays(d, end) === n && (n === 0 || cal.isWorkingDay(end));
    }),
    { numRuns: 500 },
  );
});

test('property: going back n working days from d + n returns d when d is a working day', () => {
  fc.assert(
    fc.property(dateArb, fc.integer({ min: 0, max: 80 }), (d, n) => {
      fc.pre(cal.isWorkingDay(d));
      return cal.addWorkingDays(cal.addWorkingDays(d, n), -n) === d;
    }),
    { numRuns: 500 },
  );
});

test('property: counting is additive over consecutive intervals', () => {
  fc.assert(
    fc.property(dateArb, fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), (a, x, y) => {
      const b = addDays(a, x);
      const c = addDays(b, y);
      return cal.countWorkingDays(a, c) === cal.countWorkingDays(a, b) + cal.countWorkingDays(b, c);
    }),
    { numRuns: 300 },
  );
});
