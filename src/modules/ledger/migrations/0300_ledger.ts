// The public ledger: entries, stored complete-subtree hashes, signed tree heads, kind counts, and an
// "appended at ledger index" marker on each outbox row, set in the same transaction as the append.
import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../../../db/dialect.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const bigint = pg ? 'bigint' : 'integer';
  const bytes = pg ? sql`bytea` : sql`blob`;

  // A partial index holds only the rows still to append, so finding them stays O(batch) however long
  // the log grows, and a row committed late (out of id order on PostgreSQL) is still found.
  await db.schema.alterTable('outbox').addColumn('ledger_index', bigint).execute();
  await sql`create index outbox_unledgered on outbox (id) where ledger_index is null`.execute(db);

  await db.schema
    .createTable('ledger_entry')
    .addColumn('idx', bigint, (c) => c.primaryKey())
    .addColumn('outbox_id', bigint, (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    /** The canonical JSON whose leaf hash is in the tree. */
    .addColumn('entry', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ledger_entry_kind').on('ledger_entry').columns(['kind', 'idx']).execute();

  // Complete subtree (level, idx) covers leaves [idx·2^level, (idx+1)·2^level); level 0 holds leaf hashes.
  let nodes = db.schema
    .createTable('ledger_node')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('idx', bigint, (c) => c.notNull())
    .addColumn('hash', bytes, (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_node_pk', ['level', 'idx']);
  if (!pg) nodes = nodes.modifyEnd(sql`without rowid`);
  await nodes.execute();

  await db.schema
    .createTable('ledger_head')
    .addColumn('size', bigint, (c) => c.primaryKey())
    .addColumn('root_hash', 'text', (c) => c.notNull())
    .addColumn('timestamp', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ledger_kind')
    .addColumn('kind', 'text', (c) => c.primaryKey())
    .addColumn('entries', bigint, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['ledger_kind', 'ledger_head', 'ledger_node', 'ledger_entry']) await db.schema.dropTable(t).execute();
  await sql`drop index outbox_unledgered`.execute(db);
  await db.schema.alterTable('outbox').dropColumn('ledger_index').execute();
}
