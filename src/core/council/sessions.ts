// Session dates against the charter: the notice period (working days between convocation and the
// sitting) and the minimum number of sessions a year.
import type { CouncilBody, CouncilWorkRules } from '../charter/types.ts';
import { yearOf } from '../isoDate.ts';
import type { WorkingDays } from '../responses/workingDays.ts';
import { COUNTED_SESSION_STATES, type SessionGuardContext, type SessionState } from './sessionLifecycle.ts';
import type { IsoDate, SessionKind } from './types.ts';

/** The earliest date a session of `kind` convened on `convenedOn` may sit. */
export function earliestSessionDate(cal: WorkingDays, rules: CouncilWorkRules, kind: SessionKind, convenedOn: IsoDate): IsoDate {
  return cal.addWorkingDays(convenedOn, rules.notice[kind]);
}

/** The guard context for convening or rescheduling a session to `date` on `today`. */
export function noticeContext(cal: WorkingDays, rules: CouncilWorkRules, kind: SessionKind, date: IsoDate, today: IsoDate): SessionGuardContext {
  return { date, earliestDate: earliestSessionDate(cal, rules, kind, today), noticeWorkingDays: rules.notice[kind] };
}

export interface ScheduledSession {
  date: IsoDate;
  kind: SessionKind;
  state: SessionState;
}

export interface YearCheck {
  year: number;
  required: number;
  /** Sessions of the year held, running or still ahead, of either kind (cancelled ones do not count). */
  counted: number;
  shortfall: number;
  met: boolean;
}

/** Does the year's schedule give the charter's minimum number of sessions? */
export function checkSessionsPerYear(council: Pick<CouncilBody, 'minSessionsPerYear'>, sessions: readonly ScheduledSession[], year: number): YearCheck {
  const counted = sessions.filter((s) => yearOf(s.date) === year && COUNTED_SESSION_STATES.includes(s.state)).length;
  const required = council.minSessionsPerYear;
  const shortfall = Math.max(0, required - counted);
  return { year, required, counted, shortfall, met: shortfall === 0 };
}
