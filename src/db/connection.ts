// One Kysely instance over either embedded SQLite (default) or PostgreSQL (DATABASE_URL=postgres://…).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { type Dialect, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { CommitSignal, signalingDialect } from './commitSignal.ts';
import { type RoutingStats, routingDialect } from './readRouting.ts';
import type { Database } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  db: Kysely<Database>;
  dialect: DialectName;
  url: string;
  /** Fires after each commit of this process that wrote outbox events (wakes local subscribers). */
  outboxCommits: CommitSignal;
  /**
   * The read replica (KENES_READ_DATABASE_URL, PostgreSQL only): public reads go there
   * (docs/adr/1801); null without one. `stats` counts the statements each side ran.
   */
  replica: { url: string; stats: RoutingStats } | null;
  /**
   * For hot read paths that bypass Kysely's per-query compile and prepare (docs/adr/0704):
   * on SQLite a second, read-only connection to the same file, opened on first use (null for an
   * in-memory database, whose contents another connection cannot see); on PostgreSQL the pool, for
   * named prepared statements. Closed with the handle.
   */
  raw: {
    sqliteFile: string | null;
    sqliteReader(): SQLite.Database | null;
    /**
     * SQLite: one more writable connection, closed with the handle, for a writer that groups its
     * writes into synchronous transactions. busy_timeout 0: a synchronous wait for the lock would
     * block the event loop while the holder (this process's async connection) cannot go on, so the
     * caller gets SQLITE_BUSY at once and retries later (like the signature writer, ADR 0701).
     */
    sqliteWriter(): SQLite.Database | null;
    pgPool: pg.Pool | null;
  };
  close(): Promise<void>;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export function sqlitePath(url: string): string {
  return url.replace(/^sqlite:(\/\/)?/, '');
}

// int8 (counts, sums) arrive from pg as strings by default; our values stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

export interface OpenOptions {
  poolSize?: number;
  /** A streaming replica of the PostgreSQL database at `url`, for public reads (docs/adr/1801). */
  readUrl?: string;
}

/**
 * Kysely's SQLite driver prepares every statement it runs; a CPU profile of the signing benchmark put
 * 3 % of the server's time in `prepare`, nearly all of it the same few texts of the background pollers
 * (outbox stamping, sweeps) and hot reads (docs/adr/1803). This keeps the last `max` prepared
 * statements by SQL text and hands them out again (SQLite re-prepares one by itself after a schema
 * change). A statement that is busy (an unfinished iterate of a streamed query) is not shared: the
 * caller gets a fresh one.
 */
export function withStatementCache(sqlite: SQLite.Database, max = 512): { prepare(sql: string): SQLite.Statement; close(): void } {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(text: string) {
      const hit = cache.get(text);
      if (hit && !hit.busy) {
        // Most recently used last, so the oldest goes first.
        cache.delete(text);
        cache.set(text, hit);
        return hit;
      }
      const stmt = sqlite.prepare(text);
      if (!hit) {
        cache.set(text, stmt);
        if (cache.size > max) cache.delete(cache.keys().next().value!);
      }
      return stmt;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}

export function openDb(url: string, opts: OpenOptions = {}): Db {
  if (opts.readUrl && !isPostgresUrl(opts.readUrl)) throw new Error('KENES_READ_DATABASE_URL: must be a postgres:// URL (a streaming replica of DATABASE_URL)');
  if (isPostgresUrl(url)) {
    const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10 });
    const outboxCommits = new CommitSignal();
    let dialect: Dialect = new PostgresDialect({ pool });
    let replica: Db['replica'] = null;
    if (opts.readUrl) {
      // A replica that is down must not stall a request for long: the statement falls back to the primary.
      const readPool = new pg.Pool({ connectionString: opts.readUrl, max: opts.poolSize ?? 10, connectionTimeoutMillis: 1000 });
      readPool.on('error', () => undefined);
      // A replica connection that dies while a statement holds it rejects that statement (which then
      // falls back to the primary) and also emits 'error' on its client, which the pool listens to
      // only while the client is idle: unheard, that is an uncaught exception (seen in CI when the
      // freshly made replica of test/api/replica.test.ts dropped a connection at its start).
      readPool.on('connect', (client) => client.on('error', () => undefined));
      const routed = routingDialect(dialect, new PostgresDialect({ pool: readPool }));
      dialect = routed.dialect;
      replica = { url: opts.readUrl, stats: routed.stats };
    }
    const db = new Kysely<Database>({ dialect: signalingDialect(dialect, outboxCommits) });
    return { db, dialect: 'postgres', url, outboxCommits, replica, raw: { sqliteFile: null, sqliteReader: () => null, sqliteWriter: () => null, pgPool: pool }, close: () => db.destroy() };
  }
  if (opts.readUrl) throw new Error('KENES_READ_DATABASE_URL: read replicas need PostgreSQL (DATABASE_URL=postgres://…)');
  const file = sqlitePath(url);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: this connection acknowledges writes (proposals, moderation, draws); with NORMAL an OS crash
  // or power loss could undo the last commits after the answer was sent (docs/adr/0705).
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const outboxCommits = new CommitSignal();
  const db = new Kysely<Database>({ dialect: signalingDialect(new SqliteDialect({ database: withStatementCache(sqlite) }), outboxCommits) });
  // The reader sees only committed data (WAL), like a Kysely query that waited for the connection's
  // current transaction; it never writes.
  let reader: SQLite.Database | null = null;
  const sqliteReader = () => {
    if (!reader && file !== ':memory:' && sqlite.open) {
      reader = new SQLite(file, { readonly: true });
      reader.pragma('busy_timeout = 5000');
    }
    return reader;
  };
  const writers: SQLite.Database[] = [];
  const sqliteWriter = () => {
    if (file === ':memory:' || !sqlite.open) return null;
    const w = new SQLite(file);
    w.pragma('journal_mode = WAL');
    // NORMAL is enough for what these writers hold (session touches): a crash can lose only the last
    // few, which makes a session look idle a little earlier (docs/adr/0705).
    w.pragma('synchronous = NORMAL');
    w.pragma('foreign_keys = ON');
    w.pragma('busy_timeout = 0');
    writers.push(w);
    return w;
  };
  return {
    db,
    dialect: 'sqlite',
    url,
    outboxCommits,
    replica: null,
    raw: { sqliteFile: file === ':memory:' ? null : file, sqliteReader, sqliteWriter, pgPool: null },
    close: async () => {
      reader?.close();
      reader = null;
      for (const w of writers.splice(0)) w.close();
      await db.destroy();
    },
  };
}
