// The public clock of one item, derived from its dates and today; never stored as truth, so a page
// is right even if the sweep has not yet run today.
import type { ResponseRules } from '../charter/types.ts';
import type { ClockState, IsoDate } from './types.ts';
import type { WorkingDays } from './workingDays.ts';

export interface ClockFacts {
  dueDate: IsoDate | null;
  answeredOn: IsoDate | null;
}

/** Null while the item is not yet assigned (no deadline runs). */
export function clockState(cal: WorkingDays, rules: ResponseRules, item: ClockFacts, today: IsoDate): ClockState | null {
  return clockStateBefore(item, today, dueSoonBefore(cal, rules, today));
}

/**
 * An item is due soon when at most `dueSoonWorkingDays` working days are left, i.e. when its deadline
 * comes before the (N+1)-th working day after today. Computing that date once lets a list of items
 * be classified by plain date comparisons.
 */
export function dueSoonBefore(cal: WorkingDays, rules: ResponseRules, today: IsoDate): IsoDate {
  return cal.addWorkingDays(today, rules.dueSoonWorkingDays + 1);
}

/** The clock with `dueSoonBefore` already computed for today. */
export function clockStateBefore(item: ClockFacts, today: IsoDate, soonBefore: IsoDate): ClockState | null {
  if (!item.dueDate) return null;
  if (item.answeredOn) return item.answeredOn <= item.dueDate ? 'answered_on_time' : 'answered_late';
  if (isOverdue(item.dueDate, today)) return 'overdue';
  return item.dueDate < soonBefore ? 'due_soon' : 'on_time';
}

/** A deadline is missed once its day has ended: overdue from the next calendar day. */
export function isOverdue(dueDate: IsoDate, today: IsoDate): boolean {
  return today > dueDate;
}

/** Working days left until the deadline (positive) or already past it (negative). */
export function workingDaysLeft(cal: WorkingDays, dueDate: IsoDate, today: IsoDate): number {
  return today <= dueDate ? cal.countWorkingDays(today, dueDate) : -cal.countWorkingDays(dueDate, today);
}

/** Whether a measure is behind: past its due date and neither done nor dropped. */
export function isMeasureOverdue(measure: { dueDate: IsoDate; status: string }, today: IsoDate): boolean {
  return measure.status !== 'done' && measure.status !== 'dropped' && isOverdue(measure.dueDate, today);
}
