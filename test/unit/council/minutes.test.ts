// Minutes drafted from the record of a sitting, and frozen once approved by a vote.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AgendaItem, castBallot, checkMinutesEvent, closeVote, draftMinutes, followUps, minutesLifecycle, openVote, type Vote } from '../../../src/core/council/index.ts';
import { reachableStates, tableProblems } from '../../../src/core/lifecycle/table.ts';
import { charter, councilOf, ids } from './helpers.ts';

const members = councilOf(charter);
const day = '2026-12-22';
const present = ids(members).slice(0, 100);

function vote(id: string, kind: Vote['decisionKind'], yes: number): Vote {
  const opened = openVote(charter.voting, members, present, { id, question: `Question ${id}`, decisionKind: kind, date: day, at: 't0' });
  assert.ok(opened.ok);
  let v = opened.value;
  present.forEach((memberId, i) => {
    const r = castBallot(v, members, present, { memberId, choice: i < yes ? 'yes' : 'no', at: 't1' });
    assert.ok(r.ok);
    v = r.value;
  });
  const closed = closeVote(charter.voting, v, members, present, 't2');
  assert.ok(closed.ok);
  return closed.value;
}

test('the draft lists attendance, the agenda in order, each vote with result and roll call, and what followed', () => {
  const motion: AgendaItem = { id: 'i-motion', source: { kind: 'motion', motionId: 'm', motionKind: 'recommendation', moverId: 'x', coSponsorIds: [], filedOn: '2026-12-01' }, addedOn: '2026-12-01' };
  const minutesItem: AgendaItem = { id: 'i-minutes', source: { kind: 'minutesApproval', sessionId: 's-0', requestedOn: '2026-12-01' }, addedOn: '2026-12-02' };
  const v1 = vote('v1', 'recommendation', 70);
  const v2 = vote('v2', 'procedural', 30);
  const draft = draftMinutes(charter.voting, {
    session: { id: 's-1', kind: 'regular', date: day, place: 'Astana' },
    members,
    present,
    items: [motion, minutesItem],
    votes: [
      { itemId: 'i-motion', vote: v1, presentAtClose: present },
      { itemId: 'i-minutes', vote: v2, presentAtClose: present },
    ],
    followUps: [
      { itemId: 'i-motion', events: followUps(charter, v1, motion, 'd-1') },
      { itemId: 'i-minutes', events: followUps(charter, v2, minutesItem, 'd-2') },
    ],
  });
  assert.deepEqual([draft.attendance.sitting, draft.attendance.present.length, draft.attendance.absent.length], [126, 100, 26]);
  assert.equal(draft.quorum.met, true);
  assert.deepEqual(draft.items.map((i) => [i.position, i.itemId]), [[1, 'i-minutes'], [2, 'i-motion']]);
  const [minutes, rec] = draft.items;
  assert.equal(minutes!.votes[0]!.result.code, 'short-of-majority');
  assert.deepEqual(minutes!.followUps, ['council-item.rejected']);
  assert.equal(rec!.votes[0]!.result.majority.formula, 'yes 70 > 1/2 × 100 = 50');
  assert.equal(rec!.votes[0]!.rollCall.length, 126);
  assert.deepEqual(rec!.followUps, ['council-decision.adopted', 'recommendation.sent-to-government']);
  assert.throws(() => draftMinutes(charter.voting, { session: { id: 's', kind: 'regular', date: day, place: 'x' }, members, present, items: [motion], votes: [{ itemId: 'i-motion', vote: { ...v1, state: 'open', result: null }, presentAtClose: present }], followUps: [] }), /still open/);
});

test('minutes are edited as a draft, approved only after an adopted approval vote, then frozen', () => {
  assert.deepEqual(tableProblems(minutesLifecycle), []);
  assert.deepEqual([...reachableStates(minutesLifecycle)].sort(), ['approved', 'draft']);
  assert.equal(checkMinutesEvent('draft', 'council-minutes.edited', ['secretariat']).ok, true);
  const early = checkMinutesEvent('draft', 'council-minutes.approved', ['secretariat'], { approvalAdopted: false });
  assert.equal(!early.ok && early.code, 'approval-vote-required');
  assert.equal(checkMinutesEvent('draft', 'council-minutes.approved', ['secretariat'], { approvalAdopted: true }).ok, true);
  const edit = checkMinutesEvent('approved', 'council-minutes.edited', ['secretariat']);
  assert.equal(!edit.ok && edit.code, 'minutes-frozen');
  const other = checkMinutesEvent('draft', 'council-minutes.edited', [] as never[]);
  assert.equal(!other.ok && other.code, 'secretariat-only');
});
