// Proposals rejected before this release for personal data or unlawful content still had their
// withheld title and summary in the search column; empty it, as a rejection now does.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`update proposals set search_text = '' where status = 'rejected' and decision_code in ('unlawfulOrOffensive', 'personalData')`.execute(db);
}

export async function down(): Promise<void> {
  // The text is still in title and summary; nothing to restore here.
}
