export interface MembershipTables {
  council_cycles: {
    id: string;
    number: number;
    status: string;
    schedule: string;
    entropy_sources: string | null;
    created_at: string;
    updated_at: string;
  };
  council_candidates: {
    id: string;
    cycle_id: string;
    position: number;
    block_id: string;
    person_id: string;
    display_name: string;
    organisation_id: string | null;
    organisation: string | null;
    birth_date: string;
    sex: string;
    region: string;
    declared: string;
    offices: string;
    eligible: number;
    reasons: string;
    features: string;
    created_at: string;
    nominated_by: string | null;
    consented_at: string | null;
  };
  council_draws: {
    cycle_id: string;
    block_id: string;
    run_id: string;
    k: number;
    pool_size: number;
    created_at: string;
    /** JSON list of the engine's quota changes the draw was committed under (ADR 0809), or null. */
    relaxation: string | null;
    relaxation_accepted_at: string | null;
    relaxation_accepted_by: string | null;
  };
  council_members: {
    id: string;
    cycle_id: string;
    candidate_id: string;
    person_id: string;
    display_name: string;
    block_id: string;
    seat_id: string;
    seat_class: number;
    organisation_id: string | null;
    region: string;
    features: string;
    start_cycle: number;
    end_cycle: number;
    term_start: string;
    term_end: string;
    joined_on: string | null;
    left_on: string | null;
    left_reason: string | null;
    status: 'selected' | 'sitting' | 'left' | 'declined';
    source_run_id: string;
    alternate_rank: number | null;
    replaces_member_id: string | null;
    created_at: string;
    confirm_by: string | null;
    answer: 'accepted' | 'declined' | null;
    answered_at: string | null;
  };
  council_alternates: {
    cycle_id: string;
    block_id: string;
    candidate_id: string;
    rank: number;
    reserve: number;
    member_id: string | null;
  };
  council_organisations: {
    id: string;
    bin: string;
    name_kk: string;
    name_ru: string;
    name_en: string;
    region: string;
    block_id: string;
    created_at: string;
  };
  council_representatives: {
    organisation_id: string;
    user_id: string;
    created_at: string;
  };
  council_vacancies: {
    id: string;
    cycle_id: string;
    block_id: string;
    seat_id: string;
    member_id: string;
    reason: string;
    status: 'open' | 'committed' | 'filled' | 'unfilled';
    input: string;
    run_id: string | null;
    filled_by: string | null;
    created_at: string;
  };
}
