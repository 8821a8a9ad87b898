// The outbox: every module writes its domain events here in the same transaction as the change.
import type { Kysely } from 'kysely';
import { serialPk } from '../../../db/dialect.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const pk = serialPk(db);
  await db.schema
    .createTable('outbox')
    .addColumn('id', pk.type, pk.build)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outbox_kind').on('outbox').columns(['kind', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('outbox').execute();
}
