// What other modules may use of responses: opening a response item (the government's clock), the
// item a source started (a Council recommendation's), and draining the Council's recommendations.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

export { createItem, type NewItem } from './service.ts';
export { drainCouncilItems } from './fromCouncil.ts';

export interface ItemBySource {
  id: number;
  sourceRef: string;
  status: string;
  receivedOn: string;
  dueDate: string | null;
  answeredOn: string | null;
  outcome: string | null;
}

/** The response items started by these sources (`decision/…`), keyed by source reference. */
export async function itemsBySource(db: Kysely<Database> | Transaction<Database>, refs: readonly string[]): Promise<Map<string, ItemBySource>> {
  if (refs.length === 0) return new Map();
  const rows = await db.selectFrom('response_items').select(['id', 'source_ref', 'status', 'received_on', 'due_date', 'answered_on', 'outcome']).where('source_ref', 'in', [...refs]).execute();
  return new Map(rows.map((r) => [r.source_ref, { id: Number(r.id), sourceRef: r.source_ref, status: r.status, receivedOn: r.received_on, dueDate: r.due_date, answeredOn: r.answered_on, outcome: r.outcome }]));
}

export interface ItemSummary {
  id: number;
  title: string;
  status: string;
  dueDate: string | null;
  answeredOn: string | null;
}

/** One response item as another module may name it (a government report on the Council's agenda). */
export async function itemSummary(db: Kysely<Database> | Transaction<Database>, id: number): Promise<ItemSummary | null> {
  const r = await db.selectFrom('response_items').select(['id', 'title', 'status', 'due_date', 'answered_on']).where('id', '=', id).executeTakeFirst();
  return r ? { id: Number(r.id), title: r.title, status: r.status, dueDate: r.due_date, answeredOn: r.answered_on } : null;
}

/** The CSV writer of the open data (RFC 4180, formula cells neutralised), shared with the Council's lists. */
export { toCsv } from './opendata.ts';

/** Every agency's id and names, by id: the choices when a role is scoped to an agency (admin pages). */
export async function agencyChoices(db: Kysely<Database>): Promise<{ id: string; name: Record<'kk' | 'ru' | 'en', string> }[]> {
  const rows = await db.selectFrom('response_agencies').select(['id', 'name_kk', 'name_ru', 'name_en']).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: { kk: r.name_kk, ru: r.name_ru, en: r.name_en } }));
}
