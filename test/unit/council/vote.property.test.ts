// Properties of the vote rules over random councils, attendances, ballots and majority rules.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { MajorityRule, VotingRules } from '../../../src/core/charter/index.ts';
import { castBallot, changeBallot, closeVote, declareRecusal, openVote, type SittingMember, threshold, type Vote } from '../../../src/core/council/index.ts';
import { charter } from './helpers.ts';

const day = '2027-03-01';
const council = (n: number): SittingMember[] => Array.from({ length: n }, (_, i) => ({ id: `m${i}`, block: `b${i % 3}`, termStart: '2026-10-17', termEnd: '2030-10-16' }));

const fraction = fc.integer({ min: 1, max: 12 }).chain((d) => fc.record({ numerator: fc.integer({ min: 1, max: d }), denominator: fc.constant(d) }));
const majority: fc.Arbitrary<MajorityRule> = fc.record({ share: fraction, base: fc.constantFrom('sittingMembers' as const, 'present' as const), comparison: fc.constantFrom('atLeast' as const, 'moreThan' as const) });
const voting: fc.Arbitrary<VotingRules> = fc.record({ quorum: fraction, rule: majority }).map(({ quorum, rule }) => ({
  quorum: { share: quorum, base: 'sittingMembers', comparison: 'atLeast' },
  majorities: { ...charter.voting.majorities, recommendation: rule },
}));

type Line = 'yes' | 'no' | 'abstain' | 'recused' | 'notVoting' | 'absent';
const line = fc.constantFrom<Line>('yes', 'no', 'abstain', 'recused', 'notVoting', 'absent');

/** Builds the vote from one line per member; null when quorum is not met at opening. */
function decide(v: VotingRules, lines: readonly Line[]) {
  const members = council(lines.length);
  const present = members.filter((_, i) => lines[i] !== 'absent').map((m) => m.id);
  const opened = openVote(v, members, present, { id: 'v', question: 'Q', decisionKind: 'recommendation', date: day, at: 't0' });
  if (!opened.ok) return null;
  let vote: Vote = opened.value;
  lines.forEach((l, i) => {
    const memberId = `m${i}`;
    const r =
      l === 'recused' ? declareRecusal(vote, members, present, { memberId, reason: 'conflict', at: 't1' }) : l === 'yes' || l === 'no' || l === 'abstain' ? castBallot(vote, members, present, { memberId, choice: l, at: 't1' }) : null;
    if (r) {
      assert.ok(r.ok);
      vote = r.value;
    }
  });
  const closed = closeVote(v, vote, members, present, 't2');
  assert.ok(closed.ok);
  return closed.value.result!;
}

test('property: turning any one member into a yes never undoes an adoption', () => {
  let adoptions = 0;
  fc.assert(
    fc.property(voting, fc.array(line, { minLength: 1, maxLength: 60 }), fc.nat(), (v, lines, pick) => {
      const before = decide(v, lines);
      const i = pick % lines.length;
      const after = decide(v, lines.map((l, j) => (j === i ? 'yes' : l)));
      if (before?.outcome === 'adopted') {
        adoptions++;
        assert.equal(after?.outcome, 'adopted');
      }
    }),
    { numRuns: 300 },
  );
  assert.ok(adoptions > 20, `only ${adoptions} runs were adoptions: the property was hardly tested`);
});

test('property: a vote opens exactly when at least the quorum threshold of sitting members is present', () => {
  fc.assert(
    fc.property(voting, fc.integer({ min: 1, max: 200 }), fc.nat(), (v, n, k) => {
      const members = council(n);
      const presentCount = k % (n + 1);
      const present = members.slice(0, presentCount).map((m) => m.id);
      const r = openVote(v, members, present, { id: 'v', question: 'Q', decisionKind: 'procedural', date: day, at: 't' });
      const needed = Math.max(1, threshold(v.quorum.share, n, 'atLeast'));
      assert.equal(r.ok, presentCount >= needed);
      if (!r.ok) assert.equal(r.refusal.code, 'no-quorum');
    }),
    { numRuns: 300 },
  );
});

test('property: whatever members try, each holds at most one ballot and the counts add up to the sitting members', () => {
  const action = fc.record({ who: fc.integer({ min: 0, max: 40 }), what: fc.constantFrom('cast', 'change', 'recuse'), choice: fc.constantFrom('yes', 'no', 'abstain', 'maybe') });
  fc.assert(
    fc.property(fc.integer({ min: 3, max: 30 }), fc.array(action, { maxLength: 80 }), (n, actions) => {
      const members = council(n);
      const present = members.map((m) => m.id);
      const opened = openVote(charter.voting, members, present, { id: 'v', question: 'Q', decisionKind: 'procedural', date: day, at: 't' });
      assert.ok(opened.ok);
      let vote = opened.value;
      let accepted = 0;
      for (const a of actions) {
        const input = { memberId: `m${a.who}`, choice: a.choice, at: 't', reason: 'conflict' };
        const r = a.what === 'cast' ? castBallot(vote, members, present, input) : a.what === 'change' ? changeBallot(vote, members, present, input) : declareRecusal(vote, members, present, input);
        if (r.ok) {
          vote = r.value;
          accepted++;
        } else if (a.who >= n) assert.equal(r.refusal.code, 'not-a-member');
      }
      const holders = vote.ballots.map((b) => b.memberId);
      assert.equal(new Set(holders).size, holders.length);
      assert.ok(holders.length <= Math.min(n, accepted));
      const closed = closeVote(charter.voting, vote, members, present, 't');
      assert.ok(closed.ok);
      const c = closed.value.result!.counts;
      assert.equal(c.yes + c.no + c.abstain + c.recused + c.notVoting + c.absent, n);
      assert.equal(c.yes + c.no + c.abstain + c.recused, holders.length);
      const blocks = Object.values(closed.value.result!.byBlock);
      for (const k of ['yes', 'no', 'abstain', 'recused', 'notVoting', 'absent'] as const) assert.equal(blocks.reduce((sum, b) => sum + b[k], 0), c[k], k);
    }),
    { numRuns: 300 },
  );
});
