// The sortition API as a two-step public ceremony (ADR 0111): commit (anonymised pool, quotas, named
// entropy sources and their date, on the ledger under a signed head at once) → the clock passes the
// date → reveal → the draw in a worker thread, progress as SSE, the stored report; and every refusal.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DomainError } from '../../src/core/errors.ts';
import { makeIin } from '../../src/core/iin.ts';
import { parsePanelot, runSelection, verifySelection } from '../../src/core/sortition/index.ts';
import { type CommitmentFile, parsePoolCsv, parseQuotasCsv, selectionInputOf, verifyPublicDraw } from '../../src/core/sortition/publicDraw.ts';
import { generateSigningKey, headSignatureValid, parsePublicKey } from '../../src/core/ledger/signing.ts';
import { sortitionDraws } from '../../src/modules/sortition/api.ts';
import { domainProblem } from '../../src/web/domainProblems.ts';
import { signInAs, type SignedIn } from '../helpers/auth.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

const FIXTURES = new URL('../fixtures/sortition/', import.meta.url);
const BIN = fileURLToPath(new URL('../../bin/kenes.mjs', import.meta.url));
const small = {
  categoriesCsv: readFileSync(new URL('example_small_20/categories.csv', FIXTURES), 'utf8'),
  respondentsCsv: readFileSync(new URL('example_small_20/respondents.csv', FIXTURES), 'utf8'),
};
// The same pool in the Sortition Foundation shape, with CRM-style ids that must never be published.
const features = small.categoriesCsv.replace('category,feature,min,max', 'feature,value,min,max');
const peopleCsv = small.respondentsCsv
  .trim()
  .split('\n')
  .map((line, i) => (i === 0 ? `id,${line}` : `crm-${String(7000 + i)},${line}`))
  .join('\n');
const ENTROPY = 'Kazakhstan lottery draw 2026-10-15: 03 11 19 27 35 41; KASE close 2026-10-16';
const DAY = 24 * 3600 * 1000;
const keys = generateSigningKey();

let t: TestApp;
let secretariat: SignedIn;
let clock = Date.now();
const later = (ms: number) => new Date(clock + ms).toISOString();

before(async () => {
  t = await testApp({ ledgerKey: keys.privateKeyBase64 });
  t.ctx.now = () => new Date(clock);
  secretariat = await signInAs(t, { roles: ['secretariat'] });
});
after(async () => t.close());

function commit(headers: Record<string, string>, payload: unknown) {
  return t.app.inject({ method: 'POST', url: '/api/v1/sortition/draws', headers, payload: payload as object });
}
function reveal(id: string, payload: unknown, headers: Record<string, string> = secretariat.headers) {
  return t.app.inject({ method: 'POST', url: `/api/v1/sortition/draws/${id}/reveal`, headers, payload: payload as object });
}
const plan = () => ({ entropySources: ['Kazakhstan lottery draw of 2026-10-15', 'KASE index close of 2026-10-16'], entropyAfter: later(DAY) });
const counts = async () => ({
  runs: (await t.db.db.selectFrom('sortition_runs').select('id').execute()).length,
  outbox: (await t.db.db.selectFrom('outbox').select('id').execute()).length,
});
async function file(id: string, name: string) {
  const r = await t.app.inject(`/sortition/runs/${id}/${name}`);
  assert.equal(r.statusCode, 200, `${name}: ${r.body}`);
  return r.body;
}

/** Commit → move the clock past the entropy date → reveal → wait for the worker. */
async function ceremony(payload: Record<string, unknown>) {
  const c = await commit(secretariat.headers, { ...plan(), ...payload });
  assert.equal(c.statusCode, 201, c.body);
  clock += 2 * DAY;
  const r = await reveal(c.json().id, { entropy: ENTROPY });
  assert.equal(r.statusCode, 202, r.body);
  const events = await t.app.inject(`/api/v1/sortition/runs/${c.json().id}/events`);
  return { id: c.json().id as string, committed: c.json(), events: events.body };
}

let drawnId = '';

