// The page shell through HTTP: home page from the charter with live figures, language handling,
// navigation marks, and error pages that never leak internals.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildApp } from '../../src/app.tsx';
import { loadCharter } from '../../src/core/charter/index.ts';
import { loadConfig } from '../../src/config.ts';
import { emit } from '../../src/modules/outbox/outbox.ts';
import type { AppContext } from '../../src/web/context.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { freshDb } from '../helpers/db.ts';

const html = { accept: 'text/html' };
let t: TestApp;
before(async () => {
  t = await testApp();
});
after(async () => t.close());

/** Text content of the page with tags removed and whitespace collapsed, for matching sentences. */
function text(body: string): string {
  return body
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

test('home page says what the Council is, with every number from the charter, in kk, ru and en', async () => {
  const charter = t.ctx.charter;
  const council = charter.bodies.council;
  const expect = {
    kk: ['Халық Кеңесі', 'Кеңесте 42 орыннан тұратын 3 блокта 126 мүше бар', '2026 ж. 17 қазан', '42 орын'],
    ru: ['Народный совет', 'В совете 126 членов в 3 блоках по 42', '17 октября 2026 г.', '42 места'],
    en: ["People's Council", 'It has 126 members in 3 blocks of 42', '17 October 2026', '42 seats'],
  } as const;
  for (const lang of ['kk', 'ru', 'en'] as const) {
    const r = await t.app.inject({ url: `/?lang=${lang}`, headers: html });
    assert.equal(r.statusCode, 200);
    assert.match(r.body, new RegExp(`<html lang="${lang}"`));
    const page = text(r.body);
    for (const phrase of expect[lang]) assert.ok(page.includes(phrase), `${lang}: "${phrase}" not on the page`);
    for (const block of council.blocks) assert.ok(page.includes(block.name[lang]), `${lang}: block ${block.id} missing`);
    assert.ok(page.includes(String(charter.regions.length)), 'region count missing');
    assert.match(r.body, /<h1[^>]*>/);
  }
});

test('home page figures are live: citizens and official acts come from the database', async () => {
  const x = await testApp();
  try {
    // Three events and two users before the first request (figures are cached briefly per app).
    for (let i = 0; i < 3; i++) await emit(x.ctx.db.db, { kind: 'test.event', subject: `t/${i}`, payload: {} });
    const { identityService } = await import('../../src/modules/identity/service.ts');
    for (const p of ['a', 'b']) await identityService(x.ctx).ensureUser({ pseudonym: p.repeat(64), displayName: `Test ${p}`, region: null, origin: 'test' });
    const r = await x.app.inject({ url: '/?lang=en', headers: html });
    const page = text(r.body);
    assert.match(page, /Registered citizens 2\b/);
    assert.match(page, /Official acts recorded 3\b/);
  } finally {
    await x.close();
  }
});

test('the main navigation marks the current page and the language switch returns to the same address', async () => {
  const r = await t.app.inject({ url: '/?lang=en', headers: html });
  assert.match(r.body, /<a href="\/" aria-current="page">Home<\/a>/);
  // The switch links keep the path and query but drop the one-off ?lang= override.
  const q = await t.app.inject({ url: '/no-such-page?page=2&lang=ru', headers: html });
  assert.match(q.body, /href="\/lang\/kk\?back=%2Fno-such-page%3Fpage%3D2"/);
  assert.match(q.body, /<a href="\/lang\/ru\?back=[^"]*"[^>]*aria-current="true"/);
});

test('skip link, main landmark and stylesheet are on every page', async () => {
  for (const url of ['/', '/no-such-page']) {
    const r = await t.app.inject({ url, headers: html });
    assert.match(r.body, /<a class="skip" href="#main">/);
    assert.match(r.body, /<main id="main" tabindex="-1"/);
    assert.match(r.body, /<link rel="stylesheet" href="\/static\/kenes.css"\/>/);
    assert.doesNotMatch(r.body, /<script|style="/, 'no inline script or style: the CSP forbids them');
  }
  const css = await t.app.inject('/static/kenes.css');
  assert.equal(css.statusCode, 200);
  assert.match(String(css.headers['content-type']), /text\/css/);
});

test('demo mode marks every page as a demo', async () => {
  const d = await testApp({ demo: true });
  try {
    for (const url of ['/?lang=en', '/nothing?lang=en']) {
      const r = await d.app.inject({ url, headers: html });
      assert.match(text(r.body), /Demo\. All people and data on this site are synthetic\./);
    }
  } finally {
    await d.close();
  }
  const r = await t.app.inject({ url: '/?lang=en', headers: html });
  assert.doesNotMatch(r.body, /demo-banner/);
});

test('404 page names the error in the chosen language and links home', async () => {
  const r = await t.app.inject({ url: '/missing?lang=kk', headers: html });
  assert.equal(r.statusCode, 404);
  const page = text(r.body);
  assert.ok(page.includes('404 қатесі'));
  assert.ok(page.includes('Бет табылмады'));
  assert.match(r.body, /<a class="button" href="\/">Басты бет<\/a>/);
});

test('a thrown error renders the 500 page with a reference, never the message or stack', async () => {
  const db = await freshDb();
  const config = { ...loadConfig({ LOG_LEVEL: 'silent' }) };
  const ctx: AppContext = { config, db, charter: loadCharter(config.charterPath) };
  const app = await buildApp(ctx, { logger: false });
  app.get('/boom', async () => {
    throw new Error('secret internal detail: password=hunter2');
  });
  await app.ready();
  try {
    const r = await app.inject({ url: '/boom?lang=en', headers: { ...html, 'x-request-id': 'req-boom-1' } });
    assert.equal(r.statusCode, 500);
    assert.match(String(r.headers['content-type']), /text\/html/);
    const page = text(r.body);
    assert.ok(page.includes('Something went wrong'));
    assert.ok(page.includes('Reference: req-boom-1'));
    assert.doesNotMatch(r.body, /secret internal detail|hunter2/);
    assert.doesNotMatch(r.body, /at .*\.(ts|js):\d+/, 'no stack frames');
    // A client that wants JSON gets problem details, equally without the internals.
    const j = await app.inject({ url: '/boom', headers: { accept: 'application/json' } });
    assert.equal(j.statusCode, 500);
    assert.doesNotMatch(j.body, /secret|hunter2/);
  } finally {
    await app.close();
    await db.drop();
  }
});
