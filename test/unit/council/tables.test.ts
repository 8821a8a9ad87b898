// Every Council life-cycle table is well-formed in the sense of ADR 0005: each state reachable from
// the initial one, exactly the final states without a way out, one edge per (state, event), kebab-case
// reason codes, and each event allowed from its own states only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkVoteEvent, initialKurultaiStage, kurultaiTrack, referendumTrack, sessionLifecycle, voteLifecycle } from '../../../src/core/council/index.ts';
import { decide, type Table } from '../../../src/core/council/lifecycleShape.ts';

// biome-ignore lint/suspicious/noExplicitAny: any table, whatever its guard context
const tables: Table<string, string, any>[] = [sessionLifecycle, voteLifecycle, kurultaiTrack, referendumTrack];
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

for (const table of tables) {
  test(`${table.aggregate}: reachable, final states exactly the dead ends, no duplicate edge, kebab-case codes`, () => {
    const seen = new Set([table.initial]);
    const todo = [table.initial];
    while (todo.length) {
      const s = todo.pop()!;
      for (const t of table.transitions) {
        if (t.from === s && !seen.has(t.to)) {
          seen.add(t.to);
          todo.push(t.to);
        }
      }
    }
    assert.deepEqual([...seen].sort(), [...table.states].sort());
    for (const s of table.states) assert.equal(!table.transitions.some((t) => t.from === s && t.to !== s), table.final.includes(s), s);
    const keys = table.transitions.map((t) => `${t.from} ${t.event}`);
    assert.equal(new Set(keys).size, keys.length);
    for (const t of table.transitions) assert.ok(t.who.length > 0, `${t.event}: nobody may act`);
    const codes = [...table.transitions.flatMap((t) => (t.guard ? [t.guard.code] : [])), ...Object.values(table.refusals ?? {}).flatMap((r) => [r.actor, r.state])];
    for (const c of codes) assert.match(c, KEBAB);
    for (const event of Object.keys(table.refusals ?? {})) assert.ok(table.transitions.some((t) => t.event === event), event);
  });

  test(`${table.aggregate}: each event is refused from every state it does not leave`, () => {
    for (const t of table.transitions) {
      for (const s of table.states) {
        if (table.transitions.some((x) => x.event === t.event && x.from === s)) continue;
        const d = decide(table, s, t.event, t.who);
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
