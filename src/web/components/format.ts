// Numbers and dates for people, in the page's language, on Kazakhstan's clock (Asia/Almaty).
import { type Lang, locale } from '../i18n.ts';

export const TIME_ZONE = 'Asia/Almaty';

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Intl formatters are costly to build and safe to share.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function dateFormat(lang: Lang, key: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `${lang}:${key}`;
  let f = dateFormats.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(locale(lang), opts);
    dateFormats.set(id, f);
  }
  return f;
}

/** `20 495 975` (kk, ru) or `20,495,975` (en). */
export function formatNumber(lang: Lang, n: number, opts?: Intl.NumberFormatOptions): string {
  const id = opts ? `${lang}:${JSON.stringify(opts)}` : lang;
  let f = numberFormats.get(id);
  if (!f) {
    f = new Intl.NumberFormat(locale(lang), opts);
    numberFormats.set(id, f);
  }
  return f.format(n);
}

/** What a table cell shows for a figure or date that does not exist (yet): no answer, no deadline. */
export const NO_VALUE = '—';

/** `format(value)`, or `—` when there is no value. */
export function orDash<T>(value: T | null | undefined, format: (value: T) => string): string {
  return value === null || value === undefined ? NO_VALUE : format(value);
}

/** A share 0..1 as a percentage: `66,7 %`, `66.7%`. */
export function formatPercent(lang: Lang, share: number, digits = 1): string {
  return formatNumber(lang, share, { style: 'percent', maximumFractionDigits: digits });
}

/**
 * A date for people: `17 қазан 2026`, `17 октября 2026 г.`, `17 October 2026`.
 * A plain calendar date (`YYYY-MM-DD`) is shown as that very day whatever the server's zone; a
 * timestamp is shown as the day it was in Almaty.
 */
export function formatDate(lang: Lang, iso: string, style: 'long' | 'medium' | 'short' = 'long'): string {
  const plain = PLAIN_DATE.exec(iso);
  if (plain) {
    // Noon UTC on that day, formatted in UTC: no zone can move it to a neighbouring day.
    const d = new Date(Date.UTC(Number(plain[1]), Number(plain[2]) - 1, Number(plain[3]), 12));
    return dateFormat(lang, `plain:${style}`, { dateStyle: style, timeZone: 'UTC' }).format(d);
  }
  return dateFormat(lang, `ts:${style}`, { dateStyle: style, timeZone: TIME_ZONE }).format(new Date(iso));
}

/** A moment in Almaty time: `17 окт. 2026 г., 09:00`. */
export function formatDateTime(lang: Lang, iso: string): string {
  return dateFormat(lang, 'datetime', { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE }).format(new Date(iso));
}

/** The Almaty calendar date of a moment, as `YYYY-MM-DD` (for `<time datetime>` and comparisons). */
export function almatyDate(at: Date | string = new Date()): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}
