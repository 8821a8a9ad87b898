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
  ) {
    super(formatLocation(location) + reason);
    this.name = 'SortitionInputError';
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
