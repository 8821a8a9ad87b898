// The lottery console's check before a commit (issue 15): the secretariat sends the commit form to
// /sortition/draws/preview and sees the pool against its quotas, whether a panel exists, the conflict
// and the smallest relaxation, which "use the suggested quotas" writes into the form; every row
// problem of a CSV is listed; nothing is stored; only the secretariat may use it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { generateSigningKey } from '../../src/core/ledger/signing.ts';
import { type TestApp, testApp } from '../helpers/app.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';

const FIXTURES = new URL('../fixtures/sortition/example_small_20/', import.meta.url);
const categoriesCsv = readFileSync(new URL('categories.csv', FIXTURES), 'utf8');
const respondentsCsv = readFileSync(new URL('respondents.csv', FIXTURES), 'utf8');

let t: TestApp;
let secretariat: SignedIn;
before(async () => {
  t = await testApp({ ledgerKey: generateSigningKey().privateKeyBase64 });
  secretariat = await signInAs(t, { roles: ['secretariat'] });
});
after(async () => t?.close());

function post(url: string, who: SignedIn | null, fields: Record<string, string>, lang = 'en') {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: `${who ? `${who.cookie}; ` : ''}lang=${lang}`, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...(who ? { _csrf: who.csrf } : {}), ...fields }).toString(),
  });
}
const form = (over: Record<string, string> = {}) => ({ format: 'panelot', categoriesCsv, respondentsCsv, k: '20', entropySources: '', entropyAfter: '', ...over });
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/\s+/g, ' ');
const storedRuns = async () => (await t.db.db.selectFrom('sortition_runs').select('id').execute()).length;
const quotaRows = (csv: string) => csv.trim().split('\n').slice(1);

test('a feasible pool: counts per quota value and "a draw can run"; nothing is stored, the form keeps its values', async () => {
  const r = await post('/sortition/draws/preview', secretariat, form());
  assert.equal(r.statusCode, 200, r.body);
  assert.match(r.body, /data-feasible="true"/);
  const text = textOf(r.body);
  const pool = respondentsCsv.trim().split('\n').length - 1;
  assert.ok(text.includes(`${pool} people in the pool for 20 seats.`), text.slice(0, 400));
  assert.ok(text.includes('a draw with these files can run'));
  // Every quota row of the file is a row of the check, with its count in the pool.
  const header = respondentsCsv.trim().split('\n')[0]!.split(',');
  const rows = respondentsCsv.trim().split('\n').slice(1).map((l) => l.split(','));
  for (const line of quotaRows(categoriesCsv)) {
    const [category, value] = line.split(',');
    const inPool = rows.filter((cells) => cells[header.indexOf(category!)] === value).length;
    assert.match(r.body, new RegExp(`<th scope="row">${value}</th><td class="num">[^<]+</td><td class="num">${inPool}</td>`), `${category}=${value}: ${inPool} in the pool`);
  }
  assert.match(r.body, /<input type="number" value="20" id="field-k"/, 'the form keeps k');
  assert.equal(await storedRuns(), 0);
});

