// Inclusion and consistency proofs at 10 million entries, from stored subtree hashes on SQLite.
// Builds (once, then reuses) a bench database whose ledger_node table holds every complete subtree of a
// 10M-leaf tree, written in bulk with prepared statements; then times the real code path
// (`withNodes` → one Kysely query for the O(log n) subtrees → RFC 9162 proof) for random indexes.
// Run: node --import tsx bench/ledger/proof.ts [size] [db file]
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { consistencyProof, hashLeaf, inclusionProof, TreeBuilder, treeRoot, verifyConsistency, verifyInclusion } from '../../src/core/merkle/index.ts';
import { openDb } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { withNodes } from '../../src/modules/ledger/repository.ts';

const SIZE = Number(process.argv[2] ?? 10_000_000);
const file = process.argv[3] ?? join(tmpdir(), `kenes-ledger-bench-${SIZE}.db`);
const entry = (i: number) => `{"kind":"signature.threshold","payload":{"n":${i}},"subject":"proposal/${i % 5000}","time":"2026-10-17T00:00:00.000Z"}`;

async function build() {
  const handle = openDb(`sqlite:${file}`);
  await migrateToLatest(handle);
  await handle.close();
  const raw = new SQLite(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = OFF'); // bench set-up only
  const insert = raw.prepare('insert into ledger_node (level, idx, hash) values (?, ?, ?)');
  const b = new TreeBuilder();
  const t0 = Date.now();
  const CHUNK = 250_000;
  for (let start = 0; start < SIZE; start += CHUNK) {
    raw.transaction(() => {
      for (let i = start; i < Math.min(start + CHUNK, SIZE); i++) b.push(hashLeaf(entry(i)), (level, idx, hash) => insert.run(level, idx, hash));
    })();
    if (start % 2_000_000 === 0) process.stdout.write(`  built ${start.toLocaleString('en')} leaves, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  }
  raw.prepare("insert into ledger_head (size, root_hash, timestamp, signature, public_key) values (?, ?, '', '', '')").run(SIZE, b.root().toString('hex'));
  raw.pragma('wal_checkpoint(truncate)');
  raw.close();
  console.log(`built ${SIZE.toLocaleString('en')}-leaf tree in ${((Date.now() - t0) / 1000).toFixed(0)} s → ${file}`);
}

if (!existsSync(file)) await build();
const handle = openDb(`sqlite:${file}`);
const root = await withNodes(handle.db, (read) => treeRoot(read, SIZE));
const stored = await handle.db.selectFrom('ledger_head').select('root_hash').where('size', '=', SIZE).executeTakeFirstOrThrow();
if (root.toString('hex') !== stored.root_hash) throw new Error('root from stored subtrees differs from the build');

function stats(label: string, us: number[], cpuUs: number) {
  us.sort((a, b) => a - b);
  const mean = us.reduce((a, b) => a + b, 0) / us.length;
  const q = (p: number) => us[Math.min(us.length - 1, Math.floor(p * us.length))];
  const ms = (x: number) => `${(x / 1000).toFixed(3)} ms`;
  // On a shared machine wall-clock outliers are time spent descheduled; CPU time per proof is not.
  console.log(`${label}: n=${us.length} wall mean ${ms(mean)}, p50 ${ms(q(0.5))}, p90 ${ms(q(0.9))}, p99 ${ms(q(0.99))}; CPU ${ms(cpuUs / us.length)} per proof`);
}

const RUNS = 5000;
const rnd = (n: number) => Math.floor(Math.random() * n);
// Warm up the page cache and the JIT, then measure.
for (let i = 0; i < 500; i++) {
  const index = rnd(SIZE); // outside the closure: withNodes runs it twice (plan, then compute)
  await withNodes(handle.db, (read) => inclusionProof(read, index, SIZE));
}
const incl: number[] = [];
const c0 = process.cpuUsage();
for (let i = 0; i < RUNS; i++) {
  const index = rnd(SIZE);
  const t0 = process.hrtime.bigint();
  const proof = await withNodes(handle.db, (read) => inclusionProof(read, index, SIZE));
  incl.push(Number(process.hrtime.bigint() - t0) / 1000);
  if (i % 500 === 0 && !verifyInclusion(hashLeaf(entry(index)), index, SIZE, proof, root)) throw new Error(`proof for ${index} does not verify`);
}
const inclCpu = process.cpuUsage(c0);
const cons: number[] = [];
const c1 = process.cpuUsage();
for (let i = 0; i < 1000; i++) {
  const first = 1 + rnd(SIZE - 1);
  const t0 = process.hrtime.bigint();
  const [proof, firstRoot] = await withNodes(handle.db, (read) => [consistencyProof(read, first, SIZE), treeRoot(read, first)] as const);
  cons.push(Number(process.hrtime.bigint() - t0) / 1000);
  if (i % 100 === 0 && !verifyConsistency(first, SIZE, firstRoot, root, proof)) throw new Error(`consistency ${first} does not verify`);
}
const consCpu = process.cpuUsage(c1);
console.log(`tree of ${SIZE.toLocaleString('en')} entries (SQLite file ${file})`);
stats('inclusion proof', incl, inclCpu.user + inclCpu.system);
stats('consistency proof + old root', cons, consCpu.user + consCpu.system);
await handle.close();
