// Issue 14, the Low findings: every one with the request that showed it. Non-finite numbers in a
// query or path, framework errors, JSON parse errors, OIDC secrets in the logs, caching of
// session-dependent responses, the idle timeout, the existence oracle of signing, the admin's agency
// form.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { buildApp } from '../../src/app.tsx';
import { loadCharter } from '../../src/core/charter/index.ts';
import { loadConfig } from '../../src/config.ts';
import type { TestApp } from '../helpers/app.ts';
import { testApp } from '../helpers/app.ts';
import { signInAs } from '../helpers/auth.ts';
import { freshDb } from '../helpers/db.ts';
import { draft, proposalsTestApp } from './proposals.fixtures.ts';

let t: TestApp;
before(async () => {
  t = await proposalsTestApp();
});
after(async () => t?.close());

interface Problem {
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}

test('non-finite and unsafe numbers in a path or query: 400 naming the field, on every operation of the OpenAPI document', async () => {
  const doc = (await t.app.inject('/openapi.json')).json() as { paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema?: { type?: string } }[] }>> };
  const secretariat = await signInAs(t, { roles: ['secretariat', 'moderator', 'auditor', 'agency_officer'] });
  let checked = 0;
  const failures: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      for (const p of op.parameters ?? []) {
        if (p.in !== 'path' && p.in !== 'query') continue;
        if (p.schema?.type !== 'integer' && p.schema?.type !== 'number') continue;
        for (const bad of ['Infinity', '-Infinity', '1e309', '99999999999999999999', '-99999999999999999999']) {
          const filled = path.replace(/\{(\w+)\}/g, (_m, name: string) => (p.in === 'path' && name === p.name ? bad : name === 'ref' ? 'P-1' : name === 'id' && path.includes('sortition') ? '00000000-0000-4000-8000-000000000000' : '1'));
          const url = p.in === 'query' ? `${filled}?${p.name}=${bad}` : filled;
          const r = await t.app.inject({ method: method.toUpperCase() as 'GET', url, headers: secretariat.headers, ...(method === 'get' ? {} : { payload: {} }) });
          checked++;
          const field = `${p.in === 'path' ? 'params' : 'querystring'}.${p.name}`;
          const body = String(r.headers['content-type'] ?? '').startsWith('application/problem+json') ? (r.json() as Problem) : null;
          if (r.statusCode !== 400 || !body?.errors?.some((e) => e.field === field)) failures.push(`${method.toUpperCase()} ${url}: ${r.statusCode} ${r.body.slice(0, 160)}`);
        }
      }
    }
  }
  console.log(`# non-finite numbers: ${checked} requests`);
  assert.ok(checked >= 40, `only ${checked} requests: the document lost its integer parameters?`);
  assert.deepEqual(failures, []);
});

test('a number in a JSON body must be finite and safe', async () => {
  const moderator = await signInAs(t, { roles: ['secretariat'] });
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/ledger/cosignatures', headers: { 'content-type': 'application/json', ...moderator.headers }, payload: '{"size": 1e309, "witness": "x", "signature": "y"}' });
  assert.equal(r.statusCode, 400, r.body);
  assert.ok((r.json() as Problem).errors?.some((e) => e.field === 'body.size'), r.body);
});

/** One raw HTTP exchange with a real server: some errors happen before Fastify has a request. */
function raw(port: number, text: string): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(text));
    let data = '';
    s.on('data', (b) => {
      data += b;
    });
    s.on('error', reject);
    s.on('close', () => {
      const [head = '', body = ''] = data.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), contentType: /content-type: ([^\r\n]+)/i.exec(head)?.[1] ?? '', body });
    });
  });
}

