// Fault test: the real server (child process) takes the ballots of an open roll-call vote, all sent
// at once, and is SIGKILLed mid-stream, then restarted. Every ballot the server acknowledged is
// there, none twice: a member whose ballot committed before the kill (acknowledged or not) is told
// `already-voted` on a retry, the others' retries are taken; the close counts each member once, and
// the outbox (the ledger's source) has exactly one ballot event per ballot.
import assert from 'node:assert/strict';
import { type ChildProcess, } from 'node:child_process';
import { after, before, test } from 'node:test';
import { freePort, killHard, startServe } from '../helpers/serveProcess.ts';
import { generateSigningKey } from '../../src/core/ledger/signing.ts';
import { type CouncilWorld, councilWorld, openVoteWithEveryoneIn } from './council.fixtures.ts';

let w: CouncilWorld;
let port: number;
let server: ChildProcess | null = null;

function startServer(): Promise<ChildProcess> {
  return startServe({ db: w.t.db.url, port, env: { KENES_CHARTER: w.t.ctx.config.charterPath, KENES_LEDGER_KEY: generateSigningKey().privateKeyBase64 }, readyTries: 600 });
}

const kill = killHard;

before(async () => {
  w = await councilWorld();
  port = await freePort();
});
after(async () => {
  if (server) await kill(server);
  await w?.t.close();
});

test('SIGKILL while a vote is open: no ballot lost, none counted twice after the restart', async () => {
  const { chair, members: m } = w;
  const vote = await openVoteWithEveryoneIn(w);

  server = await startServer();
  const cast = (i: number) =>
    fetch(`http://127.0.0.1:${port}/api/v1/council/votes/${vote}/ballot`, { method: 'POST', headers: { ...m[i]!.who.headers, 'content-type': 'application/json' }, body: JSON.stringify({ choice: 'yes' }) })
      .then(async (r) => ({ i, status: r.status, code: r.status >= 400 ? ((await r.json()) as { code?: string }).code : undefined }))
      .catch(() => ({ i, status: 0, code: undefined }));
  // Every ballot at once; the server dies as soon as the first is acknowledged.
  const inFlight = m.map((_, i) => cast(i));
  await Promise.race(inFlight);
  await kill(server);
  const first = await Promise.all(inFlight);
  const acked = first.filter((r) => r.status === 201).map((r) => r.i);
  assert.ok(acked.length >= 1, 'at least one ballot was acknowledged before the kill');
  for (const r of first) assert.ok(r.status === 201 || r.status === 0, `ballot ${r.i}: ${r.status} ${r.code}`);

  server = await startServer();
  const retry = await Promise.all(m.map((_, i) => cast(i)));
  for (const r of retry) {
    if (acked.includes(r.i)) assert.deepEqual([r.status, r.code], [409, 'already-voted'], `acknowledged ballot ${r.i} was lost`);
    else assert.ok(r.status === 201 || (r.status === 409 && r.code === 'already-voted'), `retry ${r.i}: ${r.status} ${r.code}`);
  }

  const db = w.t.ctx.db.db;
  const ballots = await db.selectFrom('council_ballots').select(['member_id', 'changes']).where('vote_id', '=', vote).execute();
  assert.deepEqual(ballots.map((b) => b.member_id).sort(), m.map((x) => x.id).sort());
  assert.ok(ballots.every((b) => Number(b.changes) === 0));
  const events = await db.selectFrom('outbox').select('payload').where('kind', '=', 'council-vote.ballot-cast').where('subject', '=', `council-vote/${vote}`).execute();
  assert.equal(events.length, m.length, 'one ballot event per ballot');

  const closed = await fetch(`http://127.0.0.1:${port}/api/v1/council/votes/${vote}/close`, { method: 'POST', headers: { ...chair.headers, 'content-type': 'application/json' }, body: '{}' });
  assert.equal(closed.status, 200);
  const result = (await closed.json()) as { counts: { yes: number; present: number }; outcome: string };
  assert.deepEqual([result.counts.yes, result.counts.present, result.outcome], [m.length, m.length, 'adopted']);
});
