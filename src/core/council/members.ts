// Who sits on a given day, from the member registry's data (passed in, never stored here).
import type { IsoDate, SittingMember } from './types.ts';

/** True when the membership runs on `date` (first and last day included). */
export function isSitting(member: SittingMember, date: IsoDate): boolean {
  return member.termStart <= date && date <= member.termEnd;
}

/** The memberships running on `date`, by block then id (the roll-call order). */
export function sittingOn(members: readonly SittingMember[], date: IsoDate): SittingMember[] {
  return members.filter((m) => isSitting(m, date)).sort((a, b) => cmp(a.block, b.block) || cmp(a.id, b.id));
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
