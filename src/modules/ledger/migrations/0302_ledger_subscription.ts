// The ledger becomes an ordinary outbox subscriber (docs/adr/0004). Its marker column
// `outbox.ledger_index` was already a commit-order-safe position (dense, in append order), so it
// becomes the outbox position as it is, and the ledger's cursor starts after the last entry. Rows not
// yet appended stay unstamped and are stamped, then appended, after those.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`update outbox set position = ledger_index where ledger_index is not null`.execute(db);
  await sql`insert into outbox_cursors (name, position, updated_at)
    select 'ledger', coalesce(max(ledger_index), -1), ${new Date().toISOString()} from outbox`.execute(db);
  await sql`drop index outbox_unledgered`.execute(db);
  await db.schema.alterTable('outbox').dropColumn('ledger_index').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('ledger_index', 'bigint').execute();
  await sql`update outbox set ledger_index = (select idx from ledger_entry where ledger_entry.outbox_id = outbox.id)`.execute(db);
  await sql`create index outbox_unledgered on outbox (id) where ledger_index is null`.execute(db);
  await sql`delete from outbox_cursors where name = 'ledger'`.execute(db);
}
