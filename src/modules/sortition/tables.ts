export interface SortitionTables {
  sortition_runs: {
    id: string;
    status: 'running' | 'done' | 'failed';
    created_by: string;
    created_at: string;
    finished_at: string | null;
    format: 'panelot' | 'sortition-foundation';
    algorithm: string;
    k: number;
    pool_size: number;
    input_hash: string;
    inputs: string;
    progress: string | null;
    report: string | null;
    error: string | null;
  };
}
