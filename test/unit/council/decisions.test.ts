// What closed votes produce: the events for each decision kind, read against the charter.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AgendaItem, castBallot, closeVote, type FollowUp, followUps, openVote, type Vote } from '../../../src/core/council/index.ts';
import type { Charter, DecisionKind } from '../../../src/core/charter/index.ts';
import { charter, charterWith, councilOf, ids } from './helpers.ts';

const members = councilOf(charter);
const day = '2026-12-22';

function closedVote(kind: DecisionKind, yes: number, presentCount = 126): Vote {
  const present = ids(members).slice(0, presentCount);
  const opened = openVote(charter.voting, members, present, { id: 'v9', question: 'Q', decisionKind: kind, date: day, at: '2026-12-22T05:00:00Z' });
  assert.ok(opened.ok);
  let vote = opened.value;
  present.forEach((memberId, i) => {
    const r = castBallot(vote, members, present, { memberId, choice: i < yes ? 'yes' : 'no', at: '2026-12-22T05:01:00Z' });
    assert.ok(r.ok);
    vote = r.value;
  });
  // Closed at 00:30 the next day in Almaty (19:30 UTC): the decision keeps the sitting's date.
  const closed = closeVote(charter.voting, vote, members, present, '2026-12-22T19:30:00Z');
  assert.ok(closed.ok);
  return closed.value;
}

const motion = (kind: 'legislativeInitiative' | 'referendumProposal' | 'recommendation'): AgendaItem => ({
  id: 'item-1',
  source: { kind: 'motion', motionId: 'm-1', motionKind: kind, moverId: 'x', coSponsorIds: [], filedOn: '2026-12-01' },
  addedOn: '2026-12-01',
});
const events = (f: FollowUp[]) => f.map((x) => x.event);

test('an adopted legislative initiative is recorded and sent to the Kurultai', () => {
  const f = followUps(charter, closedVote('legislativeInitiative', 64), motion('legislativeInitiative'), 'd-1');
  assert.deepEqual(f, [
    { event: 'council-decision.adopted', payload: { decisionId: 'd-1', voteId: 'v9', itemId: 'item-1', kind: 'legislativeInitiative', adoptedOn: day } },
    { event: 'initiative.sent-to-kurultai', payload: { decisionId: 'd-1', sentOn: day } },
  ]);
});

test('a referendum proposal goes to the President, jointly with the Kurultai when the charter says so', () => {
  const sent = (c: Charter) => followUps(c, closedVote('referendumProposal', 84), motion('referendumProposal'), 'd-2').find((x) => x.event === 'referendum-proposal.sent');
  assert.deepEqual(sent(charter)?.payload, { decisionId: 'd-2', addressees: ['president'], sentOn: day });
  const joint = charterWith((c) => {
    c.councilWork.referendumProposal.jointlyWithKurultai = true;
  });
  assert.deepEqual(sent(joint)?.payload, { decisionId: 'd-2', addressees: ['president', 'kurultai'], sentOn: day });
});

test('a recommendation becomes an item received by the government that day (its response clock starts)', () => {
  const f = followUps(charter, closedVote('recommendation', 64), motion('recommendation'), 'd-3');
  assert.deepEqual(f[1], { event: 'recommendation.sent-to-government', payload: { decisionId: 'd-3', receivedOn: day } });
});

test('a rejected question produces only its rejection; a citizens’ proposal learns the outcome either way', () => {
  assert.deepEqual(events(followUps(charter, closedVote('legislativeInitiative', 63), motion('legislativeInitiative'), 'd-4')), ['council-item.rejected']);
  const item: AgendaItem = { id: 'item-2', source: { kind: 'petition', proposalId: 'p-7', proposalKind: 'petition', succeededOn: '2026-11-02' }, addedOn: '2026-11-20' };
  const rejected = followUps(charter, closedVote('legislativeInitiative', 10), item, 'd-5');
  assert.deepEqual(rejected.at(-1), { event: 'proposal.council-decided', payload: { proposalId: 'p-7', voteId: 'v9', adopted: false, decidedOn: day } });
  const adopted = followUps(charter, closedVote('legislativeInitiative', 100), item, 'd-6');
  assert.deepEqual(events(adopted), ['council-decision.adopted', 'initiative.sent-to-kurultai', 'proposal.council-decided']);
});

test('approved minutes are frozen; a void vote produces nothing; an open vote is a programming error', () => {
  const item: AgendaItem = { id: 'item-3', source: { kind: 'minutesApproval', sessionId: 's-0', requestedOn: '2026-12-01' }, addedOn: '2026-12-01' };
  assert.deepEqual(followUps(charter, closedVote('procedural', 90), item, 'd-7')[1], { event: 'council-minutes.approved', payload: { sessionId: 's-0', voteId: 'v9', approvedOn: day } });
  const vote = closedVote('procedural', 90);
  const voided: Vote = { ...vote, result: { ...vote.result!, outcome: 'void', code: 'no-quorum' } };
  assert.deepEqual(followUps(charter, voided, item, 'd-8'), []);
  assert.throws(() => followUps(charter, { ...vote, state: 'open', result: null }, item, 'd-9'), /not closed/);
});
