// Log-assigned time on every ledger entry. Events carry their own time (`occurred_at`), which need not
// grow with the ledger index (an event committed late, a back-dated import); the appender now stamps
// each entry with a monotone time of its own. Entries appended before this migration had none: their
// log time is their event time, which is what their signed bytes already say.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('ledger_entry').addColumn('logged_at', 'text').execute();
  await sql`update ledger_entry set logged_at = occurred_at`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('ledger_entry').dropColumn('logged_at').execute();
}
