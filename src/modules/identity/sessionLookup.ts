// The session look-up that runs on every signed-in request, as a prepared statement (docs/adr/0704).
// Through Kysely it cost a query compile and, on SQLite, a fresh prepare per request: about a quarter
// of a signing request. Here the SQL is written once and prepared once:
//   - SQLite: on the handle's read-only second connection, which sees only committed data (like a
//     Kysely query, which waits for the shared connection's current transaction to end);
//   - PostgreSQL: a named prepared statement through the pool (parsed and planned once per connection).
// The SQL must select exactly what IdentityService's Kysely look-up selects; tests run both paths.
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
  // Prepared on first use (the tables exist only after migrations) and again if the reader was reopened.
  let stmt: import('better-sqlite3').Statement<[string], SessionRow> | null = null;
  let conn: import('better-sqlite3').Database | null = null;
  return async (sessionId) => {
    const reader = handle.raw.sqliteReader();
    if (!reader) throw new Error('the database is closed');
    if (!stmt || conn !== reader) {
      stmt = reader.prepare<[string], SessionRow>(SESSION_LOOKUP_SQL.sqlite);
      conn = reader;
    }
    return stmt.all(sessionId);
  };
}
