// Errors are values at the edges: every input problem names the file, row and column it came from,
// so the CLI can print one line and the API can turn it into problem details.

export interface InputLocation {
  file?: string;
  /** 1-based line of the CSV file (the header is line 1). */
  row?: number;
  column?: string;
}

export class SortitionInputError extends Error {
  constructor(
    readonly reason: string,
    readonly location: InputLocation = {},
    /** Further row problems of the same files, found in the same pass (the first is this error). */
    readonly others: readonly SortitionInputError[] = [],
  ) {
    super(formatLocation(location) + reason);
    this.name = 'SortitionInputError';
  }
}

/** Row problems are gathered, so that one submission shows them all; at most this many are kept. */
export const MAX_ROW_PROBLEMS = 50;

/** Gathers the row problems of a pass over a file; `check()` throws the first, carrying the others. */
export class RowProblems {
  private readonly list: SortitionInputError[] = [];

  /** Runs one row's checks; a SortitionInputError is kept, anything else thrown. Returns false on a problem. */
  row(check: () => void): boolean {
    try {
      check();
      return true;
    } catch (err) {
      if (!(err instanceof SortitionInputError)) throw err;
      if (this.list.length < MAX_ROW_PROBLEMS) this.list.push(err);
      return false;
    }
  }

  check(): void {
    const [first, ...others] = this.list;
    if (first) throw new SortitionInputError(first.reason, first.location, others);
  }
}

/** The quotas cannot all hold at once; carries the conflict and a proposed relaxation. */
export class InfeasibleQuotasError extends Error {
  constructor(
    message: string,
    readonly diagnosis: import('./infeasibility.ts').InfeasibilityDiagnosis,
  ) {
    super(message);
    this.name = 'InfeasibleQuotasError';
  }
}

function formatLocation(loc: InputLocation): string {
  const parts: string[] = [];
  if (loc.file) parts.push(loc.file);
  if (loc.row !== undefined) parts.push(`row ${loc.row}`);
  if (loc.column !== undefined) parts.push(`column "${loc.column}"`);
  return parts.length ? `${parts.join(', ')}: ` : '';
}
