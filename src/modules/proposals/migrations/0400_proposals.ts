// Citizens' proposals and signatures. Counting never updates one hot row per signature:
// `proposal_signature_counts` and `proposal_signature_hours` are split by region/hour and by a
// writer shard, and are bumped once per group-committed batch (docs/adr/0701).
import type { Kysely } from 'kysely';
import { serialPk } from '../../../db/dialect.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const pk = serialPk(db);
  await db.schema
    .createTable('proposals')
    .addColumn('id', pk.type, pk.build)
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('author_user_id', 'text', (c) => c.notNull())
    .addColumn('author_pseudonym', 'text', (c) => c.notNull())
    .addColumn('author_public_name', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('invite_token', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('moderation_due', 'text')
    .addColumn('published_at', 'text')
    .addColumn('closes_at', 'text')
    .addColumn('listed_at', 'text')
    .addColumn('reached_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('decision_code', 'text')
    .addColumn('decision_note', 'text')
    .execute();
  await db.schema.createIndex('proposals_status').on('proposals').columns(['status', 'closes_at']).execute();
  await db.schema.createIndex('proposals_author').on('proposals').columns(['author_pseudonym']).execute();

  await db.schema
    .createTable('proposal_events')
    .addColumn('id', pk.type, pk.build)
    .addColumn('proposal_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('proposal_events_proposal').on('proposal_events').columns(['proposal_id', 'id']).execute();

  await db.schema
    .createTable('proposal_group_members')
    .addColumn('proposal_id', 'integer', (c) => c.notNull())
    .addColumn('pseudonym', 'text', (c) => c.notNull())
    .addColumn('public_name', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('proposal_group_members_pk', ['proposal_id', 'pseudonym'])
    .execute();

  await db.schema
    .createTable('proposal_signatures')
    .addColumn('proposal_id', 'integer', (c) => c.notNull())
    .addColumn('signer', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('public_name', 'text')
    .addColumn('signed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('proposal_signatures_pk', ['proposal_id', 'signer'])
    .execute();
  await db.schema.createIndex('proposal_signatures_signer').on('proposal_signatures').columns(['signer']).execute();

  await db.schema
    .createTable('proposal_signature_counts')
    .addColumn('proposal_id', 'integer', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('shard', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('proposal_signature_counts_pk', ['proposal_id', 'region', 'shard'])
    .execute();

  await db.schema
    .createTable('proposal_signature_hours')
    .addColumn('proposal_id', 'integer', (c) => c.notNull())
    .addColumn('hour', 'text', (c) => c.notNull())
    .addColumn('shard', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('proposal_signature_hours_pk', ['proposal_id', 'hour', 'shard'])
    .execute();

  // A citizen without a region claim declares it once; every later signature uses it.
  await db.schema
    .createTable('proposal_signer_regions')
    .addColumn('pseudonym', 'text', (c) => c.primaryKey())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('declared_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['proposal_signer_regions', 'proposal_signature_hours', 'proposal_signature_counts', 'proposal_signatures', 'proposal_group_members', 'proposal_events', 'proposals']) {
    await db.schema.dropTable(t).execute();
  }
}
