// Sign-in through a real OpenID Connect provider (oidc-provider on loopback): code flow with PKCE,
// IIN claim → pseudonym, and the raw IIN never stored.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { pseudonymize } from '../../src/core/pseudonym.ts';
import { sqlitePath } from '../../src/db/connection.ts';
import { identityService } from '../../src/modules/identity/service.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { startOidcProvider, type TestOidcProvider } from '../helpers/oidc.ts';

const BASE = 'http://localhost:3000';
let idp: TestOidcProvider;
let t: TestApp;

before(async () => {
  idp = await startOidcProvider({ redirectUri: `${BASE}/auth/oidc/callback` });
  t = await testApp({}, { ...idp.env, KENES_BASE_URL: BASE });
});
after(async () => {
  await t.close();
  await idp.close();
});

function cookiesOf(res: { headers: Record<string, unknown> }): Record<string, string> {
  const raw = res.headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : raw ? [String(raw)] : [];
  const out: Record<string, string> = {};
  for (const c of list) {
    const [pair] = String(c).split(';');
    const eq = pair.indexOf('=');
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** The whole browser round trip: start → provider login → callback. Returns the callback response. */
async function signInThroughProvider(account: string, next = '/') {
  const start = await t.app.inject(`/auth/oidc/start?next=${encodeURIComponent(next)}`);
  assert.equal(start.statusCode, 303);
  const flowCookie = cookiesOf(start).kenes_oidc;
  assert.ok(flowCookie, 'the flow cookie is set');
  const authUrl = new URL(String(start.headers.location));
  assert.equal(authUrl.origin, idp.issuer);
  assert.equal(authUrl.searchParams.get('code_challenge_method'), 'S256');
  assert.ok(authUrl.searchParams.get('code_challenge'));
  assert.ok(authUrl.searchParams.get('state'));
  const back = new URL(await idp.login(authUrl.toString(), account));
  return t.app.inject({ url: `${back.pathname}${back.search}`, headers: { cookie: `kenes_oidc=${flowCookie}`, accept: 'text/html' } });
}

test('the login page offers the provider button', async () => {
  const r = await t.app.inject({ url: '/auth/login?next=/proposals', headers: { accept: 'text/html' } });
  assert.equal(r.statusCode, 200);
  assert.match(r.body, /href="\/auth\/oidc\/start\?next=%2Fproposals"/);
  assert.match(r.body, /eGov/);
  assert.doesNotMatch(r.body, /action="\/auth\/demo"/, 'no demo sign-in outside demo mode');
});

test('code flow with PKCE signs the citizen in; name and region come from the claims', async () => {
  const cb = await signInThroughProvider('aigerim', '/after');
  assert.equal(cb.statusCode, 303, cb.body);
  assert.equal(cb.headers.location, '/after');
  const session = cookiesOf(cb).kenes_session;
  assert.ok(session);
  const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: `kenes_session=${session}` } });
  assert.equal(me.statusCode, 200);
  const body = me.json();
  assert.equal(body.displayName, 'Айгерім Сейтқали');
  assert.equal(body.region, 'KZ-75');
  assert.deepEqual(body.roles, ['citizen']);
  const user = await identityService(t.ctx).findById(body.id);
  assert.equal(user?.pseudonym, pseudonymize(t.ctx.config.pepper, '061211600012'));
  assert.equal(user?.origin, 'oidc');
});

test('signing in again finds the same person; the region claim is matched case-insensitively', async () => {
  const a = await signInThroughProvider('olga');
  const b = await signInThroughProvider('olga');
  const idA = (await t.app.inject({ url: '/api/v1/me', headers: { cookie: `kenes_session=${cookiesOf(a).kenes_session}` } })).json();
  const idB = (await t.app.inject({ url: '/api/v1/me', headers: { cookie: `kenes_session=${cookiesOf(b).kenes_session}` } })).json();
  assert.equal(idA.id, idB.id);
  assert.equal(idA.region, 'KZ-35');
});

