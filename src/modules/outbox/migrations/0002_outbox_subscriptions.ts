// Outbox subscriptions (docs/adr/0004): each event gets a commit-order-safe position once committed,
// and each subscriber keeps a cursor over those positions.
import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../../../db/dialect.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const bigint = isPostgres(db) ? 'bigint' : 'integer';
  await db.schema.alterTable('outbox').addColumn('position', bigint).execute();
  // Unique: a position is given once. NULLs (not yet stamped) do not collide on either dialect.
  await db.schema.createIndex('outbox_position').on('outbox').column('position').unique().execute();
  // Only the rows still to stamp, so finding them stays O(batch) however long the log grows, and a
  // row committed late (out of id order on PostgreSQL) is still found.
  await sql`create index outbox_unstamped on outbox (id) where position is null`.execute(db);
  await db.schema
    .createTable('outbox_cursors')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('position', bigint, (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('outbox_cursors').execute();
  await sql`drop index outbox_unstamped`.execute(db);
  await sql`drop index outbox_position`.execute(db);
  await db.schema.alterTable('outbox').dropColumn('position').execute();
}
