// Translations of a proposal's title and summary (issue 15, ADR 0511): the author adds them (the
// secretariat too once public); search finds a proposal by words of a translation, in either alphabet;
// pages show the reader's language with the translator and the original title named; each change on a
// public proposal is on the ledger's outbox; a moderator may remove one; withheld texts take none and
// lose the ones they had. Bad input is refused naming the field, and changes nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestApp } from '../helpers/app.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';
import { draft, proposalsTestApp } from './proposals.fixtures.ts';

let t: TestApp;
let author: SignedIn;
let moderator: SignedIn;
let secretariat: SignedIn;
let other: SignedIn;

// The original is English; these words occur only in the translations.
const KK = { title: 'Әр ауданда мектеп тамағы туралы ашық деректер', summary: 'Әр мектептің мәзірін, жеткізушілерін және бағаларын ай сайын ашық деректер ретінде жариялау қажет.' };
const RU = { title: 'Открытые данные о школьном питании в каждом районе', summary: 'Публиковать меню, поставщиков и цены школьного питания каждой школы ежемесячно в виде открытых данных.' };

before(async () => {
  t = await proposalsTestApp();
  author = await signInAs(t, { name: 'Aigerim Nurlanovna' });
  moderator = await signInAs(t, { roles: ['moderator'] });
  secretariat = await signInAs(t, { roles: ['secretariat'] });
  other = await signInAs(t);
});
after(async () => t?.close());

const api = (method: 'GET' | 'PUT' | 'DELETE' | 'POST' | 'PATCH', url: string, who: SignedIn | null, payload?: object) =>
  t.app.inject({ method, url, headers: { accept: 'application/json', ...(who?.headers ?? {}) }, ...(payload ? { payload } : {}) });
