// Fault test (ADR 0807): a real `kenes serve` is SIGKILLed while it draws the Council's blocks (the
// runs are `running`, their results not stored). The next server resumes each interrupted draw once
// its lease has run out, from the committed inputs and the revealed entropy; each run ends `done`
// exactly once (one `sortition.drawn` event), with the very result an uninterrupted draw of the same
// public inputs gives, and the secretariat's retried reveal then seats the drawn members.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { type SelectionReport, verifySelection } from '../../src/core/sortition/index.ts';
import { type PublicInputs, selectionInputOf } from '../../src/core/sortition/publicDraw.ts';
import { membershipService } from '../../src/modules/membership/service.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';
import { freePort, killHard, startServe } from '../helpers/serveProcess.ts';
import type { TestApp } from '../helpers/app.ts';
import { councilTestApp, nominee, SEATS_PER_BLOCK } from './membership.fixtures.ts';

let t: TestApp & { setDay(date: string): void };
let secretariat: SignedIn;
let port: number;
let server: ChildProcess | null = null;
const LEASE_MS = 1500;
const ENTROPY = 'Kazakhstan lottery draw 2026-10-16: 07 11 19 23 31 40';

before(async () => {
  t = await councilTestApp();
  secretariat = await signInAs(t, { roles: ['secretariat'] });
  port = await freePort();
});
after(async () => {
  if (server) await killHard(server);
  await t?.close();
});

const start = () =>
  startServe({ db: t.db.url, port, env: { KENES_CHARTER: t.ctx.config.charterPath, KENES_LEDGER_KEY: t.ctx.config.ledgerKey!, KENES_SORTITION_LEASE_MS: String(LEASE_MS) }, readyTries: 1800 });

async function post(url: string, payload: object, where: 'app' | 'server' = 'app') {
  if (where === 'app') {
    const r = await t.app.inject({ method: 'POST', url, headers: secretariat.headers, payload });
    assert.ok(r.statusCode < 300, `POST ${url} → ${r.statusCode} ${r.body}`);
    return r.json();
  }
  const r = await fetch(`http://127.0.0.1:${port}${url}`, { method: 'POST', headers: { ...secretariat.headers, 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  const text = await r.text();
  assert.ok(r.status < 300, `POST ${url} → ${r.status} ${text}`);
  return JSON.parse(text);
}

test('SIGKILL during the Council draw: the next server resumes each draw once, to the same result', async () => {
  const db = t.ctx.db.db;
  const blocks = t.ctx.charter.bodies.council.blocks.map((b) => b.id);
  // Up to the commitment in this process, on the test's clock (the stages' dates are in 2026).
  t.setDay('2026-08-01');
  const { schedule } = await post('/api/v1/council/cycles', {});
  t.setDay(schedule.nominationsOpen);
  await post('/api/v1/council/cycles/0/transitions', { event: 'council.nominationsOpened' });
  // Pools large enough that the draws outlast the poll that watches for them.
  await post('/api/v1/council/cycles/0/candidates', { candidates: blocks.flatMap((block, b) => Array.from({ length: 16 }, (_, i) => nominee(block, 300 + b * 16 + i))) });
  t.setDay(schedule.nominationsClosed);
  await post('/api/v1/council/cycles/0/transitions', { event: 'council.nominationsClosed' });
  t.setDay(schedule.committed);
  const committed = ((await post('/api/v1/council/cycles/0/commit', { entropySources: ['Kazakhstan lottery draw of 2026-10-16'] })) as { draws: { runId: string }[] }).draws;
  const runs = committed.map((c) => c.runId);
  assert.equal(runs.length, blocks.length);

  // The server's clock is the real one, past the entropy date. Its reveal waits for the draws: kill it
  // once both runs are revealed (`running`) and before their results are stored.
  server = await start();
  const reveal = post('/api/v1/council/cycles/0/reveal', { entropy: ENTROPY }, 'server').catch(() => 'cut');
  const status = async () => (await db.selectFrom('sortition_runs').select(['id', 'status']).where('id', 'in', runs).execute()).map((r) => r.status);
  for (let i = 0; i < 2000 && (await status()).filter((s) => s === 'running').length < runs.length; i++) await sleep(5);
  await killHard(server);
  server = null;
  assert.equal(await reveal, 'cut', 'the reveal request did not complete');
  assert.deepEqual(await status(), runs.map(() => 'running'), 'killed with every block mid-draw');
  assert.equal((await db.selectFrom('outbox').select('id').where('kind', '=', 'sortition.drawn').execute()).length, 0);

  // A new server: once the dead server's leases run out it resumes the draws by itself.
  server = await start();
  for (let i = 0; i < 600 && (await status()).some((s) => s !== 'done'); i++) await sleep(100);
  assert.deepEqual(await status(), runs.map(() => 'done'));
  for (const id of runs) {
    const row = await db.selectFrom('sortition_runs').select(['public_inputs', 'entropy', 'report']).where('id', '=', id).executeTakeFirstOrThrow();
    const inputs = JSON.parse(row.public_inputs!) as PublicInputs;
    // The same public inputs and entropy, drawn here without interruption, give the stored result
    // (every part but the timings: probabilities, lottery, ticket, panel).
    const verdict = await verifySelection(selectionInputOf(inputs), JSON.parse(row.report!) as SelectionReport);
    assert.deepEqual(verdict, { ok: true, problems: [] });
    assert.equal(JSON.parse(row.report!).entropy, row.entropy);
    const ends = await db.selectFrom('outbox').select('kind').where('subject', '=', `sortition/${id}`).execute();
    assert.deepEqual(ends.map((e) => e.kind).sort(), ['sortition.committed', 'sortition.drawn', 'sortition.revealed'], `run ${id}: one of each`);
  }

  // The secretariat retries the reveal: nothing is revealed or drawn again; the drawn are seated once.
  const drawn = await post('/api/v1/council/cycles/0/reveal', { entropy: ENTROPY }, 'server');
  assert.equal(drawn.selected, SEATS_PER_BLOCK * blocks.length);
  assert.equal((await db.selectFrom('outbox').select('id').where('kind', '=', 'sortition.drawn').execute()).length, runs.length);
  assert.equal((await db.selectFrom('outbox').select('id').where('kind', '=', 'council.drawn').execute()).length, 1);
  assert.equal((await membershipService(t.ctx).cycle(0))?.status, 'drawn');
  const members = await db.selectFrom('council_members').select(['candidate_id', 'source_run_id']).execute();
  assert.equal(members.length, SEATS_PER_BLOCK * blocks.length);
});
