// The demo Council at work: after the seated demo Council, the seeder leaves a past session with an
// amendment and three decisions (each on its track), the Kurultai's own initiatives and the next
// session convened; every public API shows them, and a second run adds nothing.
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

test('the demo seeds a past session with three decisions, the next session and the Kurultai’s initiatives, once', async () => {
  await runSeeders(t.ctx, { only: ['membership', 'identity.staff'] });
  const started = Date.now();
  const cpu = process.cpuUsage();
  await runSeeders(t.ctx, { only: ['council'] });
  const took = `${Date.now() - started} ms wall, ${Math.round((process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000)} ms cpu`;
  const { sessions } = (await t.app.inject('/api/v1/council/sessions')).json();
  assert.equal(sessions.length, 2);
  const [next, past] = sessions;
  assert.equal(next.state, 'convened');
  assert.equal(past.state, 'closed');
  assert.deepEqual(next.agenda.map((i: { kind: string }) => i.kind), ['minutesApproval']);
  assert.deepEqual(past.agenda.map((i: { status: string }) => i.status), ['adopted', 'adopted', 'adopted']);

  const detail = (await t.app.inject(`/api/v1/council/sessions/${past.id}`)).json();
  assert.equal(detail.votes.length, 4);
  assert.ok(detail.votes.every((v: { outcome: string }) => v.outcome === 'adopted'));
  assert.equal(detail.minutes.state, 'draft');
  const referendumVote = detail.votes.find((v: { decisionKind: string }) => v.decisionKind === 'referendumProposal');
  const vote = (await t.app.inject(`/api/v1/council/votes/${referendumVote.id}`)).json();
  assert.equal(vote.rollCall.length, t.ctx.charter.bodies.council.seats);
  assert.equal(vote.counts.recused, 1);
  assert.match(vote.majority.formula, /^yes \d+ ≥ 2\/3 × 126 = 84$/);

  const { decisions } = (await t.app.inject('/api/v1/council/decisions')).json();
  assert.deepEqual(decisions.map((d: { kind: string }) => d.kind).sort(), ['legislativeInitiative', 'recommendation', 'referendumProposal']);
  const rec = decisions.find((d: { kind: string }) => d.kind === 'recommendation');
  assert.equal(rec.track.kind, 'response');
  assert.equal(rec.track.item.status, 'received');
  const law = decisions.find((d: { kind: string }) => d.kind === 'legislativeInitiative');
  assert.equal(law.track.stage, 'committee');

  const { initiatives } = (await t.app.inject('/api/v1/initiatives')).json();
  assert.deepEqual(initiatives.map((i: { body: string }) => i.body).sort(), ['council', 'council', 'kurultai', 'kurultai', 'kurultai']);
  const kurultai = (await t.app.inject('/api/v1/initiatives?body=kurultai&kind=legislativeInitiative')).json().initiatives;
  assert.deepEqual(kurultai.map((i: { stage: string }) => i.stage).sort(), ['adopted', 'reading']);

  const outbox = (await t.db.db.selectFrom('outbox').select('id').execute()).length;
  await runSeeders(t.ctx, { only: ['council'] });
  assert.equal((await t.db.db.selectFrom('outbox').select('id').execute()).length, outbox);
  console.log(`council demo seeded in ${took}`);
});
