// A running draw's lease (ADR 0807): the process drawing it renews `lease_until` while its worker
// works; a draw left `running` by a killed process has a lease that runs out, and the next process
// to see it resumes the draw from its committed inputs and revealed entropy (same seed, same result).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sortition_runs').addColumn('lease_until', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sortition_runs').dropColumn('lease_until').execute();
}
