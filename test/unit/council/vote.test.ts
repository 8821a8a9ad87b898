// Roll-call votes on the default charter (126 seats, quorum 2/3 of sitting members, majorities per
// decision kind) and on modified charters: every threshold below is read from the charter in use.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AMENDMENT_DECISION_KIND,
  castBallot,
  changeBallot,
  closeVote,
  declareRecusal,
  formulaOf,
  openVote,
  quorumOn,
  rollCall,
  type SittingMember,
  tally,
  type Vote,
} from '../../../src/core/council/index.ts';
import type { DecisionKind } from '../../../src/core/charter/index.ts';
import { charter, charterWith, councilOf, ids } from './helpers.ts';

const voting = charter.voting;
const members = councilOf(charter);
const day = '2026-12-22';
const at = (n: number) => `2026-12-22T10:${String(n % 60).padStart(2, '0')}:00Z`;

function opened(kind: DecisionKind, present: readonly string[], ms: readonly SittingMember[] = members, v = voting): Vote {
  const r = openVote(v, ms, present, { id: 'v1', question: 'Q', decisionKind: kind, date: day, at: at(0) });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.refusal));
  return r.value;
}

/** Casts `choices[i]` for the i-th present member and closes the vote. */
function run(kind: DecisionKind, present: readonly string[], choices: readonly ('yes' | 'no' | 'abstain' | 'recused' | null)[], ms: readonly SittingMember[] = members, v = voting) {
  let vote = opened(kind, present, ms, v);
  choices.forEach((choice, i) => {
    if (choice === null) return;
    const memberId = present[i]!;
    const r = choice === 'recused' ? declareRecusal(vote, ms, present, { memberId, reason: 'my employer is concerned', at: at(i) }) : castBallot(vote, ms, present, { memberId, choice, at: at(i) });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.refusal));
    vote = r.value;
  });
  const closed = closeVote(v, vote, ms, present, at(59));
  assert.ok(closed.ok);
  return closed.value;
}

const votes = (yes: number, no: number, abstain = 0, recused = 0) => [
  ...Array(yes).fill('yes'),
  ...Array(no).fill('no'),
  ...Array(abstain).fill('abstain'),
  ...Array(recused).fill('recused'),
];

test('the default charter gives the rules these counts assume', () => {
  assert.equal(members.length, 126);
  assert.deepEqual(voting.quorum.share, { numerator: 2, denominator: 3 });
  assert.deepEqual(voting.majorities.legislativeInitiative, { share: { numerator: 1, denominator: 2 }, base: 'sittingMembers', comparison: 'moreThan' });
  assert.deepEqual(voting.majorities.referendumProposal, { share: { numerator: 2, denominator: 3 }, base: 'sittingMembers', comparison: 'atLeast' });
  assert.deepEqual(voting.majorities.recommendation, { share: { numerator: 1, denominator: 2 }, base: 'present', comparison: 'moreThan' });
});

test('quorum is 2/3 of the members sitting that day: 84 of 126; a vote cannot open with 83 present', () => {
  const present = ids(members).slice(0, 83);
  assert.deepEqual(quorumOn(voting, members, day, present), { share: '2/3', base: 'sittingMembers', sitting: 126, present: 83, needed: 84, met: false });
  const r = openVote(voting, members, present, { id: 'v', question: 'Q', decisionKind: 'procedural', date: day, at: at(0) });
  assert.deepEqual(r, { ok: false, refusal: { code: 'no-quorum', params: { present: 83, needed: 84, sitting: 126 } } });
  assert.equal(quorumOn(voting, members, day, ids(members).slice(0, 84)).met, true);
});

test('quorum counts sitting members only: vacancies lower it, people whose term ended do not count as present', () => {
  // 6 members left on 2026-12-01: 120 sit, quorum is 80.
  const ms = members.map((m, i) => (i < 6 ? { ...m, termEnd: '2026-12-01' } : m));
  const q = quorumOn(voting, ms, day, ids(ms).slice(0, 86));
  assert.deepEqual([q.sitting, q.needed, q.present, q.met], [120, 80, 80, true]);
  assert.equal(quorumOn(voting, ms, day, ids(ms).slice(0, 85)).met, false);
});

