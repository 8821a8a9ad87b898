// Delivery throughput of outbox subscriptions to a no-op subscriber: fill the outbox with N events
// (not timed), then time `drain` (the same claim path the background consumer runs) for
//   1. a first subscriber, which also stamps every event with its position, and
//   2. a second one over the already stamped log (what every further subscriber pays).
// Run: node --import tsx bench/outbox/throughput.ts [N] [batch sizes, comma-separated] [postgres://… admin URL]
// With a PostgreSQL URL, each run creates (and drops) its own database on that server, and the CPU
// time of its server processes (same host, /proc) is reported beside this process's.
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { benchDbUrl } from '../freshDb.ts';
import { type Db, openDb } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { drain, type Subscription } from '../../src/modules/outbox/subscription.ts';

const N = Number(process.argv[2] ?? 200_000);
const PG_ADMIN = process.argv[4];
const KINDS = ['proposal.published', 'proposal.threshold_reached', 'sortition.drawn', 'response.answered', 'response.deadline_missed'];

const freshUrl = () => benchDbUrl('outbox', PG_ADMIN);

/** CPU seconds used so far by this database's server processes (PostgreSQL on this host). */
async function serverCpu(db: Db): Promise<number> {
  if (db.dialect !== 'postgres') return 0;
  const r = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(db.db);
  let ticks = 0;
  for (const { pid } of r.rows) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15)
    } catch {
      // ended meanwhile
    }
  }
  return ticks / 100;
}

const noop = (name: string): Subscription => ({ name, handle: async () => {} });

async function timed(db: Db, sub: Subscription, batch: number): Promise<string> {
  const s0 = await serverCpu(db);
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const n = await drain(db, sub, { batch });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  const server = (await serverCpu(db)) - s0;
  if (n !== N) throw new Error(`${sub.name}: delivered ${n} of ${N}`);
  const per = (x: number) => `${((x / N) * 1e6).toFixed(1)} µs`;
  const srv = db.dialect === 'postgres' ? `, server ${server.toFixed(2)} s CPU = ${per(server)}/event` : '';
  return `${Math.round(N / seconds).toLocaleString('en')} events/s (${seconds.toFixed(2)} s wall); client ${cpu.toFixed(2)} s CPU = ${per(cpu)}/event${srv}`;
}

async function run(batch: number) {
  const { url, drop } = await freshUrl();
  const db = openDb(url);
  try {
    await migrateToLatest(db);
    const rows = Array.from({ length: N }, (_, i) => ({
      kind: KINDS[i % KINDS.length],
      subject: `proposal/${i % 5000}`,
      occurred_at: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
      payload: JSON.stringify({ ref: `p${i % 5000}`, signatures: 50_000 + i, region: 'KZ-75' }),
    }));
    for (let i = 0; i < rows.length; i += 5000) await db.db.insertInto('outbox').values(rows.slice(i, i + 5000)).execute();
    if (db.dialect === 'sqlite') await sql`pragma wal_checkpoint(truncate)`.execute(db.db);
    else await sql`vacuum analyze outbox`.execute(db.db);
    console.log(`batch ${String(batch).padStart(5)}  first subscriber (stamps): ${await timed(db, noop('bench.first'), batch)}`);
    console.log(`batch ${String(batch).padStart(5)}  next subscriber:           ${await timed(db, noop('bench.next'), batch)}`);
  } finally {
    await db.close();
    await drop();
  }
}

console.log(`deliver ${N} outbox events to a no-op subscriber on ${PG_ADMIN ? 'PostgreSQL' : 'SQLite (file, WAL, synchronous=NORMAL)'}`);
for (const batch of (process.argv[3] ?? '500,2000').split(',').map(Number)) await run(batch);
