// Read replicas with a real streaming replica (docs/adr/1801): a throwaway PostgreSQL primary and a
// replica made from it with pg_basebackup, on two free ports. With replay paused on the replica, a
// proposal published on the primary is invisible to an anonymous reader (whose reads go to the
// replica) and visible to a signed-in one (read-your-writes: the primary); after replay resumes the
// anonymous reader sees it too; with the replica stopped, anonymous reads fall back to the primary.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.tsx';
import { loadConfig } from '../../src/config.ts';
import { loadCharter } from '../../src/core/charter/index.ts';
import { type Db, openDb } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { isPublicRead, replicaSafe } from '../../src/db/readRouting.ts';
import type { AppContext } from '../../src/web/context.ts';
import { signInAs } from '../helpers/auth.ts';
import type { TestApp } from '../helpers/app.ts';
import { draft, smallCharterPath } from './proposals.fixtures.ts';
import { pgBinDir, type ReplicaPair, startReplicaPair } from './replica.fixtures.ts';
import { testDialect } from '../helpers/db.ts';

// The pair of clusters is the test's own whichever database the phase runs on, so it runs once, in the
// PostgreSQL phase (in the SQLite phase it would repeat the same check).
const inPostgresPhase = testDialect() === 'postgres';
const bin = inPostgresPhase ? pgBinDir() : null;
if (inPostgresPhase && !bin) console.log('# replica tests skipped: PostgreSQL binaries (initdb, pg_basebackup, pg_ctl) not found under /usr/lib/postgresql');

let pair: ReplicaPair;
let db: Db;
let app: FastifyInstance;
let t: TestApp;

before(async () => {
  if (!bin) return;
  pair = await startReplicaPair();
  db = openDb(pair.primaryUrl, { readUrl: pair.replicaUrl });
  await migrateToLatest(db);
  const config = { ...loadConfig({ LOG_LEVEL: 'silent', KENES_RATE_CREATE_PER_HOUR: '100' }), databaseUrl: pair.primaryUrl, readDatabaseUrl: pair.replicaUrl, charterPath: smallCharterPath() };
  const ctx: AppContext = { config, db, charter: loadCharter(config.charterPath) };
  app = await buildApp(ctx, { logger: false });
  await app.ready();
  t = { app, ctx, db: Object.assign(db, { drop: async () => undefined }), close: async () => undefined };
});

after(async () => {
  await app?.close();
  await db?.close();
  await pair?.stop();
});

test('which requests and statements may use the replica', () => {
  assert.equal(isPublicRead('GET', '/api/v1/proposals', undefined), true);
  assert.equal(isPublicRead('GET', '/proposals/ab12', 'lang=kk'), true);
  assert.equal(isPublicRead('GET', '/proposals/ab12', 'lang=kk; kenes_session=abc'), false, 'a signed-in caller reads their own writes');
  assert.equal(isPublicRead('POST', '/api/v1/proposals', undefined), false);
  assert.equal(isPublicRead('GET', '/readyz', undefined), false);
  assert.equal(replicaSafe('select * from proposals where id = $1'), true);
  assert.equal(replicaSafe('select * from outbox for update skip locked'), false);
  assert.equal(replicaSafe('with x as (delete from t returning *) select * from x'), false);
  assert.equal(replicaSafe('insert into t values (1)'), false);
});

test('anonymous reads come from the replica, signed-in reads and writes from the primary', { skip: !inPostgresPhase ? 'runs in the PostgreSQL phase' : !bin && 'PostgreSQL binaries missing' }, async () => {
  const author = await signInAs(t);
  const moderator = await signInAs(t, { roles: ['moderator'] });
  await pair.caughtUp();
  await pair.pauseReplay();
  const api = (method: 'GET' | 'POST', url: string, who?: { headers: Record<string, string> }, payload?: unknown) => app.inject({ method, url, headers: who?.headers, payload: payload as never });
  const created = await api('POST', '/api/v1/proposals', author, draft());
  assert.equal(created.statusCode, 201, created.body);
  const ref = created.json().ref as string;
  assert.equal((await api('POST', `/api/v1/proposals/${ref}/submit`, author)).statusCode, 200);
  const pub = await api('POST', `/api/v1/proposals/${ref}/moderation`, moderator, { decision: 'publish' });
  assert.equal(pub.statusCode, 200, pub.body);

  const before = { ...db.replica!.stats };
  const anonymous = await api('GET', `/api/v1/proposals/${ref}`);
  assert.equal(anonymous.statusCode, 404, 'the paused replica has not seen the proposal yet');
  assert.ok(db.replica!.stats.replica > before.replica, 'the anonymous read ran on the replica');
  const own = await api('GET', `/api/v1/proposals/${ref}`, author);
  assert.equal(own.statusCode, 200, 'the author reads the primary');
  assert.equal(own.json().status, 'open');

  await pair.resumeReplay();
  await pair.caughtUp();
  const later = await api('GET', `/api/v1/proposals/${ref}`);
  assert.equal(later.statusCode, 200, later.body);
  assert.equal(later.json().status, 'open');
  const list = await api('GET', '/api/v1/proposals');
  assert.equal(list.statusCode, 200);

  // A replica that is gone costs a fall-back, not an error.
  await pair.stopReplica();
  const fallbacks = db.replica!.stats.fallbacks;
  const without = await api('GET', `/api/v1/proposals/${ref}`);
  assert.equal(without.statusCode, 200, without.body);
  assert.ok(db.replica!.stats.fallbacks > fallbacks, 'the read fell back to the primary');
  assert.equal((await api('GET', '/readyz')).statusCode, 200);
});
