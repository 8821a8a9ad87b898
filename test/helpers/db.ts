// A fresh, migrated database for one test file: a temporary SQLite file, or, when TEST_DATABASE_URL
// is a postgres URL, a new PostgreSQL database created for the file and dropped afterwards.
//
// Migrating (and, for the tests that want it, seeding the demo) happens once per test run and database
// kind: the result is kept as a template (a SQLite file under the OS temp dir, a PostgreSQL database
// kenes_tpl_<run>_<key>) and each test gets a copy of it (a file copy; CREATE DATABASE … TEMPLATE).
// scripts/test.mjs removes the run's templates at the end; outside it, SQLite templates are removed when
// the process exits and PostgreSQL databases are migrated directly (no template that could outlive it).
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
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

/** Whether scripts/test.mjs runs this process (it cleans up the run's templates afterwards). */
function underRunner(): boolean {
  return /^[a-z0-9]{1,20}$/.test(process.env.KENES_TEST_RUN ?? '');
}

/** An empty database (no migrations), or with `template` a copy of that template database. */
export async function freshDbUrl(template?: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL ?? '';
  if (isPostgresUrl(base)) {
    const name = `kenes_t_${runTag()}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    try {
      if (!template) await admin.query(`create database ${name}`);
      else {
        // A copy needs the template free of connections; another process's copy is no obstacle, a
        // builder's pool socket still closing is, for a moment.
        for (let i = 0; ; i++) {
          try {
            await admin.query(`create database ${name} template ${template}`);
            break;
          } catch (err) {
            if (i >= 300 || !/being accessed by other users/.test((err as Error).message)) throw err;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
      }
    } finally {
      await admin.end();
    }
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
  const dir = mkdtempSync(join(testTmpDir(), 'kenes-test-'));
  if (template) copyFileSync(template, join(dir, 'kenes.db'));
  return { url: `sqlite:${join(dir, 'kenes.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** What a template holds beyond the migrations: a name for its content and the code that writes it. */
export interface Prepared {
  /** Same key, same content: e.g. the seeders and the config they ran with. */
  key: unknown;
  build(db: Db): Promise<void>;
}

/**
 * Where SQLite test databases live: KENES_TEST_TMPDIR, which scripts/test.mjs points at /dev/shm when
 * there is one (a tmpfs: fsync costs nothing there, and a test database need not survive a power loss),
 * else the OS temp dir.
 */
export function testTmpDir(): string {
  return process.env.KENES_TEST_TMPDIR || tmpdir();
}

/** The directory of this run's SQLite templates (scripts/test.mjs removes it at the end). */
export function sqliteTemplateDir(tag = runTag()): string {
  return join(testTmpDir(), `kenes-tpl-${tag}`);
}

let cleanupRegistered = false;
const building = new Map<string, Promise<string | null>>();

/**
 * The template for `prepared` (null: migrations only), built by the first process of the run that asks
 * and copied by every other one: a SQLite file path or a PostgreSQL database name. Null when there is
 * no template to use (PostgreSQL outside scripts/test.mjs).
 */
async function template(prepared: Prepared | null): Promise<string | null> {
  const key = createHash('sha256').update(JSON.stringify(prepared?.key ?? 'migrated')).digest('hex').slice(0, 12);
  let p = building.get(key);
  if (!p) {
    p = isPostgresUrl(process.env.TEST_DATABASE_URL ?? '') ? pgTemplate(key, prepared) : sqliteTemplate(key, prepared);
    building.set(key, p);
    p.catch(() => building.delete(key));
  }
  return p;
}

async function build(url: string, prepared: Prepared | null): Promise<void> {
  const db = openDb(url);
  try {
    await migrateToLatest(db);
    await prepared?.build(db);
  } finally {
    await db.close();
  }
}

async function sqliteTemplate(key: string, prepared: Prepared | null): Promise<string> {
  const dir = sqliteTemplateDir();
  mkdirSync(dir, { recursive: true });
  if (!underRunner() && !cleanupRegistered) {
    cleanupRegistered = true;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  const file = join(dir, `${key}.db`);
  const lock = `${file}.lock`;
  for (let waited = 0; ; ) {
    if (existsSync(file)) return file;
    try {
      mkdirSync(lock);
    } catch {
      // Another process builds it: wait, unless it died (then take over its lock).
      const owner = readPid(join(lock, 'pid'));
      if ((owner && !alive(owner)) || (!owner && waited > 30_000)) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 100));
      waited += 100;
      continue;
    }
    try {
      writeFileSync(join(lock, 'pid'), String(process.pid));
      const partial = `${file}.${process.pid}.partial`;
      await build(`sqlite:${partial}`, prepared);
      // Closing the last connection checkpointed the WAL into the file: the file alone is the database.
      assert.ok(!existsSync(`${partial}-wal`) || readFileSync(`${partial}-wal`).length === 0, 'template left a WAL behind');
      rmSync(`${partial}-wal`, { force: true });
      rmSync(`${partial}-shm`, { force: true });
      renameSync(partial, file);
      return file;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

function readPid(file: string): number {
  try {
    return Number(readFileSync(file, 'utf8')) || 0;
  } catch {
    return 0;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A session advisory lock per template name serialises builders; a builder that dies releases it. */
async function pgTemplate(key: string, prepared: Prepared | null): Promise<string | null> {
  if (!underRunner()) return null;
  const base = process.env.TEST_DATABASE_URL ?? '';
  const name = `kenes_tpl_${runTag()}_${key}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock(hashtext($1))', [name]);
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount) return name;
    // Built under another name and renamed when complete, so a half-built template is never copied.
    const partial = `${name}_partial`;
    await admin.query(`drop database if exists ${partial} with (force)`);
    await admin.query(`create database ${partial}`);
    const u = new URL(base);
    u.pathname = `/${partial}`;
    await build(u.toString(), prepared);
    for (let i = 0; ; i++) {
      try {
        await admin.query(`alter database ${partial} rename to ${name}`);
        break;
      } catch (err) {
        if (i >= 300 || !/being accessed by other users/.test((err as Error).message)) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    return name;
  } finally {
    await admin.end();
  }
}

/**
 * A migrated database of its own (a copy of the run's template). `prepared`: also holding what its
 * `build` writes, built once per run for each `key`. `beforeDrop` runs between closing the connection
 * and deleting the database.
 */
export async function freshDb(options: { beforeDrop?: () => Promise<void>; prepared?: Prepared } = {}): Promise<TestDb> {
  const tpl = await template(options.prepared ?? null);
  const { url, drop } = await freshDbUrl(tpl ?? undefined);
  const db = openDb(url);
  // Closing twice is harmless, so a test may close the connection itself (to see what a lost database
  // does) and still drop the database afterwards.
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= db.close();
    return closing;
  };
  try {
    if (!tpl) {
      await migrateToLatest(db);
      await options.prepared?.build(db);
    } else {
      // Open the connection now, as migrating did: Kysely connects on first use, and closing a handle
      // that never connected would do nothing (a test that closes it to lose the database would not).
      await sql`select 1`.execute(db.db);
    }
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
