// The proposal pages as a browser without JavaScript uses them (form posts through app.inject):
// inline errors, the similar-proposals hint, user text shown as text, and forged forms refused.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestApp } from '../helpers/app.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';
import { draft, proposalsTestApp, snapshot } from './proposals.fixtures.ts';

let t: TestApp;
let author: SignedIn;
let moderator: SignedIn;
before(async () => {
  t = await proposalsTestApp();
  author = await signInAs(t, { name: 'Aigerim Nurlanovna' });
  moderator = await signInAs(t, { roles: ['moderator'] });
});
after(async () => t?.close());

const form = (who: SignedIn, url: string, fields: Record<string, string>, csrf = true) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: `${who.cookie}; lang=en`, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...(csrf ? { _csrf: who.csrf } : {}), ...fields }).toString(),
  });

async function publish(title: string): Promise<string> {
  const c = await t.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: author.headers, payload: draft({ title }) });
  const ref = c.json().ref;
  await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${ref}/submit`, headers: author.headers });
  await form(moderator, `/proposals/${ref}/moderate`, { decision: 'publish' });
  return ref;
}

test('a form with errors comes back with each message next to its field, in the reader’s language', async () => {
  const before = await snapshot(t);
  const r = await t.app.inject({
    method: 'POST',
    url: '/proposals?lang=ru',
    headers: { cookie: author.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: author.csrf, kind: 'petition', title: 'Кратко', summary: 's', body: 'b', topic: 'education', scope: 'national', language: 'ru' }).toString(),
  });
  assert.equal(r.statusCode, 400);
  assert.match(r.body, /id="field-title"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="field-title"/);
  assert.match(r.body, /слишком коротко: не меньше 10 знаков/);
  assert.match(r.body, /value="Кратко"/, 'what was typed is kept');
  assert.equal(await snapshot(t), before);
});

test('a wrong topic or kind is explained with the names of the choices, not their codes', async () => {
  const r = await t.app.inject({
    method: 'POST',
    url: '/proposals?lang=ru',
    headers: { cookie: author.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: author.csrf, kind: 'decree', title: 'Открытые данные о школьном питании', summary: 'Публиковать меню и цены.', body: 'Каждая школа публикует меню.', topic: 'astrology', scope: 'national', language: 'ru' }).toString(),
  });
  assert.equal(r.statusCode, 400);
  const topicError = /выберите тему из списка \(([^)]*)\)/.exec(r.body);
  assert.ok(topicError, 'the topic error is shown');
  assert.doesNotMatch(topicError[1], /\beducation\b|\bhealth\b/, 'topics by name');
  assert.match(topicError[1], /[А-Яа-я]/);
});

test('user text is shown as text, never as HTML', async () => {
  const ref = await publish('<script>alert(1)</script> Clean parks & <b>bold</b> ideas');
  const page = await t.app.inject({ url: `/proposals/${ref}`, headers: { accept: 'text/html' } });
  assert.equal(page.statusCode, 200);
  assert.doesNotMatch(page.body, /<script>alert/);
  assert.match(page.body, /<h1[^>]*>&lt;script>alert\(1\)&lt;\/script> Clean parks &amp; &lt;b>bold&lt;\/b> ideas<\/h1>/);
  assert.doesNotMatch(page.body, /<b>bold/);
});

test('the create form hints at similar public proposals', async () => {
  const ref = await publish('Free Wi-Fi in every rural school library');
  // Two signatures make it public (the test charter's link-only threshold).
  for (const region of ['KZ-10', 'KZ-11']) {
    const s = await signInAs(t, { region });
    await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${ref}/signatures`, headers: s.headers, payload: {} });
  }
  const r = await form(author, '/proposals', { kind: 'petition', title: 'Wi-Fi for rural schools', summary: 'short', body: 'short', topic: 'education', scope: 'national', language: 'en' });
  assert.equal(r.statusCode, 400);
  assert.match(r.body, /Similar proposals already exist/);
  assert.match(r.body, new RegExp(`href="/proposals/${ref}"`));
});

test('signing through the page form, and a forged form without the token changes nothing', async () => {
  const ref = await publish('Longer opening hours for district polyclinics');
  const s = await signInAs(t, { region: 'KZ-31', name: 'Yerlan Tulegenov' });
  const before = await snapshot(t);
  const forged = await form(s, `/proposals/${ref}/sign`, { showName: 'on' }, false);
  assert.equal(forged.statusCode, 403);
  assert.equal(await snapshot(t), before);
  const ok = await form(s, `/proposals/${ref}/sign`, { showName: 'on' });
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, `/proposals/${ref}?done=signed`);
  const twice = await form(s, `/proposals/${ref}/sign`, {});
  assert.equal(twice.statusCode, 409);
  assert.match(twice.body, /already signed/);
  // The public (anonymous) page shows the opted-in signer as first name and initial only.
  const page = await t.app.inject({ url: `/proposals/${ref}?lang=en`, headers: { accept: 'text/html' } });
  assert.match(page.body, /Yerlan T\./);
  assert.doesNotMatch(page.body, /Tulegenov/);
});

test('the moderation queue needs the moderator role', async () => {
  const r = await t.app.inject({ url: '/moderation/proposals', headers: { accept: 'text/html', cookie: author.cookie } });
  assert.equal(r.statusCode, 403);
  const m = await t.app.inject({ url: '/moderation/proposals', headers: { accept: 'text/html', cookie: moderator.cookie } });
  assert.equal(m.statusCode, 200);
});

test('search across alphabets and endings: "transport" and "транспорту" find "…в городском транспорте"', async () => {
  const ref = await publish('Бесплатный Wi-Fi в городском транспорте');
  for (const region of ['KZ-15', 'KZ-19']) {
    const s = await signInAs(t, { region });
    await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${ref}/signatures`, headers: s.headers, payload: {} });
  }
  const found = async (q: string) => {
    const r = await t.app.inject({ url: `/api/v1/proposals?q=${encodeURIComponent(q)}` });
    assert.equal(r.statusCode, 200, r.body);
    return (r.json().items as { ref: string }[]).some((i) => i.ref === ref);
  };
  assert.ok(await found('transport'), 'English query, Russian text');
  assert.ok(await found('транспорту'), 'another case ending');
  assert.ok(await found('Wi-Fi транспорт'), 'every word must match, in either alphabet');
  assert.ok(!(await found('transport astrology')), 'a word that matches nothing excludes it');
  assert.ok(!(await found('школа')));
  const page = await t.app.inject({ url: '/proposals?q=transport&lang=en', headers: { accept: 'text/html' } });
  assert.ok(page.body.includes(`href="/proposals/${ref}"`), 'the list page finds it too');
});
