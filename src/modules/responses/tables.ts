// Table types of the responses module (see migrations/0600_responses.ts). Nothing here is
// personal data: items name their source (`proposal/…`, `decision/…`), never a citizen.
import type { Generated } from 'kysely';

export interface ResponsesTables {
  response_agencies: {
    /** Stable slug, e.g. `min-health`; agency officers' roles name it. */
    id: string;
    name_kk: string;
    name_ru: string;
    name_en: string;
    /** The body this agency reports to (a ministry's government, a district's regional akimat). */
    parent_id: string | null;
    /** ISO 3166-2 region code for local bodies; null for central ones. */
    region: string | null;
    /** `central` or `local`: picks the charter's answer period. */
    level: string;
    created_at: string;
  };
  response_items: {
    id: Generated<number>;
    title: string;
    /** Language the title is written in (kk, ru or en). */
    lang: string;
    /** Where the item comes from, e.g. `proposal/ab12` or `decision/7`. Unique: one item per source. */
    source_ref: string;
    /** Date the platform received the item (Asia/Almaty). */
    received_on: string;
    status: string;
    lead_agency_id: string | null;
    /** Date the current lead agency received it; its clock counts from the next working day. */
    agency_received_on: string | null;
    due_date: string | null;
    /** The deadline before any extension, for the public record. */
    original_due_date: string | null;
    /** Last clock state the sweep recorded; the sweep fires `deadline_missed` once on the change. */
    clock: string | null;
    extension_count: number;
    forward_count: number;
    answered_on: string | null;
    outcome: string | null;
    answer_reasons: string | null;
    /** Working days from receipt by the agency to the answer, fixed when answered. */
    working_days_to_answer: number | null;
    closed_on: string | null;
    created_at: string;
    updated_at: string;
  };
  /** Lead agency and co-executors of an item. */
  response_item_agencies: {
    item_id: number;
    agency_id: string;
    role: string;
  };
  response_extensions: {
    id: Generated<number>;
    item_id: number;
    agency_id: string;
    extended_on: string;
    previous_due: string;
    new_due: string;
    /** Published as is. */
    reason: string;
  };
  /** A duty to tell the item's author something by a date; delivery channels come later. */
  response_notifications: {
    id: Generated<number>;
    item_id: number;
    kind: string;
    /** Who is to be told, as a source reference (the source's module knows its author). */
    recipient_ref: string;
    notify_by: string;
    created_at: string;
    sent_at: string | null;
  };
  response_measures: {
    id: Generated<number>;
    item_id: number;
    position: number;
    description: string;
    responsible_agency_id: string;
    due_date: string;
    status: string;
    progress: number;
    /** Required when status is `dropped`. */
    drop_reason: string | null;
    updated_on: string;
  };
  response_measure_updates: {
    id: Generated<number>;
    measure_id: number;
    on_date: string;
    status: string;
    progress: number;
    note: string;
    created_at: string;
  };
  /** The public timeline of an item, one row per act. */
  response_timeline: {
    id: Generated<number>;
    item_id: number;
    at: string;
    on_date: string;
    kind: string;
    agency_id: string | null;
    /** Canonical JSON with the act's public details. */
    detail: string;
  };
}
