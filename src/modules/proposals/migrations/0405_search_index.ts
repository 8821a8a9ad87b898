// Full-text index of the folded search words (ADR 0507, after ADR 0506): a column `search_folded`
// holds only the folded Latin words of the title and summary (empty for withheld proposals), and each
// database indexes it with its own full-text search: SQLite an FTS5 table over the column (external
// content, kept by triggers; prefix indexes up to six letters, the longest query stem), PostgreSQL a
// GIN index on `to_tsvector('simple', search_folded)`. The folded text holds only [a-z0-9] words and
// spaces, so both tokenizers see the same words and a stem prefix query matches the same rows.
import { type Kysely, sql } from 'kysely';
import { foldText } from '../../../core/search/fold.ts';
import { isPostgres } from '../../../db/dialect.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('proposals').addColumn('search_folded', 'text', (c) => c.notNull().defaultTo('')).execute();
  const rows = await db.selectFrom('proposals').select(['id', 'title', 'summary']).where('search_text', '!=', '').execute();
  for (const r of rows) await db.updateTable('proposals').set({ search_folded: foldText(`${r.title} ${r.summary}`) }).where('id', '=', r.id).execute();
  if (isPostgres(db)) {
    await sql`create index proposals_search_folded on proposals using gin (to_tsvector('simple', search_folded))`.execute(db);
    return;
  }
  await sql`create virtual table proposal_search using fts5(search_folded, content='proposals', content_rowid='id', tokenize='unicode61', prefix='2 3 4 5 6')`.execute(db);
  await sql`create trigger proposal_search_ai after insert on proposals begin
    insert into proposal_search (rowid, search_folded) values (new.id, new.search_folded); end`.execute(db);
  await sql`create trigger proposal_search_ad after delete on proposals begin
    insert into proposal_search (proposal_search, rowid, search_folded) values ('delete', old.id, old.search_folded); end`.execute(db);
  await sql`create trigger proposal_search_au after update of search_folded on proposals begin
    insert into proposal_search (proposal_search, rowid, search_folded) values ('delete', old.id, old.search_folded);
    insert into proposal_search (rowid, search_folded) values (new.id, new.search_folded); end`.execute(db);
  await sql`insert into proposal_search (proposal_search) values ('rebuild')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await sql`drop index if exists proposals_search_folded`.execute(db);
  else {
    for (const t of ['ai', 'ad', 'au']) await sql.raw(`drop trigger if exists proposal_search_${t}`).execute(db);
    await sql`drop table if exists proposal_search`.execute(db);
  }
  await db.schema.alterTable('proposals').dropColumn('search_folded').execute();
}
