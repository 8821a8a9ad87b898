// PostgreSQL: the full-text vector of the folded search words stored as a generated column with its
// GIN index, instead of an index on the expression (ADR 0507, amended). A common stem ("mektep",
// thousands of matches) rechecked every matching row by parsing its text again; the stored vector is
// read instead. SQLite keeps its FTS5 table (nothing changes there).
import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../../../db/dialect.ts';

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`alter table proposals add column search_vector tsvector generated always as (to_tsvector('simple', search_folded)) stored`.execute(db);
  await sql`create index proposals_search_vector on proposals using gin (search_vector)`.execute(db);
  await sql`drop index if exists proposals_search_folded`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create index if not exists proposals_search_folded on proposals using gin (to_tsvector('simple', search_folded))`.execute(db);
  await sql`drop index if exists proposals_search_vector`.execute(db);
  await sql`alter table proposals drop column search_vector`.execute(db);
}
