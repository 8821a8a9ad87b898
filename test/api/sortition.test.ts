// The sortition API: a secretariat draw in a worker thread, progress as SSE, the stored report.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { parsePanelot, verifySelection } from '../../src/core/sortition/index.ts';
import { signInAs, type SignedIn } from '../helpers/auth.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

const FIXTURES = new URL('../fixtures/sortition/', import.meta.url);
const small = {
  categoriesCsv: readFileSync(new URL('example_small_20/categories.csv', FIXTURES), 'utf8'),
  respondentsCsv: readFileSync(new URL('example_small_20/respondents.csv', FIXTURES), 'utf8'),
};
const ENTROPY = 'Kazakhstan lottery draw 2026-10-15: 03 11 19 27 35 41; KASE close 2026-10-16';

let t: TestApp;
let secretariat: SignedIn;
before(async () => {
  t = await testApp();
  secretariat = await signInAs(t, { roles: ['secretariat'] });
});
after(async () => t.close());

function post(headers: Record<string, string>, payload: unknown) {
  return t.app.inject({ method: 'POST', url: '/api/v1/sortition/runs', headers, payload: payload as object });
}

test('a secretariat draw runs in a worker, streams progress and stores a verifiable report', async () => {
  const r = await post(secretariat.headers, { format: 'panelot', ...small, k: 20, entropy: ENTROPY });
  assert.equal(r.statusCode, 202, r.body);
  const { id, inputHash } = r.json();
  assert.match(inputHash, /^[0-9a-f]{64}$/);

  // The server keeps answering while the worker solves.
  const started = performance.now();
  const h = await t.app.inject('/healthz');
  assert.equal(h.statusCode, 200);
  assert.ok(performance.now() - started < 500, 'healthz answered while the draw runs');

  const events = await t.app.inject(`/api/v1/sortition/runs/${id}/events`);
  assert.equal(events.headers['content-type'], 'text/event-stream; charset=utf-8');
  assert.match(events.body, /event: done/);

  const run = (await t.app.inject(`/api/v1/sortition/runs/${id}`)).json();
  assert.equal(run.status, 'done');
  const report = run.report;
  assert.equal(report.people.length, 200);
  for (const p of report.people) assert.ok(Math.abs(p.probability - 0.1) <= 1e-6, `person ${p.id}: ${p.probability}`);
  assert.equal(report.draw.members.length, 20);
  assert.equal(report.inputHash, inputHash);

  // Anyone can rerun the draw from the published inputs and get the same panel.
  const input = parsePanelot(small, { k: 20 });
  const verdict = await verifySelection(input, report);
  assert.deepEqual(verdict.problems, []);
  assert.equal(verdict.ok, true);

  const kinds = (await t.db.db.selectFrom('outbox').select(['kind', 'payload']).where('subject', '=', `sortition/${id}`).orderBy('id').execute()).map((e) => e.kind);
  assert.deepEqual(kinds, ['sortition.committed', 'sortition.drawn']);

  const html = await t.app.inject(`/sortition/runs/${id}/report.html`);
  assert.equal(html.statusCode, 200);
  assert.match(html.body, /<svg/);
  assert.doesNotMatch(String(html.headers['content-security-policy']), /script-src/);
});

test('only the secretariat may start a draw; inputs are staff-only', async () => {
  const anon = await post({}, { format: 'panelot', ...small, k: 20, entropy: ENTROPY });
  assert.equal(anon.statusCode, 401);
  const citizen = await signInAs(t, { roles: ['citizen'] });
  const r = await post(citizen.headers, { format: 'panelot', ...small, k: 20, entropy: ENTROPY });
  assert.equal(r.statusCode, 403);
  assert.equal(r.json().status, 403);
  const count = await t.db.db.selectFrom('sortition_runs').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const runs = (await t.app.inject('/api/v1/sortition/runs')).json().runs;
  assert.equal(Number(count.n), runs.length);
  if (runs[0]) {
    const inputs = await t.app.inject({ url: `/api/v1/sortition/runs/${runs[0].id}/inputs`, headers: { cookie: citizen.cookie } });
    assert.equal(inputs.statusCode, 403);
  }
});

