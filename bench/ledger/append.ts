// Append throughput on SQLite: fill the outbox with N events (not timed), then time the real
// appender (`appendPending`) draining it in batches.
// Run: node --import tsx bench/ledger/append.ts [N] [batch sizes, comma-separated] [postgres://… admin URL]
// With a PostgreSQL URL, each run creates (and drops) its own database on that server.
import { sql } from 'kysely';
import { benchDbUrl } from '../freshDb.ts';
import { openDb } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { appendPending } from '../../src/modules/ledger/appender.ts';

const N = Number(process.argv[2] ?? 200_000);
const KINDS = ['proposal.published', 'signature.threshold', 'draw.committed', 'vote.recorded', 'response.published', 'deadline.missed'];

const PG_ADMIN = process.argv[4];

const freshUrl = () => benchDbUrl('ledger', PG_ADMIN);

async function run(batch: number) {
  const { url, drop } = await freshUrl();
  const db = openDb(url);
  await migrateToLatest(db);
  // Fill in large multi-row inserts: the fill is set-up, not what is measured.
  const rows = Array.from({ length: N }, (_, i) => ({
    kind: KINDS[i % KINDS.length],
    subject: `proposal/${i % 5000}`,
    occurred_at: new Date(Date.UTC(2026, 9, 17) + i * 1000).toISOString(),
    payload: JSON.stringify({ proposal: i % 5000, signatures: 50_000 + i, region: 'KZ-75', threshold: 50_000 }),
  }));
  for (let i = 0; i < rows.length; i += 5000) await db.db.insertInto('outbox').values(rows.slice(i, i + 5000)).execute();
  if (db.dialect === 'sqlite') await sql`pragma wal_checkpoint(truncate)`.execute(db.db);

  // Wall time depends on what else the machine runs; CPU time of this process (JS + SQLite, which runs
  // in-process) is the load-independent figure.
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const appended = await appendPending(db, { batch });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  const cpuSeconds = (c.user + c.system) / 1e6;
  await db.close();
  await drop();
  if (appended !== N) throw new Error(`appended ${appended} of ${N}`);
  const rate = (x: number) => Math.round(N / x).toLocaleString('en');
  console.log(`batch ${String(batch).padStart(5)}: ${N} entries in ${seconds.toFixed(2)} s wall = ${rate(seconds)} entries/s; ${cpuSeconds.toFixed(2)} s CPU = ${rate(cpuSeconds)} entries/CPU-s`);
}

console.log(`append ${N} outbox events into the ledger on ${PG_ADMIN ? 'PostgreSQL (CPU time is this client process only)' : 'SQLite (file, WAL, synchronous=NORMAL)'}`);
for (const batch of (process.argv[3] ?? '500,2000,5000').split(',').map(Number)) await run(batch);