test('commit → reveal before the date refused → clock past the date → reveal → a verifiable draw', async () => {
  const entropyAfter = later(DAY);
  const c = await commit(secretariat.headers, { format: 'sortition-foundation', featuresCsv: features, peopleCsv, k: 20, entropySources: ['Kazakhstan lottery draw of 2026-10-15'], entropyAfter });
  assert.equal(c.statusCode, 201, c.body);
  const { id, commitment, ledger, head } = c.json();
  drawnId = id;
  assert.match(commitment, /^[0-9a-f]{64}$/);
  // The commitment is on the ledger, under a head signed at once, before the entropy exists.
  assert.ok(head.size > ledger.index, 'the signed head covers the commitment entry');
  assert.ok(Date.parse(head.timestamp) < Date.parse(entropyAfter));
  assert.ok(headSignatureValid(head, parsePublicKey(keys.publicKeyBase64)));
  const entry = (await t.app.inject(`/api/v1/ledger/entries/${ledger.index}`)).json();
  assert.equal(entry.kind, 'sortition.committed');
  assert.equal(JSON.parse(entry.entry).payload.commitment, commitment);

  // Public files: random candidate numbers and category values only, never the source ids.
  const pool = await file(id, 'pool.csv');
  const quotas = await file(id, 'quotas.csv');
  const commitmentFile = JSON.parse(await file(id, 'commitment.json')) as CommitmentFile;
  assert.equal(commitmentFile.commitment, commitment);
  assert.deepEqual(commitmentFile.entropy, { sources: ['Kazakhstan lottery draw of 2026-10-15'], after: entropyAfter });
  assert.equal(pool.split('\n')[0], 'candidate,gender,leaning');
  assert.equal(pool.trim().split('\n').length, 201);
  assert.doesNotMatch(pool + JSON.stringify(commitmentFile) + entry.entry, /crm-/);

  // Too early: refused, nothing changed.
  const before = await counts();
  const early = await reveal(id, { entropy: ENTROPY });
  assert.equal(early.statusCode, 409, early.body);
  assert.equal(early.json().type, 'https://kenes.kz/problems/entropy-not-yet');
  assert.match(early.json().detail, new RegExp(entropyAfter));
  assert.deepEqual(await counts(), before);
  assert.equal((await t.app.inject(`/api/v1/sortition/runs/${id}`)).json().stage, 'committed');

  clock += 2 * DAY;
  const r = await reveal(id, { entropy: ENTROPY });
  assert.equal(r.statusCode, 202, r.body);

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
  assert.equal(run.stage, 'drawn');
  const report = run.report;
  assert.equal(report.people.length, 200);
  for (const p of report.people) assert.ok(Math.abs(p.probability - 0.1) <= 1e-6, `person ${p.id}: ${p.probability}`);
  assert.equal(report.draw.members.length, 20);
  assert.equal(report.inputHash, run.inputHash);
  assert.deepEqual(report.ceremony, { public: true, commitment, note: report.ceremony.note });
  const numbers = new Set(pool.trim().split('\n').slice(1).map((l) => l.split(',')[0]));
  for (const m of report.draw.members) assert.ok(numbers.has(m), `${m} is a public candidate number`);
  assert.doesNotMatch(JSON.stringify(run), /crm-/);

  // Anyone can rerun the draw from the public files alone and get the same panel.
  const input = selectionInputOf({ pool: parsePoolCsv(pool, commitmentFile.categories, commitmentFile.householdRule), quotas: parseQuotasCsv(quotas), k: 20 });
  const verdict = await verifySelection(input, report);
  assert.deepEqual(verdict.problems, []);
  assert.equal(verdict.ok, true);
  // …and check it against the ledger.
  const ledgerFile = JSON.parse(await file(id, 'ledger.json'));
  assert.deepEqual(ledgerFile.entries.map((e: { kind: string }) => e.kind), ['sortition.committed', 'sortition.revealed', 'sortition.drawn']);
  const publicCheck = verifyPublicDraw({ commitment: commitmentFile, publicPool: pool, quotas, report: await file(id, 'report.json'), ledgerEntries: ledgerFile.entries, heads: [ledgerFile.commitHead] });
  assert.deepEqual(publicCheck.checks.filter((x) => !x.ok), []);
  assert.equal(publicCheck.ok, true);
  const drawn = JSON.parse(ledgerFile.entries[2].entry).payload;
  assert.equal(drawn.commitmentIndex, ledger.index);
  assert.equal(drawn.commitmentEntryHash, ledger.entryHash);

  const kinds = (await t.db.db.selectFrom('outbox').select(['kind', 'payload']).where('subject', '=', `sortition/${id}`).orderBy('id').execute()).map((e) => e.kind);
  assert.deepEqual(kinds, ['sortition.committed', 'sortition.revealed', 'sortition.drawn']);

  // A second reveal is refused, nothing changed.
  const again = await counts();
  const second = await reveal(id, { entropy: `${ENTROPY} 2` });
  assert.equal(second.statusCode, 409);
  assert.equal(second.json().type, 'https://kenes.kz/problems/already-revealed');
  assert.deepEqual(await counts(), again);

  // Staff see the map from public numbers to source ids; the public does not.
  const staff = (await t.app.inject({ url: `/api/v1/sortition/runs/${id}/inputs`, headers: { cookie: secretariat.cookie } })).json();
  assert.equal(Object.keys(staff.sourceIds).length, 200);
  assert.match(staff.sourceIds[report.draw.members[0]], /^crm-\d+$/);

  const html = await t.app.inject(`/sortition/runs/${id}/report.html?lang=ru`);
  assert.equal(html.statusCode, 200);
  assert.match(html.body, /<svg/);
  assert.doesNotMatch(html.body, /<script/);
  // A page of the site in the reader's language: the site's header, translated headings.
  assert.match(html.body, /<html lang="ru"/);
  assert.match(html.body, /class="site-header"/);
  assert.match(html.body, /<h2>Квоты<\/h2>/);
});

