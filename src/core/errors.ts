// Domain errors: what went wrong, as data. Services raise `DomainError(code, field?, params)`; the
// shell alone turns a code into an HTTP status, a problem type and an English detail
// (src/web/problems.ts), so no service builds a sentence or picks a status.

export type ErrorParams = Record<string, string | number | boolean | null | readonly unknown[] | Record<string, unknown>>;

/** Codes are kebab-case words: `unknown-region`, never `unknown_region` (test/unit/errors.test.ts). */
export const CODE_SPELLING = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export class DomainError extends Error {
  constructor(
    readonly code: string,
    /** The request field at fault (`receivedOn`, `measures.0.dueDate`), when one is. */
    readonly field?: string,
    readonly params: ErrorParams = {},
  ) {
    super(field ? `${code} (${field})` : code);
    this.name = 'DomainError';
  }
}

/** Several field problems at once (a form with many bad fields): one error, every field named. */
export class DomainErrors extends DomainError {
  constructor(
    code: string,
    readonly list: readonly DomainError[],
  ) {
    super(code, undefined, {});
  }
}
