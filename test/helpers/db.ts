// A fresh, migrated database for one test file: a temporary SQLite file, or, when TEST_DATABASE_URL
// is a postgres URL, a new PostgreSQL database created for the file and dropped afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Db, isPostgresUrl, openDb } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export interface TestDb extends Db {
  /** Closes the connection and deletes the database. */
  drop(): Promise<void>;
}

export function testDialect(): 'sqlite' | 'postgres' {
  return isPostgresUrl(process.env.TEST_DATABASE_URL ?? '') ? 'postgres' : 'sqlite';
}

/**
 * The run's tag in database names: `scripts/test.mjs` sets KENES_TEST_RUN so it can find (and fail on)
 * the databases its own run leaked without touching those of other runs on the same server.
 */
export function runTag(): string {
  const tag = process.env.KENES_TEST_RUN ?? '';
  return /^[a-z0-9]{1,20}$/.test(tag) ? tag : `p${process.pid}`;
}

export async function freshDbUrl(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL ?? '';
  if (isPostgresUrl(base)) {
    const name = `kenes_t_${runTag()}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    return {
      url: u.toString(),
      drop: async () => {
        const c = new pg.Client({ connectionString: base });
        await c.connect();
        // Connections that were just closed can linger for a moment; forcing the drop while they
        // do would hand their owners an 'administrator command' error. Wait for them first.
        for (let i = 0; i < 30; i++) {
          const r = await c.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
          if (r.rows[0].n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'kenes-test-'));
  return { url: `sqlite:${join(dir, 'kenes.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** `beforeDrop` runs between closing the connection and deleting the database. */
export async function freshDb(options: { beforeDrop?: () => Promise<void> } = {}): Promise<TestDb> {
  const { url, drop } = await freshDbUrl();
  const db = openDb(url);
  // Closing twice is harmless, so a test may close the connection itself (to see what a lost database
  // does) and still drop the database afterwards.
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= db.close();
    return closing;
  };
  try {
    await migrateToLatest(db);
  } catch (err) {
    await close();
    await drop();
    throw err;
  }
  return {
    ...db,
    close,
    drop: async () => {
      await close();
      await options.beforeDrop?.();
      await drop();
    },
  };
}