test('an infeasible pool: the conflict, the smallest relaxation, and "use the suggested quotas" makes it feasible', async () => {
  // Raise every minimum of the first category so their sum exceeds k.
  const first = quotaRows(categoriesCsv)[0]!.split(',')[0]!;
  const tight = ['category,feature,min,max', ...quotaRows(categoriesCsv).map((l) => {
    const [c, v, min, max] = l.split(',');
    return c === first ? `${c},${v},12,${Math.max(12, Number(max))}` : `${c},${v},${min},${max}`;
  })].join('\n');
  const r = await post('/sortition/draws/preview', secretariat, form({ categoriesCsv: tight }));
  assert.equal(r.statusCode, 200, r.body);
  assert.match(r.body, /data-feasible="false"/);
  const text = textOf(r.body);
  assert.ok(text.includes('No panel meets every quota'), text.slice(0, 600));
  assert.match(text, new RegExp(`${first} = \\S+: at least 12`));
  assert.match(r.body, /id="preview-relaxation"/);
  assert.match(r.body, /name="relax" value="1"/);

  const relaxed = await post('/sortition/draws/preview', secretariat, form({ categoriesCsv: tight, relax: '1' }));
  assert.equal(relaxed.statusCode, 200);
  assert.match(relaxed.body, /data-feasible="true"/);
  assert.ok(textOf(relaxed.body).includes('The suggested quotas are now in the quota field'));
  const field = /<textarea id="field-categoriesCsv"[^>]*>([^<]*)<\/textarea>/.exec(relaxed.body)?.[1] ?? '';
  const rewritten = field.replace(/&#x2F;|&#47;/g, '/').trim().split('\n');
  assert.equal(rewritten[0], 'category,feature,min,max');
  const minima = rewritten.slice(1).filter((l) => l.startsWith(`${first},`)).map((l) => Number(l.split(',')[2]));
  assert.ok(minima.reduce((a, b) => a + b, 0) <= 20, `the rewritten minima fit 20 seats: ${minima}`);
  assert.equal(await storedRuns(), 0);
});

test('every row problem of the pool is listed by row and column, in the reader’s language around it', async () => {
  const lines = respondentsCsv.trim().split('\n');
  const cols = lines[0]!.split(',');
  const bad = lines.map((l, i) => (i === 3 || i === 7 ? l.split(',').map((c, j) => (j === 0 ? 'nonsense' : c)).join(',') : l)).join('\n');
  const r = await post('/sortition/draws/preview', secretariat, form({ respondentsCsv: bad }), 'ru');
  assert.equal(r.statusCode, 400);
  const text = textOf(r.body);
  for (const row of [4, 8]) assert.ok(text.includes(`respondentsCsv, row ${row}, column "${cols[0]}": value "nonsense"`), `row ${row} named: ${text.slice(0, 800)}`);
  assert.ok(text.includes('(и ещё 1, см. список выше)'), 'the field says how many more');
  assert.equal(await storedRuns(), 0);
});

test('the same problems through the API commit: one problem, every row in errors[]', async () => {
  const lines = respondentsCsv.trim().split('\n');
  const bad = lines.map((l, i) => (i === 2 || i === 5 || i === 9 ? `zzz${l.slice(l.indexOf(','))}` : l)).join('\n');
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/sortition/draws',
    headers: secretariat.headers,
    payload: { format: 'panelot', categoriesCsv, respondentsCsv: bad, k: 20, entropySources: ['Lotto draw of 2030-01-01'], entropyAfter: '2030-01-02T00:00Z' },
  });
  assert.equal(r.statusCode, 400);
  assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
  const body = r.json() as { code: string; errors: { field: string; message: string }[] };
  assert.equal(body.code, 'sortition-input');
  assert.deepEqual(body.errors.map((e) => [e.field, /row (\d+)/.exec(e.message)?.[1]]), [['body.respondentsCsv', '3'], ['body.respondentsCsv', '6'], ['body.respondentsCsv', '10']]);
  assert.equal(await storedRuns(), 0);
});

test('only the secretariat may check: anonymous is sent to sign in, a citizen is refused', async () => {
  const anon = await post('/sortition/draws/preview', null, form());
  assert.ok([302, 303, 401, 403].includes(anon.statusCode), `anonymous: ${anon.statusCode}`);
  assert.doesNotMatch(anon.body, /data-feasible/);
  const citizen = await signInAs(t);
  const c = await post('/sortition/draws/preview', citizen, form());
  assert.equal(c.statusCode, 403);
  assert.doesNotMatch(c.body, /data-feasible/);
});

test('the API check: JSON preview for the secretariat, 401/403 for others, 400 naming the field', async () => {
  const url = '/api/v1/sortition/draws/preview';
  const r = await t.app.inject({ method: 'POST', url, headers: secretariat.headers, payload: { format: 'panelot', categoriesCsv, respondentsCsv, k: 20 } });
  assert.equal(r.statusCode, 200, r.body);
  const p = r.json() as { poolSize: number; k: number; feasible: boolean; diagnosis: unknown; categories: { category: string; values: { value: string; pool: number }[] }[] };
  assert.deepEqual([p.poolSize, p.k, p.feasible, p.diagnosis], [respondentsCsv.trim().split('\n').length - 1, 20, true, null]);
  assert.deepEqual(p.categories.map((c) => c.category), [...new Set(quotaRows(categoriesCsv).map((l) => l.split(',')[0]))]);
  assert.equal((await t.app.inject({ method: 'POST', url, payload: { format: 'panelot', categoriesCsv, respondentsCsv, k: 20 } })).statusCode, 401);
  const citizen = await signInAs(t);
  assert.equal((await t.app.inject({ method: 'POST', url, headers: citizen.headers, payload: { format: 'panelot', categoriesCsv, respondentsCsv, k: 20 } })).statusCode, 403);
  const noK = await t.app.inject({ method: 'POST', url, headers: secretariat.headers, payload: { format: 'panelot', categoriesCsv, respondentsCsv } });
  assert.equal(noK.statusCode, 400);
  assert.ok((noK.json() as { errors: { field: string }[] }).errors.some((e) => e.field === 'body.k'), noK.body);
  const extra = await t.app.inject({ method: 'POST', url, headers: secretariat.headers, payload: { format: 'panelot', categoriesCsv, respondentsCsv, k: 20, entropy: 'x' } });
  assert.equal(extra.statusCode, 400);
  assert.equal(await storedRuns(), 0);
});
