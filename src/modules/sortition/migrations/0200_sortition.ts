// Sortition runs started through the API: their inputs, progress and report.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sortition_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull()) // running | done | failed
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('format', 'text', (c) => c.notNull()) // panelot | sortition-foundation
    .addColumn('algorithm', 'text', (c) => c.notNull())
    .addColumn('k', 'integer', (c) => c.notNull())
    .addColumn('pool_size', 'integer', (c) => c.notNull())
    .addColumn('input_hash', 'text', (c) => c.notNull())
    /** JSON: the request as given (format, CSV texts, options), so the run can be repeated. */
    .addColumn('inputs', 'text', (c) => c.notNull())
    .addColumn('progress', 'text')
    .addColumn('report', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('sortition_runs_created').on('sortition_runs').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sortition_runs').execute();
}
