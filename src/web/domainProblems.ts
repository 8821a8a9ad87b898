// Domain errors become problem details here, and only here: a code → status table per module, with
// the English detail rendered from the code and its params (pages render their own, localised, text).
import { DomainError, DomainErrors, type ErrorParams } from '../core/errors.ts';
import { HttpProblem } from './problem.ts';

export interface ProblemSpec {
  status: 400 | 401 | 403 | 404 | 409 | 422 | 429 | 500 | 503;
  /** The English message for the API (`field: message` in the detail when a field is named). */
  message: (p: ErrorParams) => string;
  /** More members of the problem body (e.g. the missing regions). */
  extra?: (p: ErrorParams) => Record<string, unknown>;
}

export type ProblemCatalog = Readonly<Record<string, ProblemSpec>>;

/** Codes every module may raise. */
export const commonProblems: ProblemCatalog = {
  'not-found': { status: 404, message: (p) => `${p.what}${p.id !== undefined ? ` ${p.id}` : ''} not found` },
  'state-changed': { status: 409, message: (p) => `it changed meanwhile; it is no longer ${p.state}` },
  forbidden: { status: 403, message: () => 'you may not do this' },
  'forbidden-role': { status: 403, message: () => 'this needs another role' },
  'unknown-transition': { status: 500, message: () => 'no such transition' },
  'unknown-region': { status: 400, message: (p) => `"${p.region}" is not a region of the charter` },
  'invalid-date': { status: 400, message: (p) => `"${p.value}" is not a date YYYY-MM-DD` },
  'too-long': { status: 400, message: (p) => `at most ${p.max} characters` },
};

/** Merges catalogs; a code defined twice is a mistake found at start-up. */
export function mergeCatalogs(...catalogs: ProblemCatalog[]): ProblemCatalog {
  const out: Record<string, ProblemSpec> = {};
  for (const c of catalogs) {
    for (const [code, spec] of Object.entries(c)) {
      if (out[code]) throw new Error(`problem code ${code} is defined twice`);
      out[code] = spec;
    }
  }
  return out;
}

/** The problem details of a domain error, under a catalog. An unknown code is a 500: a bug, not a refusal. */
export function domainProblem(err: DomainError, catalog: ProblemCatalog): HttpProblem {
  const list = err instanceof DomainErrors ? err.list : [err];
  const spec = catalog[err.code];
  if (!spec) return new HttpProblem(500, `unknown problem code ${err.code}`);
  const fields = list
    .filter((e) => e.field !== undefined)
    .map((e) => ({ field: e.field!, message: (catalog[e.code] ?? spec).message(e.params) }));
  const detail = fields.length ? fields.map((f) => `${f.field}: ${f.message}`).join('; ') : spec.message(err.params);
  return new HttpProblem(spec.status, detail, { ...(fields.length ? { errors: fields } : {}), code: err.code, ...spec.extra?.(err.params) });
}

/** The problem an error stands for: an HttpProblem as it is, a DomainError through the catalog, else null. */
export function problemOf(err: unknown, catalog: ProblemCatalog): HttpProblem | null {
  if (err instanceof HttpProblem) return err;
  if (err instanceof DomainError) return domainProblem(err, catalog);
  return null;
}
