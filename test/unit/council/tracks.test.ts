// Decision tracks: steps in order only, by the secretariat, dated no earlier than the step before;
// the time spent in each stage.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkKurultaiStep, checkReferendumStep, KURULTAI_STAGES, kurultaiTrack, referendumTrack, stageTimes } from '../../../src/core/council/index.ts';
import { cal } from './helpers.ts';

test('a legislative initiative: sent → registered → committee → readings → adopted, each step from its stage only', () => {
  const ctx = { on: '2027-01-20', previousOn: '2027-01-10' };
  assert.equal(checkKurultaiStep('sent', 'initiative.registered', ['secretariat'], ctx).ok, true);
  assert.equal(checkKurultaiStep('reading', 'initiative.reading', ['secretariat'], ctx).ok, true, 'a second reading');
  const skip = checkKurultaiStep('sent', 'initiative.adopted', ['secretariat'], ctx);
  assert.deepEqual([skip.ok, !skip.ok && skip.code], [false, 'step-out-of-order']);
  const other = checkKurultaiStep('sent', 'initiative.registered', [] as never[], ctx);
  assert.deepEqual([other.ok, !other.ok && other.code], [false, 'secretariat-only']);
  const backdated = checkKurultaiStep('sent', 'initiative.registered', ['secretariat'], { on: '2027-01-09', previousOn: '2027-01-10' });
  assert.deepEqual(backdated, { ok: false, reason: 'guard', code: 'step-before-previous', field: 'on', params: { on: '2027-01-09', previousOn: '2027-01-10' } });
  for (const s of kurultaiTrack.final) assert.equal(kurultaiTrack.transitions.some((t) => t.from === s), false, `${s} is final`);
  for (const s of KURULTAI_STAGES) if (s !== 'sent') assert.ok(kurultaiTrack.transitions.some((t) => t.to === s), `${s} is reachable`);
});

test('a referendum proposal is called with a later referendum date, or declined; a called one is held', () => {
  const called = checkReferendumStep('sent', 'referendum-proposal.called', ['secretariat'], { on: '2027-02-01', previousOn: '2027-01-10', referendumDate: '2027-04-15' });
  assert.equal(called.ok, true);
  const noDate = checkReferendumStep('sent', 'referendum-proposal.called', ['secretariat'], { on: '2027-02-01', previousOn: '2027-01-10' });
  assert.equal(!noDate.ok && noDate.code, 'referendum-date-required');
  assert.equal(checkReferendumStep('sent', 'referendum-proposal.held', ['secretariat'], { on: '2027-02-01', previousOn: '2027-01-10' }).ok, false);
  assert.deepEqual([...referendumTrack.final], ['declined', 'held']);
});

test('time in each stage, in calendar and working days; the open stage runs to today', () => {
  const times = stageTimes(
    cal,
    [
      { stage: 'sent', on: '2026-12-22' },
      { stage: 'registered', on: '2027-01-05' },
      { stage: 'committee', on: '2027-01-11' },
    ],
    '2027-01-18',
    kurultaiTrack.final,
  );
  // 23–31 Dec: 23, 24, 25, 28, 29, 30, 31 (7); 1–2 Jan off, 4 Jan off (substitute), 5 Jan → 8 working days.
  assert.deepEqual(times[0], { stage: 'sent', from: '2026-12-22', to: '2027-01-05', calendarDays: 14, workingDays: cal.countWorkingDays('2026-12-22', '2027-01-05') });
  assert.equal(times[0]!.workingDays, 8);
  // 6 Jan, 7 Jan off (Orthodox Christmas), 8, 11 → 3.
  assert.equal(times[1]!.workingDays, 3);
  assert.deepEqual(times[2], { stage: 'committee', from: '2027-01-11', to: null, calendarDays: 7, workingDays: 5 });
  const done = stageTimes(cal, [{ stage: 'reading', on: '2027-03-01' }, { stage: 'adopted', on: '2027-03-10' }], '2027-06-01', kurultaiTrack.final);
  assert.deepEqual(done[1], { stage: 'adopted', from: '2027-03-10', to: '2027-03-10', calendarDays: 0, workingDays: 0 });
});