test('bad input is a 400 naming the field, row and column, and nothing is stored', async () => {
  const before = await t.db.db.selectFrom('sortition_runs').select('id').execute();
  const broken = small.respondentsCsv.replace(/\n([^\n,]*),/, '\nnot-a-value,');
  const cases: [unknown, RegExp][] = [
    [{ format: 'panelot', ...small, k: 20 }, /entropy/],
    [{ format: 'panelot', ...small, k: 0, entropy: ENTROPY }, /k/],
    [{ format: 'panelot', ...small, k: 5000, entropy: ENTROPY }, /k|panel/],
    [{ format: 'panelot', categoriesCsv: small.categoriesCsv, k: 20, entropy: ENTROPY }, /respondentsCsv/],
    [{ format: 'panelot', categoriesCsv: small.categoriesCsv, respondentsCsv: broken, k: 20, entropy: ENTROPY }, /respondentsCsv, row 2, column/],
    [{ format: 'dice', ...small, k: 20, entropy: ENTROPY }, /format/],
  ];
  for (const [payload, pattern] of cases) {
    const r = await post(secretariat.headers, payload);
    assert.equal(r.statusCode, 400, `${JSON.stringify(payload).slice(0, 80)} → ${r.body}`);
    const body = r.json();
    assert.equal(body.status, 400);
    assert.ok(Array.isArray(body.errors) && body.errors.length > 0);
    assert.match(`${body.detail} ${JSON.stringify(body.errors)}`, pattern);
  }
  const after = await t.db.db.selectFrom('sortition_runs').select('id').execute();
  assert.equal(after.length, before.length);
});

test('infeasible quotas end the run as failed with the conflict named, quotas untouched', async () => {
  // Each gender alone is possible, together they need 24 seats of 20.
  const impossible = small.categoriesCsv.replace('gender,female,9,20', 'gender,female,12,20').replace('gender,male,9,20', 'gender,male,12,20');
  assert.notEqual(impossible, small.categoriesCsv);
  const r = await post(secretariat.headers, { format: 'panelot', categoriesCsv: impossible, respondentsCsv: small.respondentsCsv, k: 20, entropy: ENTROPY });
  assert.equal(r.statusCode, 202, r.body);
  const { id } = r.json();
  const events = await t.app.inject(`/api/v1/sortition/runs/${id}/events`);
  assert.match(events.body, /event: failed/);
  const run = (await t.app.inject(`/api/v1/sortition/runs/${id}`)).json();
  assert.equal(run.status, 'failed');
  const named = run.error.diagnosis.conflicts.map((c: { category: string; value: string; bound: string }) => `${c.category}=${c.value}:${c.bound}`).sort();
  // A minimal conflicting set necessarily holds one of the raised gender minimums.
  assert.ok(named.some((n: string) => n === 'gender=female:min' || n === 'gender=male:min'), named.join(', '));
  assert.ok(named.length >= 2);
  assert.equal(run.report, null);
});

test('an unknown run is a 404 problem', async () => {
  const r = await t.app.inject('/api/v1/sortition/runs/00000000-0000-4000-8000-000000000000');
  assert.equal(r.statusCode, 404);
  assert.equal(r.json().status, 404);
});

test('the public pages list the draws and show one with its seed, panel and rerun command', async () => {
  // A finished draw of this test's own, so the test does not rely on the first one having run.
  const started = await post(secretariat.headers, { format: 'panelot', ...small, k: 20, entropy: ENTROPY });
  assert.equal(started.statusCode, 202, started.body);
  assert.match((await t.app.inject(`/api/v1/sortition/runs/${started.json().id}/events`)).body, /event: done/);
  const list = await t.app.inject({ url: '/sortition?lang=en', headers: { accept: 'text/html' } });
  assert.equal(list.statusCode, 200);
  const run = (await t.app.inject('/api/v1/sortition/runs')).json().runs.find((r: { status: string }) => r.status === 'done');
  assert.ok(run, 'a finished run');
  assert.match(list.body, new RegExp(`/sortition/runs/${run.id}`));
  const page = await t.app.inject({ url: `/sortition/runs/${run.id}?lang=en`, headers: { accept: 'text/html' } });
  assert.equal(page.statusCode, 200);
  const report = (await t.app.inject(`/api/v1/sortition/runs/${run.id}`)).json().report;
  assert.ok(page.body.includes(report.seed));
  assert.ok(page.body.includes(report.draw.members.join(', ')));
  assert.match(page.body, /kenes select verify report\.json --categories categories\.csv --respondents respondents\.csv --k 20/);
  const missing = await t.app.inject({ url: '/sortition/runs/nope', headers: { accept: 'text/html' } });
  assert.equal(missing.statusCode, 404);
});