test('legislative initiative: more than 1/2 of 126 sitting members, so 64 yes pass and 63 fail whatever the others do', () => {
  const present = ids(members).slice(0, 100);
  const pass = run('legislativeInitiative', present, votes(64, 36));
  assert.equal(pass.result!.outcome, 'adopted');
  assert.equal(pass.result!.majority.formula, 'yes 64 > 1/2 × 126 = 63');
  assert.equal(pass.result!.majority.threshold, 64);
  const fail = run('legislativeInitiative', present, votes(63, 10, 27));
  assert.deepEqual([fail.result!.outcome, fail.result!.code], ['rejected', 'short-of-majority']);
});

test('the arithmetic in a reader\'s language: their word for yes and their digits, the share and exact product as computed', () => {
  const present = ids(members);
  const m = run('referendumProposal', present, votes(83, 0, 43)).result!.majority;
  assert.equal(formulaOf(m, 'за'), 'за 83 ≥ 2/3 × 126 = 84');
  const big = { ...m, yes: 12345, baseCount: 20000, product: '13333 1/3' };
  assert.equal(formulaOf(big, 'жақтады', (n) => new Intl.NumberFormat('ru').format(n)), 'жақтады 12\u00a0345 ≥ 2/3 × 20\u00a0000 = 13333 1/3');
  assert.equal(formulaOf(m), m.formula);
});

test('referendum proposal: at least 2/3 of 126 = 84 yes; 83 fail even with nobody against', () => {
  const present = ids(members);
  assert.equal(run('referendumProposal', present, votes(84, 42)).result!.code, 'adopted');
  const fail = run('referendumProposal', present, votes(83, 0, 43));
  assert.equal(fail.result!.code, 'short-of-majority');
  assert.equal(fail.result!.majority.formula, 'yes 83 ≥ 2/3 × 126 = 84');
});

test('recommendation: more than 1/2 of those present; abstentions count in the base, recusals do not', () => {
  const present = ids(members).slice(0, 90);
  const r = run('recommendation', present, votes(46, 30, 14));
  assert.equal(r.result!.majority.baseCount, 90);
  assert.equal(r.result!.code, 'adopted');
  assert.equal(run('recommendation', present, votes(45, 30, 15)).result!.code, 'short-of-majority');
  // 10 recusals leave a base of 80: 41 yes pass.
  const withRecusals = run('recommendation', present, votes(41, 39, 0, 10));
  assert.deepEqual([withRecusals.result!.majority.baseCount, withRecusals.result!.majority.threshold, withRecusals.result!.code], [80, 41, 'adopted']);
  assert.equal(withRecusals.result!.counts.recused, 10);
  assert.equal(withRecusals.result!.counts.present, 90);
});

test('a tie fails a "more than half" majority with code tied, and passes an "at least half" one', () => {
  const present = ids(members).slice(0, 90);
  const tied = run('recommendation', present, votes(45, 45));
  assert.deepEqual([tied.result!.outcome, tied.result!.code, tied.result!.tie], ['rejected', 'tied', true]);
  const atLeastHalf = charterWith((c) => {
    c.voting.majorities.recommendation.comparison = 'atLeast';
  }).voting;
  const passes = run('recommendation', present, votes(45, 45), members, atLeastHalf);
  assert.deepEqual([passes.result!.outcome, passes.result!.tie, passes.result!.majority.formula], ['adopted', true, 'yes 45 ≥ 1/2 × 90 = 45']);
});

test('nothing is adopted without a yes, even when the charter arithmetic would ask for none', () => {
  const allRecused = charterWith((c) => {
    c.voting.majorities.procedural = { share: { numerator: 1, denominator: 2 }, base: 'present', comparison: 'atLeast' };
  }).voting;
  const present = ids(members).slice(0, 84);
  const r = run('procedural', present, votes(0, 0, 0, 84), members, allRecused);
  assert.deepEqual([r.result!.majority.baseCount, r.result!.majority.threshold, r.result!.outcome], [0, 1, 'rejected']);
});