const page = (url: string, lang: string, who: SignedIn | null = null) => t.app.inject({ url, headers: { accept: 'text/html', cookie: `${who ? `${who.cookie}; ` : ''}lang=${lang}` } });
const form = (url: string, who: SignedIn, fields: Record<string, string>) =>
  t.app.inject({ method: 'POST', url, headers: { cookie: `${who.cookie}; lang=en`, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString() });
const found = async (q: string) => ((await api('GET', `/api/v1/proposals?q=${encodeURIComponent(q)}`, null)).json() as { items: { ref: string }[] }).items.map((p) => p.ref);
const events = async (ref: string) =>
  (await t.db.db.selectFrom('outbox').select(['kind', 'payload']).where('subject', '=', `proposal/${ref}`).orderBy('id').execute()).filter((e) => e.kind.includes('transla')).map((e) => ({ kind: e.kind, ...JSON.parse(e.payload) }));

async function published(title = 'Open data on school meals in every district'): Promise<string> {
  const ref = (await api('POST', '/api/v1/proposals', author, draft({ title }))).json().ref as string;
  assert.equal((await api('POST', `/api/v1/proposals/${ref}/submit`, author)).statusCode, 200);
  const pub = await api('POST', `/api/v1/proposals/${ref}/moderation`, moderator, { decision: 'publish', explanation: '' });
  assert.equal(pub.statusCode, 200, pub.body);
  return ref;
}

test('the author translates a draft; after publication search finds it by the translation, in Cyrillic and in Latin letters', async () => {
  const ref = (await api('POST', '/api/v1/proposals', author, draft())).json().ref as string;
  const put = await api('PUT', `/api/v1/proposals/${ref}/translations/kk`, author, KK);
  assert.equal(put.statusCode, 200, put.body);
  assert.deepEqual((({ updatedAt: _u, ...x }) => x)(put.json()), { lang: 'kk', ...KK, translator: 'author' });
  assert.deepEqual(await events(ref), [], 'a draft is not public: nothing on the ledger');
  assert.deepEqual(await found('мектеп'), [], 'a draft is found by no one');
  assert.equal((await api('POST', `/api/v1/proposals/${ref}/submit`, author)).statusCode, 200);
  assert.equal((await api('POST', `/api/v1/proposals/${ref}/moderation`, moderator, { decision: 'publish', explanation: '' })).statusCode, 200);
  // Published but link-only until its first signatures: the list finds listed ones; list it.
  await t.db.db.updateTable('proposals').set({ listed_at: new Date().toISOString() }).where('ref', '=', ref).execute();
  assert.deepEqual(await found('мектеп'), [ref], 'a word of the translation');
  assert.deepEqual(await found('mektep'), [ref], 'the same word in Latin letters');
  assert.deepEqual(await found('school meals'), [ref], 'the original still');

  const one = (await api('GET', `/api/v1/proposals/${ref}`, null)).json();
  assert.deepEqual(Object.keys(one.translations), ['kk']);
  assert.equal(one.translations.kk.title, KK.title);
  assert.equal(one.title, 'Open data on school meals in every district', 'the API keeps the original as the title');
});

test('pages show the reader’s language: translated title and summary with lang=, who translated, the original title', async () => {
  const ref = await published('Open data on school dinners in every district');
  assert.equal((await api('PUT', `/api/v1/proposals/${ref}/translations/kk`, author, KK)).statusCode, 200);
  const kk = await page(`/proposals/${ref}`, 'kk');
  assert.equal(kk.statusCode, 200);
  assert.match(kk.body, new RegExp(`<h1 lang="kk">${KK.title}</h1>`));
  assert.match(kk.body, new RegExp(`<p lang="kk">${KK.summary}</p>`));
  assert.match(kk.body, /class="translated-note">[^<]*авторы/);
  assert.match(kk.body, /<span lang="en">[^<]*Open data on school dinners in every district<\/span>/);
  const en = await page(`/proposals/${ref}`, 'en');
  assert.match(en.body, /<h1 lang="en">Open data on school dinners in every district<\/h1>/);
  assert.doesNotMatch(en.body, /translated-note/);
  // No Russian translation: a Russian reader sees the original.
  assert.match((await page(`/proposals/${ref}`, 'ru')).body, /<h1 lang="en">Open data on school dinners/);
  await t.db.db.updateTable('proposals').set({ listed_at: new Date().toISOString() }).where('ref', '=', ref).execute();
  const list = await page('/proposals?q=dinners', 'kk');
  assert.ok(list.body.includes(`<a href="/proposals/${ref}" lang="kk">${KK.title}</a>`), 'the list in kk shows the translation');
  const search = await page('/search?q=dinners', 'kk');
  assert.ok(search.body.includes(KK.title), 'the search page too');
});

test('the secretariat translates a public proposal; each change is on the outbox; a moderator removes one, and search forgets it', async () => {
  const ref = await published('Open data on school lunches in every district');
  await t.db.db.updateTable('proposals').set({ listed_at: new Date().toISOString() }).where('ref', '=', ref).execute();
  assert.match((await page(`/proposals/${ref}`, 'en', secretariat)).body, new RegExp(`action="/proposals/${ref}/translations"`), 'the secretariat has the form');
  const put = await api('PUT', `/api/v1/proposals/${ref}/translations/ru`, secretariat, RU);
  assert.equal(put.statusCode, 200, put.body);
  assert.equal(put.json().translator, 'secretariat');
  assert.ok((await found('питании')).includes(ref));
  assert.ok((await found('pitanie')).includes(ref), 'Russian in Latin letters');
  assert.match((await page(`/proposals/${ref}`, 'ru')).body, /class="translated-note">[^<]*секретариат/);
  // Replacing it keeps one row and records a second change.
  assert.equal((await api('PUT', `/api/v1/proposals/${ref}/translations/ru`, author, { ...RU, title: 'Открытые данные о школьных обедах в каждом районе' })).statusCode, 200);
  assert.equal((await t.db.db.selectFrom('proposal_translations').select('lang').where('lang', '=', 'ru').where('title', 'like', '%обедах%').execute()).length, 1);
  // Two saves of the same language at once: both answered, one row left.
  const both = await Promise.all([RU, { ...RU, title: 'Открытые данные о школьных обедах в каждом районе' }].map((x) => api('PUT', `/api/v1/proposals/${ref}/translations/ru`, author, x)));
  assert.deepEqual(both.map((r) => r.statusCode), [200, 200]);
  const id = (await t.db.db.selectFrom('proposals').select('id').where('ref', '=', ref).executeTakeFirstOrThrow()).id;
  assert.equal((await t.db.db.selectFrom('proposal_translations').select('lang').where('proposal_id', '=', id).execute()).length, 1);
  assert.equal((await api('DELETE', `/api/v1/proposals/${ref}/translations/ru`, other)).statusCode, 403, 'a citizen may not remove it');
  assert.equal((await api('DELETE', `/api/v1/proposals/${ref}/translations/ru`, moderator)).statusCode, 204);
  assert.ok(!(await found('питании')).includes(ref), 'the removed words are found no more');
  assert.ok((await found('lunches')).includes(ref));
  assert.equal((await api('DELETE', `/api/v1/proposals/${ref}/translations/ru`, moderator)).statusCode, 404);
  assert.deepEqual(
    (await events(ref)).map((e) => [e.kind, e.lang, e.translator ?? e.by]),
    [
      ['proposal.translated', 'ru', 'secretariat'],
      ['proposal.translated', 'ru', 'author'],
      ['proposal.translated', 'ru', 'author'],
      ['proposal.translated', 'ru', 'author'],
      ['proposal.translation-removed', 'ru', 'moderator'],
    ],
  );
});

test('refusals name the field and change nothing: same language, unknown language, too short, not the author, unknown proposal', async () => {
  const ref = await published('Open data on school breakfasts in every district');
  const before = await t.db.db.selectFrom('proposal_translations').selectAll().execute();
  const same = await api('PUT', `/api/v1/proposals/${ref}/translations/en`, author, KK);
  assert.equal(same.statusCode, 400);
  assert.match(String(same.headers['content-type']), /^application\/problem\+json/);
  assert.deepEqual(same.json().errors.map((e: { field: string }) => e.field), ['lang']);
  const unknown = await api('PUT', `/api/v1/proposals/${ref}/translations/de`, author, KK);
  assert.equal(unknown.statusCode, 400);
  assert.deepEqual(unknown.json().errors.map((e: { field: string }) => e.field), ['lang']);
  const short = await api('PUT', `/api/v1/proposals/${ref}/translations/kk`, author, { title: 'Қысқа', summary: 'Тым қысқа.' });
  assert.equal(short.statusCode, 400);
  assert.deepEqual(short.json().errors.map((e: { field: string }) => e.field).sort(), ['summary', 'title']);
  const extra = await api('PUT', `/api/v1/proposals/${ref}/translations/kk`, author, { ...KK, body: 'x' });
  assert.equal(extra.statusCode, 400, 'the body is not translated here');
  assert.equal((await api('PUT', `/api/v1/proposals/${ref}/translations/kk`, other, KK)).statusCode, 403);
  assert.equal((await api('PUT', `/api/v1/proposals/${ref}/translations/kk`, null, KK)).statusCode, 401);
  assert.equal((await api('PUT', '/api/v1/proposals/no-such-ref/translations/kk', author, KK)).statusCode, 404);
  assert.deepEqual(await t.db.db.selectFrom('proposal_translations').selectAll().execute(), before);
  assert.deepEqual(await events(ref), []);
});

test('the page form: inline errors by field with what was typed, then saved; the remove button', async () => {
  const ref = await published('Open data on school snacks in every district');
  const bad = await form(`/proposals/${ref}/translations`, author, { lang: 'kk', title: 'Қысқа', summary: KK.summary });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /id="tr-title-error"/);
  assert.ok(bad.body.includes(KK.summary), 'the form keeps the summary typed');
  const ok = await form(`/proposals/${ref}/translations`, author, { lang: 'kk', ...KK });
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, `/proposals/${ref}?done=translated`);
  const shown = await page(`/proposals/${ref}?done=translated`, 'en', author);
  assert.match(shown.body, new RegExp(`action="/proposals/${ref}/translations/kk/delete"`));
  const removed = await form(`/proposals/${ref}/translations/kk/delete`, author, {});
  assert.equal(removed.statusCode, 303);
  assert.equal((await t.db.db.selectFrom('proposal_translations').select('lang').innerJoin('proposals', 'proposals.id', 'proposal_translations.proposal_id').where('ref', '=', ref).execute()).length, 0);
  // A citizen who is neither author nor staff sees no form.
  assert.doesNotMatch((await page(`/proposals/${ref}`, 'en', other)).body, /action="[^"]*\/translations"/);
});

