// Turning broken rules into problem details that name the failing field.
import type { RuleViolation } from '../../core/responses/deadlines.ts';
import { badRequest, HttpProblem } from '../../web/problem.ts';

export function violation(v: RuleViolation): HttpProblem {
  return new HttpProblem(v.status, `${v.field}: ${v.message}`, { errors: [{ field: v.field, message: v.message }], code: v.code });
}

export function invalid(field: string, code: string, message: string): HttpProblem {
  return badRequest(field, message, code);
}

export function conflict(field: string, code: string, message: string): HttpProblem {
  return violation({ status: 409, field, code, message });
}

export function notFound(what: string): HttpProblem {
  return new HttpProblem(404, `${what} not found`, { code: 'not_found' });
}

export function forbidden(code: string, message: string): HttpProblem {
  return new HttpProblem(403, message, { code });
}