test('a modified charter changes every number: quorum 1/2, legislative initiative at least 3/5 of those present', () => {
  const c = charterWith((x) => {
    x.voting.quorum.share = { numerator: 1, denominator: 2 };
    x.voting.majorities.legislativeInitiative = { share: { numerator: 3, denominator: 5 }, base: 'present', comparison: 'atLeast' };
  });
  const present = ids(members).slice(0, 63);
  assert.equal(quorumOn(c.voting, members, day, present).met, true);
  assert.equal(openVote(voting, members, present, { id: 'v', question: 'Q', decisionKind: 'procedural', date: day, at: at(0) }).ok, false, 'the default charter still refuses 63');
  const r = run('legislativeInitiative', present, votes(38, 25), members, c.voting);
  assert.deepEqual([r.result!.majority.threshold, r.result!.majority.product, r.result!.code], [38, '37 4/5', 'adopted']);
  assert.equal(run('legislativeInitiative', present, votes(37, 26), members, c.voting).result!.code, 'short-of-majority');
});

test('who may vote: not a member, a member whose term ended, a member not registered present', () => {
  const ms = members.map((m, i) => (i === 0 ? { ...m, termEnd: '2026-12-21' } : i === 1 ? { ...m, termStart: '2026-12-23' } : m));
  const present = ids(ms).slice(0, 100);
  const vote = opened('procedural', present, ms);
  const cast = (memberId: string) => castBallot(vote, ms, present, { memberId, choice: 'yes', at: at(1) });
  assert.deepEqual(cast('nobody'), { ok: false, refusal: { code: 'not-a-member', field: 'memberId', params: { memberId: 'nobody' } } });
  const ended = cast(ms[0]!.id);
  assert.equal(!ended.ok && ended.refusal.code, 'not-sitting');
  assert.equal(!ended.ok && ended.refusal.params.termEnd, '2026-12-21');
  assert.equal(!cast(ms[1]!.id).ok && (cast(ms[1]!.id) as { refusal: { code: string } }).refusal.code, 'not-sitting');
  const absent = cast(ms[120]!.id);
  assert.equal(!absent.ok && absent.refusal.code, 'not-present');
  assert.equal(cast(ms[5]!.id).ok, true);
});

test('one ballot per member: a second is refused, a change replaces it while open, a recusal is final', () => {
  const present = ids(members).slice(0, 90);
  let vote = opened('procedural', present);
  const m = present[0]!;
  const first = castBallot(vote, members, present, { memberId: m, choice: 'yes', at: at(1) });
  assert.ok(first.ok);
  vote = first.value;
  const second = castBallot(vote, members, present, { memberId: m, choice: 'no', at: at(2) });
  assert.deepEqual(second, { ok: false, refusal: { code: 'already-voted', field: 'memberId', params: { memberId: m, choice: 'yes' } } });
  const changed = changeBallot(vote, members, present, { memberId: m, choice: 'no', at: at(3) });
  assert.ok(changed.ok);
  assert.deepEqual(changed.value.ballots, [{ memberId: m, choice: 'no', castAt: at(1), changedAt: at(3), changes: 1 }]);
  const recused = declareRecusal(changed.value, members, present, { memberId: m, reason: '  my brother runs the agency ', at: at(4) });
  assert.ok(recused.ok);
  assert.equal(recused.value.ballots[0]!.reason, 'my brother runs the agency');
  const back = changeBallot(recused.value, members, present, { memberId: m, choice: 'yes', at: at(5) });
  assert.equal(!back.ok && back.refusal.code, 'recusal-final');
  assert.equal(!changeBallot(vote, members, present, { memberId: present[1]!, choice: 'yes', at: at(5) }).ok, true, 'no ballot to change');
});

