// Translations of a proposal's title and summary into the other site languages, added by its author or
// the secretariat (issue 15, ADR 0511). One row per proposal and language; the body stays in its own
// language. The search columns of the proposal cover its translations (service: searchColumns).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('proposal_translations')
    .addColumn('proposal_id', 'integer', (c) => c.notNull().references('proposals.id').onDelete('cascade'))
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    /** `author` or `secretariat`: shown beside the translation. */
    .addColumn('translator', 'text', (c) => c.notNull())
    .addColumn('translator_user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('proposal_translations_pk', ['proposal_id', 'lang'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('proposal_translations').execute();
}
