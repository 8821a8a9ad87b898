// Text withheld after a rejection (personal data, unlawful content) takes part in no public read: it
// is in no response body, and no search, filter or export answers differently because of it (no
// yes/no oracle). The walk covers every GET route of the real route table.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestApp } from '../helpers/app.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';
import { draft, proposalsTestApp } from './proposals.fixtures.ts';

let t: TestApp;
let ref: string;
const SECRET = '870412300457';
const WORD = 'zhasyryn';

before(async () => {
  t = await proposalsTestApp();
  const author: SignedIn = await signInAs(t, { name: 'Aigerim Nurlanovna', region: 'KZ-75' });
  const moderator = await signInAs(t, { roles: ['moderator'], region: 'KZ-71' });
  const title = `Call ${WORD} at ${SECRET} about school meals in every district`;
  const created = await t.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: author.headers, payload: draft({ title, summary: `Phone ${SECRET} and ask for ${WORD}; publish the menus, suppliers and prices of school meals.` }) });
  assert.equal(created.statusCode, 201, created.body);
  ref = created.json().ref;
  assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${ref}/submit`, headers: author.headers })).statusCode, 200);
  const rej = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${ref}/moderation`, headers: moderator.headers, payload: { decision: 'reject', reasonCode: 'personalData', explanation: 'It names a private person and their phone number.' } });
  assert.equal(rej.statusCode, 200, rej.body);
});
after(async () => t?.close());

/** Anonymous GET; the body as text. */
async function get(url: string, accept = 'text/html'): Promise<{ status: number; body: string }> {
  const r = await t.app.inject({ url, headers: { accept } });
  return { status: r.statusCode, body: r.body };
}

/** Removes what differs between two identical requests (request ids, times, CSRF tokens). */
const stable = (body: string) => body.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID').replace(/name="_csrf" value="[^"]*"/g, '');

test('the rejection itself is public: the ref and the reason code, not the text', async () => {
  const r = await get(`/api/v1/proposals/${ref}`, 'application/json');
  assert.equal(r.status, 200);
  const p = JSON.parse(r.body);
  assert.equal(p.status, 'rejected');
  assert.equal(p.title, null);
  assert.equal(p.summary, null);
});

test('every public GET route: the withheld text appears nowhere, searched for by pieces of it', async () => {
  const gets = [...new Set(t.app.kenes.routes.filter((r) => r.method === 'GET').map((r) => r.url))];
  assert.ok(gets.length > 20, `the route table has ${gets.length} GET routes`);
  let visited = 0;
  for (const pattern of gets) {
    if (pattern.includes('*') || pattern.startsWith('/docs') || pattern.endsWith('.css') || pattern.includes('/events')) continue;
    const url = pattern.replace(':ref', ref).replace(/:(\w+)/g, '1');
    // Pieces, so that a page echoing the reader's own query is not mistaken for a leak.
    for (const q of [SECRET.slice(0, 7), WORD.slice(0, 5), 'meals']) {
      for (const accept of ['text/html', 'application/json']) {
        const sep = url.includes('?') ? '&' : '?';
        const r = await get(`${url}${sep}status=rejected&q=${q}`, accept);
        assert.ok(!r.body.includes(SECRET) && !r.body.includes(WORD), `${url} (${accept}, q=${q}) shows withheld text`);
        visited++;
      }
    }
  }
  assert.ok(visited > 60, `visited ${visited} reads`);
});

test('search is no oracle: a term from the withheld text answers exactly as a term found nowhere', async () => {
  for (const base of ['/api/v1/proposals?status=rejected', '/proposals?status=rejected', '/api/v1/proposals?format=csv&status=rejected']) {
    for (const [found, nowhere] of [
      [SECRET, '555555555555'],
      [SECRET.slice(0, 4), '5555'],
      [WORD, 'qqqqqqqq'],
      ['meals', 'xylophone'],
    ]) {
      const a = await get(`${base}&q=${found}`, base.includes('/api/') ? 'application/json' : 'text/html');
      const b = await get(`${base}&q=${nowhere}`, base.includes('/api/') ? 'application/json' : 'text/html');
      assert.equal(a.status, b.status, `${base} q=${found}`);
      assert.equal(stable(a.body).replaceAll(found, 'Q'), stable(b.body).replaceAll(nowhere, 'Q'), `${base}: q=${found} answers differently from q=${nowhere}`);
    }
  }
});

test('without a search the rejected list still shows the withheld proposal (by ref and code only)', async () => {
  const r = await get('/api/v1/proposals?status=rejected', 'application/json');
  const list = JSON.parse(r.body);
  const row = list.items.find((p: { ref: string }) => p.ref === ref);
  assert.ok(row, 'listed');
  assert.equal(row.title, null);
});

test('the withheld text is gone from the search column, and migration 0403 empties rows stored before', async () => {
  const row = await t.ctx.db.db.selectFrom('proposals').select(['search_text']).where('ref', '=', ref).executeTakeFirstOrThrow();
  assert.equal(row.search_text, '');
  await t.ctx.db.db.updateTable('proposals').set({ search_text: `old ${SECRET}` }).where('ref', '=', ref).execute();
  const { up } = await import('../../src/modules/proposals/migrations/0403_withheld_not_searchable.ts');
  await up(t.ctx.db.db);
  const after = await t.ctx.db.db.selectFrom('proposals').select(['search_text', 'title']).where('ref', '=', ref).executeTakeFirstOrThrow();
  assert.equal(after.search_text, '');
  assert.ok(after.title.includes(SECRET), 'the text itself stays, for staff and for the record of the decision');
});
