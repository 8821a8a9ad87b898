// Who sat on the Council on a given day, from the membership records and the cycles' schedules.
import { addDays, type IsoDate } from '../isoDate.ts';
import type { MembershipRecord } from './eligibility.ts';
import type { ScheduleSource } from './timeline.ts';

/** First and last day of a membership: the term's dates, narrowed by a late start or an early departure. */
export function membershipDates(schedules: ScheduleSource, m: MembershipRecord): { from: IsoDate; to: IsoDate } {
  return {
    from: m.joinedOn ?? schedules(m.startCycle).termStart,
    to: m.leftOn ?? addDays(schedules(m.endCycle).termStart, -1),
  };
}

/** The memberships running on `date` (the Council on that day), in seat order. */
export function sittingOn(schedules: ScheduleSource, records: readonly MembershipRecord[], date: IsoDate): MembershipRecord[] {
  return records
    .filter((m) => {
      const { from, to } = membershipDates(schedules, m);
      return from <= date && date <= to;
    })
    .sort((a, b) => (a.seatId < b.seatId ? -1 : a.seatId > b.seatId ? 1 : 0));
}
