// A block's draw whose renewal quotas the pool cannot meet is committed under the engine's smallest
// relaxation (ADR 0809); the relaxation is kept on the draw, and the members it lets in are not called
// until the secretariat's acceptance is recorded (who and when).
import type { Kysely } from 'kysely';

const COLUMNS = ['relaxation', 'relaxation_accepted_at', 'relaxation_accepted_by'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const c of COLUMNS) await db.schema.alterTable('council_draws').addColumn(c, 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const c of [...COLUMNS].reverse()) await db.schema.alterTable('council_draws').dropColumn(c).execute();
}
