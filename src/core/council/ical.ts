// An iCalendar feed (RFC 5545) of the Council's sessions: CRLF line ends, content lines folded at 75
// octets (never inside a UTF-8 sequence), TEXT values escaped. A session with a known start instant
// is a timed event in UTC; one with only its date is an all-day event (DTEND the next day).
import { addDays } from '../isoDate.ts';
import type { SessionState } from './sessionLifecycle.ts';
import type { IsoDate } from './types.ts';

export interface CalendarSession {
  id: string;
  date: IsoDate;
  startsAt?: string | null;
  endsAt?: string | null;
  state: SessionState;
  summary: string;
  place: string;
  description?: string;
  url?: string;
  /** When the record last changed (an instant): DTSTAMP and LAST-MODIFIED. */
  updatedAt: string;
  /** Bumped by the caller on each reschedule, so calendars replace the old date. */
  sequence?: number;
}

export interface CalendarOptions {
  /** The calendar's name (X-WR-CALNAME). */
  name: string;
  /** The domain that makes UIDs globally unique, e.g. `kenes.kz`. */
  domain: string;
}

/** TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, line breaks as `\n`. */
export function icsText(s: string): string {
  return withoutControls(s)
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Control characters other than tab and line breaks are not allowed in a content line. */
function withoutControls(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 9 || c === 10 || c === 13 || (c >= 0x20 && c !== 0x7f)) out += ch;
  }
  return out;
}

const encoder = new TextEncoder();

/** One content line folded at 75 octets (§3.1): CRLF then one space, never splitting a character. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let cur = '';
  let octets = 0;
  // The first line may hold 75 octets; continuation lines start with a space, so 74 more each.
  let limit = 75;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    if (octets + n > limit) {
      out.push(cur);
      cur = '';
      octets = 0;
      limit = 74;
    }
    cur += ch;
    octets += n;
  }
  out.push(cur);
  return out.join('\r\n ');
}

/** `20261210T040000Z` from an instant. */
export function icsInstant(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not an instant: ${iso}`);
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

const icsDate = (d: IsoDate) => d.replace(/-/g, '');

const STATUS: Record<SessionState, 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED'> = {
  planned: 'TENTATIVE',
  convened: 'CONFIRMED',
  in_progress: 'CONFIRMED',
  adjourned: 'CONFIRMED',
  closed: 'CONFIRMED',
  cancelled: 'CANCELLED',
};

export function sessionsCalendar(sessions: readonly CalendarSession[], opts: CalendarOptions): string {
  const lines: string[] = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Kenes//Council sessions//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${icsText(opts.name)}`];
  for (const s of sessions) {
    lines.push('BEGIN:VEVENT', `UID:council-session-${s.id}@${opts.domain}`, `DTSTAMP:${icsInstant(s.updatedAt)}`);
    if (s.startsAt) {
      lines.push(`DTSTART:${icsInstant(s.startsAt)}`);
      if (s.endsAt) lines.push(`DTEND:${icsInstant(s.endsAt)}`);
    } else {
      lines.push(`DTSTART;VALUE=DATE:${icsDate(s.date)}`, `DTEND;VALUE=DATE:${icsDate(addDays(s.date, 1))}`);
    }
    lines.push(`SUMMARY:${icsText(s.summary)}`, `LOCATION:${icsText(s.place)}`, `STATUS:${STATUS[s.state]}`, `SEQUENCE:${s.sequence ?? 0}`, `LAST-MODIFIED:${icsInstant(s.updatedAt)}`);
    if (s.description) lines.push(`DESCRIPTION:${icsText(s.description)}`);
    if (s.url) lines.push(`URL:${s.url}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
