// CPU per Kysely query on SQLite with and without the prepared-statement cache (docs/adr/1803), in one
// process, interleaved rounds, so machine load affects both sides alike: a session-like point read,
// the outbox "anything to stamp?" probe, and a small insert.
//
//   node --import tsx bench/proposals/statement-cache.ts [--queries 20000] [--rounds 3]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { Kysely, sql, SqliteDialect } from 'kysely';
import { withStatementCache } from '../../src/db/connection.ts';

const { values: args } = parseArgs({ options: { queries: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '3' } } });
const n = Number(args.queries);
const dir = mkdtempSync(join(tmpdir(), 'kenes-stmt-'));
const file = join(dir, 'db.sqlite');
const setup = new SQLite(file);
setup.pragma('journal_mode = WAL');
setup.exec(`create table sessions (id text primary key, user_id text not null, expires_at text not null, last_seen_at text not null);
  create table outbox (id integer primary key, kind text not null, position integer);
  create index outbox_unstamped on outbox (id) where position is null;
  create table hits (id integer primary key, k text not null, at text not null);`);
const ins = setup.prepare('insert into sessions values (?, ?, ?, ?)');
setup.transaction(() => {
  for (let i = 0; i < 10000; i++) ins.run(`s${i}`, `u${i}`, '2030-01-01', '2026-01-01');
})();
setup.close();

function open(cached: boolean) {
  const raw = new SQLite(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  return new Kysely<any>({ dialect: new SqliteDialect({ database: cached ? withStatementCache(raw) : raw }) });
}

async function work(db: Kysely<any>): Promise<number> {
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    await db.selectFrom('sessions').select(['user_id', 'expires_at']).where('id', '=', `s${i % 10000}`).executeTakeFirst();
    await sql`select 1 from outbox where position is null limit 1`.execute(db);
    if (i % 10 === 0) await db.insertInto('hits').values({ k: `k${i}`, at: '2026-12-01' }).execute();
  }
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / (n * 2.1);
}

console.log(`load ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${n} iterations (2.1 queries each) per side per round`);
for (let r = 1; r <= Number(args.rounds); r++) {
  // Alternate which side runs first, so warm-up favours neither.
  const side = async (cached: boolean) => {
    const db = open(cached);
    const us = await work(db);
    await db.destroy();
    return us;
  };
  let a: number;
  let b: number;
  if (r % 2) {
    a = await side(false);
    b = await side(true);
  } else {
    b = await side(true);
    a = await side(false);
  }
  console.log(`round ${r}: ${a.toFixed(2)} µs CPU per query without the cache, ${b.toFixed(2)} µs with it (${((1 - b / a) * 100).toFixed(0)} % less)`);
}
console.log(`load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
rmSync(dir, { recursive: true, force: true });
