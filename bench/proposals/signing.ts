// The viral case: distinct signed-in citizens sign one proposal over HTTP while 100 readers load its
// page. Prints accepted signatures/s, latency percentiles, and checks stored = acknowledged.
//
//   node --import tsx bench/proposals/signing.ts [--db sqlite:/tmp/kenes-bench.db | --db postgres://…]
//        [--target-rate 5000] [--duration 60] [--connections 64] [--readers 100] [--reader-rate 0] [--servers 1]
//
// Sends exactly target-rate × duration signatures from as many distinct citizens and waits for every
// answer; readers load the proposal page for as long as the signing runs.
//
// Sessions are created in bulk beforehand, straight into the identity tables (the same rows the
// identity service writes: hashed token, user, citizen role), because signing in 400,000 people
// through OIDC is not what is being measured.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import type { Insertable } from 'kysely';
import pg from 'pg';
import { buildApp } from '../../src/app.tsx';
import { loadCharter } from '../../src/core/charter/index.ts';
import { pseudonymize } from '../../src/core/pseudonym.ts';
import { loadConfig } from '../../src/config.ts';
import { isPostgresUrl, openDb, sqlitePath } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { Database } from '../../src/db/schema.ts';
import { csrfTokenFor, sessionBinding } from '../../src/modules/identity/csrf.ts';
import { hashToken } from '../../src/modules/identity/service.ts';
import { SESSION_COOKIE } from '../../src/modules/identity/session.ts';
import { proposalsService } from '../../src/modules/proposals/service.ts';
import type { AppContext, SessionUser } from '../../src/web/context.ts';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite:/tmp/kenes-bench/kenes.db' },
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '64' },
    readers: { type: 'string', default: '100' },
    'reader-rate': { type: 'string', default: '0' },
    citizens: { type: 'string', default: '0' },
    port: { type: 'string', default: '3917' },
    page: { type: 'string', default: '' },
    profile: { type: 'boolean', default: false },
    'target-rate': { type: 'string', default: '5000' },
    servers: { type: 'string', default: '1' },
    // A throwaway PostgreSQL primary and streaming replica on free ports (test/api/replica.fixtures.ts;
    // fsync off, so compare its rates with each other only): signing on the primary, readers on the replica.
    replica: { type: 'boolean', default: false },
  },
});
const duration = Number(args.duration);
const port = Number(args.port);
const citizens = Number(args.citizens) || Number(args['target-rate']) * Number(args.duration);
const ROOT = new URL('../../', import.meta.url).pathname;

async function freshDatabase(url: string): Promise<string> {
  if (isPostgresUrl(url)) {
    const name = `kenes_bench_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    return u.toString();
  }
  rmSync(sqlitePath(url).replace(/\/[^/]*$/, ''), { recursive: true, force: true });
  return url;
}

async function prepare(url: string) {
  const config = { ...loadConfig({ ...process.env, LOG_LEVEL: 'silent' }), databaseUrl: url };
  const db = openDb(url);
  await migrateToLatest(db);
  const ctx: AppContext = { config, db, charter: loadCharter(config.charterPath) };
  const app = await buildApp(ctx, { logger: false });
  await app.ready();
  const regions = (ctx.charter as { regions: { code: string }[] }).regions.map((r) => r.code);
  const now = new Date().toISOString();
  const later = new Date(Date.now() + 24 * 3600_000).toISOString();

  // Author, moderator and a published petition.
  const mk = (i: number, region: string): SessionUser => ({ id: `bench-${i}`, pseudonym: pseudonymize(config.pepper, `bench${String(i).padStart(8, '0')}`), displayName: `Citizen${i} Bench`, roles: ['citizen'], agencyId: null, region });
  await db.db.insertInto('identity_users').values([0, 1].map((i) => ({ id: `bench-${i}`, pseudonym: mk(i, 'KZ-75').pseudonym, display_name: `Staff${i} Bench`, region: 'KZ-75', origin: 'test', created_at: now, last_sign_in_at: null }))).execute();
  const svc = proposalsService(ctx);
  const author = mk(0, 'KZ-75');
  const moderator = { ...mk(1, 'KZ-75'), roles: ['moderator' as const] };
  const row = await svc.createDraft(author, {
    kind: 'petition',
    title: 'Open data on school meals in every district',
    summary: 'Publish the menus, suppliers and prices of school meals for every school, every month, as open data.',
    body: 'Parents cannot see what their children eat at school or what it costs. '.repeat(5),
    topic: 'education',
    scope: 'national',
    language: 'en',
  });
  await svc.submit(author, row.ref);
  await svc.moderate(moderator, row.ref, 'publish', undefined, undefined);

  // Citizens with sessions, in bulk.
  process.stdout.write(`creating ${citizens} citizens with sessions… `);
  const t0 = Date.now();
  const creds: string[][] = [];
  const BATCH = 2000;
  for (let start = 2; start < citizens + 2; start += BATCH) {
    const users: Insertable<Database['identity_users']>[] = [];
    const roles: Insertable<Database['identity_roles']>[] = [];
    const sessions: Insertable<Database['identity_sessions']>[] = [];
    for (let i = start; i < Math.min(start + BATCH, citizens + 2); i++) {
      const token = randomBytes(32).toString('base64url');
      const u = mk(i, regions[i % regions.length]);
      users.push({ id: u.id, pseudonym: u.pseudonym, display_name: u.displayName, region: u.region, origin: 'test', created_at: now, last_sign_in_at: now });
      roles.push({ user_id: u.id, role: 'citizen', agency_id: null, granted_at: now, granted_by: 'bench' });
      sessions.push({ id: hashToken(token), user_id: u.id, created_at: now, expires_at: later, max_expires_at: later, last_seen_at: now });
      creds.push([`${SESSION_COOKIE}=${encodeURIComponent(app.signCookie(token))}`, csrfTokenFor(config.sessionSecret, sessionBinding(token))]);
    }
    await db.db.transaction().execute(async (trx) => {
      await trx.insertInto('identity_users').values(users).execute();
      await trx.insertInto('identity_roles').values(roles).execute();
      await trx.insertInto('identity_sessions').values(sessions).execute();
    });
  }
  console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await app.close();
  await db.close();
  return { ref: row.ref, creds };
}

/** CPU seconds (user + system) the server process has used so far, from /proc. */
function cpuSeconds(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

interface Server {
  stop: () => Promise<number>;
  cpu: () => number;
}

let readUrl = '';

function startServer(url: string, port: number): Promise<Server> {
  const child = spawn(process.execPath, [...(args.profile ? ['--cpu-prof', '--cpu-prof-dir=/tmp/kenes-prof'] : []), 'bin/kenes.mjs', 'serve', '--db', url, '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', KENES_RATE_PER_ADDRESS_PER_MINUTE: '0', KENES_DEMO: '', ...(readUrl ? { KENES_READ_DATABASE_URL: readUrl } : {}) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const stop = () =>
    new Promise<number>((resolve) => {
      child.once('exit', (code) => resolve(code ?? 0));
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 300_000;
    const poll = async () => {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/readyz`);
        if (r.ok) return resolve({ stop, cpu: () => cpuSeconds(child.pid!) });
      } catch {}
      if (Date.now() > deadline) return reject(new Error('server did not start'));
      setTimeout(poll, 200);
    };
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    void poll();
  });
}

