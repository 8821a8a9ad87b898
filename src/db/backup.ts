// Whole-database backup and restore. SQLite: the online backup API (a consistent copy while the server
// keeps writing). PostgreSQL: pg_dump / pg_restore in custom format. A restore goes only into an empty
// database, in one transaction, so it never mixes two histories and never leaves half a database.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { isPostgresUrl, sqlitePath } from './connection.ts';

export class BackupError extends Error {}

export type BackupFormat = 'sqlite' | 'pg-custom';

/** What kind of backup a file holds, from its first bytes; null when it is neither. */
export function backupFormat(file: string): BackupFormat | null {
  const head = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') === 'SQLite format 3\u0000') return 'sqlite';
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'pg-custom';
  return null;
}

/**
 * pg_dump and pg_restore take the connection string without its password, which goes through
 * PGPASSWORD instead: arguments are visible to every user of the host (ps), the environment is not.
 */
function pgArgsAndEnv(url: string): { conn: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const env = { ...process.env };
  if (u.password) {
    env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = '';
  }
  return { conn: u.toString(), env };
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', (e) => {
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
      reject(new BackupError(missing ? `${cmd} not found on PATH: install the PostgreSQL client tools (the same major version as the server or newer)` : `${cmd}: ${e.message}`));
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new BackupError(`${cmd} failed (exit ${code}): ${err.trim().split('\n')[0] ?? ''}`));
    });
  });
}

/** Tables in the database (user schemas only): a restore target must have none. */
async function tablesIn(url: string): Promise<number> {
  if (isPostgresUrl(url)) {
    const c = new pg.Client({ connectionString: url });
    try {
      await c.connect();
    } catch (e) {
      throw new BackupError(`cannot connect to the database: ${(e as Error).message}`);
    }
    try {
      const r = await c.query("select count(*)::int as n from pg_class c join pg_namespace s on s.oid = c.relnamespace where c.relkind in ('r', 'p', 'v', 'm', 'S') and s.nspname not in ('pg_catalog', 'information_schema') and s.nspname not like 'pg_toast%'");
      return r.rows[0].n;
    } finally {
      await c.end();
    }
  }
  const file = sqlitePath(url);
  if (!existsSync(file) || statSync(file).size === 0) return 0;
  let db: SQLite.Database | null = null;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
    return (db.prepare("select count(*) as n from sqlite_master where type in ('table', 'view')").get() as { n: number }).n;
  } catch (e) {
    throw new BackupError(`the target ${file} is not an empty SQLite database: ${(e as Error).message}`);
  } finally {
    db?.close();
  }
}

/** Writes a consistent copy of the database to `out` (a new file). */
export async function backup(url: string, out: string): Promise<BackupFormat> {
  if (existsSync(out)) throw new BackupError(`${out} already exists: choose a new file name (a backup never overwrites one)`);
  // Written next to the target and renamed at the end: a failed backup leaves no file that looks whole.
  const partial = `${out}.partial`;
  rmSync(partial, { force: true });
  try {
    if (isPostgresUrl(url)) {
      const { conn, env } = pgArgsAndEnv(url);
      await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, conn], env);
    } else {
      const file = sqlitePath(url);
      if (file === ':memory:') throw new BackupError('an in-memory database cannot be backed up');
      if (!existsSync(file)) throw new BackupError(`no database at ${file}`);
      const db = new SQLite(file, { readonly: true, fileMustExist: true });
      try {
        await db.backup(partial);
      } finally {
        db.close();
      }
    }
    renameSync(partial, out);
  } catch (e) {
    rmSync(partial, { force: true });
    if (e instanceof BackupError) throw e;
    throw new BackupError(`backup failed: ${(e as Error).message}`);
  }
  return isPostgresUrl(url) ? 'pg-custom' : 'sqlite';
}

/** Restores a backup into an empty database; refuses a database that holds any table. */
export async function restore(url: string, from: string): Promise<BackupFormat> {
  if (!existsSync(from)) throw new BackupError(`no backup file at ${from}`);
  const format = backupFormat(from);
  const want: BackupFormat = isPostgresUrl(url) ? 'pg-custom' : 'sqlite';
  if (!format) throw new BackupError(`${from} is not a Kenes backup (neither a SQLite database nor a pg_dump custom-format file)`);
  if (format !== want) throw new BackupError(`${from} is a ${format === 'sqlite' ? 'SQLite' : 'PostgreSQL'} backup; the target database is ${want === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`);
  const existing = await tablesIn(url);
  if (existing > 0) throw new BackupError(`the target database is not empty (${existing} tables): restore only into a new, empty database`);

  if (format === 'pg-custom') {
    const { conn, env } = pgArgsAndEnv(url);
    // One transaction: an error anywhere leaves the database as empty as it was.
    await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${conn}`, from], env);
    return format;
  }
  const file = sqlitePath(url);
  if (file === ':memory:') throw new BackupError('cannot restore into an in-memory database');
  const src = new SQLite(from, { readonly: true, fileMustExist: true });
  try {
    const check = src.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`${from} is damaged: ${String(check)}`);
    const kenes = src.prepare("select count(*) as n from sqlite_master where type = 'table' and name = 'kysely_migration'").get() as { n: number };
    if (kenes.n === 0) throw new BackupError(`${from} is a SQLite database but not a Kenes one (no migration table)`);
    // Into a side file, then renamed over the empty target: a reader never sees a half-copied file.
    mkdirSync(dirname(file), { recursive: true });
    const partial = `${file}.restoring`;
    rmSync(partial, { force: true });
    try {
      await src.backup(partial);
      for (const side of ['-wal', '-shm']) rmSync(`${file}${side}`, { force: true });
      renameSync(partial, file);
    } catch (e) {
      rmSync(partial, { force: true });
      throw e;
    }
  } finally {
    src.close();
  }
  return format;
}
