// Public dashboard under load: 10,000 items across the demo registry of agencies (39: the Government,
// 18 ministries, 20 akimats), served by a real `kenes serve` process and hit by autocannon from this
// process. Prints p50/p95/p99 per page from every response's own latency (autocannon's summary has no
// p95), plus the cost of one uncached figures computation.
//
//   node --import tsx bench/responses/dashboard.ts [--items 10000] [--db sqlite:/tmp/kenes-bench-responses/kenes.db | --db postgres://…]
//        [--duration 15] [--connections 10]
import { spawn } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { LANGS } from '../../src/core/lang.ts';
import autocannon from 'autocannon';
import type { Insertable } from 'kysely';
import pg from 'pg';
import { loadCharter } from '../../src/core/charter/index.ts';
import { answerDueDate } from '../../src/core/responses/deadlines.ts';
import type { AgencyLevel } from '../../src/core/responses/types.ts';
import { isPostgresUrl, openDb, sqlitePath } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { Database } from '../../src/db/schema.ts';
import { DEMO_AGENCIES } from '../../src/modules/responses/agencies.ts';
import { ResponsesService } from '../../src/modules/responses/service.ts';
import { DemoRng } from '../../src/demo/rng.ts';

const { values: args } = parseArgs({
  options: {
    items: { type: 'string', default: '10000' },
    db: { type: 'string', default: 'sqlite:/tmp/kenes-bench-responses/kenes.db' },
    duration: { type: 'string', default: '15' },
    connections: { type: 'string', default: '10' },
    port: { type: 'string', default: '3961' },
  },
});
const ITEMS = Number(args.items);
const port = Number(args.port);
const charter = loadCharter(new URL('../../charter/kz-default.json', import.meta.url).pathname);

async function freshDatabase(url: string): Promise<void> {
  if (isPostgresUrl(url)) {
    const u = new URL(url);
    const name = u.pathname.slice(1);
    u.pathname = '/postgres';
    const c = new pg.Client({ connectionString: u.toString() });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
    await c.end();
  } else {
    rmSync(sqlitePath(url), { force: true });
  }
}

/** 10,000 items in realistic states, written in bulk with the same deadline rules the service applies. */
async function seed(url: string): Promise<void> {
  const handle = openDb(url);
  await migrateToLatest(handle);
  const svc = new ResponsesService(handle.db, charter);
  for (const a of DEMO_AGENCIES) await svc.createAgency(a);
  const cal = svc.calendar;
  const today = svc.today();
  const rng = new DemoRng('bench-responses');
  const agencies = DEMO_AGENCIES.filter((a) => a.id !== 'government');
  const start = Date.parse('2025-01-09T00:00:00Z');
  const span = Date.parse(`${today}T00:00:00Z`) - start;
  const now = new Date().toISOString();
  let batch: Insertable<Database['response_items']>[] = [];
  const flush = async () => {
    if (batch.length) await handle.db.insertInto('response_items').values(batch).execute();
    batch = [];
  };
  for (let i = 1; i <= ITEMS; i++) {
    const agency = rng.pick(agencies);
    const received = new Date(start + Math.floor(rng.next() * span)).toISOString().slice(0, 10);
    const assigned = rng.chance(0.97);
    const due = answerDueDate(cal, charter.responses, received, agency.level as AgencyLevel);
    const extended = assigned && rng.chance(0.12);
    const finalDue = extended ? cal.addWorkingDays(due, rng.int(5, 20)) : due;
    // Most past-due items were answered (a quarter of them late); the rest are overdue now.
    let answered: string | null = null;
    if (assigned && rng.chance(finalDue < today ? 0.85 : 0.3)) {
      const late = rng.chance(0.25);
      const candidate = late ? cal.addWorkingDays(finalDue, rng.int(1, 30)) : cal.addWorkingDays(received, rng.int(3, 40));
      answered = candidate <= today ? (candidate <= finalDue || late ? candidate : finalDue) : null;
    }
    batch.push({
      title: `Bench item ${i}`,
      lang: rng.pick(LANGS),
      source_ref: `proposal/bench-${i}`,
      received_on: received,
      status: !assigned ? 'received' : answered ? (rng.chance(0.4) ? 'closed' : 'answered') : 'assigned',
      lead_agency_id: assigned ? agency.id : null,
      agency_received_on: assigned ? received : null,
      due_date: assigned ? finalDue : null,
      original_due_date: assigned ? due : null,
      clock: !assigned ? null : answered ? (answered <= finalDue ? 'answered_on_time' : 'answered_late') : finalDue < today ? 'overdue' : 'on_time',
      extension_count: extended ? 1 : 0,
      forward_count: 0,
      answered_on: answered,
      outcome: answered ? rng.pick(['accepted', 'partly_accepted', 'rejected']) : null,
      answer_reasons: answered ? 'Bench answer' : null,
      working_days_to_answer: answered ? cal.countWorkingDays(received, answered) : null,
      closed_on: null,
      created_at: now,
      updated_at: now,
    });
    if (batch.length === 500) await flush();
  }
  await flush();
  // Lead agencies, as the service records them on assignment.
  await handle.db
    .insertInto('response_item_agencies')
    .columns(['item_id', 'agency_id', 'role'])
    .expression((eb) => eb.selectFrom('response_items').select(['id', 'lead_agency_id', eb.val('lead').as('role')]).where('lead_agency_id', 'is not', null))
    .execute();
  await handle.close();
}

/** Time to compute the figures from scratch (no cache), in this process. */
async function uncachedFigures(url: string, runs = 40): Promise<{ p50: number; p95: number }> {
  const handle = openDb(url);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const svc = new ResponsesService(handle.db, charter);
    const t0 = performance.now();
    await svc.dashboard();
    times.push(performance.now() - t0);
  }
  await handle.close();
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
}

async function waitReady(base: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become ready');
}

async function hit(base: string, path: string, duration = Number(args.duration)): Promise<{ path: string; requests: number; rps: number; p50: number; p95: number; p99: number; non2xx: number }> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const inst = autocannon(
      { url: `${base}${path}`, connections: Number(args.connections), duration, headers: { accept: 'text/html' } },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    (inst as unknown as EventEmitter).on('response', (_c: unknown, _s: number, _b: number, ms: number) => latencies.push(ms));
  });
  return {
    path,
    requests: latencies.length,
    rps: Math.round(latencies.length / result.duration),
    p50: round(percentile(latencies, 0.5)),
    p95: round(percentile(latencies, 0.95)),
    p99: round(percentile(latencies, 0.99)),
    non2xx: result.non2xx,
  };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

const url = args.db!;
await freshDatabase(url);
const t0 = performance.now();
await seed(url);
console.log(`seeded ${ITEMS} items in ${Math.round(performance.now() - t0)} ms on ${isPostgresUrl(url) ? 'PostgreSQL' : 'SQLite'}`);
console.log('uncached figures computation (ms):', await uncachedFigures(url));

const server = spawn(process.execPath, ['bin/kenes.mjs', 'serve', '--db', url, '--port', String(port)], {
  cwd: new URL('../..', import.meta.url).pathname,
  env: { ...process.env, LOG_LEVEL: 'warn', KENES_DEMO: 'false' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
try {
  await waitReady(base);
  for (const path of ['/responses', '/api/v1/responses/dashboard', '/responses/agencies/akimat-almaty']) {
    await hit(base, path, 3); // warm-up, discarded
    console.log(JSON.stringify(await hit(base, path)));
  }
} finally {
  server.kill('SIGTERM');
}
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}, node ${process.version}`);