test('editing the original keeps the translations searchable; a withholding rejection deletes them and refuses new ones', async () => {
  const ref = (await api('POST', '/api/v1/proposals', author, draft({ title: 'Open data on school canteens in every district' }))).json().ref as string;
  assert.equal((await api('PUT', `/api/v1/proposals/${ref}/translations/ru`, author, RU)).statusCode, 200);
  assert.equal((await api('PATCH', `/api/v1/proposals/${ref}`, author, (({ kind: _k, ...x }) => x)(draft({ title: 'Open data on school canteens in all districts' })))).statusCode, 200);
  const folded = async () => (await t.db.db.selectFrom('proposals').select(['search_folded', 'search_text']).where('ref', '=', ref).executeTakeFirstOrThrow());
  assert.match((await folded()).search_folded, /pitani/, 'the translation is still in the full-text column');
  assert.match((await folded()).search_text, /питани/);
  assert.equal((await api('POST', `/api/v1/proposals/${ref}/submit`, author)).statusCode, 200);
  const rej = await api('POST', `/api/v1/proposals/${ref}/moderation`, moderator, { decision: 'reject', reasonCode: 'personalData', explanation: 'It names a private person.' });
  assert.equal(rej.statusCode, 200, rej.body);
  assert.equal((await t.db.db.selectFrom('proposal_translations').select('lang').innerJoin('proposals', 'proposals.id', 'proposal_translations.proposal_id').where('ref', '=', ref).execute()).length, 0);
  assert.deepEqual(await folded(), { search_folded: '', search_text: '' });
  const again = await api('PUT', `/api/v1/proposals/${ref}/translations/ru`, author, RU);
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().code, 'texts-withheld');
  const one = (await api('GET', `/api/v1/proposals/${ref}`, null)).json();
  assert.deepEqual(one.translations, {});
  assert.doesNotMatch((await page(`/proposals/${ref}`, 'ru')).body, /питани/);
});
