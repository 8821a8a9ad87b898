// Sessions, CSRF and guards: the parts every other module leans on.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildApp } from '../../src/app.tsx';
import { loadCharter } from '../../src/core/charter/index.ts';
import { loadConfig } from '../../src/config.ts';
import { requireRole, requireUser } from '../../src/modules/identity/guards.ts';
import { identityService } from '../../src/modules/identity/service.ts';
import type { AppContext } from '../../src/web/context.ts';
import type { TestApp } from '../helpers/app.ts';
import { signInAs } from '../helpers/auth.ts';
import { freshDb } from '../helpers/db.ts';

let t: TestApp;

// A real app plus a few guarded routes, standing in for the modules that will use the guards.
before(async () => {
  const db = await freshDb();
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  const ctx: AppContext = { config, db, charter: loadCharter(config.charterPath) };
  const app = await buildApp(ctx, { logger: false });
  app.get('/api/v1/test/any-user', { preHandler: requireUser }, async (req) => ({ id: req.user?.id }));
  app.get('/api/v1/test/moderation', { preHandler: requireRole('moderator', 'admin') }, async () => ({ ok: true }));
  app.post('/api/v1/test/moderation', { preHandler: requireRole('moderator') }, async (req) => ({ got: req.body }));
  app.get('/test/moderation-page', { preHandler: requireRole('moderator') }, async () => 'ok');
  app.post('/test/form', { preHandler: requireUser }, async (req) => ({ got: req.body }));
  await app.ready();
  t = { app, ctx, db, close: async () => { await app.close(); await db.drop(); } };
});
after(async () => t.close());

test('no cookie: req.user is null, guarded API answers 401 problem details', async () => {
  const r = await t.app.inject('/api/v1/test/any-user');
  assert.equal(r.statusCode, 401);
  assert.match(String(r.headers['content-type']), /application\/problem\+json/);
  assert.equal(r.json().status, 401);
  const me = await t.app.inject('/api/v1/me');
  assert.equal(me.statusCode, 401);
});

test('a guarded page answers 401 with a sign-in link that comes back', async () => {
  const r = await t.app.inject({ url: '/test/moderation-page', headers: { accept: 'text/html' } });
  assert.equal(r.statusCode, 401);
  assert.match(r.body, /href="\/auth\/login\?next=%2Ftest%2Fmoderation-page"/);
});

test('signed in: /api/v1/me shows the user, roles and CSRF token', async () => {
  const s = await signInAs(t, { roles: ['citizen'], name: 'Айгерім Сейтқали', region: 'KZ-10' });
  const r = await t.app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } });
  assert.equal(r.statusCode, 200);
  const me = r.json();
  assert.equal(me.id, s.user.id);
  assert.equal(me.displayName, 'Айгерім Сейтқали');
  assert.deepEqual(me.roles, ['citizen']);
  assert.equal(me.region, 'KZ-10');
  assert.equal(me.csrfToken, s.csrf);
});

test('requireRole: 403 without the role, 200 with any listed role', async () => {
  const citizen = await signInAs(t);
  const r1 = await t.app.inject({ url: '/api/v1/test/moderation', headers: citizen.headers });
  assert.equal(r1.statusCode, 403);
  assert.equal(r1.json().status, 403);
  const html = await t.app.inject({ url: '/test/moderation-page', headers: { cookie: citizen.cookie, accept: 'text/html' } });
  assert.equal(html.statusCode, 403);
  assert.match(html.body, /<html/);
  const mod = await signInAs(t, { roles: ['moderator'] });
  assert.equal((await t.app.inject({ url: '/api/v1/test/moderation', headers: mod.headers })).statusCode, 200);
  const admin = await signInAs(t, { roles: ['admin'] });
  assert.equal((await t.app.inject({ url: '/api/v1/test/moderation', headers: admin.headers })).statusCode, 200);
});

test('a role granted or revoked takes effect on the next request of a live session', async () => {
  const s = await signInAs(t);
  const svc = identityService(t.ctx);
  assert.equal((await t.app.inject({ url: '/api/v1/test/moderation', headers: s.headers })).statusCode, 403);
  await svc.grantRole(s.user.id, 'moderator', { by: 'test' });
  assert.equal((await t.app.inject({ url: '/api/v1/test/moderation', headers: s.headers })).statusCode, 200);
  await svc.revokeRole(s.user.id, 'moderator', { by: 'test' });
  assert.equal((await t.app.inject({ url: '/api/v1/test/moderation', headers: s.headers })).statusCode, 403);
});

test('agency officers carry their one agency', async () => {
  const s = await signInAs(t, { roles: ['agency_officer'], agencyId: 'minzdrav' });
  const me = (await t.app.inject({ url: '/api/v1/me', headers: s.headers })).json();
  assert.deepEqual(me.roles, ['agency_officer']);
  assert.equal(me.agencyId, 'minzdrav');
});

