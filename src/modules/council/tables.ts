// The Council-at-work tables as Kysely sees them (migrations/0900_council.ts says what each column holds).
export interface CouncilTables {
  council_sessions: {
    id: string;
    number: number;
    kind: string;
    status: string;
    date: string;
    place: string;
    convened_on: string | null;
    sitting_day: string | null;
    opened_at: string | null;
    closed_at: string | null;
    created_at: string;
    updated_at: string;
  };
  council_agenda_items: {
    id: string;
    session_id: string | null;
    kind: string;
    decision_kind: string | null;
    title: string;
    lang: string;
    source: string;
    source_key: string;
    subjects: string;
    queued_on: string;
    added_on: string | null;
    due_date: string | null;
    status: string;
    created_at: string;
  };
  council_sponsors: {
    item_id: string;
    member_id: string;
    role: string;
  };
  council_item_versions: {
    item_id: string;
    version: number;
    text: string;
    origin: string;
    amendment_id: string | null;
    created_at: string;
  };
  council_amendments: {
    id: string;
    item_id: string;
    number: number;
    mover_id: string;
    co_sponsors: string;
    text: string;
    base_version: number;
    status: string;
    filed_on: string;
    created_at: string;
  };
  council_attendance: {
    session_id: string;
    day: string;
    member_id: string;
    registered_at: string;
    registered_by: string;
    left_at: string | null;
  };
  council_votes: {
    id: string;
    session_id: string;
    item_id: string;
    amendment_id: string | null;
    question: string;
    decision_kind: string;
    date: string;
    status: string;
    members: string;
    opened_at: string;
    closed_at: string | null;
    result: string | null;
    outcome: string | null;
    present_at_close: string | null;
  };
  council_ballots: {
    vote_id: string;
    member_id: string;
    choice: string;
    reason: string | null;
    cast_at: string;
    changed_at: string | null;
    changes: number;
  };
  council_decisions: {
    id: string;
    vote_id: string;
    item_id: string;
    session_id: string;
    kind: string;
    title: string;
    adopted_on: string;
    initiative_id: string | null;
    response_ref: string | null;
    created_at: string;
  };
  council_initiatives: {
    id: string;
    body: string;
    kind: string;
    title: string;
    status: string;
    decision_id: string | null;
    reference: string | null;
    addressees: string | null;
    referendum_date: string | null;
    started_on: string;
    created_at: string;
    updated_at: string;
  };
  council_track_steps: {
    initiative_id: string;
    seq: number;
    stage: string;
    event: string;
    on_date: string;
    document_url: string | null;
    note: string | null;
    recorded_at: string;
  };
  council_minutes: {
    id: string;
    status: string;
    draft: string;
    text: string | null;
    approval_vote_id: string | null;
    approved_on: string | null;
    created_at: string;
    updated_at: string;
  };
  /** A named co-sponsor's own confirmation (docs/adr/0905); only these count toward the charter's number. */
  council_co_sponsor_confirmations: {
    target_id: string;
    /** motion (target_id: the agenda item) | amendment (target_id: the amendment) */
    target_kind: string;
    member_id: string;
    confirmed_at: string;
  };
}

export const COUNCIL_TABLES = [
  'council_sessions',
  'council_agenda_items',
  'council_sponsors',
  'council_item_versions',
  'council_amendments',
  'council_attendance',
  'council_votes',
  'council_ballots',
  'council_decisions',
  'council_initiatives',
  'council_track_steps',
  'council_minutes',
  'council_co_sponsor_confirmations',
] as const;
