export interface SortitionTables {
  sortition_runs: {
    id: string;
    status: 'committed' | 'running' | 'done' | 'failed';
    created_by: string;
    created_at: string;
    finished_at: string | null;
    /** panelot | sortition-foundation | data (a pool given by another module) */
    format: string;
    algorithm: string;
    k: number;
    pool_size: number;
    input_hash: string;
    inputs: string;
    progress: string | null;
    report: string | null;
    error: string | null;
    commitment: string | null;
    public_inputs: string | null;
    source_ids: string | null;
    entropy_after: string | null;
    committed_index: number | null;
    committed_entry_hash: string | null;
    entropy: string | null;
    revealed_at: string | null;
    report_hash: string | null;
    /** Wall-clock ISO time until which the process drawing a `running` run holds it (ADR 0807). */
    lease_until: string | null;
  };
}
