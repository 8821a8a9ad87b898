// Open data: every item and every agency's figures as CSV and JSON, same fields in both.
import { openDataCsv } from '../../core/csv.ts';
import { computeStats } from '../../core/responses/stats.ts';
import type { AgencyView, Dashboard, ItemSummary } from './service.ts';

export const ITEM_COLUMNS = [
  'id',
  'title',
  'lang',
  'source_ref',
  'received_on',
  'status',
  'clock',
  'lead_agency_id',
  'agency_received_on',
  'due_date',
  'original_due_date',
  'extended',
  'answered_on',
  'outcome',
] as const;

export function itemRecord(i: ItemSummary): Record<(typeof ITEM_COLUMNS)[number], string | number | boolean | null> {
  return {
    id: i.id,
    title: i.title,
    lang: i.lang,
    source_ref: i.sourceRef,
    received_on: i.receivedOn,
    status: i.status,
    clock: i.clock,
    lead_agency_id: i.leadAgencyId,
    agency_received_on: i.agencyReceivedOn,
    due_date: i.dueDate,
    original_due_date: i.originalDueDate,
    extended: i.extended,
    answered_on: i.answeredOn,
    outcome: i.outcome,
  };
}

export const AGENCY_COLUMNS = [
  'agency_id',
  'name_kk',
  'name_ru',
  'name_en',
  'level',
  'region',
  'parent_id',
  'assigned',
  'answered',
  'answered_on_time',
  'share_on_time',
  'median_working_days_to_answer',
  'overdue_now',
  'extended',
  'extension_rate',
  'overdue_measures',
] as const;

export function agencyRecords(agencies: AgencyView[], dash: Dashboard): Record<(typeof AGENCY_COLUMNS)[number], string | number | null>[] {
  const stats = new Map(dash.agencies.map((s) => [s.agencyId, s]));
  return agencies.map((a) => {
    const s = stats.get(a.id) ?? { agencyId: a.id, ...computeStats([], dash.today) };
    return {
      agency_id: a.id,
      name_kk: a.name.kk,
      name_ru: a.name.ru,
      name_en: a.name.en,
      level: a.level,
      region: a.region,
      parent_id: a.parentId,
      assigned: s.assigned,
      answered: s.answered,
      answered_on_time: s.answeredOnTime,
      share_on_time: round(s.shareOnTime),
      median_working_days_to_answer: s.medianWorkingDaysToAnswer,
      overdue_now: s.overdueNow,
      extended: s.extended,
      extension_rate: round(s.extensionRate),
      overdue_measures: dash.overdueMeasures.byAgency[a.id] ?? 0,
    };
  });
}

function round(x: number | null): number | null {
  return x === null ? null : Math.round(x * 10000) / 10000;
}

/** Open-data CSV (src/core/csv.ts: byte-order mark, formula-safe cells). */
export function toCsv<K extends string>(columns: readonly K[], rows: Record<K, unknown>[], labels?: readonly string[]): string {
  return openDataCsv(columns, rows.map((r) => columns.map((c) => r[c])), labels);
}
