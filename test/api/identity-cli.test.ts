// `kenes users …` and `kenes demo seed` as a user runs them (a real process against a fresh database),
// and the configuration refusals that protect production.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { loadCharter } from '../../src/core/charter/index.ts';
import { pseudonymize } from '../../src/core/pseudonym.ts';
import { ConfigError, DEMO_LEDGER_KEY, estimatedBits, loadConfig } from '../../src/config.ts';
import { PRODUCTION_SECRETS } from '../helpers/secrets.ts';
import { type Db, openDb } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { identityService } from '../../src/modules/identity/service.ts';
import { freshDbUrl } from '../helpers/db.ts';
import { testApp } from '../helpers/app.ts';
import { signInAs } from '../helpers/auth.ts';

const bin = new URL('../../bin/kenes.mjs', import.meta.url).pathname;
let url: string;
let drop: () => Promise<void>;

before(async () => {
  ({ url, drop } = await freshDbUrl());
  // Migrated here, so that any one test runs alone (each otherwise relied on the first CLI call's migration).
  await withDb((db) => migrateToLatest(db));
});
after(async () => drop());

function kenes(args: string[], opts: { env?: Record<string, string>; input?: string } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH, KENES_BUNDLE_DIR: process.env.KENES_BUNDLE_DIR ?? '', DATABASE_URL: url, LOG_LEVEL: 'silent', ...opts.env },
    input: opts.input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = openDb(url);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

function svcFor(db: Db) {
  const config = loadConfig({});
  return identityService({ db, config });
}

test('users grant by IIN creates the account by pseudonym; the IIN is never printed', async () => {
  const r = kenes(['users', 'grant', 'moderator', '--iin', '061211600012']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /granted moderator/);
  assert.ok(!r.out.includes('061211600012') && !r.err.includes('061211600012'));
  await withDb(async (db) => {
    const u = await svcFor(db).findByPseudonym(pseudonymize(loadConfig({}).pepper, '061211600012'));
    assert.deepEqual(u?.roles, ['citizen', 'moderator']);
  });
});

test('users grant agency_officer needs --agency; reading the IIN from stdin works', async () => {
  const missing = kenes(['users', 'grant', 'agency_officer', '--iin', '-'], { input: '061211600012\n' });
  assert.equal(missing.code, 2);
  assert.match(missing.err, /--agency/);
  const ok = kenes(['users', 'grant', 'agency_officer', '--iin', '-', '--agency', 'minzdrav'], { input: '061211600012\n' });
  assert.equal(ok.code, 0, ok.err);
  await withDb(async (db) => {
    const u = await svcFor(db).findByPseudonym(pseudonymize(loadConfig({}).pepper, '061211600012'));
    assert.equal(u?.agencyId, 'minzdrav');
  });
});

test('users grant/revoke by --user id, list by role, and clear errors with exit code 2', async () => {
  const id = await withDb(async (db) => (await svcFor(db).ensureUser({ pseudonym: 'a'.repeat(64), displayName: 'Сәуле Ахметова', origin: 'test' })).id);
  assert.equal(kenes(['users', 'grant', 'auditor', '--user', id]).code, 0);
  const list = kenes(['users', 'list', '--role', 'auditor']);
  assert.equal(list.code, 0);
  assert.match(list.out, new RegExp(`${id}.*auditor.*Сәуле Ахметова`));
  const json = JSON.parse(kenes(['users', 'list', '--json']).out) as { id: string; pseudonym?: string }[];
  assert.ok(json.some((u) => u.id === id));
  assert.ok(json.every((u) => u.pseudonym === undefined), 'pseudonyms are not printed');

  assert.equal(kenes(['users', 'revoke', 'auditor', '--user', id]).code, 0);
  const again = kenes(['users', 'revoke', 'auditor', '--user', id]);
  assert.equal(again.code, 1);
  assert.match(again.err, /does not have the role auditor/);
  await withDb(async (db) => assert.deepEqual((await svcFor(db).findById(id))?.roles, ['citizen']));

  const badRole = kenes(['users', 'grant', 'wizard', '--user', id]);
  assert.equal(badRole.code, 2);
  assert.match(badRole.err, /unknown role "wizard"/);
  const badIin = kenes(['users', 'grant', 'admin', '--iin', '061211600013']);
  assert.equal(badIin.code, 2);
  assert.match(badIin.err, /not a valid IIN/);
  const nobody = kenes(['users', 'grant', 'admin', '--user', 'no-such-id']);
  assert.equal(nobody.code, 2);
  assert.match(nobody.err, /no user with id/);
});

