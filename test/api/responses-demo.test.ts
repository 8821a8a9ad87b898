// The demo seeder: real agencies, items in every clock state (some overdue), the demo officer moved to
// a real agency, and a second run adds nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runSeeders } from '../../src/demo/index.ts';
import { identityService } from '../../src/modules/identity/service.ts';
import { DEMO_OFFICER_AGENCY } from '../../src/modules/responses/demo.ts';
import { tableCounts } from '../../src/modules/responses/repository.ts';
import { responsesService } from '../../src/modules/responses/service.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { socketsClosed } from './responses.fixtures.ts';

let t: TestApp;
before(async () => {
  t = await testApp({ demo: true }, {}, undefined, { seed: {} });
});
// Close, let pg-pool's sockets finish closing, then drop: pg-pool's end() resolves before they have,
// and a forced DROP DATABASE would kill them mid-close (an uncaught error after the test).
after(async () => {
  await t.app.close();
  await t.db.close();
  await socketsClosed();
  await t.db.drop();
});

test('demo agencies include ministries and the akimat of every region', async () => {
  const agencies = await responsesService(t.ctx).listAgencies();
  assert.ok(agencies.some((a) => a.id === 'min-health' && a.name.ru === 'Министерство здравоохранения'));
  const regions = new Set(agencies.filter((a) => a.level === 'local').map((a) => a.region));
  assert.equal(regions.size, 20);
});

test('demo items are in every clock state and status, some overdue', async () => {
  const items = await responsesService(t.ctx).allItems();
  const clocks = new Set(items.map((i) => i.clock));
  for (const c of [null, 'on_time', 'due_soon', 'overdue', 'answered_on_time', 'answered_late']) assert.ok(clocks.has(c as never), `clock ${c} present`);
  const statuses = new Set(items.map((i) => i.status));
  for (const s of ['received', 'assigned', 'answered', 'closed']) assert.ok(statuses.has(s as never), `status ${s} present`);
  assert.ok(items.some((i) => i.extended));
  const missed = await t.ctx.db.db.selectFrom('outbox').select('id').where('kind', '=', 'response.deadline_missed').execute();
  assert.ok(missed.length > 0);
});

test('the demo agency officer acts for a real agency', async () => {
  const officers = await identityService(t.ctx).list({ role: 'agency_officer', origin: 'demo' });
  assert.ok(officers.length > 0);
  for (const o of officers) assert.equal(o.agencyId, DEMO_OFFICER_AGENCY);
});

test('seeding again adds nothing', async () => {
  const before = await tableCounts(t.ctx.db.db);
  await runSeeders(t.ctx);
  const afterCounts = await tableCounts(t.ctx.db.db);
  // The outbox may grow from other modules' seeders; ours must not.
  const { outbox: _a, ...mine } = afterCounts;
  const { outbox: _b, ...mineBefore } = before;
  assert.deepEqual(mine, mineBefore);
});
