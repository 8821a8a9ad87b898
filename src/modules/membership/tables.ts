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
  };
  council_draws: {
    cycle_id: string;
    block_id: string;
    run_id: string;
    k: number;
    pool_size: number;
    created_at: string;
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
    status: 'selected' | 'sitting' | 'left';
    source_run_id: string;
    alternate_rank: number | null;
    replaces_member_id: string | null;
    created_at: string;
  };
  council_alternates: {
    cycle_id: string;
    block_id: string;
    candidate_id: string;
    rank: number;
    reserve: number;
    member_id: string | null;
  };
}
