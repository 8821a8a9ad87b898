// The server shell: health, readiness, OpenAPI, problem details, security headers, languages.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(async () => t.close());

test('healthz and readyz answer, readyz names the database', async () => {
  const h = await t.app.inject('/healthz');
  assert.equal(h.statusCode, 200);
  const r = await t.app.inject('/readyz');
  assert.equal(r.statusCode, 200);
  assert.equal(r.json().database, t.ctx.db.dialect);
});

test('readyz says 503 when the database is gone', async () => {
  const x = await testApp();
  try {
    await x.db.close();
    const r = await x.app.inject('/readyz');
    assert.equal(r.statusCode, 503);
  } finally {
    await x.close(); // drops the database too (it used to leak on PostgreSQL)
  }
});

test('openapi.json is an OpenAPI 3 document and /docs serves the viewer', async () => {
  const r = await t.app.inject('/openapi.json');
  assert.equal(r.statusCode, 200);
  assert.match(r.json().openapi, /^3\./);
  const d = await t.app.inject('/docs/');
  assert.equal(d.statusCode, 200);
  assert.match(d.body, /swagger/i);
});

test('unknown API route answers 404 problem details', async () => {
  const r = await t.app.inject('/api/v1/nothing-here');
  assert.equal(r.statusCode, 404);
  assert.match(String(r.headers['content-type']), /application\/problem\+json/);
  const body = r.json();
  assert.equal(body.status, 404);
  assert.equal(body.title, 'Not Found');
});

test('an oversized body answers 413 problem details', async () => {
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/anything', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ x: 'a'.repeat(2 * 1024 * 1024) }) });
  assert.equal(r.statusCode, 413);
  assert.equal(r.json().status, 413);
});

test('every response has a strict CSP without inline script and a request id', async () => {
  const r = await t.app.inject('/');
  const csp = String(r.headers['content-security-policy']);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.ok(r.headers['x-request-id']);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
});

test('HTML 404 page in the requested language with lang attribute', async () => {
  const r = await t.app.inject({ url: '/no-such-page?lang=ru', headers: { accept: 'text/html' } });
  assert.equal(r.statusCode, 404);
  assert.match(r.body, /<html lang="ru"/);
  assert.match(r.body, /Страница не найдена/);
});

test('language switch remembers the choice in a cookie and redirects back', async () => {
  const r = await t.app.inject('/lang/en?back=/some/page');
  assert.equal(r.statusCode, 303);
  assert.equal(r.headers.location, '/some/page');
  const cookie = String(r.headers['set-cookie']);
  assert.match(cookie, /lang=en/);
  const home = await t.app.inject({ url: '/', headers: { cookie: 'lang=en', accept: 'text/html' } });
  assert.match(home.body, /<html lang="en"/);
  const evil = await t.app.inject('/lang/en?back=//evil.example');
  assert.equal(evil.headers.location, '/');
});

test('default language is Kazakh', async () => {
  const r = await t.app.inject({ url: '/', headers: { accept: 'text/html' } });
  assert.match(r.body, /<html lang="kk"/);
});
