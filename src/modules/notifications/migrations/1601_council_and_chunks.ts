// Notifications, second step (docs/adr/1602, 1603): one row per candidate and deadline told that
// their confirmation deadline is near, and fan-out jobs that expand a large audience (a petition's
// signers) in chunks, each chunk its own short transaction.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notify_confirm_due')
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('confirm_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notify_confirm_due_pk', ['member_id', 'confirm_by'])
    .execute();
  await db.schema
    .createTable('notify_fanout_jobs')
    .addColumn('event_id', 'bigint', (c) => c.primaryKey())
    .addColumn('event_position', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('proposal_id', 'bigint', (c) => c.notNull())
    .addColumn('optout_kind', 'text', (c) => c.notNull())
    .addColumn('optout_id', 'text', (c) => c.notNull())
    // The last signer expanded (signatures are keyed by proposal and signer); '' before the first chunk.
    .addColumn('cursor', 'text', (c) => c.notNull())
    .addColumn('rows', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .execute();
  await db.schema.createIndex('notify_fanout_jobs_open').on('notify_fanout_jobs').columns(['done_at', 'event_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['notify_fanout_jobs', 'notify_confirm_due']) await db.schema.dropTable(t).ifExists().execute();
}
