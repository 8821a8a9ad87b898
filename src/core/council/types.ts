// Shapes the Council's pure rules work on. Members are input data: the member registry (built on
// src/core/membership) adapts its records to `SittingMember`; nothing here keeps a list of members.
import type { DecisionKind, MotionKind } from '../charter/types.ts';
import { DomainError } from '../errors.ts';
import type { IsoDate } from '../isoDate.ts';

export type { DecisionKind, IsoDate, MotionKind };

/** One membership as the Council's rules need it. Dates are inclusive Asia/Almaty days. */
export interface SittingMember {
  /** The membership's id (a person may hold several memberships over the years). */
  id: string;
  /** The charter block of the seat (`bodies.council.blocks[].id`). */
  block: string;
  /** First day in office. */
  termStart: IsoDate;
  /** Last day in office: the term's end, or an earlier departure. */
  termEnd: IsoDate;
  /** Region of the member, for breakdowns only. */
  region?: string;
}

/** A rule refused, as data: the service raises it as a domain error (code, field, params). */
export interface Refusal {
  /** Kebab-case reason code, e.g. `not-sitting`. */
  code: string;
  /** The request field at fault, when one is. */
  field?: string;
  params: Record<string, string | number | boolean | readonly string[]>;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

export const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
export const refuse = (code: string, field: string | undefined, params: Refusal['params'] = {}): { ok: false; refusal: Refusal } => ({
  ok: false,
  refusal: field === undefined ? { code, params } : { code, field, params },
});

/** The refusal as the domain error a service raises (the shell maps the code to a problem). */
export function refusalError(r: Refusal): DomainError {
  return new DomainError(r.code, r.field, r.params);
}

export const SESSION_KINDS = ['regular', 'extraordinary'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/** Bodies outside the Council that may refer an item to its agenda. */
export const REFERRING_BODIES = ['president', 'kurultai'] as const;
export type ReferringBody = (typeof REFERRING_BODIES)[number];
