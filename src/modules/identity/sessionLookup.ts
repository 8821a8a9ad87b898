// The session look-up that runs on every signed-in request, and its at-most-once-a-minute write of
// the idle expiry, as prepared statements (docs/adr/0704). Through Kysely the look-up cost a query
// compile and, on SQLite, a fresh prepare per request (about a quarter of a signing request), and
// each expiry write was its own transaction on the shared connection. Here the SQL is written once
// and prepared once:
//   - SQLite: the look-up on the handle's read-only second connection, which sees only committed
//     data (like a Kysely query, which waits for the shared connection's current transaction to end);
//     the expiry writes grouped per turn of the event loop on a writable connection of their own;
//   - PostgreSQL: named prepared statements through the pool (parsed and planned once per connection).
// The SQL must do exactly what IdentityService's Kysely fallback does; tests run both paths.
import type { Db } from '../../db/connection.ts';

export interface SessionRow {
  id: string;
  pseudonym: string;
  display_name: string;
  region: string | null;
  expires_at: string;
  max_expires_at: string;
  last_seen_at: string;
  role: string | null;
  agency_id: string | null;
}

/** Rows of one session (one per role of its user, or one with a null role); empty when there is no such session. */
export type SessionRowsLookup = (sessionId: string) => Promise<SessionRow[]>;

const SELECT =
  'select u.id, u.pseudonym, u.display_name, u.region, s.expires_at, s.max_expires_at, s.last_seen_at, r.role, r.agency_id ' +
  'from identity_sessions as s inner join identity_users as u on u.id = s.user_id left join identity_roles as r on r.user_id = u.id ';

export const SESSION_LOOKUP_SQL = {
  sqlite: `${SELECT}where s.id = ?`,
  postgres: `${SELECT}where s.id = $1`,
};

/** The prepared look-up for this database, or null when only Kysely can read it (an in-memory SQLite database). */
export function preparedSessionLookup(handle: Db): SessionRowsLookup | null {
  if (handle.dialect === 'postgres') {
    const pool = handle.raw.pgPool;
    if (!pool) return null;
    const text = SESSION_LOOKUP_SQL.postgres;
    return async (sessionId) => (await pool.query<SessionRow>({ name: 'kenes_identity_session', text, values: [sessionId] })).rows;
  }
  if (!handle.raw.sqliteFile) return null;
  // The look-ups of one turn of the event loop run in one read transaction: one snapshot, and the
  // B-tree pages they share are read once instead of once per look-up. Prepared on first use (the
  // tables exist only after migrations) and again if the reader was reopened.
  interface Lookup {
    id: string;
    resolve: (rows: SessionRow[]) => void;
    reject: (e: unknown) => void;
  }
  let conn: import('better-sqlite3').Database | null = null;
  let one: ((id: string) => SessionRow[]) | null = null;
  let many: ((ids: Lookup[]) => SessionRow[][]) | null = null;
  let queue: Lookup[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const batch = queue;
    queue = [];
    let rows: SessionRow[][];
    try {
      const reader = handle.raw.sqliteReader();
      if (!reader) throw new Error('the database is closed');
      if (!one || !many || conn !== reader) {
        const stmt = reader.prepare<[string], SessionRow>(SESSION_LOOKUP_SQL.sqlite);
        one = (id) => stmt.all(id);
        many = reader.transaction((b: Lookup[]) => b.map((x) => stmt.all(x.id)));
        conn = reader;
      }
      rows = batch.length === 1 ? [one(batch[0]!.id)] : many(batch);
    } catch (err) {
      for (const x of batch) x.reject(err);
      return;
    }
    for (let i = 0; i < batch.length; i++) batch[i]!.resolve(rows[i]!);
  };
  return (id) =>
    new Promise<SessionRow[]>((resolve, reject) => {
      queue.push({ id, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}

/** Moves a session's idle expiry forward (the at-most-once-a-minute write of the session look-up). */
export type SessionToucher = (sessionId: string, lastSeenAt: string, expiresAt: string) => Promise<void>;

export const SESSION_TOUCH_SQL = {
  sqlite: 'update identity_sessions set last_seen_at = ?, expires_at = ? where id = ?',
  postgres: 'update identity_sessions set last_seen_at = $1, expires_at = $2 where id = $3',
};

/**
 * The prepared session touch, or null to write through Kysely.
 *   - SQLite: group commit on a writable connection of its own: the touches queued in one turn of the
 *     event loop go in one synchronous IMMEDIATE transaction. When another connection holds the write
 *     lock (a Kysely transaction spanning awaits) it retries after 1–50 ms instead of blocking the loop.
 *     Each request still waits for the commit of its own touch, and fails if that fails, as before.
 *   - PostgreSQL: a named prepared statement.
 */
export function preparedSessionToucher(handle: Db): SessionToucher | null {
  if (handle.dialect === 'postgres') {
    const pool = handle.raw.pgPool;
    if (!pool) return null;
    const text = SESSION_TOUCH_SQL.postgres;
    return async (id, lastSeenAt, expiresAt) => {
      await pool.query({ name: 'kenes_identity_session_touch', text, values: [lastSeenAt, expiresAt, id] });
    };
  }
  if (!handle.raw.sqliteFile) return null;
  interface Touch {
    args: [string, string, string];
    resolve: () => void;
    reject: (e: unknown) => void;
  }
  let write: ((batch: Touch[]) => void) | null = null;
  let queue: Touch[] = [];
  let scheduled = false;
  let wait = 1;
  const flush = () => {
    scheduled = false;
    const batch = queue;
    queue = [];
    try {
      if (!write) {
        const conn = handle.raw.sqliteWriter();
        if (!conn) throw new Error('the database is closed');
        const update = conn.prepare<[string, string, string]>(SESSION_TOUCH_SQL.sqlite);
        const tx = conn.transaction((b: Touch[]) => {
          for (const t of b) update.run(...t.args);
        });
        write = (b) => tx.immediate(b);
      }
      write(batch);
      wait = 1;
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_BUSY') {
        // Try again a little later, ahead of what has queued meanwhile.
        queue = batch.concat(queue);
        scheduled = true;
        setTimeout(flush, wait);
        wait = Math.min(wait * 2, 50);
        return;
      }
      for (const t of batch) t.reject(err);
      return;
    }
    for (const t of batch) t.resolve();
  };
  return (id, lastSeenAt, expiresAt) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ args: [lastSeenAt, expiresAt, id], resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