test('framework errors are problem details: bad URL, 414, 431, unknown method, unknown route', async () => {
  const x = await testApp();
  try {
    await x.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (x.app.server.address() as AddressInfo).port;
    const req = (line: string, headers = '') => raw(port, `${line} HTTP/1.1\r\nHost: localhost\r\n${headers}Connection: close\r\n\r\n`);
    const cases: [string, Promise<{ status: number; contentType: string; body: string }>, number][] = [
      ['bad percent-encoding', req('GET /api/v1/proposals/%E0%A4%A'), 400],
      ['bad percent-encoding (page)', req('GET /%zz'), 400],
      ['a path segment too long', req(`GET /api/v1/proposals/${'a'.repeat(300)}`), 414],
      ['headers too large', req('GET /', `X-Big: ${'a'.repeat(20_000)}\r\n`), 431],
      ['a URL larger than the header limit', req(`GET /${'a'.repeat(70_000)}`), 431],
      ['a method HTTP does not know', req('FOO /'), 400],
      ['a method no route has', req('PROPFIND /api/v1/proposals'), 404],
      ['an unknown route', req('GET /api/v1/nothing-here'), 404],
    ];
    for (const [name, p, status] of cases) {
      const r = await p;
      assert.equal(r.status, status, `${name}: ${r.status} ${r.body}`);
      assert.match(r.contentType, /^application\/problem\+json/, `${name}: ${r.contentType} ${r.body}`);
      const body = JSON.parse(r.body) as Problem;
      assert.equal(body.status, status, name);
      assert.ok(body.detail, name);
    }
  } finally {
    await x.close();
  }
});

test('a NUL character in a path, query or body string: 400 naming the field (PostgreSQL cannot hold it)', async () => {
  const me = await signInAs(t);
  const cases: [string, string, object | undefined, string][] = [
    ['DELETE', '/api/v1/proposals/%00/signatures/mine', undefined, 'params.ref'],
    ['GET', '/api/v1/proposals/a%00b', undefined, 'params.ref'],
    ['GET', '/api/v1/proposals?q=%00', undefined, 'querystring.q'],
    ['POST', '/api/v1/proposals', draft({ title: 'Open data on school\u0000 meals in every district' }), 'body.title'],
  ];
  for (const [method, url, payload, field] of cases) {
    const r = await t.app.inject({ method: method as 'GET', url, headers: me.headers, ...(payload ? { payload } : {}) });
    assert.equal(r.statusCode, 400, `${method} ${url}: ${r.body}`);
    assert.ok((r.json() as Problem).errors?.some((e) => e.field === field), r.body);
  }
});

test('a JSON body that does not parse: 400 naming the body', async () => {
  for (const payload of ['{"size":', '', '[1,2', 'null x']) {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/ledger/cosignatures', headers: { 'content-type': 'application/json' }, payload });
    assert.equal(r.statusCode, 400, r.body);
    assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
    const body = r.json() as Problem;
    assert.deepEqual(body.errors?.map((e) => e.field), ['body'], r.body);
  }
  const xml = await t.app.inject({ method: 'POST', url: '/api/v1/ledger/cosignatures', headers: { 'content-type': 'text/xml' }, payload: '<a/>' });
  assert.equal(xml.statusCode, 415);
  assert.deepEqual((xml.json() as Problem).errors?.map((e) => e.field), ['headers.content-type']);
});

test('OIDC code and state never reach the logs', async () => {
  const db = await freshDb();
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const config = { ...loadConfig({ LOG_LEVEL: 'info' }) };
  const app = await buildApp({ config, db, charter: loadCharter(config.charterPath) }, { logger: { level: 'info', stream } });
  try {
    await app.ready();
    await app.inject('/auth/oidc/callback?code=SECRETCODE1234567&state=SECRETSTATE7654321&iss=http%3A%2F%2Fidp');
    await app.inject('/auth/oidc/callback?state=SECRETSTATE7654321&code=SECRETCODE1234567');
    const log = lines.join('');
    assert.match(log, /\/auth\/oidc\/callback/, 'the request is logged');
    assert.match(log, /code=\[redacted\]/);
    assert.ok(!log.includes('SECRETCODE') && !log.includes('SECRETSTATE'), log);
    assert.match(log, /iss=http/, 'other parameters stay');
  } finally {
    await app.close();
    await db.drop();
  }
});