test('kenes select verify: a run URL passes; a report regenerated with other entropy fails against the ledger', async () => {
  assert.ok(drawnId, 'the draw of the first test');
  const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'kenes-verify-'));
  const kenes = (...args: string[]) => new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    // Asynchronous, so this process keeps serving the requests the CLI makes.
    import('node:child_process').then(({ execFile }) => {
      execFile(process.execPath, [BIN, 'select', ...args], { cwd: dir, encoding: 'utf8' }, (err, stdout, stderr) => resolve({ status: err ? (err as { code?: number }).code ?? 1 : 0, stdout, stderr }));
    });
  });
  const ok = await kenes('verify', `${address}/sortition/runs/${drawnId}`, '--key', keys.publicKeyBase64);
  assert.equal(ok.status, 0, ok.stderr + ok.stdout);
  assert.match(ok.stdout, /^ok {3}rerun:/m);
  assert.match(ok.stdout, /^verified: public leximin draw/m);
  assert.match(ok.stdout, /LEXIMIN \(or other\) optimisation is not rerun here/);

  // Same public inputs, other entropy: internally consistent (the full rerun agrees), but not the draw
  // the ledger recorded.
  const files: Record<string, string> = {};
  for (const name of ['commitment.json', 'pool.csv', 'quotas.csv', 'report.json']) {
    files[name] = await file(drawnId, name);
    writeFileSync(join(dir, name), files[name]);
  }
  const c = JSON.parse(files['commitment.json']) as CommitmentFile;
  const input = selectionInputOf({ pool: parsePoolCsv(files['pool.csv'], c.categories, c.householdRule), quotas: parseQuotasCsv(files['quotas.csv']), k: c.k });
  const forged = await runSelection(input, { entropy: 'Another lottery: 01 02 03 04 05 06', lotterySize: c.lotterySize, commitment: c.commitment });
  const genuine = JSON.parse(files['report.json']);
  assert.notDeepEqual(forged.draw.members, genuine.draw.members, 'another panel');
  assert.equal(forged.inputHash, genuine.inputHash, 'same inputs');
  assert.deepEqual((await verifySelection(input, forged)).problems, [], 'the forged report is internally consistent');
  writeFileSync(join(dir, 'forged.json'), JSON.stringify(forged));
  const exported = await t.app.inject('/api/v1/ledger/export');
  assert.equal(exported.statusCode, 200);
  writeFileSync(join(dir, 'ledger.jsonl'), exported.body);
  const filesArgs = ['--commitment', 'commitment.json', '--pool', 'pool.csv', '--quotas', 'quotas.csv', '--ledger', 'ledger.jsonl', '--key', keys.publicKeyBase64];
  const good = await kenes('verify', 'report.json', ...filesArgs, '--no-rerun');
  assert.equal(good.status, 0, good.stderr + good.stdout);
  const bad = await kenes('verify', 'forged.json', ...filesArgs);
  assert.equal(bad.status, 1, bad.stdout);
  assert.match(bad.stderr, /^kenes: verification failed: .*seed: SHA-256 of the entropy is [0-9a-f]{64}; the report's seed is/);
  assert.match(bad.stderr, /drawn-entry: ledger entry \d+ records report [0-9a-f]{64}, this report hashes to/);
  assert.match(bad.stdout, /^FAIL panel:/m);
});

