// The adapter from the membership core's records to the Council's `SittingMember`: the one list of
// members stays the registry's; this only reshapes a record with its dates from the cycle schedules.
import { type MembershipRecord, membershipDates, type ScheduleSource } from '../membership/index.ts';
import type { SittingMember } from './types.ts';

/**
 * One SittingMember per membership. The id is the person's: a person holds at most one seat on a
 * day, and a member signs in, votes and co-sponsors as themselves.
 */
export function sittingMembersFrom(schedules: ScheduleSource, records: readonly MembershipRecord[], regionOf?: (personId: string) => string | undefined): SittingMember[] {
  return records.map((m) => {
    const { from, to } = membershipDates(schedules, m);
    const member: SittingMember = { id: m.personId, block: m.blockId, termStart: from, termEnd: to };
    const region = regionOf?.(m.personId);
    if (region !== undefined) member.region = region;
    return member;
  });
}
