// The prepared-statement session look-up (docs/adr/0704) behaves exactly like the Kysely one: the same
// scenarios run against an app on each path, on SQLite and on PostgreSQL, and give the same answers,
// the same cookies and the same rows; each answer is also checked against what it should be.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildApp } from '../../src/app.tsx';
import { loadCharter } from '../../src/core/charter/index.ts';
import { loadConfig } from '../../src/config.ts';
import { csrfTokenFor, sessionBinding } from '../../src/modules/identity/csrf.ts';
import { hashToken, IdentityService, identityService } from '../../src/modules/identity/service.ts';
import { SESSION_COOKIE } from '../../src/modules/identity/session.ts';
import { proposalsService } from '../../src/modules/proposals/service.ts';
import type { AppContext } from '../../src/web/context.ts';
import type { TestApp } from '../helpers/app.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';
import { freshDb } from '../helpers/db.ts';
import { draft, smallCharterPath } from './proposals.fixtures.ts';

type Mode = 'prepared' | 'kysely';
const apps = {} as Record<Mode, TestApp & { ref: string }>;

async function appOn(mode: Mode): Promise<TestApp & { ref: string }> {
  const db = await freshDb();
  const config = { ...loadConfig({ LOG_LEVEL: 'silent', KENES_RATE_CREATE_PER_HOUR: '100' }), charterPath: smallCharterPath() };
  const ctx: AppContext = { config, db, charter: loadCharter(config.charterPath) };
  // The first call for a database handle decides the path the app's session hook uses.
  assert.equal(identityService(ctx, { preparedSessionLookup: mode === 'prepared' }).preparedSessionLookup, mode === 'prepared');
  const app = await buildApp(ctx, { logger: false });
  await app.ready();
  const t: TestApp = { app, ctx, db, close: async () => { await app.close(); await db.drop(); } };
  // A published petition to sign.
  const author = await signInAs(t);
  const mod = await signInAs(t, { roles: ['moderator'] });
  const created = await app.inject({ method: 'POST', url: '/api/v1/proposals', headers: author.headers, payload: draft() });
  const ref = created.json().ref as string;
  await app.inject({ method: 'POST', url: `/api/v1/proposals/${ref}/submit`, headers: author.headers });
  const pub = await app.inject({ method: 'POST', url: `/api/v1/proposals/${ref}/moderation`, headers: mod.headers, payload: { decision: 'publish' } });
  assert.equal(pub.statusCode, 200);
  return { ...t, ref };
}

before(async () => {
  apps.prepared = await appOn('prepared');
  apps.kysely = await appOn('kysely');
});
after(async () => {
  await apps.prepared?.close();
  await apps.kysely?.close();
});

const sessionRow = (t: TestApp, s: SignedIn) => t.db.db.selectFrom('identity_sessions').selectAll().where('id', '=', hashToken(s.token)).executeTakeFirst();
const cleared = (r: { headers: Record<string, unknown> }) => new RegExp(`${SESSION_COOKIE}=;`).test(String(r.headers['set-cookie'] ?? ''));
const me = (t: TestApp, cookie: string) => t.app.inject({ url: '/api/v1/me', headers: { cookie } });
const sign = (t: TestApp & { ref: string }, headers: Record<string, string>) =>
  t.app.inject({ method: 'POST', url: `/api/v1/proposals/${t.ref}/signatures`, headers: { ...headers, 'content-type': 'application/json' }, payload: '{}' });

