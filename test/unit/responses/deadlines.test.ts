// Hand-checked deadlines on the real Kazakhstan calendar (date-holidays KZ + the default charter's
// overrides), through the response clock's own functions. Each expected date was counted by hand;
// the comment walks the days so a reviewer can re-check it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createCalendar } from '../../../src/core/calendar.ts';
import { loadCharter } from '../../../src/core/charter/index.ts';
import { clockState, isMeasureOverdue, workingDaysLeft } from '../../../src/core/responses/clock.ts';
import {
  answerDueDate,
  checkExtension,
  checkForwarding,
  forwardingLastDay,
  latestExtendedDueDate,
  notifyAuthorBy,
} from '../../../src/core/responses/deadlines.ts';

const charter = loadCharter(new URL('../../../charter/kz-default.json', import.meta.url).pathname);
const cal = createCalendar(charter.calendar);
const rules = charter.responses;

test('the default charter gives the periods these hand counts assume', () => {
  assert.equal(rules.countingStarts, 'nextWorkingDayAfterReceipt');
  assert.deepEqual(rules.answerWorkingDays, { central: 40, local: 20 });
  assert.equal(rules.forwardingWorkingDays, 3);
  assert.equal(rules.notifyAuthorWorkingDays, 3);
  assert.equal(rules.extension.maxExtraWorkingDays, 20);
  assert.equal(rules.dueSoonWorkingDays, 5);
});

test('Nauryz 2026: 21–22 March on a weekend, 23 March, substitutes 24 and 25 March', () => {
  // Received Fri 20 Mar. Sat 21, Sun 22 weekend; Mon 23 Nauryz; Tue 24, Wed 25 substitutes.
  // Thu 26 (1), Fri 27 (2), Mon 30 (3).
  assert.equal(forwardingLastDay(cal, rules, '2026-03-20'), '2026-03-30');
  // Central, 40 days: 26,27,30,31 Mar (4); 1–3 Apr (7); 6–10 (12); 13–17 (17); 20–24 (22); 27–30 (26);
  // Fri 1 May off; 4,5,6 (29); Thu 7 May off; Fri 8 (30); Mon 11 May off (Victory Day substitute);
  // 12–15 (34); 18–22 (39); Mon 25 May (40).
  assert.equal(answerDueDate(cal, rules, '2026-03-20', 'central'), '2026-05-25');
});

test('New Year across the year end: 1–2 January and Orthodox Christmas on 7 January', () => {
  // Extended on Wed 31 Dec 2025: Thu 1, Fri 2 Jan off; weekend; Mon 5 (1), Tue 6 (2); Wed 7 off; Thu 8 (3).
  assert.equal(notifyAuthorBy(cal, rules, '2025-12-31'), '2026-01-08');
});

test('a holiday on a weekend moves to Monday: Victory Day 2026 (Sat 9 May → Mon 11 May)', () => {
  // Received Wed 6 May: Thu 7 off (Defender's Day); Fri 8 (1); weekend; Mon 11 off; Tue 12 (2); Wed 13 (3).
  assert.equal(forwardingLastDay(cal, rules, '2026-05-06'), '2026-05-13');
});

test('days moved by decree: day off Fri 3 January 2025, working Sunday 5 January 2025', () => {
  // Received Tue 31 Dec 2024: Wed 1, Thu 2 Jan holidays; Fri 3 Jan off by decree; Sat 4 weekend;
  // Sun 5 Jan a working day by decree (1); Mon 6 (2); Tue 7 Christmas; Wed 8 (3).
  assert.equal(notifyAuthorBy(cal, rules, '2024-12-31'), '2025-01-08');
  // Received Thu 3 Jul 2025: Fri 4 (1); weekend; Mon 7 off (Capital Day on Sunday 6, substitute); Tue 8 (2); Wed 9 (3).
  assert.equal(forwardingLastDay(cal, rules, '2025-07-03'), '2025-07-09');
});

test('a charter correction: Mon 16 March 2026 is a working day although the library marks it off', () => {
  // Received Fri 13 Mar: weekend (Sun 15 Constitution Day has no substitute in 2026); Mon 16 (1); Tue 17 (2); Wed 18 (3).
  assert.equal(forwardingLastDay(cal, rules, '2026-03-13'), '2026-03-18');
});

test('a local body deadline across the year end: 20 working days from 10 December 2026', () => {
  // Fri 11 (1); 14, 15 (3); Wed 16 Independence Day; 17, 18 (5); 21–25 (10); 28–31 (14);
  // Fri 1 Jan off; weekend (Sat 2 Jan holiday moves to Mon 4 Jan); Tue 5 (15), Wed 6 (16);
  // Thu 7 Christmas; Fri 8 (17); Mon 11 (18), Tue 12 (19), Wed 13 Jan 2027 (20).
  assert.equal(answerDueDate(cal, rules, '2026-12-10', 'local'), '2027-01-13');
});

