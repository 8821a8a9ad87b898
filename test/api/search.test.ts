// The one search (issue 15, ADR 0508): GET /api/v1/search and /search over proposals, response items,
// agencies and ledger entries, across alphabets and endings, on SQLite and PostgreSQL alike.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sealNow } from '../../src/modules/ledger/api.ts';
import type { TestApp } from '../helpers/app.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';
import { draft, proposalsTestApp } from './proposals.fixtures.ts';

let t: TestApp;
let author: SignedIn;
let moderator: SignedIn;
let secretariat: SignedIn;
let transportRef: string;
let schoolRef: string;
let itemId: number;

async function publish(title: string, language: string): Promise<string> {
  const c = await t.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: author.headers, payload: draft({ title, summary: `${title}. ${draft().summary}`, language }) });
  assert.equal(c.statusCode, 201, c.body);
  const ref = c.json().ref as string;
  await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${ref}/submit`, headers: author.headers });
  const m = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${ref}/moderation`, headers: moderator.headers, payload: { decision: 'publish', explanation: 'ok' } });
  assert.equal(m.statusCode, 200, m.body);
  // Two signatures list it (the test charter's link-only threshold).
  for (const region of ['KZ-10', 'KZ-11']) {
    const s = await signInAs(t, { region });
    await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${ref}/signatures`, headers: s.headers, payload: {} });
  }
  return ref;
}

before(async () => {
  t = await proposalsTestApp();
  author = await signInAs(t, { name: 'Aigerim Nurlanovna' });
  moderator = await signInAs(t, { roles: ['moderator'] });
  secretariat = await signInAs(t, { roles: ['secretariat'] });
  transportRef = await publish('Бесплатный Wi-Fi в городском транспорте', 'ru');
  schoolRef = await publish('Мектептерде тегін ыстық тамақ', 'kk');
  const a = await t.app.inject({
    method: 'POST',
    url: '/api/v1/responses/agencies',
    headers: secretariat.headers,
    payload: { id: 'almaty-akimat', name: { kk: 'Алматы қаласының әкімдігі', ru: 'Акимат города Алматы', en: 'Akimat of Almaty' }, level: 'local', region: 'KZ-75' },
  });
  assert.equal(a.statusCode, 201, a.body);
  const i = await t.app.inject({ method: 'POST', url: '/api/v1/responses/items', headers: secretariat.headers, payload: { title: 'Городской транспорт без наличных', lang: 'ru', sourceRef: 'kurultai/7', receivedOn: new Date().toISOString().slice(0, 10) } });
  assert.equal(i.statusCode, 201, i.body);
  itemId = i.json().id;
  await sealNow(t.ctx);
});
after(async () => t?.close());

async function search(q: string, extra = '') {
  const r = await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent(q)}${extra}` });
  assert.equal(r.statusCode, 200, r.body);
  const body = r.json() as { sections: { section: string; hits: { href: string; title: string }[]; more: boolean }[] };
  return Object.fromEntries(body.sections.map((s) => [s.section, s.hits.map((h) => h.href)]));
}

test('"transport" and "транспорту" find the Russian "транспорт" proposal and response item, not the Kazakh one', async () => {
  for (const q of ['transport', 'транспорту', 'Транспорт', 'TRANSPORTE']) {
    const s = await search(q);
    assert.deepEqual(s.proposals, [`/proposals/${transportRef}`], q);
    assert.deepEqual(s.responses, [`/responses/items/${itemId}`], q);
  }
  assert.deepEqual((await search('mektep')).proposals, [`/proposals/${schoolRef}`], 'Latin finds Kazakh Cyrillic');
  assert.deepEqual((await search('transport mektep')).proposals, [], 'every word must match');
});

test('agencies by name in any language and alphabet; the ledger by the words of its acts', async () => {
  for (const q of ['Almaty', 'Алматы', 'akimat', 'әкімдігі']) assert.deepEqual((await search(q)).agencies, ['/responses/agencies/almaty-akimat'], q);
  const published = (await search('опубликовано')).ledger;
  assert.equal(published.length, 2, 'the two "proposal published" entries');
  assert.ok(published.every((h) => /^\/ledger\/entries\/\d+$/.test(h)));
  assert.deepEqual((await search('Proposal published')).ledger, published, 'the same entries from the English words');
  assert.ok((await search(`proposal/${transportRef}`)).ledger.length >= 1, 'an entry by its subject');
});

test('one section, paged: limit and offset, and `more` says whether a next page exists', async () => {
  const r1 = (await t.app.inject({ url: '/api/v1/search?q=published&section=ledger&limit=1' })).json();
  assert.equal(r1.sections.length, 1);
  assert.equal(r1.sections[0].hits.length, 1);
  assert.equal(r1.sections[0].more, true);
  const r2 = (await t.app.inject({ url: '/api/v1/search?q=published&section=ledger&limit=1&offset=1' })).json();
  assert.equal(r2.sections[0].more, false);
  assert.notEqual(r1.sections[0].hits[0].href, r2.sections[0].hits[0].href);
});

test('bad queries are refused naming the parameter (RFC 9457)', async () => {
  for (const [url, field] of [
    ['/api/v1/search', 'querystring.q'],
    ['/api/v1/search?q=', 'querystring.q'],
    ['/api/v1/search?q=%20%20', 'querystring.q'],
    [`/api/v1/search?q=${'a'.repeat(201)}`, 'querystring.q'],
    ['/api/v1/search?q=x&section=weather', 'querystring.section'],
    ['/api/v1/search?q=x&limit=0', 'querystring.limit'],
    ['/api/v1/search?q=x&offset=-1', 'querystring.offset'],
  ] as const) {
    const r = await t.app.inject({ url });
    assert.equal(r.statusCode, 400, url);
    assert.match(r.headers['content-type'] as string, /application\/problem\+json/);
    assert.ok((r.json().errors as { field: string }[]).some((e) => e.field.startsWith(field)), `${url}: ${r.body}`);
  }
  // Punctuation only: a valid query that matches nothing.
  const s = await search('!!! —');
  assert.ok(Object.values(s).every((h) => h.length === 0));
});

test('the search page, without JavaScript, in kk, ru and en: results linked, matches marked', async () => {
  for (const [lang, heading] of [['kk', 'Іздеу'], ['ru', 'Поиск'], ['en', 'Search']] as const) {
    const r = await t.app.inject({ url: `/search?q=transport&lang=${lang}`, headers: { accept: 'text/html' } });
    assert.equal(r.statusCode, 200);
    assert.match(r.body, new RegExp(`<h1[^>]*>${heading}</h1>`));
    assert.ok(r.body.includes(`href="/proposals/${transportRef}"`));
    assert.match(r.body, /<mark>транспорте<\/mark>/);
    assert.match(r.body, /role="search"/);
  }
  const empty = await t.app.inject({ url: '/search?q=zzzzqqq&lang=en', headers: { accept: 'text/html' } });
  assert.match(empty.body, /Nothing found for “zzzzqqq”/);
  const paged = await t.app.inject({ url: '/search?q=published&section=ledger&lang=en', headers: { accept: 'text/html' } });
  assert.equal(paged.statusCode, 200);
  assert.match(paged.body, /aria-current="page">Ledger|aria-current="page"[^>]*>[^<]*Ledger/);
});
