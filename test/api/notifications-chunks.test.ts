// A large audience is fanned out in chunks (docs/adr/1603): the subscription's transaction writes
// the followers and a job row only; each chunk writes the next signers' rows and the job's cursor in
// one short transaction; opt-outs and people who are both signer and follower are respected; two
// workers expanding at once (PostgreSQL: SKIP LOCKED) write every row exactly once; each signer gets
// one mail. On SQLite and PostgreSQL, against a real SMTP server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { drain } from '../../src/modules/outbox/api.ts';
import { drainFanout, expandChunk, fanoutSubscription } from '../../src/modules/notifications/fanout.ts';
import { configureNotifications } from '../../src/modules/notifications/settings.ts';
import { deliverAll } from '../../src/modules/notifications/worker.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';
import { api, assignAndAnswer, signedPetition, succeed, verifiedAddress, world } from './notifications.fixtures.ts';

test('signers are expanded in chunks with a cursor, exactly once, and each gets one mail', async () => {
  const w = await world();
  try {
    const signers: SignedIn[] = [];
    for (let i = 0; i < 11; i++) {
      const s = await signInAs(w.t, { region: 'KZ-75' });
      await verifiedAddress(w, s, `chunk${i}@example.kz`, (['kk', 'ru', 'en'] as const)[i % 3]);
      signers.push(s);
    }
    const ref = await signedPetition(w, signers);
    // Two leave the petition's mail; one also follows the proposal (a recipient twice over).
    for (const s of signers.slice(0, 2)) assert.equal((await api(w.t, 'DELETE', `/api/v1/notifications/follows/proposal/${ref}`, s)).statusCode, 204);
    assert.equal((await api(w.t, 'POST', '/api/v1/notifications/follows', signers[5]!, { kind: 'proposal', id: ref })).statusCode, 201);
    const itemId = await succeed(w, ref);
    await drainFanout(w.t.ctx);
    await deliverAll(w.t.ctx);
    const before = w.smtp.received.length;

    configureNotifications(w.t.ctx, { fanoutChunk: 3 });
    await assignAndAnswer(w, itemId);
    // The subscription's batch: the follower's row and a job, not the signers.
    await drain(w.t.ctx.db, fanoutSubscription(w.t.ctx));
    const answered = await w.t.ctx.db.db.selectFrom('outbox').select('id').where('kind', '=', 'response.answered').executeTakeFirstOrThrow();
    const job = await w.t.ctx.db.db.selectFrom('notify_fanout_jobs').selectAll().where('event_id', '=', answered.id).executeTakeFirstOrThrow();
    assert.equal(job.done_at, null);
    assert.equal(job.cursor, '');
    const rowsOf = async () => (await w.t.ctx.db.db.selectFrom('notify_deliveries').select('recipient').where('event_id', '=', answered.id).where('channel', '=', 'email').execute()).map((r) => r.recipient);
    assert.deepEqual(await rowsOf(), [signers[5]!.user.id], 'only the follower in the subscription’s transaction');

    // Chunks of three signers each; two workers at once never write a row twice.
    const written: number[] = [];
    for (;;) {
      const [a, b] = await Promise.all([expandChunk(w.t.ctx), expandChunk(w.t.ctx)]);
      for (const n of [a, b]) if (n >= 0) written.push(n);
      if (a < 0 && b < 0) break;
    }
    for (const n of written) assert.ok(n <= 3, `a chunk writes at most 3 rows (${written.join(',')})`);
    const done = await w.t.ctx.db.db.selectFrom('notify_fanout_jobs').selectAll().where('event_id', '=', answered.id).executeTakeFirstOrThrow();
    assert.ok(done.done_at, 'the job is done');
    const rows = await rowsOf();
    const expected = signers.slice(2).map((s) => s.user.id);
    assert.deepEqual([...rows].sort(), [...expected].sort(), 'every signer but the two who left, once');
    assert.equal(Number(done.rows), expected.length - 1, 'the follower was written by the subscription, not again by the job');
    assert.equal(await expandChunk(w.t.ctx), -1, 'nothing more to expand');

    await deliverAll(w.t.ctx);
    const answers = w.smtp.received.slice(before).filter((m) => /Үкімет жауап берді|Правительство ответило|The government answered/.test(m.parsed.subject ?? ''));
    const to = answers.map((m) => m.to.join(','));
    assert.equal(to.length, new Set(to).size, 'no one twice');
    assert.deepEqual(to.sort(), signers.slice(2).map((_, i) => `chunk${i + 2}@example.kz`).sort());
  } finally {
    await w.close();
  }
});
