// A Council draw whose pool cannot meet the quotas (ADR 0809): every nominee of one block lives in one
// region, so the block's maximum for that region cannot hold. The commit publishes the engine's smallest relaxation
// with the pool; the reveal draws under it but calls nobody; the cycle page says it waits; a
// citizen may not accept it; the secretariat's acceptance is recorded on the ledger, and only then
// are the drawn members recorded and called.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseQuotasCsv } from '../../src/core/sortition/publicDraw.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';
import { councilTestApp, nominee, SEATS_PER_BLOCK, snapshot } from './membership.fixtures.ts';

let t: Awaited<ReturnType<typeof councilTestApp>>;
let secretariat: SignedIn;
let citizen: SignedIn;
const ENTROPY = 'Kazakhstan lottery draw 2026-10-16: 05 13 21 27 33 41';

before(async () => {
  t = await councilTestApp();
  secretariat = await signInAs(t, { roles: ['secretariat'] });
  citizen = await signInAs(t, {});
});
after(async () => t?.close());

const call = (method: string, url: string, who: SignedIn | null, payload?: unknown) =>
  t.app.inject({ method: method as 'POST', url, headers: who ? who.headers : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
async function ok(method: string, url: string, who: SignedIn | null, payload?: unknown) {
  const r = await call(method, url, who, payload);
  assert.ok(r.statusCode < 300, `${method} ${url} → ${r.statusCode} ${r.body}`);
  return r.json();
}
async function refused(method: string, url: string, who: SignedIn | null, payload: unknown, status: number, code?: string) {
  const before = await snapshot(t);
  const r = await call(method, url, who, payload);
  assert.equal(r.statusCode, status, r.body);
  if (code) assert.equal(r.json().code, code, r.body);
  assert.equal(await snapshot(t), before, `${method} ${url} changed the database`);
}

test('quotas the pool cannot meet: committed relaxed, drawn, and the members called only after the recorded acceptance', async () => {
  const blocks = t.ctx.charter.bodies.council.blocks.map((b) => b.id);
  t.setDay('2026-08-01');
  const { schedule } = await ok('POST', '/api/v1/council/cycles', secretariat);
  t.setDay(schedule.nominationsOpen);
  await ok('POST', '/api/v1/council/cycles/0/transitions', secretariat, { event: 'council.nominationsOpened' });
  // Block 0: everyone from KZ-10 (the block takes at most 2 of its 4 seats from one region); block 1: mixed.
  const pool = [...Array.from({ length: 8 }, (_, i) => nominee(blocks[0]!, i, { region: 'KZ-10' })), ...Array.from({ length: 8 }, (_, i) => nominee(blocks[1]!, 40 + i))];
  await ok('POST', '/api/v1/council/cycles/0/candidates', secretariat, { candidates: pool });
  t.setDay(schedule.nominationsClosed);
  await ok('POST', '/api/v1/council/cycles/0/transitions', secretariat, { event: 'council.nominationsClosed' });
  t.setDay(schedule.committed);
  const committed = await ok('POST', '/api/v1/council/cycles/0/commit', secretariat, { entropySources: ['Kazakhstan lottery draw of 2026-10-16'] });
  const [relaxedDraw, plainDraw] = committed.draws as { blockId: string; runId: string; relaxation: { category: string; value: string; min: number; newMin: number; max: number; newMax: number }[] | null }[];
  assert.equal(relaxedDraw!.blockId, blocks[0]);
  assert.ok(relaxedDraw!.relaxation && relaxedDraw!.relaxation.length > 0, 'block 0 is committed under a relaxation');
  assert.ok(relaxedDraw!.relaxation!.some((c) => c.category === 'region' && c.value === 'KZ-10' && c.newMax > c.max), JSON.stringify(relaxedDraw!.relaxation));
  assert.equal(plainDraw!.relaxation, null);
  // The public quotas are the relaxed ones: the draw stays verifiable from its files.
  const published = parseQuotasCsv((await t.app.inject(`/sortition/runs/${relaxedDraw!.runId}/quotas.csv`)).body);
  for (const c of relaxedDraw!.relaxation!) {
    const q = published.find((x) => x.category === c.category && x.value === c.value)!;
    assert.deepEqual([q.min, q.max], [c.newMin, c.newMax]);
  }
  const db = t.ctx.db.db;
  const commitEvent = await db.selectFrom('outbox').select('payload').where('kind', '=', 'council.poolCommitted').executeTakeFirstOrThrow();
  assert.deepEqual(JSON.parse(commitEvent.payload).draws[0].relaxation, relaxedDraw!.relaxation);

  t.setDay(schedule.drawn);
  const drawn = await ok('POST', '/api/v1/council/cycles/0/reveal', secretariat, { entropy: ENTROPY });
  assert.equal(drawn.awaitingAcceptance, true);
  assert.equal(drawn.selected, 0);
  assert.deepEqual(drawn.relaxations.map((r: { block: string }) => r.block), [blocks[0]]);
  assert.equal((await db.selectFrom('council_members').select('id').execute()).length, 0, 'nobody is called before the acceptance');
  assert.equal((await ok('GET', '/api/v1/council/cycles/0', null)).status, 'committed');
  for (const lang of ['en', 'ru', 'kk']) {
    const page = await t.app.inject({ url: `/council/cycles/0?lang=${lang}` });
    assert.equal(page.statusCode, 200);
    const pending = { en: "waiting for the secretariat's acceptance", ru: 'ждёт принятия секретариатом', kk: 'хатшылықтың қабылдауын күтуде' }[lang]!;
    assert.ok(page.body.includes(pending), `${lang} cycle page shows the pending relaxation`);
  }
  const console_ = await t.app.inject({ url: '/council/console', headers: secretariat.headers });
  assert.ok(console_.body.includes('form-relaxation'), 'the console offers the acceptance');

  // Only the secretariat may accept; a citizen's request changes nothing.
  await refused('POST', '/api/v1/council/cycles/0/relaxation/accept', citizen, {}, 403);
  await refused('POST', '/api/v1/council/cycles/0/relaxation/accept', null, {}, 401);
  // A repeated reveal still waits (nothing is drawn twice).
  assert.equal((await ok('POST', '/api/v1/council/cycles/0/reveal', secretariat, { entropy: ENTROPY })).awaitingAcceptance, true);

  const accepted = await ok('POST', '/api/v1/council/cycles/0/relaxation/accept', secretariat, {});
  assert.equal(accepted.accepted, 1);
  assert.equal(accepted.selected, SEATS_PER_BLOCK * blocks.length);
  assert.equal((await ok('GET', '/api/v1/council/cycles/0', null)).status, 'drawn');
  const event = await db.selectFrom('outbox').select(['payload', 'subject']).where('kind', '=', 'council.relaxationAccepted').execute();
  assert.equal(event.length, 1);
  assert.equal(event[0]!.subject, 'council-cycle/0');
  const payload = JSON.parse(event[0]!.payload);
  assert.equal(payload.acceptedBy, secretariat.user.id);
  assert.deepEqual(payload.draws.map((d: { run: string }) => d.run), [relaxedDraw!.runId]);
  const row = await db.selectFrom('council_draws').select(['relaxation_accepted_by', 'relaxation_accepted_at']).where('run_id', '=', relaxedDraw!.runId).executeTakeFirstOrThrow();
  assert.equal(row.relaxation_accepted_by, secretariat.user.id);
  assert.ok(row.relaxation_accepted_at);
  // The acceptance precedes the record of the drawn members on the outbox (and so the ledger).
  const order = (await db.selectFrom('outbox').select(['kind', 'id']).where('kind', 'in', ['council.relaxationAccepted', 'council.drawn']).orderBy('id').execute()).map((e) => e.kind);
  assert.deepEqual(order, ['council.relaxationAccepted', 'council.drawn']);
  const page = await t.app.inject({ url: '/council/cycles/0?lang=en' });
  assert.ok(page.body.includes('accepted by the secretariat on'));
  // Once drawn, there is nothing left to accept.
  await refused('POST', '/api/v1/council/cycles/0/relaxation/accept', secretariat, {}, 409, 'cycle-wrong-stage');
});