test('only the secretariat may commit or reveal; inputs are staff-only', async () => {
  const anon = await commit({}, { format: 'panelot', ...small, k: 20, ...plan() });
  assert.equal(anon.statusCode, 401);
  const citizen = await signInAs(t, { roles: ['citizen'] });
  const r = await commit(citizen.headers, { format: 'panelot', ...small, k: 20, ...plan() });
  assert.equal(r.statusCode, 403);
  assert.equal(r.json().status, 403);
  const count = await t.db.db.selectFrom('sortition_runs').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const runs = (await t.app.inject('/api/v1/sortition/runs')).json().runs;
  assert.equal(Number(count.n), runs.length);
  if (runs[0]) {
    const inputs = await t.app.inject({ url: `/api/v1/sortition/runs/${runs[0].id}/inputs`, headers: { cookie: citizen.cookie } });
    assert.equal(inputs.statusCode, 403);
    assert.equal((await reveal(runs[0].id, { entropy: ENTROPY }, citizen.headers)).statusCode, 403);
  }
});

test('bad input is a clear problem naming the field, row and column, and nothing is stored', async () => {
  const before = await counts();
  const broken = small.respondentsCsv.replace(/\n([^\n,]*),/, '\nnot-a-value,');
  const iinPeople = peopleCsv.replace('crm-7003,', `${makeIin('1990-05-17', 'female', 42)},`);
  const cases: [unknown, number, RegExp][] = [
    [{ format: 'panelot', ...small, k: 20, entropyAfter: later(DAY) }, 400, /entropySources/],
    [{ format: 'panelot', ...small, k: 20, entropySources: [' '], entropyAfter: later(DAY) }, 400, /entropySources/],
    [{ format: 'panelot', ...small, k: 20, entropySources: ['lotto'], entropyAfter: 'next week' }, 400, /entropyAfter/],
    [{ format: 'panelot', ...small, k: 20, entropySources: ['lotto'], entropyAfter: later(-60_000) }, 422, /entropyAfter.*not in the future/],
    [{ format: 'panelot', ...small, k: 20, ...plan(), seed: 'a'.repeat(64) }, 400, /body\.seed.*operator-chosen seed is not accepted/],
    [{ format: 'panelot', ...small, k: 20, ...plan(), entropy: ENTROPY }, 400, /body\.entropy.*reveal/],
    [{ format: 'panelot', ...small, k: 0, ...plan() }, 400, /k/],
    [{ format: 'panelot', ...small, k: 5000, ...plan() }, 400, /k|panel/],
    [{ format: 'panelot', categoriesCsv: small.categoriesCsv, k: 20, ...plan() }, 400, /respondentsCsv/],
    [{ format: 'panelot', categoriesCsv: small.categoriesCsv, respondentsCsv: broken, k: 20, ...plan() }, 400, /respondentsCsv, row 2, column/],
    [{ format: 'sortition-foundation', featuresCsv: features, peopleCsv: iinPeople, k: 20, ...plan() }, 400, /peopleCsv, row 4, column "id".*IIN/],
    [{ format: 'dice', ...small, k: 20, ...plan() }, 400, /format/],
  ];
  for (const [payload, status, pattern] of cases) {
    const r = await commit(secretariat.headers, payload);
    assert.equal(r.statusCode, status, `${JSON.stringify(payload).slice(0, 80)} → ${r.body}`);
    const body = r.json();
    assert.equal(body.status, status);
    assert.ok(Array.isArray(body.errors) && body.errors.length > 0, r.body);
    assert.match(`${body.detail} ${JSON.stringify(body.errors)}`, pattern);
  }
  assert.deepEqual(await counts(), before);
});

