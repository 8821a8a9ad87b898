// The dated stages of every selection cycle (ADR 0801). Cycle n's selection (draw) date is
// firstSelection + n × cycleYears; the earlier stages are counted back from it and the later ones
// forward, in working days of the charter's calendar. A term ends the day before the next term of
// its seat starts, so a seat is never empty and never held twice on the timeline.
import type { Charter } from '../charter/types.ts';
import type { WorkingDayCalendar } from '../calendar.ts';
import { addDays, type IsoDate, isIsoDate } from '../isoDate.ts';
import { addYears, type Seat, termEndCycle } from './rotation.ts';

/** The stages in the order they happen; each is the date on which that stage begins. */
export const CYCLE_STAGES = [
  'announced',
  'nominationsOpen',
  'nominationsClosed',
  'committed',
  'drawn',
  'confirmationDeadline',
  'termStart',
] as const;
export type CycleStage = (typeof CYCLE_STAGES)[number];

export type CycleSchedule = { cycle: number } & Record<CycleStage, IsoDate>;

/** The selection (draw) date of cycle `n`: an exact anniversary of the first selection. */
export function selectionDate(charter: Charter, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`cycle must be a whole number ≥ 0, got ${n}`);
  const council = charter.bodies.council;
  return addYears(council.firstSelection, n * council.cycleYears);
}

/** The default schedule of cycle `n` from the charter. */
export function defaultSchedule(charter: Charter, calendar: WorkingDayCalendar, n: number): CycleSchedule {
  const c = charter.bodies.council.cycle;
  const drawn = selectionDate(charter, n);
  // The draw may fall on a day off (2026-10-17 is a Saturday): the commitment is then still
  // entropyWaitWorkingDays whole working days before it, i.e. countWorkingDays(committed, drawn) holds.
  const committed = calendar.addWorkingDays(drawn, -c.entropyWaitWorkingDays - (calendar.isWorkingDay(drawn) ? 0 : 1));
  const nominationsClosed = calendar.addWorkingDays(committed, -c.reviewWorkingDays);
  const nominationsOpen = calendar.addWorkingDays(nominationsClosed, -c.nominationWorkingDays);
  const announced = calendar.addWorkingDays(nominationsOpen, -c.announcementWorkingDays);
  const confirmationDeadline = calendar.addWorkingDays(drawn, c.confirmationWorkingDays);
  const termStart = calendar.addWorkingDays(confirmationDeadline, c.seatingWorkingDays);
  return { cycle: n, announced, nominationsOpen, nominationsClosed, committed, drawn, confirmationDeadline, termStart };
}

export type RescheduleError = 'invalidDate' | 'stageStarted' | 'dateInPast' | 'outOfOrder';

/**
 * Moves one stage's date. Allowed only before the stage begins (today is before its current date),
 * to today or later, and keeping every stage strictly after the one before it and before the next.
 */
export function reschedule(
  schedule: CycleSchedule,
  stage: CycleStage,
  date: IsoDate,
  today: IsoDate,
): { ok: true; schedule: CycleSchedule } | { ok: false; error: RescheduleError } {
  if (!isIsoDate(date)) return { ok: false, error: 'invalidDate' };
  if (today >= schedule[stage]) return { ok: false, error: 'stageStarted' };
  if (date < today) return { ok: false, error: 'dateInPast' };
  const i = CYCLE_STAGES.indexOf(stage);
  const before = CYCLE_STAGES[i - 1];
  const after = CYCLE_STAGES[i + 1];
  if ((before && date <= schedule[before]) || (after && date >= schedule[after])) return { ok: false, error: 'outOfOrder' };
  return { ok: true, schedule: { ...schedule, [stage]: date } };
}

/** Schedules by cycle: the charter's defaults, replaced where the secretariat set a cycle's dates. */
export type ScheduleSource = (n: number) => CycleSchedule;

export function scheduleSource(charter: Charter, calendar: WorkingDayCalendar, overrides: ReadonlyMap<number, CycleSchedule> = new Map()): ScheduleSource {
  const cache = new Map<number, CycleSchedule>();
  return (n) => {
    const set = overrides.get(n);
    if (set) return set;
    let s = cache.get(n);
    if (!s) {
      s = defaultSchedule(charter, calendar, n);
      cache.set(n, s);
    }
    return s;
  };
}

export interface Term {
  seatId: string;
  startCycle: number;
  /** The cycle whose new term for this seat ends this one. */
  endCycle: number;
  start: IsoDate;
  /** Last day of the term: the day before the next term of the seat starts. */
  end: IsoDate;
}

/** The term of `seat` filled at cycle `n` (which must renew the seat). */
export function termOf(charter: Charter, schedules: ScheduleSource, seat: Seat, n: number): Term {
  const endCycle = termEndCycle(charter.bodies.council, seat.seatClass, n);
  return {
    seatId: seat.id,
    startCycle: n,
    endCycle,
    start: schedules(n).termStart,
    end: addDays(schedules(endCycle).termStart, -1),
  };
}

/** The last cycle whose terms have started on `date` (−1 before the first Council sits). */
export function cycleOn(charter: Charter, schedules: ScheduleSource, date: IsoDate): number {
  const council = charter.bodies.council;
  // Start near the whole cycles elapsed since the first selection, then step to the exact one.
  let n = Math.max(0, Math.floor((Number(date.slice(0, 4)) - Number(council.firstSelection.slice(0, 4))) / council.cycleYears));
  while (n >= 0 && schedules(n).termStart > date) n--;
  if (n < 0) return -1;
  while (schedules(n + 1).termStart <= date) n++;
  return n;
}