test('bad input: an unknown choice, a recusal without a reason', () => {
  const present = ids(members).slice(0, 90);
  const vote = opened('procedural', present);
  const bad = castBallot(vote, members, present, { memberId: present[0]!, choice: 'maybe', at: at(1) });
  assert.deepEqual(bad, { ok: false, refusal: { code: 'invalid-choice', field: 'choice', params: { choice: 'maybe', allowed: ['yes', 'no', 'abstain'] } } });
  const noReason = declareRecusal(vote, members, present, { memberId: present[0]!, reason: '   ', at: at(1) });
  assert.deepEqual(noReason, { ok: false, refusal: { code: 'recusal-reason-required', field: 'reason', params: {} } });
});

test('a vote closes once; nothing is cast after the close', () => {
  const present = ids(members).slice(0, 90);
  const closed = run('procedural', present, votes(50, 40));
  assert.equal(closed.state, 'closed');
  assert.equal(closed.closedAt, at(59));
  const again = closeVote(voting, closed, members, present, at(59));
  assert.deepEqual(again, { ok: false, refusal: { code: 'vote-closed', params: { voteId: 'v1' } } });
  const late = castBallot(closed, members, present, { memberId: ids(members)[100]!, choice: 'yes', at: at(59) });
  assert.equal(!late.ok && late.refusal.code, 'vote-closed');
});

test('quorum lost before the close makes the vote void; a member who voted and left still counts', () => {
  const present = ids(members).slice(0, 84);
  let vote = opened('procedural', present);
  const r = castBallot(vote, members, present, { memberId: present[0]!, choice: 'yes', at: at(1) });
  assert.ok(r.ok);
  vote = r.value;
  // Two leave, one of whom had voted: 82 still registered, 83 present for the vote.
  const after = present.slice(2);
  const closed = closeVote(voting, vote, members, after, at(9));
  assert.ok(closed.ok);
  assert.deepEqual([closed.value.result!.outcome, closed.value.result!.code, closed.value.result!.counts.present], ['void', 'no-quorum', 83]);
  const stays = closeVote(voting, vote, members, present.slice(1), at(9));
  assert.ok(stays.ok);
  assert.equal(stays.value.result!.counts.present, 84, 'the voter who left counts, with the 83 still registered');
});

test('the roll call lists every sitting member once, with counts per block', () => {
  const present = ids(members).slice(0, 100);
  const closed = run('recommendation', present, [...votes(60, 30, 8, 1), null]);
  const lines = rollCall(closed, members, present);
  assert.equal(lines.length, 126);
  assert.equal(new Set(lines.map((l) => l.memberId)).size, 126);
  const count = (c: string) => lines.filter((l) => l.choice === c).length;
  assert.deepEqual([count('yes'), count('no'), count('abstain'), count('recused'), count('notVoting'), count('absent')], [60, 30, 8, 1, 1, 26]);
  assert.equal(lines.find((l) => l.choice === 'recused')!.reason, 'my employer is concerned');
  const byBlock = closed.result!.byBlock;
  assert.deepEqual(Object.keys(byBlock).sort(), charter.bodies.council.blocks.map((b) => b.id).sort());
  assert.equal(Object.values(byBlock).reduce((n, b) => n + b.yes, 0), 60);
  assert.equal(byBlock[charter.bodies.council.blocks[0]!.id]!.yes, 42);
  assert.deepEqual(tally(voting, closed, members, present), closed.result);
});

test("an amendment is decided by the charter's procedural majority", () => {
  assert.equal(AMENDMENT_DECISION_KIND, 'procedural');
  const present = ids(members).slice(0, 90);
  assert.equal(run(AMENDMENT_DECISION_KIND, present, votes(46, 44)).result!.majority.formula, 'yes 46 > 1/2 × 90 = 45');
  const twoThirds = charterWith((c) => {
    c.voting.majorities.procedural = { share: { numerator: 2, denominator: 3 }, base: 'present', comparison: 'atLeast' };
  }).voting;
  assert.equal(run(AMENDMENT_DECISION_KIND, present, votes(59, 31), members, twoThirds).result!.code, 'short-of-majority');
  assert.equal(run(AMENDMENT_DECISION_KIND, present, votes(60, 30), members, twoThirds).result!.code, 'adopted');
});