test('a pool given as data by another module goes through the same ceremony; IIN ids are refused with row and column', async () => {
  const draws = sortitionDraws(t.ctx);
  const input = parsePanelot(small, { k: 20 });
  input.people.forEach((p, i) => {
    p.id = `nominee-${i}`;
  });
  const before = await counts();
  const withIin = structuredClone(input);
  withIin.people[6].id = makeIin('1985-01-02', 'male', 7);
  await assert.rejects(draws.commitPool('council', { input: withIin, ...plan() }), (err: unknown) => {
    // Another module gets a DomainError; as problem details it names the field, row and column.
    assert.ok(err instanceof DomainError && err.code === 'sortition-input', String(err));
    const problem = domainProblem(err, t.app.kenes.problems);
    assert.equal(problem.status, 400);
    assert.match(problem.message, /pool, row 7, column "id": this id passes the IIN\/BIN check/);
    assert.equal(problem.extra.errors?.[0].field, 'input.pool');
    return true;
  });
  assert.deepEqual(await counts(), before);
  const c = await draws.commitPool('council', { input, ...plan() });
  assert.ok(c.head && c.head.size > c.ledgerIndex);
  clock += 2 * DAY;
  const r = await draws.reveal(c.id, { entropy: ENTROPY });
  await r.done;
  const run = await draws.get(c.id);
  assert.equal(run?.stage, 'drawn');
  assert.equal(run?.report?.draw.members.length, 20);
  assert.doesNotMatch(JSON.stringify(run) + (await file(c.id, 'pool.csv')), /nominee-/);
  const check = async () =>
    verifyPublicDraw({ commitment: await file(c.id, 'commitment.json'), publicPool: await file(c.id, 'pool.csv'), quotas: await file(c.id, 'quotas.csv'), report: await file(c.id, 'report.json'), ledgerEntries: JSON.parse(await file(c.id, 'ledger.json')).entries });
  assert.equal((await check()).ok, true);

  // The stored pool changed after the draw: the published files no longer hash to the ledger's commitment.
  const row = await t.db.db.selectFrom('sortition_runs').select('public_inputs').where('id', '=', c.id).executeTakeFirstOrThrow();
  const changed = JSON.parse(row.public_inputs!);
  changed.quotas[0].max -= 1;
  await t.db.db.updateTable('sortition_runs').set({ public_inputs: JSON.stringify(changed) }).where('id', '=', c.id).execute();
  const tampered = await check();
  assert.equal(tampered.ok, false);
  assert.deepEqual(tampered.checks.find((x) => x.name === 'commitment')?.ok, false);
});

