// Statutory deadlines of an item sent to the government, all in Kazakhstan working days and all taken
// from the charter's `responses` rules. Pure: the calendar is passed in, "today" is passed in.
import type { ResponseRules } from '../charter/types.ts';
import { isIsoDate } from '../isoDate.ts';
import type { AgencyLevel, IsoDate } from './types.ts';
import type { WorkingDays } from './workingDays.ts';

/** A broken rule, as data: the service turns it into an HTTP problem naming the field. */
export interface RuleViolation {
  /** 400: the input itself is wrong; 409: the input is fine but the item's state forbids it. */
  status: 400 | 409;
  field: string;
  code: string;
  message: string;
}

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
    return { status: 409, field: 'newDueDate', code: 'extension_limit', message: `the charter allows ${maxCount} extension(s) per item and this item has used ${req.extensionsSoFar}` };
  }
  if (req.today > req.currentDue) {
    return { status: 409, field: 'newDueDate', code: 'extension_after_deadline', message: `the deadline ${req.currentDue} has already passed; an overdue item cannot be extended` };
  }
  if (reasonRequired && req.reason.trim() === '') {
    return { status: 400, field: 'reason', code: 'extension_reason_required', message: 'an extension needs a public reason' };
  }
  const past = checkFutureDate(req.newDueDate, req.today, 'newDueDate');
  if (past) return past;
  if (req.newDueDate <= req.currentDue) {
    return { status: 400, field: 'newDueDate', code: 'extension_not_later', message: `the new deadline must be after the current one, ${req.currentDue}` };
  }
  if (!cal.isWorkingDay(req.newDueDate)) {
    return { status: 400, field: 'newDueDate', code: 'not_working_day', message: `${req.newDueDate} is not a working day` };
  }
  const latest = latestExtendedDueDate(cal, rules, req.currentDue);
  if (req.newDueDate > latest) {
    return { status: 400, field: 'newDueDate', code: 'extension_too_long', message: `the charter allows at most ${rules.extension.maxExtraWorkingDays} extra working days, until ${latest}` };
  }
  return null;
}

/** A deadline someone sets (an extension, a measure's due date) must be a real date, not in the past. */
export function checkFutureDate(value: string, today: IsoDate, field: string): RuleViolation | null {
  if (!isIsoDate(value)) return { status: 400, field, code: 'invalid_date', message: `"${value}" is not a date YYYY-MM-DD` };
  if (value < today) return { status: 400, field, code: 'date_in_past', message: `${value} is in the past (today is ${today})` };
  return null;
}

/** Forwarding is allowed only up to the charter's limit after receipt. */
export function checkForwarding(cal: WorkingDays, rules: ResponseRules, receivedOn: IsoDate, today: IsoDate): RuleViolation | null {
  const last = forwardingLastDay(cal, rules, receivedOn);
  if (today > last) {
    return { status: 409, field: 'toAgencyId', code: 'forwarding_too_late', message: `an item may be forwarded within ${rules.forwardingWorkingDays} working days of receipt, until ${last}` };
  }
  return null;
}
