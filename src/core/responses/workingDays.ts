// The part of the working-day calendar (src/core/calendar.ts) the response clock needs; taking only
// this much keeps the clock's rules easy to read and to test with the real calendar.
import type { WorkingDayCalendar } from '../calendar.ts';

export type WorkingDays = Pick<WorkingDayCalendar, 'isWorkingDay' | 'addWorkingDays' | 'countWorkingDays'>;
