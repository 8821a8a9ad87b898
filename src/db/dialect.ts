// Small helpers so one migration file serves both SQLite and PostgreSQL.
import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, sql } from 'kysely';

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** An auto-incrementing 64-bit primary key on either dialect. */
export function serialPk(db: Kysely<any>): { type: 'bigserial' | 'integer'; build: (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder } {
  return isPostgres(db)
    ? { type: 'bigserial', build: (c) => c.primaryKey() }
    : { type: 'integer', build: (c) => c.primaryKey().autoIncrement() };
}

/** Current time as an ISO-8601 UTC string; all timestamps are stored as such text on both dialects. */
export function nowIso(): string {
  return new Date().toISOString();
}

export const jsonText = sql`text`;
