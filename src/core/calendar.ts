// Kazakhstan working-day calendar on plain Asia/Almaty dates (`YYYY-MM-DD`).
// Days off = weekend days + public holidays and their substitute days from `date-holidays`
// + the charter's extra days off − the charter's removed holidays (library errors); the charter's
// extra working days (decree-moved weekend days) win over everything. See docs/adr/0203.
import Holidays from 'date-holidays';
import type { CalendarRules, LocalizedText } from './charter/types.ts';
import { addDays, assertIsoDate, type IsoDate, isoWeekday, toDayNumber, yearOf } from './isoDate.ts';
import { LANGS, perLang } from './lang.ts';

export interface DayOff {
  date: IsoDate;
  /** Why the day is off; several when holidays coincide (e.g. Nauryz and a substitute day). */
  reasons: LocalizedText[];
  /** True when the date is a weekend day anyway. */
  weekend: boolean;
}

export interface MovedWorkingDay {
  date: IsoDate;
  reason: LocalizedText;
}

export interface WorkingDayCalendar {
  isWorkingDay(date: IsoDate): boolean;
  /** The date `n` working days after `date`, counting from the next working day (n < 0 goes back; n = 0 gives `date`). */
  addWorkingDays(date: IsoDate, n: number): IsoDate;
  /** Working days in (from, to]; negative when `to` is before `from`. */
  countWorkingDays(from: IsoDate, to: IsoDate): number;
  /** The first working day strictly after `date`. */
  nextWorkingDay(date: IsoDate): IsoDate;
  /** Holidays, substitute and decree days off of a year, in date order (plain weekends are not listed). */
  daysOff(year: number): DayOff[];
  /** Days that are working days although a weekend or a library holiday says otherwise. */
  extraWorkingDays(year: number): MovedWorkingDay[];
  /** Today's date in Asia/Almaty (or the given zone) at the instant `now`. */
  todayInAlmaty(now?: Date): IsoDate;
}

/** Library holidays of one year by date, with names in the platform languages. */
function libraryHolidays(lib: Holidays, types: readonly string[], year: number): Map<IsoDate, LocalizedText[]> {
  const byLang = LANGS.map((lang) => lib.getHolidays(year, lang).filter((h) => types.includes(h.type)));
  const out = new Map<IsoDate, LocalizedText[]>();
  byLang[0]!.forEach((h, i) => {
    const date = h.date.slice(0, 10);
    const name = (lang: number) => byLang[lang]![i]?.name ?? h.name;
    const reason: LocalizedText = perLang((_, j) => name(j));
    const list = out.get(date) ?? [];
    if (!list.some((r) => r.en === reason.en)) list.push(reason);
    out.set(date, list);
  });
  return out;
}

export function todayIn(timeZone: string, now: Date = new Date()): IsoDate {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function createCalendar(rules: CalendarRules, timeZone = 'Asia/Almaty'): WorkingDayCalendar {
  const lib = new Holidays(rules.holidays.country);
  const weekend = new Set(rules.weekendDays);
  const extraWorking = new Map(rules.extraWorkingDays.map((o) => [o.date, o.reason]));
  const removed = new Set((rules.removedHolidays ?? []).map((o) => o.date));
  const extraOff = new Map<IsoDate, LocalizedText[]>();
  for (const o of rules.extraDaysOff) extraOff.set(o.date, [...(extraOff.get(o.date) ?? []), o.reason]);

  const yearCache = new Map<number, Map<IsoDate, LocalizedText[]>>();
  /** Every non-weekend reason for a day off in `year`, after overrides. */
  function offReasons(year: number): Map<IsoDate, LocalizedText[]> {
    let map = yearCache.get(year);
    if (!map) {
      map = libraryHolidays(lib, rules.holidays.types, year);
      for (const [date, reasons] of extraOff) {
        if (yearOf(date) === year) map.set(date, [...(map.get(date) ?? []), ...reasons]);
      }
      for (const date of [...extraWorking.keys(), ...removed]) map.delete(date);
      yearCache.set(year, map);
    }
    return map;
  }

  function isWorkingDay(date: IsoDate): boolean {
    assertIsoDate(date);
    if (extraWorking.has(date)) return true;
    if (weekend.has(isoWeekday(date))) return false;
    return !offReasons(yearOf(date)).has(date);
  }

  function addWorkingDays(date: IsoDate, n: number): IsoDate {
    assertIsoDate(date);
    if (!Number.isInteger(n)) throw new RangeError(`working days: ${n} is not a whole number`);
    const step = n < 0 ? -1 : 1;
    let d = date;
    for (let left = Math.abs(n); left > 0; ) {
      d = addDays(d, step);
      if (isWorkingDay(d)) left--;
    }
    return d;
  }

  function countWorkingDays(from: IsoDate, to: IsoDate): number {
    assertIsoDate(from);
    assertIsoDate(to);
    if (to < from) return -countWorkingDays(to, from);
    let count = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) count++;
    return count;
  }

  function daysOff(year: number): DayOff[] {
    return [...offReasons(year)]
      .filter(([date]) => yearOf(date) === year)
      .sort(([a], [b]) => toDayNumber(a) - toDayNumber(b))
      .map(([date, reasons]) => ({ date, reasons, weekend: weekend.has(isoWeekday(date)) }));
  }

  function extraWorkingDays(year: number): MovedWorkingDay[] {
    return [...extraWorking]
      .filter(([date]) => yearOf(date) === year)
      .sort(([a], [b]) => toDayNumber(a) - toDayNumber(b))
      .map(([date, reason]) => ({ date, reason }));
  }

  return {
    isWorkingDay,
    addWorkingDays,
    countWorkingDays,
    nextWorkingDay: (date) => addWorkingDays(date, 1),
    daysOff,
    extraWorkingDays,
    todayInAlmaty: (now = new Date()) => todayIn(timeZone, now),
  };
}