test('session-dependent responses are not stored: /api/v1/me, /me/*, signed-in pages, new cookies', async () => {
  const me = await signInAs(t);
  for (const url of ['/api/v1/me', '/api/v1/me/proposals', '/me/proposals', '/proposals', '/']) {
    const r = await t.app.inject({ url, headers: { cookie: me.cookie, accept: url.startsWith('/api') ? 'application/json' : 'text/html' } });
    assert.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 100)}`);
    assert.equal(r.headers['cache-control'], 'no-store', url);
  }
  // Anonymous: the 401 of /api/v1/me too, and a page that plants the pre-session cookie.
  assert.equal((await t.app.inject('/api/v1/me')).headers['cache-control'], 'no-store');
  const page = await t.app.inject({ url: '/auth/login', headers: { accept: 'text/html' } });
  assert.ok(page.headers['set-cookie']);
  assert.equal(page.headers['cache-control'], 'no-store');
  // What does not depend on a session keeps its own caching.
  assert.equal((await t.app.inject('/open-data/responses/items.json')).headers['cache-control'], 'public, max-age=60');
  assert.equal((await t.app.inject({ url: '/proposals/static/proposals.css', headers: { cookie: me.cookie } })).headers['cache-control'], 'public, max-age=3600');
});

test('a public page in the reader’s language is cached by language: Vary names Cookie and Accept-Language', async () => {
  // Found by the browser tests once a browser was kept between tests: /about in Russian after a
  // Kazakh visit was the Kazakh copy from the browser's cache (public, max-age=300, no Vary).
  // A first visit plants the pre-session cookie (and is not stored); the visits after it are cacheable.
  const first = await t.app.inject({ url: '/about', headers: { accept: 'text/html' } });
  const planted = [first.headers['set-cookie'] ?? []].flat().map((c) => String(c).split(';')[0]).join('; ');
  assert.ok(planted, 'a first visit plants a cookie');
  const kk = await t.app.inject({ url: '/about', headers: { accept: 'text/html', cookie: `${planted}; lang=kk` } });
  const ru = await t.app.inject({ url: '/about', headers: { accept: 'text/html', cookie: `${planted}; lang=ru` } });
  assert.equal(kk.headers['cache-control'], 'public, max-age=300');
  assert.match(String(kk.headers.vary), /\bCookie\b.*\bAccept-Language\b/);
  assert.equal(kk.headers.vary, ru.headers.vary);
  assert.match(ru.body, /<html lang="ru"/);
  assert.match(kk.body, /<html lang="kk"/);
  // A feed too (its titles are in the reader's language); a style sheet is the same bytes for all.
  assert.match(String((await t.app.inject('/feeds/ledger.atom')).headers.vary), /Accept-Language/);
  assert.equal((await t.app.inject('/proposals/static/proposals.css')).headers.vary, undefined);
});

test('a 1-minute idle timeout keeps someone active signed in (requests 40 s apart), and ends an idle session', async () => {
  const x = await testApp({ session: { idleMinutes: 1, maxHours: 168 } });
  try {
    const me = await signInAs(x);
    /** Moves the session's clock back, as if `ms` had passed. */
    const pass = async (ms: number) => {
      const rows = await x.ctx.db.db.selectFrom('identity_sessions').selectAll().where('user_id', '=', me.user.id).execute();
      for (const s of rows) {
        const back = (iso: string) => new Date(Date.parse(iso) - ms).toISOString();
        await x.ctx.db.db.updateTable('identity_sessions').set({ created_at: back(s.created_at), last_seen_at: back(s.last_seen_at), expires_at: back(s.expires_at), max_expires_at: back(s.max_expires_at) }).where('id', '=', s.id).execute();
      }
    };
    for (let i = 0; i < 6; i++) {
      await pass(40_000);
      const r = await x.app.inject({ url: '/api/v1/me', headers: { cookie: me.cookie } });
      assert.equal(r.statusCode, 200, `request ${i + 1}, ${(i + 1) * 40} s after sign-in: ${r.body}`);
    }
    await pass(61_000);
    assert.equal((await x.app.inject({ url: '/api/v1/me', headers: { cookie: me.cookie } })).statusCode, 401, 'a minute without requests ends it');
  } finally {
    await x.close();
  }
});

test('signing or withdrawing from a proposal one may not read answers 404, as reading it does', async () => {
  const author = await signInAs(t);
  const other = await signInAs(t);
  const ref = (await t.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: author.headers, payload: draft() })).json().ref as string;
  assert.equal((await t.app.inject({ url: `/api/v1/proposals/${ref}`, headers: other.headers })).statusCode, 404);
  const sign = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${ref}/signatures`, headers: other.headers, payload: {} });
  assert.equal(sign.statusCode, 404, sign.body);
  const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/proposals/P-99999/signatures', headers: other.headers, payload: {} });
  assert.equal(unknown.statusCode, 404);
  const shape = (b: Record<string, unknown>) => ({ type: b.type, title: b.title, status: b.status, code: b.code });
  assert.deepEqual(shape(sign.json()), shape(unknown.json()), 'the same problem as an unknown ref');
  const withdraw = await t.app.inject({ method: 'DELETE', url: `/api/v1/proposals/${ref}/signatures/mine`, headers: other.headers });
  assert.equal(withdraw.statusCode, 404, withdraw.body);
  const page = await t.app.inject({ method: 'POST', url: `/proposals/${ref}/sign`, headers: { ...other.headers, accept: 'text/html' }, payload: {} });
  assert.equal(page.statusCode, 404);
  // The author may read it, so the author hears that it is not open.
  assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${ref}/signatures`, headers: author.headers, payload: {} })).statusCode, 409);
});

test('the admin adds an agency from the console form, like the secretariat', async () => {
  const admin = await signInAs(t, { roles: ['admin'] });
  const page = await t.app.inject({ url: '/responses/console?lang=en', headers: { cookie: admin.cookie, accept: 'text/html' } });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /action="\/responses\/agencies"/);
  const form = new URLSearchParams({ _csrf: admin.csrf, id: 'admin-made', name_kk: 'Әкімдік', name_ru: 'Акимат', name_en: 'Akimat', level: 'central' }).toString();
  const r = await t.app.inject({ method: 'POST', url: '/responses/agencies', headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: form });
  assert.equal(r.statusCode, 303, r.body.slice(0, 300));
  assert.equal(r.headers.location, '/responses/agencies/admin-made');
  assert.equal((await t.app.inject('/api/v1/responses/agencies/admin-made')).statusCode, 200);
  const citizen = await signInAs(t);
  const refused = await t.app.inject({ method: 'POST', url: '/responses/agencies', headers: { cookie: citizen.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: citizen.csrf, id: 'citizen-made' }).toString() });
  assert.equal(refused.statusCode, 403);
});

test('what the fuzzer found after the merge: an unknown cycle step is 400 naming body.event; a webhook id past the safe integers is 404, not 500', async () => {
  const staff = await signInAs(t, { roles: ['secretariat'] });
  const step = await t.app.inject({ method: 'POST', url: '/api/v1/council/cycles/0/transitions', headers: staff.headers, payload: { event: '0x10' } });
  assert.equal(step.statusCode, 400, step.body);
  assert.deepEqual((step.json() as Problem).errors?.map((e) => e.field), ['body.event']);
  const citizen = await signInAs(t, {});
  for (const url of ['/api/v1/notifications/webhooks/1.7976931348623157e%2B308/deliveries', '/api/v1/notifications/webhooks/9007199254740993/deliveries']) {
    const r = await t.app.inject({ url, headers: citizen.headers });
    assert.equal(r.statusCode, 404, `${url}: ${r.body}`);
    assert.match(r.headers['content-type'] as string, /^application\/problem\+json/);
  }
});
