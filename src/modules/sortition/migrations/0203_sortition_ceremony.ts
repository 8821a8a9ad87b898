// The public draw ceremony (ADR 0111): a run is first committed (anonymised public inputs, their hash,
// the entropy date, the ledger entry that records them), later revealed (entropy) and drawn.
// Status gains the value `committed`; the staff-only map from public numbers to source ids is kept
// apart from the public inputs (ADR 0112).
import type { Kysely } from 'kysely';

const COLUMNS: [string, 'text' | 'integer'][] = [
  ['commitment', 'text'],
  /** JSON of the public inputs exactly as committed (pool with public numbers, quotas, entropy plan). */
  ['public_inputs', 'text'],
  /** JSON { number: sourceId }: staff-only. */
  ['source_ids', 'text'],
  ['entropy_after', 'text'],
  ['committed_index', 'integer'],
  ['committed_entry_hash', 'text'],
  ['entropy', 'text'],
  ['revealed_at', 'text'],
  ['report_hash', 'text'],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, type] of COLUMNS) await db.schema.alterTable('sortition_runs').addColumn(name, type).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of COLUMNS.slice().reverse()) await db.schema.alterTable('sortition_runs').dropColumn(name).execute();
}
