// The proposals demo seeder: every state present, counters equal to the stored signatures, a page
// for each listed proposal, and a second run adds nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runSeeders } from '../../src/demo/index.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await testApp({ demo: true }, {}, undefined, { seed: { only: ['identity.citizens', 'identity.staff', 'proposals'] } });
});
after(async () => t?.close());

test('dozens of proposals in every state, with exact counters', async () => {
  const rows = await t.ctx.db.db.selectFrom('proposals').select(['id', 'ref', 'status', 'listed_at']).execute();
  assert.ok(rows.length >= 30);
  const statuses = new Set(rows.map((r) => r.status));
  for (const s of ['draft', 'submitted', 'returned', 'rejected', 'open', 'reached', 'succeeded', 'expired']) assert.ok(statuses.has(s), `a proposal in state ${s}`);
  assert.ok(rows.some((r) => r.status === 'open' && !r.listed_at), 'some are still link-only');
  for (const r of rows) {
    const stored = await t.ctx.db.db.selectFrom('proposal_signatures').select((eb) => eb.fn.countAll<number>().as('n')).where('proposal_id', '=', r.id).executeTakeFirstOrThrow();
    const counted = await t.ctx.db.db.selectFrom('proposal_signature_counts').select((eb) => eb.fn.sum<number>('n').as('n')).where('proposal_id', '=', r.id).executeTakeFirstOrThrow();
    assert.equal(Number(counted.n ?? 0), Number(stored.n), `counters of ${r.ref}`);
  }
  const list = await t.app.inject({ url: '/api/v1/proposals?sort=mostSigned' });
  const items = list.json().items;
  assert.ok(items.length >= 15);
  assert.ok(items[0].signatures >= items[1].signatures);
  assert.ok(Object.keys(items[0].signaturesByRegion).length >= 10, 'signatures spread over the regions');
  const page = await t.app.inject({ url: items[0].url, headers: { accept: 'text/html' } });
  assert.equal(page.statusCode, 200);
  const queue = await t.ctx.db.db.selectFrom('proposals').select('moderation_due').where('status', '=', 'submitted').execute();
  assert.ok(queue.some((q) => q.moderation_due! < new Date().toISOString().slice(0, 10)), 'one moderation is overdue');
});

test('seeding again adds nothing', async () => {
  const before = await t.ctx.db.db.selectFrom('proposals').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  await runSeeders(t.ctx, { only: ['proposals'] });
  const afterRun = await t.ctx.db.db.selectFrom('proposals').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(afterRun.n), Number(before.n));
});