test('CSRF: a signed-in JSON post without the header is refused with 403 problem details', async () => {
  const mod = await signInAs(t, { roles: ['moderator'] });
  const forged = await t.app.inject({ method: 'POST', url: '/api/v1/test/moderation', headers: { cookie: mod.cookie }, payload: { a: 1 } });
  assert.equal(forged.statusCode, 403);
  assert.equal(forged.json().type, 'https://kenes.kz/problems/csrf');
  const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/test/moderation', headers: { cookie: mod.cookie, 'x-csrf-token': 'x'.repeat(43) }, payload: { a: 1 } });
  assert.equal(wrong.statusCode, 403);
  const ok = await t.app.inject({ method: 'POST', url: '/api/v1/test/moderation', headers: mod.headers, payload: { a: 1 } });
  assert.equal(ok.statusCode, 200);
  assert.deepEqual(ok.json().got, { a: 1 });
});

test('CSRF: a token from another session does not work', async () => {
  const a = await signInAs(t, { roles: ['moderator'] });
  const b = await signInAs(t, { roles: ['moderator'] });
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/test/moderation', headers: { cookie: a.cookie, 'x-csrf-token': b.csrf }, payload: {} });
  assert.equal(r.statusCode, 403);
});

test('CSRF: a form post needs _csrf; a forged one gets the 403 page; the field is stripped', async () => {
  const s = await signInAs(t);
  const forged = await t.app.inject({
    method: 'POST',
    url: '/test/form',
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    payload: 'x=1',
  });
  assert.equal(forged.statusCode, 403);
  assert.match(String(forged.headers['content-type']), /text\/html/);
  const ok = await t.app.inject({
    method: 'POST',
    url: '/test/form',
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: `x=1&_csrf=${encodeURIComponent(s.csrf)}`,
  });
  assert.equal(ok.statusCode, 200);
  assert.deepEqual(ok.json().got, { x: '1' });
});

test('pages carry the CSRF token of the session in the sign-out form', async () => {
  const s = await signInAs(t, { name: 'Ерлан Нұрланов' });
  const r = await t.app.inject({ url: '/', headers: { cookie: s.cookie, accept: 'text/html' } });
  assert.match(r.body, /Ерлан Нұрланов/);
  assert.ok(r.body.includes(`name="_csrf" value="${s.csrf}"`));
});

test('sign-out ends the server-side session: the old cookie no longer works', async () => {
  const s = await signInAs(t);
  const forged = await t.app.inject({ method: 'POST', url: '/auth/logout', headers: { cookie: s.cookie } });
  assert.equal(forged.statusCode, 403, 'sign-out is a state change, so it needs the token too');
  const out = await t.app.inject({ method: 'POST', url: '/auth/logout', headers: s.headers });
  assert.equal(out.statusCode, 303);
  assert.match(String(out.headers['set-cookie']), /kenes_session=;/);
  const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } });
  assert.equal(me.statusCode, 401);
});

test('a tampered or unknown session cookie is ignored and cleared', async () => {
  const s = await signInAs(t);
  const tampered = s.cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
  const r = await t.app.inject({ url: '/api/v1/me', headers: { cookie: tampered } });
  assert.equal(r.statusCode, 401);
  assert.match(String(r.headers['set-cookie']), /kenes_session=;/);
  const unsigned = await t.app.inject({ url: '/api/v1/me', headers: { cookie: `kenes_session=${s.token}` } });
  assert.equal(unsigned.statusCode, 401, 'an unsigned token is not accepted');
});

test('the session cookie is http-only and SameSite=Lax; only the token hash is stored', async () => {
  const svc = identityService(t.ctx);
  const s = await signInAs(t);
  const rows = await t.db.db.selectFrom('identity_sessions').select('id').execute();
  assert.ok(rows.every((r) => r.id !== s.token));
  assert.ok(await svc.userForSession(s.token));
  // The cookie attributes, from a real sign-out/sign-in response.
  const out = await t.app.inject({ method: 'POST', url: '/auth/logout', headers: s.headers });
  const set = String(out.headers['set-cookie']);
  assert.match(set, /HttpOnly/);
  assert.match(set, /SameSite=Lax/);
});

test('an expired session is refused', async () => {
  const s = await signInAs(t);
  await t.db.db.updateTable('identity_sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
  const r = await t.app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } });
  assert.equal(r.statusCode, 401);
  await signInAs(t);
  await t.db.db.updateTable('identity_sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
  assert.ok((await identityService(t.ctx).purgeExpiredSessions()) >= 1, 'the sweeper removes expired rows');
  assert.equal((await t.db.db.selectFrom('identity_sessions').select('id').execute()).length, 0);
});