test('an extension may reach at most 20 working days after the current deadline (Eid al-Adha 27 May skipped)', () => {
  // From Mon 25 May 2026: Tue 26 (1); Wed 27 Eid al-Adha; 28, 29 (3); 1–5 Jun (8); 8–12 (13); 15–19 (18); Mon 22 (19), Tue 23 (20).
  assert.equal(latestExtendedDueDate(cal, rules, '2026-05-25'), '2026-06-23');
});

test('clock: on time, due soon from 5 working days before, overdue from the day after the deadline', () => {
  const item = { dueDate: '2026-05-25', answeredOn: null };
  // Fri 15 May: 18–22 and 25 May are 6 working days left.
  assert.equal(clockState(cal, rules, item, '2026-05-15'), 'on_time');
  assert.equal(workingDaysLeft(cal, '2026-05-25', '2026-05-15'), 6);
  assert.equal(clockState(cal, rules, item, '2026-05-18'), 'due_soon');
  assert.equal(clockState(cal, rules, item, '2026-05-25'), 'due_soon');
  assert.equal(clockState(cal, rules, item, '2026-05-26'), 'overdue');
  assert.equal(workingDaysLeft(cal, '2026-05-25', '2026-05-28'), -2);
  assert.equal(clockState(cal, rules, { dueDate: '2026-05-25', answeredOn: '2026-05-25' }, '2026-06-30'), 'answered_on_time');
  assert.equal(clockState(cal, rules, { dueDate: '2026-05-25', answeredOn: '2026-05-26' }, '2026-06-30'), 'answered_late');
  assert.equal(clockState(cal, rules, { dueDate: null, answeredOn: null }, '2026-06-30'), null);
});

test('measures are overdue after their due date unless done or dropped', () => {
  assert.equal(isMeasureOverdue({ dueDate: '2026-06-01', status: 'in_progress' }, '2026-06-02'), true);
  assert.equal(isMeasureOverdue({ dueDate: '2026-06-01', status: 'in_progress' }, '2026-06-01'), false);
  assert.equal(isMeasureOverdue({ dueDate: '2026-06-01', status: 'done' }, '2026-06-02'), false);
  assert.equal(isMeasureOverdue({ dueDate: '2026-06-01', status: 'dropped' }, '2026-06-02'), false);
});

test('extension rules: once, with a reason, later than now and the current deadline, within the maximum', () => {
  const base = { today: '2026-05-12', currentDue: '2026-05-25', extensionsSoFar: 0, newDueDate: '2026-06-10', reason: 'Needs an inter-agency review' };
  assert.equal(checkExtension(cal, rules, base), null);
  assert.equal(checkExtension(cal, rules, { ...base, newDueDate: '2026-06-23' }), null);
  assert.equal(checkExtension(cal, rules, { ...base, newDueDate: '2026-06-24' })?.code, 'extension-too-long');
  assert.equal(checkExtension(cal, rules, { ...base, reason: '   ' })?.code, 'extension-reason-required');
  assert.equal(checkExtension(cal, rules, { ...base, extensionsSoFar: 1 })?.code, 'extension-limit');
  assert.equal(checkExtension(cal, rules, { ...base, newDueDate: '2026-05-01' })?.code, 'date-in-past');
  assert.equal(checkExtension(cal, rules, { ...base, newDueDate: '2026-05-20' })?.code, 'extension-not-later');
  assert.equal(checkExtension(cal, rules, { ...base, newDueDate: '2026-06-06' })?.code, 'not-working-day');
  assert.equal(checkExtension(cal, rules, { ...base, newDueDate: '2026-02-30' })?.code, 'invalid-date');
  assert.equal(checkExtension(cal, rules, { ...base, today: '2026-05-26' })?.code, 'extension-after-deadline');
});

test('forwarding is allowed up to and including the last forwarding day', () => {
  assert.equal(checkForwarding(cal, rules, '2026-03-20', '2026-03-30'), null);
  assert.equal(checkForwarding(cal, rules, '2026-03-20', '2026-03-31')?.code, 'forwarding-too-late');
});

test('property: "due soon" by date comparison is exactly "at most N working days left"', () => {
  const day = fc.integer({ min: 0, max: 3 * 365 - 60 }).map((n) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10));
  fc.assert(
    fc.property(day, fc.integer({ min: 0, max: 40 }), (today, ahead) => {
      const due = new Date(Date.parse(`${today}T00:00:00Z`) + ahead * 86_400_000).toISOString().slice(0, 10);
      const byCount = cal.countWorkingDays(today, due) <= rules.dueSoonWorkingDays;
      const state = clockState(cal, rules, { dueDate: due, answeredOn: null }, today);
      assert.equal(state === 'due_soon', byCount, `today ${today}, due ${due}`);
    }),
    { numRuns: 300 },
  );
});
