// Statutory deadlines of an item sent to the government, all in Kazakhstan working days and all taken
// from the charter's `responses` rules. Pure: the calendar is passed in, "today" is passed in.
import type { ResponseRules } from '../charter/types.ts';
import { DomainError } from '../errors.ts';
import { isIsoDate } from '../isoDate.ts';
import type { AgencyLevel, IsoDate } from './types.ts';
import type { WorkingDays } from './workingDays.ts';

/** A broken rule, as data: a DomainError naming the field (the shell gives it its status and text). */
export type RuleViolation = DomainError;

/** First working day of the count: the charter says counting starts the working day after receipt. */
function countFrom(rules: ResponseRules, receivedOn: IsoDate): IsoDate {
  switch (rules.countingStarts) {
    case 'nextWorkingDayAfterReceipt':
      // addWorkingDays already counts from the next working day, so day 1 is that day.
      return receivedOn;
  }
}

/** The answer deadline for an agency of `level` that received the item on `receivedOn`. */
export function answerDueDate(cal: WorkingDays, rules: ResponseRules, receivedOn: IsoDate, level: AgencyLevel): IsoDate {
  return cal.addWorkingDays(countFrom(rules, receivedOn), rules.answerWorkingDays[level]);
}

/** The last day on which an agency may forward a misrouted item to another agency. */
export function forwardingLastDay(cal: WorkingDays, rules: ResponseRules, receivedOn: IsoDate): IsoDate {
  return cal.addWorkingDays(countFrom(rules, receivedOn), rules.forwardingWorkingDays);
}

/** The latest date an extension may move the deadline to. */
export function latestExtendedDueDate(cal: WorkingDays, rules: ResponseRules, currentDue: IsoDate): IsoDate {
  return cal.addWorkingDays(currentDue, rules.extension.maxExtraWorkingDays);
}

/** By when the author must be told of an extension decided on `extendedOn`. */
export function notifyAuthorBy(cal: WorkingDays, rules: ResponseRules, extendedOn: IsoDate): IsoDate {
  return cal.addWorkingDays(extendedOn, rules.notifyAuthorWorkingDays);
}

export interface ExtensionRequest {
  today: IsoDate;
  currentDue: IsoDate;
  extensionsSoFar: number;
  newDueDate: string;
  reason: string;
}

/** Checks an extension against the charter; null when it may be granted. State is checked before input. */
export function checkExtension(cal: WorkingDays, rules: ResponseRules, req: ExtensionRequest): RuleViolation | null {
  const { maxCount, reasonRequired } = rules.extension;
  if (req.extensionsSoFar >= maxCount) {
    return new DomainError('extension-limit', 'newDueDate', { maxCount, used: req.extensionsSoFar });
  }
  if (req.today > req.currentDue) {
    return new DomainError('extension-after-deadline', 'newDueDate', { currentDue: req.currentDue });
  }
  if (reasonRequired && req.reason.trim() === '') {
    return new DomainError('extension-reason-required', 'reason');
  }
  const past = checkFutureDate(req.newDueDate, req.today, 'newDueDate');
  if (past) return past;
  if (req.newDueDate <= req.currentDue) {
    return new DomainError('extension-not-later', 'newDueDate', { currentDue: req.currentDue });
  }
  if (!cal.isWorkingDay(req.newDueDate)) {
    return new DomainError('not-working-day', 'newDueDate', { value: req.newDueDate });
  }
  const latest = latestExtendedDueDate(cal, rules, req.currentDue);
  if (req.newDueDate > latest) {
    return new DomainError('extension-too-long', 'newDueDate', { maxExtraWorkingDays: rules.extension.maxExtraWorkingDays, latest });
  }
  return null;
}

/** A deadline someone sets (an extension, a measure's due date) must be a real date, not in the past. */
export function checkFutureDate(value: string, today: IsoDate, field: string): RuleViolation | null {
  if (!isIsoDate(value)) return new DomainError('invalid-date', field, { value });
  if (value < today) return new DomainError('date-in-past', field, { value, today });
  return null;
}

/** Forwarding is allowed only up to the charter's limit after receipt. */
export function checkForwarding(cal: WorkingDays, rules: ResponseRules, receivedOn: IsoDate, today: IsoDate): RuleViolation | null {
  const last = forwardingLastDay(cal, rules, receivedOn);
  if (today > last) {
    return new DomainError('forwarding-too-late', 'toAgencyId', { forwardingWorkingDays: rules.forwardingWorkingDays, last });
  }
  return null;
}
