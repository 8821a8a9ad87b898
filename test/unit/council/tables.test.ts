// Every Council life-cycle table passes the shape check of the life-cycle core (ADR 0005): each state
// reachable from the initial one, exactly the final states without a way out, one edge per (state,
// event), kebab-case reason codes, and each event allowed from its own states only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkVoteEvent, initialKurultaiStage, kurultaiTrack, minutesLifecycle, referendumTrack, refusalError, sessionLifecycle, voteLifecycle } from '../../../src/core/council/index.ts';
import { CODE_SPELLING, DomainError } from '../../../src/core/errors.ts';
import { check, type LifecycleTable, reachableStates, reasonCodes, tableProblems } from '../../../src/core/lifecycle/table.ts';

// biome-ignore lint/suspicious/noExplicitAny: any table, whatever its guard context
const tables: LifecycleTable<string, string, any>[] = [sessionLifecycle, voteLifecycle, minutesLifecycle, kurultaiTrack, referendumTrack];

for (const table of tables) {
  test(`${table.aggregate}: reachable, final states exactly the dead ends, no duplicate edge, kebab-case codes`, () => {
    assert.deepEqual(tableProblems(table), []);
    assert.deepEqual([...reachableStates(table)].sort(), [...table.states].sort());
    for (const code of reasonCodes(table)) assert.match(code, CODE_SPELLING);
  });

  test(`${table.aggregate}: each event is refused from every state it does not leave`, () => {
    for (const t of table.transitions) {
      for (const s of table.states) {
        if (table.transitions.some((x) => x.event === t.event && x.from === s)) continue;
        const d = check(table, s, t.event, t.who);
        assert.equal(d.ok, false, `${t.event} from ${s}`);
        assert.equal(!d.ok && d.reason, 'state');
      }
    }
  });
}

test('a vote: members cast, the chair or the secretariat closes, nobody acts on a closed vote', () => {
  assert.equal(checkVoteEvent('open', 'council-vote.ballot-cast', ['member']).ok, true);
  const chairCasts = checkVoteEvent('open', 'council-vote.ballot-cast', ['chair']);
  assert.equal(!chairCasts.ok && chairCasts.code, 'members-only');
  const memberCloses = checkVoteEvent('open', 'council-vote.closed', ['member']);
  assert.equal(!memberCloses.ok && memberCloses.code, 'secretariat-or-chair-only');
  const late = checkVoteEvent('closed', 'council-vote.ballot-cast', ['member']);
  assert.equal(!late.ok && late.code, 'vote-closed');
});

test("the Kurultai's own initiative starts registered, a Council one sent", () => {
  assert.equal(initialKurultaiStage('council'), 'sent');
  assert.equal(initialKurultaiStage('kurultai'), 'registered');
});

test('a refusal becomes the domain error services raise, with its code, field and params', () => {
  const e = refusalError({ code: 'not-sitting', field: 'memberId', params: { memberId: 'm1', termEnd: '2026-12-21' } });
  assert.ok(e instanceof DomainError);
  assert.deepEqual([e.code, e.field, e.params], ['not-sitting', 'memberId', { memberId: 'm1', termEnd: '2026-12-21' }]);
});
