// Session life-cycle rules (the table's shape is checked in tables.test.ts), notice periods on the real calendar (hand-counted), and the minimum
// number of sessions a year.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkSessionEvent,
  checkSessionsPerYear,
  earliestSessionDate,
  noticeContext,
  type ScheduledSession,
} from '../../../src/core/council/index.ts';
import { cal, charter, charterWith } from './helpers.ts';

const rules = charter.councilWork;

test('hand-counted notice: convened Monday 7 Dec 2026, 10 working days (16 Dec is Independence Day) → 22 Dec; extraordinary 3 → 10 Dec', () => {
  assert.deepEqual(rules.notice, { regular: 10, extraordinary: 3 });
  // 8, 9, 10, 11, 14, 15, (16 off), 17, 18, 21, 22.
  assert.equal(earliestSessionDate(cal, rules, 'regular', '2026-12-07'), '2026-12-22');
  assert.equal(earliestSessionDate(cal, rules, 'extraordinary', '2026-12-07'), '2026-12-10');
});

test('convening: the secretariat or the chair, from planned, with the notice period', () => {
  const ok = checkSessionEvent('planned', 'council-session.convened', ['secretariat'], noticeContext(cal, rules, 'regular', '2026-12-22', '2026-12-07'));
  assert.equal(ok.ok, true);
  assert.equal(checkSessionEvent('planned', 'council-session.convened', ['chair'], noticeContext(cal, rules, 'regular', '2026-12-22', '2026-12-07')).ok, true);
  const short = checkSessionEvent('planned', 'council-session.convened', ['secretariat'], noticeContext(cal, rules, 'regular', '2026-12-21', '2026-12-07'));
  assert.deepEqual(short, { ok: false, reason: 'guard', code: 'notice-too-short', field: 'date', params: { earliest: '2026-12-22', workingDays: 10 } });
  assert.equal(checkSessionEvent('planned', 'council-session.convened', ['secretariat'], noticeContext(cal, rules, 'extraordinary', '2026-12-10', '2026-12-07')).ok, true);
  const member = checkSessionEvent('planned', 'council-session.convened', [] as never[]);
  assert.deepEqual([member.ok, !member.ok && member.code], [false, 'secretariat-or-chair-only']);
  const twice = checkSessionEvent('convened', 'council-session.convened', ['secretariat']);
  assert.deepEqual([twice.ok, !twice.ok && twice.code], [false, 'session-not-planned']);
});

test('a longer notice in a modified charter moves the earliest date', () => {
  const longer = charterWith((c) => {
    c.councilWork.notice.regular = 15;
  }).councilWork;
  // From 22 Dec: 23, 24, 25, 28, 29 → 29 Dec 2026.
  assert.equal(earliestSessionDate(cal, longer, 'regular', '2026-12-07'), '2026-12-29');
  const r = checkSessionEvent('planned', 'council-session.convened', ['chair'], noticeContext(cal, longer, 'regular', '2026-12-22', '2026-12-07'));
  assert.equal(!r.ok && r.code, 'notice-too-short');
});

test('sitting: opens on its day, not before; adjourns and closes only with no vote open; only the chair adjourns', () => {
  assert.equal(checkSessionEvent('convened', 'council-session.opened', ['chair'], { date: '2026-12-22', today: '2026-12-22' }).ok, true);
  const early = checkSessionEvent('convened', 'council-session.opened', ['chair'], { date: '2026-12-22', today: '2026-12-21' });
  assert.equal(!early.ok && early.code, 'not-session-day');
  const busy = checkSessionEvent('in_progress', 'council-session.closed', ['chair'], { date: '2026-12-22', openVotes: 1 });
  assert.deepEqual(busy, { ok: false, reason: 'guard', code: 'vote-open', field: undefined, params: { openVotes: 1 } });
  assert.equal(checkSessionEvent('in_progress', 'council-session.closed', ['secretariat'], { date: '2026-12-22', openVotes: 0 }).ok, true);
  const sec = checkSessionEvent('in_progress', 'council-session.adjourned', ['secretariat'], { date: '2026-12-22', openVotes: 0 });
  assert.equal(!sec.ok && sec.code, 'chair-only');
  assert.equal(checkSessionEvent('in_progress', 'council-session.adjourned', ['chair'], { date: '2026-12-22', openVotes: 0 }).ok, true);
  assert.equal(checkSessionEvent('adjourned', 'council-session.resumed', ['chair']).ok, true);
  const cancelRunning = checkSessionEvent('in_progress', 'council-session.cancelled', ['secretariat']);
  assert.equal(!cancelRunning.ok && cancelRunning.code, 'session-under-way');
  const closedAgain = checkSessionEvent('closed', 'council-session.closed', ['chair'], { date: '2026-12-22' });
  assert.equal(!closedAgain.ok && closedAgain.code, 'session-not-sitting');
});

test('minimum sessions a year: cancelled ones do not count, both kinds do, other years do not', () => {
  const s = (date: string, state: ScheduledSession['state'], kind: ScheduledSession['kind'] = 'regular'): ScheduledSession => ({ date, state, kind });
  const council = charter.bodies.council;
  assert.equal(council.minSessionsPerYear, 1);
  assert.deepEqual(checkSessionsPerYear(council, [s('2027-03-01', 'cancelled'), s('2026-12-22', 'closed')], 2027), { year: 2027, required: 1, counted: 0, shortfall: 1, met: false });
  assert.equal(checkSessionsPerYear(council, [s('2027-03-01', 'planned', 'extraordinary')], 2027).met, true);
  const four = charterWith((c) => {
    c.bodies.council.minSessionsPerYear = 4;
  }).bodies.council;
  const year = [s('2027-02-01', 'closed'), s('2027-05-01', 'closed'), s('2027-09-01', 'convened'), s('2027-11-01', 'cancelled')];
  assert.deepEqual(checkSessionsPerYear(four, year, 2027), { year: 2027, required: 4, counted: 3, shortfall: 1, met: false });
});
