// The Council's membership (ADR 0802): selection cycles with their dated stages, candidates per cycle
// and block (by pseudonym; the raw IIN is never kept), one sortition draw per block, the members with
// their seats and terms, and the ranked alternates of each block's draw.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('council_cycles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'integer', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    /** JSON CycleSchedule: the dated stages (charter defaults at opening). */
    .addColumn('schedule', 'text', (c) => c.notNull())
    /** JSON list of the named public entropy sources, set at the commitment. */
    .addColumn('entropy_sources', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('council_candidates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('council_cycles.id'))
    /** Order of nomination: the first nomination of a person counts, later ones are duplicates. */
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('block_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    /** First name and the initial of the family name: what is ever shown publicly. */
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text')
    .addColumn('organisation', 'text')
    .addColumn('birth_date', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('declared', 'text', (c) => c.notNull())
    .addColumn('offices', 'text', (c) => c.notNull())
    .addColumn('eligible', 'integer', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('features', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('council_candidates_cycle').on('council_candidates').columns(['cycle_id', 'block_id', 'position']).execute();

  await db.schema
    .createTable('council_draws')
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('council_cycles.id'))
    .addColumn('block_id', 'text', (c) => c.notNull())
    /** The sortition ceremony's run (its public page and files). */
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('k', 'integer', (c) => c.notNull())
    .addColumn('pool_size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('council_draws_pk', ['cycle_id', 'block_id'])
    .execute();

  await db.schema
    .createTable('council_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('council_cycles.id'))
    .addColumn('candidate_id', 'text', (c) => c.notNull().references('council_candidates.id'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('block_id', 'text', (c) => c.notNull())
    .addColumn('seat_id', 'text', (c) => c.notNull())
    .addColumn('seat_class', 'integer', (c) => c.notNull())
    .addColumn('organisation_id', 'text')
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('features', 'text', (c) => c.notNull())
    .addColumn('start_cycle', 'integer', (c) => c.notNull())
    .addColumn('end_cycle', 'integer', (c) => c.notNull())
    .addColumn('term_start', 'text', (c) => c.notNull())
    .addColumn('term_end', 'text', (c) => c.notNull())
    /** A replacement's first day; null for a member from the start of the term. */
    .addColumn('joined_on', 'text')
    .addColumn('left_on', 'text')
    .addColumn('left_reason', 'text')
    /** selected (drawn, term not started) | sitting | left */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source_run_id', 'text', (c) => c.notNull())
    /** Set for a member who came in from the alternates: their rank. */
    .addColumn('alternate_rank', 'integer')
    .addColumn('replaces_member_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('council_members_block').on('council_members').columns(['block_id', 'seat_id']).execute();

  await db.schema
    .createTable('council_alternates')
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('council_cycles.id'))
    .addColumn('block_id', 'text', (c) => c.notNull())
    .addColumn('candidate_id', 'text', (c) => c.notNull().references('council_candidates.id'))
    .addColumn('rank', 'integer', (c) => c.notNull())
    /** 1 for the reserve after the named alternates. */
    .addColumn('reserve', 'integer', (c) => c.notNull())
    /** The member this alternate became, once called. */
    .addColumn('member_id', 'text')
    .addPrimaryKeyConstraint('council_alternates_pk', ['cycle_id', 'candidate_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['council_alternates', 'council_members', 'council_draws', 'council_candidates', 'council_cycles']) await db.schema.dropTable(t).execute();
}
