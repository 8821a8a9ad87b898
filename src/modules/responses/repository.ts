// Kysely queries of the responses module. Rules live in service.ts; this file only reads and writes rows.
import { type Kysely, sql, type Transaction } from 'kysely';
import { median } from '../../core/responses/stats.ts';
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

export interface AgencyCounts {
  agency: string;
  assigned: number;
  answered: number;
  on_time: number;
  overdue: number;
  due_soon: number;
  extended: number;
}

/**
 * The dashboard's counts per lead agency, aggregated by the database in one pass (10,000 items stay
 * in the database instead of crossing into JavaScript). Same definitions as core/responses/stats.ts.
 */
export async function agencyCounts(q: Q, today: string, soonBefore: string): Promise<AgencyCounts[]> {
  const r = await sql<AgencyCounts>`
    select lead_agency_id as agency,
      count(*) as assigned,
      sum(case when answered_on is not null then 1 else 0 end) as answered,
      sum(case when answered_on is not null and answered_on <= due_date then 1 else 0 end) as on_time,
      sum(case when answered_on is null and due_date < ${today} then 1 else 0 end) as overdue,
      sum(case when answered_on is null and due_date >= ${today} and due_date < ${soonBefore} then 1 else 0 end) as due_soon,
      sum(case when extension_count > 0 then 1 else 0 end) as extended
    from response_items
    where lead_agency_id is not null and due_date is not null
    group by lead_agency_id`.execute(q);
  return r.rows.map((x) => ({
    agency: x.agency,
    assigned: Number(x.assigned),
    answered: Number(x.answered),
    on_time: Number(x.on_time),
    overdue: Number(x.overdue),
    due_soon: Number(x.due_soon),
    extended: Number(x.extended),
  }));
}

/**
 * Median working days to answer per lead agency, and for the nation under the key ''. Only two small
 * columns of answered items leave the database; on SQLite this is faster than window functions.
 */
export async function answerMedians(q: Q): Promise<Map<string, number>> {
  const rows = await q
    .selectFrom('response_items')
    .select(['lead_agency_id', 'working_days_to_answer'])
    .where('answered_on', 'is not', null)
    .where('lead_agency_id', 'is not', null)
    .where('working_days_to_answer', 'is not', null)
    .execute();
  const byAgency = new Map<string, number[]>([['', []]]);
  for (const r of rows) {
    const d = r.working_days_to_answer!;
    byAgency.get('')!.push(d);
    const list = byAgency.get(r.lead_agency_id!);
    if (list) list.push(d);
    else byAgency.set(r.lead_agency_id!, [d]);
  }
  const out = new Map<string, number>();
  for (const [agency, days] of byAgency) {
    const m = median(days);
    if (m !== null) out.set(agency, m);
  }
  return out;
}

/** Unfinished measures past their due date, per responsible agency. */
export async function overdueMeasures(q: Q, today: string): Promise<Map<string, number>> {
  const rows = await q
    .selectFrom('response_measures')
    .select(['responsible_agency_id', sql<number>`count(*)`.as('n')])
    .where('status', 'not in', ['done', 'dropped'])
    .where('due_date', '<', today)
    .groupBy('responsible_agency_id')
    .execute();
  return new Map(rows.map((r) => [r.responsible_agency_id, Number(r.n)]));
}
