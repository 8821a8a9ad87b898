// Witness cosignatures of signed tree heads (docs/adr/0303): one per witness key and head size.
import { type Kysely } from 'kysely';
import { isPostgres } from '../../../db/dialect.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const bigint = isPostgres(db) ? 'bigint' : 'integer';
  await db.schema
    .createTable('ledger_cosignature')
    .addColumn('size', bigint, (c) => c.notNull())
    /** Base64 SPKI DER of the witness key (one of the charter's `ledger.witnesses`). */
    .addColumn('witness_key', 'text', (c) => c.notNull())
    .addColumn('witness_name', 'text', (c) => c.notNull())
    .addColumn('cosigned_at', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_cosignature_pk', ['size', 'witness_key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ledger_cosignature').execute();
}