test('reveal refuses an operator seed, an unknown draw, a draw without commitment, and a commitment changed after publication', async () => {
  const c = await commit(secretariat.headers, { format: 'panelot', ...small, k: 20, ...plan() });
  assert.equal(c.statusCode, 201, c.body);
  const { id } = c.json();
  clock += 2 * DAY;
  const seeded = await reveal(id, { entropy: ENTROPY, seed: 'b'.repeat(64) });
  assert.equal(seeded.statusCode, 400);
  assert.match(seeded.json().detail, /body\.seed: an operator-chosen seed is not accepted/);
  const unknown = await reveal('00000000-0000-4000-8000-000000000000', { entropy: ENTROPY });
  assert.equal(unknown.statusCode, 404);

  // The stored pool changed after publication (one candidate's category value): detected, refused.
  const row = await t.db.db.selectFrom('sortition_runs').select(['public_inputs', 'commitment']).where('id', '=', id).executeTakeFirstOrThrow();
  const inputs = JSON.parse(row.public_inputs!);
  inputs.pool.candidates[0].values[0] = inputs.pool.candidates[0].values[0] === 'male' ? 'female' : 'male';
  await t.db.db.updateTable('sortition_runs').set({ public_inputs: JSON.stringify(inputs) }).where('id', '=', id).execute();
  const before = await counts();
  const tampered = await reveal(id, { entropy: ENTROPY });
  assert.equal(tampered.statusCode, 409, tampered.body);
  assert.equal(tampered.json().type, 'https://kenes.kz/problems/commitment-mismatch');
  assert.deepEqual(await counts(), before);

  // Rewriting the stored commitment to match does not help: the ledger still holds the original.
  const { commitmentOf } = await import('../../src/core/sortition/publicDraw.ts');
  await t.db.db.updateTable('sortition_runs').set({ commitment: commitmentOf(inputs) }).where('id', '=', id).execute();
  const rewritten = await reveal(id, { entropy: ENTROPY });
  assert.equal(rewritten.statusCode, 409);
  assert.match(rewritten.json().detail, /ledger entry \d+ says [0-9a-f]{64}/);

  // A draw row with no commitment at all cannot be drawn.
  await t.db.db.updateTable('sortition_runs').set({ commitment: null }).where('id', '=', id).execute();
  const none = await reveal(id, { entropy: ENTROPY });
  assert.equal(none.statusCode, 409);
  assert.equal(none.json().type, 'https://kenes.kz/problems/no-commitment');
  assert.deepEqual(await counts(), before);
  assert.equal((await t.app.inject(`/api/v1/sortition/runs/${id}`)).json().status, 'committed');
});

test('infeasible quotas end the run as failed with the conflict named, quotas untouched', async () => {
  // Each gender alone is possible, together they need 24 seats of 20.
  const impossible = small.categoriesCsv.replace('gender,female,9,20', 'gender,female,12,20').replace('gender,male,9,20', 'gender,male,12,20');
  assert.notEqual(impossible, small.categoriesCsv);
  const { id, events } = await ceremony({ format: 'panelot', categoriesCsv: impossible, respondentsCsv: small.respondentsCsv, k: 20 });
  assert.match(events, /event: failed/);
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

test('the public pages list the draws and show one with its stage, entropy plan, files, seed, panel and rerun command', async () => {
  const list = await t.app.inject({ url: '/sortition?lang=en', headers: { accept: 'text/html' } });
  assert.equal(list.statusCode, 200);
  assert.match(list.body, new RegExp(`/sortition/runs/${drawnId}`));
  const page = await t.app.inject({ url: `/sortition/runs/${drawnId}?lang=en`, headers: { accept: 'text/html', host: 'kenes.example.kz' } });
  assert.equal(page.statusCode, 200);
  const run = (await t.app.inject(`/api/v1/sortition/runs/${drawnId}`)).json();
  const report = run.report;
  assert.ok(page.body.includes(report.seed));
  assert.ok(page.body.includes(report.draw.members.join(', ')));
  assert.ok(page.body.includes(run.commitment));
  assert.match(page.body, /data-stage="drawn"/);
  assert.match(page.body, /Kazakhstan lottery draw of 2026-10-15/);
  assert.ok(page.body.includes(run.entropyPlan.after));
  for (const f of ['pool.csv', 'quotas.csv', 'commitment.json', 'report.json', 'ledger.json']) assert.ok(page.body.includes(`href="/sortition/runs/${drawnId}/${f}"`), f);
  // The command uses the address the reader used, never localhost, and no unpublished npm package.
  assert.ok(page.body.includes(`curl -fsSO http://kenes.example.kz/kenes-verify.mjs\nnode kenes-verify.mjs draw http://kenes.example.kz/sortition/runs/${drawnId}`), 'rerun command');
  assert.doesNotMatch(page.body, /localhost|npx kenes/);
  const missing = await t.app.inject({ url: '/sortition/runs/nope', headers: { accept: 'text/html' } });
  assert.equal(missing.statusCode, 404);
});