test('the raw IIN is stored nowhere: not in any table, not in the database files', async () => {
  await signInThroughProvider('yerlan');
  const iins = ['061211600012', '850315300128', '920704400015'];
  const tables = ['identity_users', 'identity_roles', 'identity_sessions', 'outbox'] as const;
  for (const table of tables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(t.db.db);
    const dump = JSON.stringify(rows.rows);
    for (const iin of iins) assert.ok(!dump.includes(iin), `${table} contains a raw IIN`);
  }
  if (t.db.dialect === 'sqlite') {
    const dir = dirname(sqlitePath(t.db.url));
    for (const f of readdirSync(dir)) {
      const bytes = readFileSync(`${dir}/${f}`).toString('latin1');
      for (const iin of iins) assert.ok(!bytes.includes(iin), `${f} contains a raw IIN`);
    }
  }
});

test('no IIN claim, or an invalid one, refuses sign-in with 403 and creates no user', async () => {
  const before = await identityService(t.ctx).count();
  for (const account of ['noiin', 'badiin']) {
    const cb = await signInThroughProvider(account);
    assert.equal(cb.statusCode, 403, account);
    assert.ok(!cookiesOf(cb).kenes_session, 'no session');
  }
  assert.equal(await identityService(t.ctx).count(), before);
});

test('a callback without the flow cookie, or with a wrong state, is refused', async () => {
  const start = await t.app.inject('/auth/oidc/start');
  const back = new URL(await idp.login(String(start.headers.location), 'aigerim'));
  const noCookie = await t.app.inject({ url: `${back.pathname}${back.search}`, headers: { accept: 'text/html' } });
  assert.equal(noCookie.statusCode, 400);
  // A flow cookie from another attempt: its state and PKCE verifier do not match this code.
  const other = await t.app.inject('/auth/oidc/start');
  const wrong = await t.app.inject({ url: `${back.pathname}${back.search}`, headers: { cookie: `kenes_oidc=${cookiesOf(other).kenes_oidc}`, accept: 'text/html' } });
  assert.equal(wrong.statusCode, 400);
  assert.ok(!cookiesOf(wrong).kenes_session);
});

test('a provider error (user cancelled) shows the failure page', async () => {
  const r = await t.app.inject({ url: '/auth/oidc/callback?error=access_denied&state=x', headers: { accept: 'text/html', cookie: 'lang=en' } });
  assert.equal(r.statusCode, 400);
  assert.match(r.body, /cancelled/);
});

test('next is only followed to local paths', async () => {
  const cb = await signInThroughProvider('aigerim', '//evil.example/x');
  assert.equal(cb.headers.location, '/');
});

test('sign-in replaces an existing session (no session fixation)', async () => {
  const first = cookiesOf(await signInThroughProvider('aigerim')).kenes_session;
  const start = await t.app.inject({ url: '/auth/oidc/start', headers: { cookie: `kenes_session=${first}` } });
  const back = new URL(await idp.login(String(start.headers.location), 'yerlan'));
  const cb = await t.app.inject({ url: `${back.pathname}${back.search}`, headers: { cookie: `kenes_session=${first}; kenes_oidc=${cookiesOf(start).kenes_oidc}` } });
  const second = cookiesOf(cb).kenes_session;
  assert.ok(second && second !== first);
  assert.equal((await t.app.inject({ url: '/api/v1/me', headers: { cookie: `kenes_session=${first}` } })).statusCode, 401);
});

test('client_secret_post works too (OIDC_TOKEN_AUTH_METHOD)', async () => {
  const idp2 = await startOidcProvider({ redirectUri: `${BASE}/auth/oidc/callback`, tokenAuthMethod: 'client_secret_post' });
  const t2 = await testApp({}, { ...idp2.env, KENES_BASE_URL: BASE });
  try {
    assert.equal(t2.ctx.config.oidc.tokenAuthMethod, 'client_secret_post');
    const start = await t2.app.inject('/auth/oidc/start');
    const back = new URL(await idp2.login(String(start.headers.location), 'yerlan'));
    const cb = await t2.app.inject({ url: `${back.pathname}${back.search}`, headers: { cookie: `kenes_oidc=${cookiesOf(start).kenes_oidc}` } });
    assert.equal(cb.statusCode, 303);
    assert.ok(cookiesOf(cb).kenes_session);
  } finally {
    await t2.close();
    await idp2.close();
  }
});
