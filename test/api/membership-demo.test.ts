// The demo Council: the seeder runs the first cycle through the real service and draw ceremony, so
// the members API shows every seat of the default charter filled; a second run adds nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runSeeders } from '../../src/demo/index.ts';
import { generateSigningKey } from '../../src/core/ledger/signing.ts';
import { type TestApp, testApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await testApp({ ledgerKey: generateSigningKey().privateKeyBase64 });
});
after(async () => t?.close());

test('the demo seeds a first Council, drawn through the ceremony and seated, once', async () => {
  await runSeeders(t.ctx, { only: ['membership'] });
  const council = t.ctx.charter.bodies.council;
  const cycle = (await t.app.inject('/api/v1/council/cycles/0')).json();
  assert.equal(cycle.status, 'seated');
  // The members on the first term's start date: every seat, each block full, each from its block's draw.
  const r = (await t.app.inject(`/api/v1/council/members?date=${cycle.schedule.termStart}`)).json();
  assert.equal(r.count, council.seats);
  for (const b of council.blocks) {
    const ofBlock = r.members.filter((m: { block: string }) => m.block === b.id);
    assert.equal(ofBlock.length, b.seats);
    const run = cycle.blocks.find((x: { id: string }) => x.id === b.id).draw.runId;
    assert.ok(ofBlock.every((m: { draw: string }) => m.draw === run));
    assert.equal((await t.app.inject(`/api/v1/sortition/draws/${run}`)).json().stage, 'drawn');
  }
  const outboxBefore = (await t.db.db.selectFrom('outbox').select('id').execute()).length;
  await runSeeders(t.ctx, { only: ['membership'] });
  assert.equal((await t.db.db.selectFrom('outbox').select('id').execute()).length, outboxBefore);
  assert.equal((await t.db.db.selectFrom('council_cycles').select('id').execute()).length, 1);
});
