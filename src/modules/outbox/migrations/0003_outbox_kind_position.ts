// The wake-up check of a subscriber that takes only some kinds (docs/adr/0904): "is there an event of
// my kinds after my cursor?" is one index probe per kind, however far behind the cursor is.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('outbox_kind_position').on('outbox').columns(['kind', 'position']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index outbox_kind_position`.execute(db);
}
