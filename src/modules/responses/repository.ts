// Kysely queries of the responses module. Rules live in service.ts; this file only reads and writes rows.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

export type Q = Kysely<Database> | Transaction<Database>;
export type AgencyRow = Database['response_agencies'];
export type ItemRow = Omit<Database['response_items'], 'id'> & { id: number };
export type MeasureRow = Omit<Database['response_measures'], 'id'> & { id: number };

export async function findAgency(q: Q, id: string): Promise<AgencyRow | undefined> {
  return q.selectFrom('response_agencies').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listAgencies(q: Q): Promise<AgencyRow[]> {
  return q.selectFrom('response_agencies').selectAll().orderBy('level').orderBy('id').execute();
}

/** The item row; on PostgreSQL locked for the rest of the transaction so two acts on one item queue up. */
export async function findItem(q: Q, id: number, lock: boolean): Promise<ItemRow | undefined> {
  return (await q
    .selectFrom('response_items')
    .selectAll()
    .where('id', '=', id)
    .$if(lock, (b) => b.forUpdate())
    .executeTakeFirst()) as ItemRow | undefined;
}

export async function itemAgencies(q: Q, itemId: number): Promise<{ agency_id: string; role: string }[]> {
  return q.selectFrom('response_item_agencies').select(['agency_id', 'role']).where('item_id', '=', itemId).orderBy('role', 'desc').orderBy('agency_id').execute();
}

export async function itemMeasures(q: Q, itemId: number): Promise<MeasureRow[]> {
  return (await q.selectFrom('response_measures').selectAll().where('item_id', '=', itemId).orderBy('position').execute()) as MeasureRow[];
}

export async function addTimeline(q: Q, row: { itemId: number; at: string; onDate: string; kind: string; agencyId: string | null; detail: Record<string, unknown> }) {
  await q
    .insertInto('response_timeline')
    .values({ item_id: row.itemId, at: row.at, on_date: row.onDate, kind: row.kind, agency_id: row.agencyId, detail: JSON.stringify(row.detail) })
    .execute();
}

/** Counts of every table, for tests that prove a refused request changed nothing. */
export async function tableCounts(q: Q): Promise<Record<string, number>> {
  const tables = [
    'response_agencies',
    'response_items',
    'response_item_agencies',
    'response_extensions',
    'response_notifications',
    'response_measures',
    'response_measure_updates',
    'response_timeline',
    'outbox',
  ] as const;
  const out: Record<string, number> = {};
  for (const t of tables) {
    const r = await q.selectFrom(t).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}
