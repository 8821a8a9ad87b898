// Public figures per agency and nationally, from the facts of each assigned item.
import { isOverdue } from './clock.ts';
import type { IsoDate } from './types.ts';

export interface ItemFacts {
  dueDate: IsoDate;
  answeredOn: IsoDate | null;
  /** Working days from receipt to answer, fixed when the answer is given. */
  workingDaysToAnswer: number | null;
  extended: boolean;
}

export interface ResponseStats {
  assigned: number;
  answered: number;
  answeredOnTime: number;
  /** answeredOnTime / answered, or null before the first answer. */
  shareOnTime: number | null;
  medianWorkingDaysToAnswer: number | null;
  overdueNow: number;
  extended: number;
  /** extended / assigned, or null with nothing assigned. */
  extensionRate: number | null;
}

export function computeStats(items: Iterable<ItemFacts>, today: IsoDate): ResponseStats {
  let assigned = 0;
  let answered = 0;
  let answeredOnTime = 0;
  let overdueNow = 0;
  let extended = 0;
  const days: number[] = [];
  for (const it of items) {
    assigned++;
    if (it.extended) extended++;
    if (it.answeredOn) {
      answered++;
      if (it.answeredOn <= it.dueDate) answeredOnTime++;
      if (it.workingDaysToAnswer !== null) days.push(it.workingDaysToAnswer);
    } else if (isOverdue(it.dueDate, today)) {
      overdueNow++;
    }
  }
  return {
    assigned,
    answered,
    answeredOnTime,
    shareOnTime: answered ? answeredOnTime / answered : null,
    medianWorkingDaysToAnswer: median(days),
    overdueNow,
    extended,
    extensionRate: assigned ? extended / assigned : null,
  };
}

/** The middle value; the mean of the two middle values for an even count. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
