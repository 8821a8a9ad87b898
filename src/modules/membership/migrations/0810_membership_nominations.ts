// Organisations and nominations by their representatives (ADR 0803): the organisations of each block
// registered by the secretariat with their BIN, the signed-in users who represent them, and on each
// candidate who nominated them and when they consented (null until the candidate signs in and
// declares; a nomination entered by the secretariat counts as consented when it is entered).
// Confirmations: each drawn or called member's deadline and answer; vacancies that no ranked
// alternate can fill, each filled by a replacement draw through the sortition ceremony.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('council_organisations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('bin', 'text', (c) => c.notNull().unique())
    .addColumn('name_kk', 'text', (c) => c.notNull())
    .addColumn('name_ru', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    /** The charter block whose kind the organisation is. */
    .addColumn('block_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('council_representatives')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('council_organisations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('council_representatives_pk', ['organisation_id', 'user_id'])
    .execute();

  await db.schema.alterTable('council_candidates').addColumn('nominated_by', 'text').execute();
  await db.schema.alterTable('council_candidates').addColumn('consented_at', 'text').execute();
  await sql`update council_candidates set consented_at = created_at`.execute(db);

  /** The last day to answer (the cycle's confirmation deadline, or working days from an alternate's call). */
  await db.schema.alterTable('council_members').addColumn('confirm_by', 'text').execute();
  /** accepted | declined | null (not answered yet). */
  await db.schema.alterTable('council_members').addColumn('answer', 'text').execute();
  await db.schema.alterTable('council_members').addColumn('answered_at', 'text').execute();
  // Before this migration every drawn candidate counted as having accepted (ADR 0802): a cycle past its
  // confirmations keeps that; a cycle still at `drawn` now waits for real answers.
  await sql`update council_members set answer = 'accepted' where status <> 'selected' or cycle_id in (select id from council_cycles where status in ('confirmed', 'seated'))`.execute(db);

  await db.schema
    .createTable('council_vacancies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('council_cycles.id'))
    .addColumn('block_id', 'text', (c) => c.notNull())
    .addColumn('seat_id', 'text', (c) => c.notNull())
    /** The member whose seat is vacant (declined, left). */
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    /** open | committed | filled | unfilled */
    .addColumn('status', 'text', (c) => c.notNull())
    /** JSON SelectionInput of the replacement draw, fixed when the vacancy opens. */
    .addColumn('input', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text')
    .addColumn('filled_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('council_vacancies').execute();
  for (const c of ['confirm_by', 'answer', 'answered_at']) await db.schema.alterTable('council_members').dropColumn(c).execute();
  for (const c of ['nominated_by', 'consented_at']) await db.schema.alterTable('council_candidates').dropColumn(c).execute();
  await db.schema.dropTable('council_representatives').execute();
  await db.schema.dropTable('council_organisations').execute();
}
