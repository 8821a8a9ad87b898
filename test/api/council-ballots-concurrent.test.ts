// Ballots at the same moment (ADR 0906): members vote side by side under a share lock on the vote, so
// the answers do not queue behind one another; one member's two requests at once still count once
// (a second cast is `already-voted`, two changes count two changes), and a close racing the last
// ballots counts exactly the ballots that were acknowledged, refusing the rest as `vote-closed`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { councilWorld, openVoteWithEveryoneIn } from './council.fixtures.ts';

test('ballots at once: every one counted once, one member twice at once, a close racing the last ballots', async () => {
  const w = await councilWorld();
  try {
    const { chair, members: m } = w;
    const vote = await openVoteWithEveryoneIn(w);
    const db = w.t.ctx.db.db;
    const send = (method: 'POST' | 'PUT', i: number, choice: string) => w.t.app.inject({ method, url: `/api/v1/council/votes/${vote}/ballot`, headers: m[i]!.who.headers, payload: { choice } });
    const voters = m.length - 2;
    assert.ok(voters >= 4, `the test charter seats enough members (${m.length})`);

    // Everyone but the last two at once, member 0 twice.
    const first = await Promise.all([...Array.from({ length: voters }, (_, i) => send('POST', i, i % 2 ? 'no' : 'yes')), send('POST', 0, 'no')]);
    const statuses = first.map((r) => r.statusCode);
    for (const [k, r] of first.entries()) assert.ok(r.statusCode === 201 || (r.statusCode === 409 && r.json().code === 'already-voted'), `request ${k}: ${r.statusCode} ${r.body}`);
    assert.equal(statuses.filter((s) => s === 201).length, voters, 'one ballot per member');
    assert.equal(statuses.filter((s) => s === 409).length, 1, "member 0's second cast is already-voted");

    // Member 1 changes twice at once: both taken one after the other, two changes counted.
    const changes = await Promise.all([send('PUT', 1, 'yes'), send('PUT', 1, 'abstain')]);
    for (const r of changes) assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(changes.map((r) => r.json().changes).sort(), [1, 2]);
    const row1 = await db.selectFrom('council_ballots').select(['changes', 'choice']).where('vote_id', '=', vote).where('member_id', '=', m[1]!.id).executeTakeFirstOrThrow();
    assert.equal(Number(row1.changes), 2);

    // The close and the last two members' ballots at once.
    const [closed, ...late] = await Promise.all([w.t.app.inject({ method: 'POST', url: `/api/v1/council/votes/${vote}/close`, headers: chair.headers, payload: {} }), send('POST', voters, 'yes'), send('POST', voters + 1, 'yes')]);
    assert.equal(closed.statusCode, 200, closed.body);
    for (const r of late) assert.ok(r.statusCode === 201 || (r.statusCode === 409 && r.json().code === 'vote-closed'), `late ballot: ${r.statusCode} ${r.body}`);
    const ballots = await db.selectFrom('council_ballots').select(['member_id', 'choice']).where('vote_id', '=', vote).execute();
    const lateIn = late.filter((r) => r.statusCode === 201).length;
    assert.equal(ballots.length, voters + lateIn, 'a ballot row for every acknowledged ballot, no other');
    const counts = closed.json().counts as Record<string, number>;
    for (const choice of ['yes', 'no', 'abstain']) assert.equal(counts[choice], ballots.filter((b) => b.choice === choice).length, `the close counts every ${choice} in the table`);
    // One ballot event per acknowledged cast and per change, none for the refused.
    const events = await db.selectFrom('outbox').select('kind').where('subject', '=', `council-vote/${vote}`).where('kind', 'in', ['council-vote.ballot-cast', 'council-vote.ballot-changed']).execute();
    assert.equal(events.filter((e) => e.kind === 'council-vote.ballot-cast').length, voters + lateIn);
    assert.equal(events.filter((e) => e.kind === 'council-vote.ballot-changed').length, 2);
  } finally {
    await w.t.close();
  }
});
