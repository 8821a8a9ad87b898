// A throw-away database for one benchmark run: a temporary SQLite file, or, given a PostgreSQL admin
// URL, a database of its own on that server (dropped afterwards).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export async function benchDbUrl(tag: string, pgAdmin: string | undefined): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!pgAdmin) {
    const dir = mkdtempSync(join(tmpdir(), `kenes-bench-${tag}-`));
    return { url: `sqlite:${join(dir, 'bench.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `kenes_bench_${tag}_${process.pid}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: pgAdmin });
    await c.connect();
    await c.query(q);
    await c.end();
  };
  await admin(`drop database if exists ${name}`);
  await admin(`create database ${name}`);
  const u = new URL(pgAdmin);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}
