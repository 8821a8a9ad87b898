// The session look-up that runs on every signed-in request, and its at-most-once-a-minute write of
// the idle expiry, as prepared statements (docs/adr/0704). Through Kysely the look-up cost a query
// compile and, on SQLite, a fresh prepare per request (about a quarter of a signing request), and
// each expiry write was its own transaction on the shared connection. Here the SQL is written once
// and prepared once:
//   - SQLite: the look-up on the handle's read-only second connection, which sees only committed
//     data (like a Kysely query, which waits for the shared connection's current transaction to end);
//     the expiry writes grouped per turn of the event loop on a writable connection of their own;
//   - PostgreSQL: named prepared statements through the pool (parsed and planned once per connection),
//     the look-ups and the writes of one turn of the event loop each in one statement.
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
  /** Several sessions in one round trip; `session_id` says which row belongs to which. */
  postgresMany: `${SELECT.replace('select ', 'select s.id as session_id, ')}where s.id = any($1::text[])`,
};

/**
 * Queues calls made in one turn of the event loop and hands them to `run` together, after the turn
 * (requests parsed in one poll phase share one batch). Each caller gets its own result or the error.
 */
function perTurn<T, R>(run: (items: T[]) => Promise<R[]> | R[]): (item: T) => Promise<R> {
  let queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  const flush = async () => {
    const batch = queue;
    queue = [];
    try {
      const results = await run(batch.map((x) => x.item));
      for (let i = 0; i < batch.length; i++) batch[i]!.resolve(results[i]!);
    } catch (err) {
      for (const x of batch) x.reject(err);
    }
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      if (queue.push({ item, resolve, reject }) === 1) setImmediate(flush);
    });
}

/** The prepared look-up for this database, or null when only Kysely can read it (an in-memory SQLite database). */
export function preparedSessionLookup(handle: Db): SessionRowsLookup | null {
  if (handle.dialect === 'postgres') {
    const pool = handle.raw.pgPool;
    if (!pool) return null;
    // One round trip (and one statement for the database to run) per turn of the event loop.
    return perTurn(async (ids: string[]) => {
      if (ids.length === 1) return [(await pool.query<SessionRow>({ name: 'kenes_identity_session', text: SESSION_LOOKUP_SQL.postgres, values: ids })).rows];
      const rows = (await pool.query<SessionRow & { session_id: string }>({ name: 'kenes_identity_sessions', text: SESSION_LOOKUP_SQL.postgresMany, values: [ids] })).rows;
      const bySession = new Map<string, SessionRow[]>();
      for (const { session_id, ...row } of rows) {
        const list = bySession.get(session_id);
        if (list) list.push(row);
        else bySession.set(session_id, [row]);
      }
      return ids.map((id) => bySession.get(id) ?? []);
    });
  }
  if (!handle.raw.sqliteFile) return null;
  // The look-ups of one turn of the event loop run in one read transaction: one snapshot, and the
  // B-tree pages they share are read once instead of once per look-up. Prepared on first use (the
  // tables exist only after migrations) and again if the reader was reopened.
  let conn: import('better-sqlite3').Database | null = null;
  let one: ((id: string) => SessionRow[]) | null = null;
  let many: ((ids: string[]) => SessionRow[][]) | null = null;
  return perTurn((ids: string[]) => {
    const reader = handle.raw.sqliteReader();
    if (!reader) throw new Error('the database is closed');
    if (!one || !many || conn !== reader) {
      const stmt = reader.prepare<[string], SessionRow>(SESSION_LOOKUP_SQL.sqlite);
      one = (id) => stmt.all(id);
      many = reader.transaction((b: string[]) => b.map((id) => stmt.all(id)));
      conn = reader;
    }
    return ids.length === 1 ? [one(ids[0]!)] : many(ids);
  });
}

/** Moves a session's idle expiry forward (the at-most-once-a-minute write of the session look-up). */
export type SessionToucher = (sessionId: string, lastSeenAt: string, expiresAt: string) => Promise<void>;

export const SESSION_TOUCH_SQL = {
  sqlite: 'update identity_sessions set last_seen_at = ?, expires_at = ? where id = ?',
  postgres: 'update identity_sessions set last_seen_at = $1, expires_at = $2 where id = $3',
  postgresMany:
    'update identity_sessions as s set last_seen_at = v.last_seen_at, expires_at = v.expires_at ' +
    'from unnest($1::text[], $2::text[], $3::text[]) as v(id, last_seen_at, expires_at) where s.id = v.id',
};

/**
 * The prepared session touch, or null to write through Kysely.
 *   - SQLite: group commit on a writable connection of its own: the touches queued in one turn of the
 *     event loop go in one synchronous IMMEDIATE transaction. When another connection holds the write
 *     lock (a Kysely transaction spanning awaits) it retries after 1–50 ms instead of blocking the loop.
 *     Each request still waits for the commit of its own touch, and fails if that fails, as before.
 *   - PostgreSQL: named prepared statements; the touches of one turn of the event loop in one.
 */
export function preparedSessionToucher(handle: Db): SessionToucher | null {
  if (handle.dialect === 'postgres') {
    const pool = handle.raw.pgPool;
    if (!pool) return null;
    const touch = perTurn(async (items: [string, string, string][]) => {
      if (items.length === 1) await pool.query({ name: 'kenes_identity_session_touch', text: SESSION_TOUCH_SQL.postgres, values: items[0] });
      else await pool.query({ name: 'kenes_identity_session_touches', text: SESSION_TOUCH_SQL.postgresMany, values: [items.map((x) => x[2]), items.map((x) => x[0]), items.map((x) => x[1])] });
      return items.map(() => undefined);
    });
    return (id, lastSeenAt, expiresAt) => touch([lastSeenAt, expiresAt, id]);
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
