// The cost of one durable commit: a batch of rows committed on a WAL database with
// synchronous = NORMAL and = FULL (ADR 0705), alternating, on a file in the given folder (it must be
// on the disk being measured: tmpfs syncs nothing).
//
//   node --import tsx bench/proposals/commit-sync.ts [--dir /tmp/kenes-sync] [--commits 300] [--rows 20]
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';

const { values: args } = parseArgs({ options: { dir: { type: 'string', default: '/tmp/kenes-sync' }, commits: { type: 'string', default: '300' }, rows: { type: 'string', default: '20' } } });
const commits = Number(args.commits);
const rows = Number(args.rows);
mkdirSync(args.dir, { recursive: true });
const file = join(args.dir, 'sync.db');

for (const mode of ['NORMAL', 'FULL', 'NORMAL', 'FULL']) {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${mode}`);
  db.exec('create table t (a integer primary key, b text)');
  const insert = db.prepare('insert into t (b) values (?)');
  const batch = db.transaction((n: number) => {
    for (let i = 0; i < n; i++) insert.run('x'.repeat(64));
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < commits; i++) batch(rows);
  const wall = (performance.now() - t0) / commits;
  const cpu = process.cpuUsage(cpu0);
  console.log(`synchronous=${mode}: ${wall.toFixed(3)} ms wall, ${((cpu.user + cpu.system) / commits).toFixed(0)} µs CPU per commit of ${rows} rows`);
  db.close();
}
rmSync(args.dir, { recursive: true, force: true });
