// A co-sponsor named on a motion or an amendment confirms it as themselves (docs/adr/0905): one row
// per confirmation, keyed by what is co-sponsored (an agenda item's id for a motion, an amendment's
// id) and the member's membership id. Only confirmed co-sponsors count toward the charter's number.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('council_co_sponsor_confirmations')
    .addColumn('target_id', 'text', (c) => c.notNull())
    /** motion | amendment */
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('council_co_sponsor_confirmations_pk', ['target_id', 'member_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('council_co_sponsor_confirmations').execute();
}