/** One scenario per entry: each returns a transcript of what an outsider can observe, with nothing run-specific in it. */
const scenarios: Record<string, (t: TestApp & { ref: string }) => Promise<unknown>> = {
  'a live session: the user, roles, region and the session-bound CSRF token': async (t) => {
    const s = await signInAs(t, { region: 'KZ-75' });
    const r = await me(t, s.cookie);
    const body = r.json();
    assert.equal(r.statusCode, 200);
    assert.equal(body.csrfToken, csrfTokenFor(t.ctx.config.sessionSecret, sessionBinding(s.token)));
    assert.equal(body.id, s.user.id);
    return { status: r.statusCode, roles: body.roles, agencyId: body.agencyId, region: body.region, cleared: cleared(r) };
  },
  'several roles come in the fixed order, with the officer’s agency': async (t) => {
    const s = await signInAs(t, { roles: ['agency_officer', 'moderator', 'citizen'], agencyId: 'mon', region: null });
    const body = (await me(t, s.cookie)).json();
    assert.deepEqual(body.roles, ['citizen', 'moderator', 'agency_officer']);
    assert.equal(body.agencyId, 'mon');
    assert.equal(body.region, null);
    return { roles: body.roles, agencyId: body.agencyId, region: body.region };
  },
  'a user with no role at all is still signed in': async (t) => {
    const s = await signInAs(t, { roles: [] });
    const r = await me(t, s.cookie);
    assert.equal(r.statusCode, 200);
    assert.deepEqual(r.json().roles, []);
    return { status: r.statusCode, roles: r.json().roles };
  },
  'signing with the right CSRF header is accepted once': async (t) => {
    const s = await signInAs(t);
    const first = await sign(t, s.headers);
    const again = await sign(t, s.headers);
    assert.equal(first.statusCode, 201);
    assert.equal(again.statusCode, 409);
    return [first.statusCode, again.statusCode, again.json().type];
  },
  'a wrong, missing or other session’s CSRF token is refused and nothing is stored': async (t) => {
    const s = await signInAs(t);
    const other = await signInAs(t);
    const wrong = await sign(t, { cookie: s.cookie, 'x-csrf-token': `${s.csrf.slice(0, -2)}xx` });
    const missing = await sign(t, { cookie: s.cookie });
    const foreign = await sign(t, { cookie: s.cookie, 'x-csrf-token': other.csrf });
    for (const r of [wrong, missing, foreign]) {
      assert.equal(r.statusCode, 403);
      assert.equal(r.json().type, 'https://kenes.kz/problems/csrf');
    }
    await proposalsService(t.ctx).writer.drain();
    const stored = await t.db.db.selectFrom('proposal_signatures').select('signer').where('signer', '=', s.user.pseudonym).execute();
    assert.equal(stored.length, 0);
    return [wrong.statusCode, missing.statusCode, foreign.statusCode, stored.length];
  },
  'an idle-expired session is refused, its cookie cleared and its row deleted': async (t) => {
    const s = await signInAs(t);
    await t.db.db.updateTable('identity_sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', hashToken(s.token)).execute();
    const r = await me(t, s.cookie);
    const signing = await sign(t, s.headers);
    assert.equal(r.statusCode, 401);
    assert.ok(cleared(r));
    assert.equal(await sessionRow(t, s), undefined);
    assert.equal(signing.statusCode, 401);
    return { status: r.statusCode, cleared: cleared(r), row: !!(await sessionRow(t, s)), signing: signing.statusCode };
  },
  'a session that was ended (sign-out, or every session of the user) is refused': async (t) => {
    const a = await signInAs(t);
    const b = await signInAs(t);
    await identityService(t.ctx).endSession(a.token);
    await identityService(t.ctx).endAllSessions(b.user.id);
    const ra = await me(t, a.cookie);
    const rb = await sign(t, b.headers);
    assert.equal(ra.statusCode, 401);
    assert.equal(rb.statusCode, 401);
    return [ra.statusCode, cleared(ra), rb.statusCode, cleared(rb)];
  },
  'a forged cookie signature or an unknown token is refused and cleared': async (t) => {
    const s = await signInAs(t);
    const forged = `${SESSION_COOKIE}=${encodeURIComponent(`${s.token}.AAAA`)}`;
    const unknown = `${SESSION_COOKIE}=${encodeURIComponent(t.app.signCookie('no-such-session-token'))}`;
    const r1 = await me(t, forged);
    const r2 = await me(t, unknown);
    assert.equal(r1.statusCode, 401);
    assert.equal(r2.statusCode, 401);
    assert.ok(cleared(r1) && cleared(r2));
    return [r1.statusCode, cleared(r1), r2.statusCode, cleared(r2)];
  },
  'a revoked role stops working on the next request': async (t) => {
    const s = await signInAs(t, { roles: ['citizen', 'moderator'] });
    const before = await t.app.inject({ url: '/api/v1/moderation/proposals', headers: { cookie: s.cookie } });
    await identityService(t.ctx).revokeRole(s.user.id, 'moderator', { by: 'test' });
    const afterRevoke = await t.app.inject({ url: '/api/v1/moderation/proposals', headers: { cookie: s.cookie } });
    assert.equal(before.statusCode, 200);
    assert.equal(afterRevoke.statusCode, 403);
    return [before.statusCode, afterRevoke.statusCode];
  },
  'a session unused for over a minute slides its idle expiry, never past the absolute one': async (t) => {
    const s = await signInAs(t);
    const capped = await signInAs(t);
    const past = new Date(Date.now() - 120_000).toISOString();
    const soon = new Date(Date.now() + 60_000).toISOString();
    const max = new Date(Date.now() + 600_000).toISOString();
    await t.db.db.updateTable('identity_sessions').set({ last_seen_at: past, expires_at: soon }).where('id', '=', hashToken(s.token)).execute();
    await t.db.db.updateTable('identity_sessions').set({ last_seen_at: past, expires_at: soon, max_expires_at: max }).where('id', '=', hashToken(capped.token)).execute();
    const t0 = Date.now();
    assert.equal((await me(t, s.cookie)).statusCode, 200);
    assert.equal((await me(t, capped.cookie)).statusCode, 200);
    const row = (await sessionRow(t, s))!;
    const cappedRow = (await sessionRow(t, capped))!;
    const idleMs = t.ctx.config.session.idleMinutes * 60_000;
    assert.ok(Date.parse(row.last_seen_at) >= t0);
    assert.ok(Math.abs(Date.parse(row.expires_at) - (Date.parse(row.last_seen_at) + idleMs)) < 5, 'expiry = last seen + idle time');
    assert.equal(cappedRow.expires_at, max);
    // Within the minute nothing is written again.
    await me(t, s.cookie);
    assert.equal((await sessionRow(t, s))!.last_seen_at, row.last_seen_at);
    return { slid: row.last_seen_at !== past, capped: cappedRow.expires_at === max };
  },
  'many sessions sliding at once are all written (grouped into one transaction on SQLite)': async (t) => {
    const people = await Promise.all(Array.from({ length: 20 }, () => signInAs(t)));
    const past = new Date(Date.now() - 120_000).toISOString();
    await t.db.db.updateTable('identity_sessions').set({ last_seen_at: past }).where('id', 'in', people.map((s) => hashToken(s.token))).execute();
    const answers = await Promise.all(people.map((s) => me(t, s.cookie)));
    const rows = await Promise.all(people.map((s) => sessionRow(t, s)));
    assert.deepEqual(answers.map((r) => r.statusCode), people.map(() => 200));
    assert.ok(rows.every((r) => r && r.last_seen_at > past));
    return { answers: answers.map((r) => r.statusCode), slid: rows.every((r) => r && r.last_seen_at > past) };
  },
  'a slide while another transaction holds the write lock waits for it, then writes': async (t) => {
    const s = await signInAs(t);
    const past = new Date(Date.now() - 120_000).toISOString();
    await t.db.db.updateTable('identity_sessions').set({ last_seen_at: past }).where('id', '=', hashToken(s.token)).execute();
    let answer: Promise<{ statusCode: number }> | undefined;
    await t.db.db.transaction().execute(async (trx) => {
      await trx.insertInto('demo_seed_runs').values({ seed: 'lock', seeders: 'test', ran_at: past }).execute();
      answer = me(t, s.cookie);
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    const r = await answer!;
    assert.equal(r.statusCode, 200);
    assert.ok((await sessionRow(t, s))!.last_seen_at > past);
    return r.statusCode;
  },
};

for (const [name, run] of Object.entries(scenarios)) {
  test(`session look-up, prepared = Kysely: ${name}`, async () => {
    const prepared = await run(apps.prepared);
    const kysely = await run(apps.kysely);
    assert.deepEqual(prepared, kysely);
  });
}

test('the service answers the same on both paths, row for row', async () => {
  const t = apps.prepared;
  const fast = identityService(t.ctx);
  const slow = new IdentityService(t.ctx.db, t.ctx.config, { preparedSessionLookup: false });
  assert.equal(fast.preparedSessionLookup, true, 'a database file gets the prepared look-up');
  assert.equal(slow.preparedSessionLookup, false);
  const people = [await signInAs(t), await signInAs(t, { roles: ['secretariat', 'auditor', 'admin'], region: null }), await signInAs(t, { roles: ['agency_officer'], agencyId: 'minfin' })];
  for (const s of people) assert.deepEqual(await fast.userForSession(s.token), await slow.userForSession(s.token));
  assert.equal(await fast.userForSession('unknown'), null);
  assert.equal(await slow.userForSession('unknown'), null);
});