test('a role granted from the CLI applies to a live session at once', async () => {
  const t = await testApp();
  try {
    const s = await signInAs(t);
    const r = spawnSync(process.execPath, [bin, 'users', 'grant', 'secretariat', '--user', s.user.id], {
      env: { PATH: process.env.PATH, KENES_BUNDLE_DIR: process.env.KENES_BUNDLE_DIR ?? '', DATABASE_URL: t.db.url },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const me = await t.app.inject({ url: '/api/v1/me', headers: s.headers });
    assert.deepEqual(me.json().roles, ['citizen', 'secretariat']);
  } finally {
    await t.close();
  }
});

test('demo seed runs from the CLI and is refused in production mode', async () => {
  const list = kenes(['demo', 'seed', '--list']);
  assert.equal(list.code, 0, list.err);
  assert.deepEqual(list.out.trim().split('\n').slice(0, 2), ['identity.citizens', 'identity.staff']);
  const r = kenes(['demo', 'seed', '--seed', 'cli-test', '--only', 'identity.citizens,identity.staff']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /identity\.citizens: 240 citizens in 20 regions/);
  assert.match(r.out, /seeded with seed "cli-test": identity\.citizens, identity\.staff$/m);
  const unknown = kenes(['demo', 'seed', '--only', 'nope']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown seeder nope/);
  const prod = kenes(['demo', 'seed'], { env: { NODE_ENV: 'production', ...PRODUCTION_SECRETS } });
  assert.equal(prod.code, 2);
  assert.match(prod.err, /production/);
});

test('production refuses demo mode and a short pepper or session secret', () => {
  const strong = PRODUCTION_SECRETS;
  assert.throws(() => loadConfig({ NODE_ENV: 'production', KENES_DEMO: '1', ...strong }), ConfigError);
  assert.throws(() => loadConfig({ NODE_ENV: 'production', ...strong }, { demo: true }), /demo mode is refused/);
  assert.throws(() => loadConfig({ NODE_ENV: 'production', ...strong, KENES_PEPPER: 'short' }), /KENES_PEPPER/);
  assert.throws(() => loadConfig({ NODE_ENV: 'production', KENES_SESSION_SECRET: strong.KENES_SESSION_SECRET, KENES_LEDGER_KEY: strong.KENES_LEDGER_KEY }), /KENES_PEPPER/);
  assert.throws(() => loadConfig({ NODE_ENV: 'production', ...strong, KENES_SESSION_SECRET: 'short' }), /KENES_SESSION_SECRET/);
  const ok = loadConfig({ NODE_ENV: 'production', ...strong });
  assert.equal(ok.demo, false);
  assert.ok(loadCharter(ok.charterPath));
});

test('production refuses known, guessable or shared secrets, a missing or demo ledger key, and unknown mode values', () => {
  const strong = PRODUCTION_SECRETS;
  const prod = (env: Record<string, string | undefined>) => () => loadConfig({ NODE_ENV: 'production', ...strong, ...env });
  assert.throws(prod({ KENES_PEPPER: 'a'.repeat(32) }), /KENES_PEPPER: .*too easy to guess/);
  assert.throws(prod({ KENES_SESSION_SECRET: 'abababababababababababababababab' }), /KENES_SESSION_SECRET: .*too easy to guess/);
  assert.throws(prod({ KENES_PEPPER: 'kenes-development-pepper-not-for-production-use' }), /KENES_PEPPER: the built-in development value/);
  assert.throws(prod({ KENES_SESSION_SECRET: 'kenes-development-session-secret-not-for-production' }), /KENES_SESSION_SECRET: the built-in development value/);
  assert.throws(prod({ KENES_SESSION_SECRET: strong.KENES_PEPPER }), /KENES_SESSION_SECRET: must differ from KENES_PEPPER/);
  assert.throws(prod({ KENES_LEDGER_KEY: undefined }), /KENES_LEDGER_KEY: production mode signs/);
  assert.throws(prod({ KENES_LEDGER_KEY: DEMO_LEDGER_KEY }), /published demo key/);
  assert.throws(prod({ KENES_LEDGER_KEY: 'bm90IGEga2V5' }), /not a base64 PKCS#8 Ed25519/);
  assert.throws(() => loadConfig({ NODE_ENV: 'prodution' }), /NODE_ENV: must be one of production, development, test/);
  assert.throws(() => loadConfig({ KENES_PRODUCTION: 'ture' }), /KENES_PRODUCTION: must be 1 or 0/);
  assert.equal(loadConfig({ NODE_ENV: 'development' }).production, false);
  assert.equal(loadConfig({ KENES_PRODUCTION: 'off' }).production, false);
  assert.ok(estimatedBits('a'.repeat(32)) === 0 && estimatedBits(strong.KENES_PEPPER) > 128);
});

test('kenes serve --demo in production mode refuses to start', () => {
  const r = kenes(['serve', '--demo', '--port', '0'], { env: { NODE_ENV: 'production', ...PRODUCTION_SECRETS } });
  assert.equal(r.code, 2);
  assert.match(r.err, /demo mode is refused in production/);
});

test('in production the session cookie is Secure and a plain-http issuer is refused', async () => {
  const t = await testApp(
    { production: true, demo: false, baseUrl: 'https://kenes.example' },
    { OIDC_ISSUER: 'http://127.0.0.1:9/', OIDC_CLIENT_ID: 'x', ...PRODUCTION_SECRETS, NODE_ENV: 'production' },
  );
  try {
    const s = await signInAs(t);
    const out = await t.app.inject({ method: 'POST', url: '/auth/logout', headers: s.headers });
    assert.match(String(out.headers['set-cookie']), /Secure/);
    const start = await t.app.inject({ url: '/auth/oidc/start', headers: { accept: 'text/html' } });
    assert.equal(start.statusCode, 502);
  } finally {
    await t.close();
  }
});
