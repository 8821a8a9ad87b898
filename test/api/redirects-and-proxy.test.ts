// Open redirects and a spoofable client address, found by an outside probe (issue 14, items 4 and 5).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type TestApp, testApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await testApp({}, {}, (app) => {
    app.get('/test/ip', async (req) => ({ ip: req.ip }));
  });
});
after(async () => t.close());

test('the language switch returns only to a path on this site', async () => {
  for (const back of ['/%5Cevil.example', '/%09/evil.example', '//evil.example', 'https://evil.example/']) {
    const r = await t.app.inject({ url: `/lang/en?back=${back}` });
    assert.equal(r.statusCode, 303, back);
    assert.equal(r.headers.location, '/', back);
  }
  const ok = await t.app.inject({ url: `/lang/ru?back=${encodeURIComponent('/proposals?page=2')}` });
  assert.equal(ok.headers.location, '/proposals?page=2');
});

test('CR/LF or non-Latin-1 text in back is no 500', async () => {
  for (const back of ['/x%0d%0aSet-Cookie:%20a=1', `/${encodeURIComponent('Алматы')}`, '/%E2%80%A8']) {
    const r = await t.app.inject({ url: `/lang/kk?back=${back}` });
    assert.equal(r.statusCode, 303, back);
    assert.ok(!String(r.headers['set-cookie']).includes('a=1'), back);
    assert.match(String(r.headers.location), /^\/[\x21-\x7e]*$/, back);
  }
});

test('sign-in carries on only a next= on this site (the OIDC start link keeps "/" instead)', async () => {
  const o = await testApp({}, { OIDC_ISSUER: 'http://127.0.0.1:9/', OIDC_CLIENT_ID: 'x' });
  try {
    for (const next of ['/%09/evil.example', '/%5Cevil.example', '//evil.example']) {
      const r = await o.app.inject({ url: `/auth/login?next=${next}`, headers: { accept: 'text/html' } });
      assert.equal(r.statusCode, 200, next);
      assert.ok(r.body.includes('/auth/oidc/start?next=%2F"'), `${next}: the start link must carry next=/`);
    }
    const kept = await o.app.inject({ url: `/auth/login?next=${encodeURIComponent('/proposals/x?sign=1')}`, headers: { accept: 'text/html' } });
    assert.ok(kept.body.includes(`/auth/oidc/start?next=${encodeURIComponent('/proposals/x?sign=1')}`));
  } finally {
    await o.close();
  }
});

test('X-Forwarded-For is not trusted by default: the address is the connection', async () => {
  const r = await t.app.inject({ url: '/test/ip', remoteAddress: '203.0.113.9', headers: { 'x-forwarded-for': '198.51.100.77' } });
  assert.equal(r.json().ip, '203.0.113.9');
});

test('with KENES_TRUST_PROXY=1 the nearest proxy names the client', async () => {
  const p = await testApp({}, { KENES_TRUST_PROXY: '1' }, (app) => {
    app.get('/test/ip', async (req) => ({ ip: req.ip }));
  });
  try {
    const r = await p.app.inject({ url: '/test/ip', remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': '198.51.100.1, 198.51.100.77' } });
    assert.equal(r.json().ip, '198.51.100.77');
  } finally {
    await p.close();
  }
});

test('KENES_TRUST_PROXY refuses "true" (trusting everyone) and garbage', async () => {
  const { loadConfig } = await import('../../src/config.ts');
  assert.throws(() => loadConfig({ KENES_TRUST_PROXY: 'true' }), /KENES_TRUST_PROXY/);
  assert.throws(() => loadConfig({ KENES_TRUST_PROXY: 'proxy.example' }), /KENES_TRUST_PROXY/);
  assert.deepEqual(loadConfig({ KENES_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy, ['10.0.0.0/8', '127.0.0.1']);
  assert.equal(loadConfig({}).trustProxy, false);
});