async function returned(u: string): Promise<number> {
  const c = new pg.Client({ connectionString: u });
  await c.connect();
  const r = await c.query('select tup_returned + tup_fetched as n from pg_stat_database where datname = current_database()');
  await c.end();
  return Number(r.rows[0].n);
}

async function main() {
  const pair = args.replica ? await (await import('../../test/api/replica.fixtures.ts')).startReplicaPair() : null;
  if (pair) {
    readUrl = pair.replicaUrl;
    args.db = pair.primaryUrl;
  }
  const url = pair ? pair.primaryUrl : await freshDatabase(args.db!);
  console.log(`database: ${isPostgresUrl(url) ? 'PostgreSQL' : 'SQLite'}; machine: ${cpus().length} × ${cpus()[0]?.model}; load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const { ref, creds } = await prepare(url);
  // One or more `kenes serve` processes on the same database (started one after another, since each
  // migrates on start); the signing load is split evenly between them, readers go to the first.
  const servers: Server[] = [];
  for (let i = 0; i < Number(args.servers); i++) servers.push(await startServer(url, port + i));
  const cpu0 = servers.reduce((a, x) => a + x.cpu(), 0);
  const rows0 = pair ? [await returned(pair.primaryUrl), await returned(pair.replicaUrl)] : null;
  const base = `http://127.0.0.1:${port}`;
  const pagePath = args.page || `/proposals/${ref}`;

  // A fixed number of signatures (target rate × duration), so every request is answered before the
  // count is checked; the rate is that number over the time it really took.
  const amount = Number(args['target-rate']) * duration;
  let next = 0;
  const signLatencies: number[] = [];
  const started = performance.now();
  const signing = Promise.all(
    servers.map(
      (_, i) =>
        new Promise<autocannon.Result>((resolve, reject) => {
          const inst = autocannon(
            {
              url: `http://127.0.0.1:${port + i}`,
              connections: Math.ceil(Number(args.connections) / servers.length),
              amount: Math.round(amount / servers.length),
              pipelining: 1,
              requests: [
                {
                  method: 'POST',
                  path: `/api/v1/proposals/${ref}/signatures`,
                  setupRequest: (req) => {
                    const c = creds[next++ % creds.length]!;
                    return { ...req, headers: { cookie: c[0]!, 'x-csrf-token': c[1]!, 'content-type': 'application/json' }, body: '{}' };
                  },
                },
              ],
            },
            (err, res) => (err ? reject(err) : resolve(res)),
          );
          inst.on('response', (_client, _status, _bytes, ms) => signLatencies.push(ms));
        }),
    ),
  ).then((results) => ({
    '2xx': results.reduce((a, x) => a + x['2xx'], 0),
    non2xx: results.reduce((a, x) => a + x.non2xx, 0),
    errors: results.reduce((a, x) => a + x.errors, 0),
    timeouts: results.reduce((a, x) => a + x.timeouts, 0),
    duration: (performance.now() - started) / 1000,
  }));
  let stopReaders = () => {};
  const readerLatencies: number[] = [];
  const readers =
    Number(args.readers) > 0
      ? new Promise<autocannon.Result>((resolve, reject) => {
          const inst = autocannon({ url: `${base}${pagePath}`, connections: Number(args.readers), duration: duration * 10, overallRate: Number(args['reader-rate']) || undefined, headers: { accept: 'text/html' } }, (err, res) => (err ? reject(err) : resolve(res)));
          // autocannon's summary has no p95: keep every page latency.
          inst.on('response', (_client, _status, _bytes, ms) => readerLatencies.push(ms));
          stopReaders = () => inst.stop();
        })
      : null;
  const s = await signing;
  stopReaders();
  const r = await readers;
  if (next > creds.length) console.log(`WARNING: ran out of citizens (${creds.length}); repeats are duplicates`);

  const cpuUsed = servers.reduce((a, x) => a + x.cpu(), 0) - cpu0;
  if (pair && rows0) {
    await pair.caughtUp(60_000);
    console.log(`rows read during the run: primary ${(await returned(pair.primaryUrl)) - rows0[0]!}, replica ${(await returned(pair.replicaUrl)) - rows0[1]!}`);
  }
  let exit = 0;
  for (const x of servers) exit ||= await x.stop();
  const db = openDb(url);
  const p = await db.db.selectFrom('proposals').select(['id', 'status', 'reached_at']).where('ref', '=', ref).executeTakeFirstOrThrow();
  const stored = await db.db.selectFrom('proposal_signatures').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('signer').distinct().as('d')]).where('proposal_id', '=', p.id).executeTakeFirstOrThrow();
  const counted = await db.db.selectFrom('proposal_signature_counts').select((eb) => eb.fn.sum<number>('n').as('n')).where('proposal_id', '=', p.id).executeTakeFirstOrThrow();
  await db.close();

  const acked = s['2xx'];
  const rlat = r ? r.latency : null;
  const pctOf = (list: number[], p: number) => list[Math.min(list.length - 1, Math.floor((p / 100) * list.length))]?.toFixed(1);
  signLatencies.sort((a, b) => a - b);
  console.log(`\nsigning: ${acked} accepted (201) in ${s.duration.toFixed(1)} s = ${(acked / s.duration).toFixed(0)} signatures/s over ${servers.length} server process(es); non-2xx ${s.non2xx}, errors ${s.errors}, timeouts ${s.timeouts}`);
  console.log(`  latency ms: p50 ${pctOf(signLatencies, 50)} p90 ${pctOf(signLatencies, 90)} p95 ${pctOf(signLatencies, 95)} p99 ${pctOf(signLatencies, 99)} max ${signLatencies.at(-1)?.toFixed(1)}`);
  if (r && rlat) {
    readerLatencies.sort((a, b) => a - b);
    const pct = (p: number) => pctOf(readerLatencies, p);
    console.log(`page ${pagePath}: ${r['2xx']} × 200 at ${(r['2xx'] / r.duration).toFixed(0)}/s; non-2xx ${r.non2xx}; latency ms p50 ${pct(50)} p90 ${pct(90)} p95 ${pct(95)} p99 ${pct(99)} max ${rlat.max}`);
  }
  console.log(`server CPU: ${cpuUsed.toFixed(1)} s for ${acked + (r?.['2xx'] ?? 0)} responses = ${((cpuUsed * 1e6) / (acked + (r?.['2xx'] ?? 0))).toFixed(0)} µs each`);
  console.log(`stored signatures ${stored.n} (distinct signers ${stored.d}), counter rows say ${counted.n}, acknowledged ${acked}; server exit ${exit}; proposal ${p.status}`);
  if (isPostgresUrl(url)) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const size = await c.query(`select pg_total_relation_size('proposal_signatures') as t, pg_relation_size('proposal_signatures') as h`);
    await c.end();
    console.log(`proposal_signatures on PostgreSQL: ${(Number(size.rows[0].t) / 2 ** 20).toFixed(1)} MiB with indexes (${(Number(size.rows[0].t) / Number(stored.n)).toFixed(0)} bytes a signature; heap ${(Number(size.rows[0].h) / 2 ** 20).toFixed(1)} MiB)`);
  }
  if (pair) await pair.stop();
  else if (isPostgresUrl(url)) {
    // The benchmark database was created for this run: drop it.
    const admin = new pg.Client({ connectionString: args.db });
    await admin.connect();
    await admin.query(`drop database if exists ${new URL(url).pathname.slice(1)} with (force)`);
    await admin.end();
  }
  const ok = Number(stored.n) === acked && Number(stored.d) === Number(stored.n) && Number(counted.n) === acked;
  console.log(ok ? 'CHECK OK: stored = counted = acknowledged, no duplicates' : 'CHECK FAILED');
  process.exit(ok ? 0 : 1);
}

await main();
