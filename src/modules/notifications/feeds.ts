// Atom feeds (RFC 4287) of public lists: proposals (by kind, status, region, topic), one proposal's
// history, an agency's answers, overdue government responses, Council sessions, the ledger; and
// iCalendar feeds (RFC 5545) of Council sessions and of an agency's statutory due dates. Public data only: listed proposals, the outbox events
// already on the ledger. Written directly (every text escaped), cached per URL for a few seconds.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createCalendar } from '../../core/calendar.ts';
import { PUBLISHED_STATUSES } from '../../core/proposals/rules.ts';
import { isLang, type Lang } from '../../core/lang.ts';
import type { AppContext } from '../../web/context.ts';
import { baseUrlOf, escapeHtml as esc, eventText, tr } from './mail.ts';

interface Entry {
  id: string;
  title: string;
  updated: string;
  link: string;
  summary: string;
}

export function atom(o: { id: string; title: string; self: string; alternate: string; updated: string; entries: Entry[]; lang: Lang }): string {
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${o.lang}">`,
    `<id>${esc(o.id)}</id>`,
    `<title>${esc(o.title)}</title>`,
    `<updated>${esc(o.updated)}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${esc(o.self)}"/>`,
    `<link rel="alternate" type="text/html" href="${esc(o.alternate)}"/>`,
    '<author><name>Kenes</name></author>',
    '<generator>Kenes</generator>',
  ];
  for (const e of o.entries) {
    out.push(
      `<entry><id>${esc(e.id)}</id><title>${esc(e.title)}</title><updated>${esc(e.updated)}</updated><link rel="alternate" type="text/html" href="${esc(e.link)}"/><summary>${esc(e.summary)}</summary></entry>`,
    );
  }
  out.push('</feed>');
  return out.join('\n');
}

/** RFC 5545 text: backslash, semicolon, comma and newlines escaped. */
export function icalText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character. */
export function icalFold(line: string): string {
  const out: string[] = [];
  let cur = '';
  let bytes = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > (out.length ? 74 : 75)) {
      out.push(cur);
      cur = '';
      bytes = 0;
    }
    cur += ch;
    bytes += n;
  }
  out.push(cur);
  return out.join('\r\n ');
}

export interface CalEvent {
  uid: string;
  /** All-day events: YYYY-MM-DD. */
  date: string;
  summary: string;
  description: string;
  location?: string;
  url: string;
  stamp: string;
  /** CANCELLED, TENTATIVE (planned, not yet convened) or CONFIRMED. */
  status?: 'CANCELLED' | 'TENTATIVE' | 'CONFIRMED';
}

const icalStamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const icalDate = (d: string) => d.replace(/-/g, '');
const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export function ical(o: { name: string; events: CalEvent[] }): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Kenes//Kenes//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${icalText(o.name)}`, 'X-WR-TIMEZONE:Asia/Almaty'];
  for (const e of o.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${icalText(e.uid)}`,
      `DTSTAMP:${icalStamp(e.stamp)}`,
      `DTSTART;VALUE=DATE:${icalDate(e.date)}`,
      `DTEND;VALUE=DATE:${icalDate(nextDay(e.date))}`,
      `SUMMARY:${icalText(e.summary)}`,
      `DESCRIPTION:${icalText(e.description)}`,
      ...(e.location ? [`LOCATION:${icalText(e.location)}`] : []),
      `URL:${e.url}`,
      `STATUS:${e.status ?? 'CONFIRMED'}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(icalFold).join('\r\n')}\r\n`;
}

const cache = new Map<string, { at: number; body: string }>();
const TTL_MS = 5000;

async function cached(key: string, make: () => Promise<string | null>): Promise<string | null> {
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.body;
  const body = await make();
  if (body !== null) {
    if (cache.size > 2000) cache.clear();
    cache.set(key, { at: Date.now(), body });
  }
  return body;
}

function send(reply: FastifyReply, body: string | null, type = 'application/atom+xml') {
  if (body === null) return reply.status(404).type('text/plain; charset=utf-8').send('not found');
  return reply.type(`${type}; charset=utf-8`).header('cache-control', 'public, max-age=5').send(body);
}

const langOf = (req: FastifyRequest): Lang => {
  const q = (req.query as { lang?: string }).lang;
  return isLang(q) ? q : req.lang;
};

/** The feed links for a page's <head>, in the reader's language. */
export const feedHref = {
  proposals: (query = '') => `/feeds/proposals.atom${query}`,
  proposal: (ref: string) => `/feeds/proposals/${encodeURIComponent(ref)}.atom`,
  agency: (id: string) => `/feeds/agencies/${encodeURIComponent(id)}.atom`,
  ledger: () => '/feeds/ledger.atom',
  sessions: () => '/feeds/council/sessions.atom',
  sessionsCalendar: () => '/feeds/council/sessions.ics',
  overdue: () => '/feeds/responses/overdue.atom',
  agencyCalendar: (id: string) => `/feeds/agencies/${encodeURIComponent(id)}.ics`,
};

export function registerFeeds(app: FastifyInstance, ctx: AppContext): void {
  const db = ctx.db.db;
  const base = () => baseUrlOf(ctx);
  const epoch = '1970-01-01T00:00:00.000Z';

  app.get('/feeds/proposals.atom', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    const lang = langOf(req);
    const key = `proposals:${lang}:${q.kind ?? ''}:${q.status ?? ''}:${q.region ?? ''}:${q.topic ?? ''}`;
    const body = await cached(key, async () => {
      let s = db.selectFrom('proposals').select(['ref', 'title', 'summary', 'status', 'updated_at', 'published_at']).where('listed_at', 'is not', null);
      s = q.status && (PUBLISHED_STATUSES as readonly string[]).includes(q.status) ? s.where('status', '=', q.status) : s.where('status', 'in', [...PUBLISHED_STATUSES]);
      if (q.kind) s = s.where('kind', '=', q.kind);
      if (q.region) s = s.where('scope', '=', q.region);
      if (q.topic) s = s.where('topic', '=', q.topic);
      const rows = await s.orderBy('updated_at', 'desc').limit(50).execute();
      const b = base();
      return atom({
        id: `${b}/feeds/proposals.atom`,
        title: tr(lang)('notify.feed.proposals'),
        self: `${b}${req.url}`,
        alternate: `${b}/proposals`,
        updated: rows[0]?.updated_at ?? epoch,
        lang,
        entries: rows.map((r) => ({ id: `${b}/proposals/${r.ref}`, title: r.title, updated: r.updated_at, link: `${b}/proposals/${r.ref}`, summary: r.summary })),
      });
    });
    return send(reply, body);
  });

  /** One proposal's history: its events and those of its response item (answer, extension, missed deadline). */
  const historyFeed = async (subjects: string[], lang: Lang, title: string, self: string, alternate: string) => {
    const rows = await db.selectFrom('outbox').select(['id', 'kind', 'subject', 'payload', 'occurred_at']).where('subject', 'in', subjects).orderBy('id', 'desc').limit(50).execute();
    const entries: Entry[] = [];
    for (const r of rows) {
      const text = await eventText(db, ctx, r, lang);
      entries.push({ id: `${base()}/events/${r.id}`, title: text.subject, updated: r.occurred_at, link: text.link, summary: text.body });
    }
    return atom({ id: `${base()}${self}`, title, self: `${base()}${self}`, alternate: `${base()}${alternate}`, updated: rows[0]?.occurred_at ?? epoch, lang, entries });
  };

  app.get('/feeds/proposals/:ref.atom', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const { ref } = req.params as { ref: string };
    const lang = langOf(req);
    const body = await cached(`proposal:${ref}:${lang}`, async () => {
      // Only proposals with a public page (not drafts); a link-only one is reachable by its ref, as its page is.
      const p = await db.selectFrom('proposals').select(['id', 'title']).where('ref', '=', ref).where('status', 'in', [...PUBLISHED_STATUSES]).executeTakeFirst();
      if (!p) return null;
      const items = await db.selectFrom('response_items').select('id').where('source_ref', '=', `proposal/${ref}`).execute();
      return historyFeed([`proposal/${ref}`, ...items.map((i) => `response/${i.id}`)], lang, tr(lang)('notify.feed.proposal', { title: p.title }), `/feeds/proposals/${ref}.atom`, `/proposals/${ref}`);
    });
    return send(reply, body);
  });

  app.get('/feeds/agencies/:id.atom', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const lang = langOf(req);
    const body = await cached(`agency:${id}:${lang}`, async () => {
      const a = await db.selectFrom('response_agencies').select(['id', 'name_kk', 'name_ru', 'name_en']).where('id', '=', id).executeTakeFirst();
      if (!a) return null;
      const items = await db.selectFrom('response_item_agencies').select('item_id').where('agency_id', '=', id).execute();
      const name = { kk: a.name_kk, ru: a.name_ru, en: a.name_en }[lang];
      const subjects = [...new Set(items.map((i) => `response/${i.item_id}`))];
      if (!subjects.length) return atom({ id: `${base()}/feeds/agencies/${id}.atom`, title: tr(lang)('notify.feed.agency', { agency: name }), self: `${base()}/feeds/agencies/${id}.atom`, alternate: `${base()}/responses/agencies/${id}`, updated: epoch, lang, entries: [] });
      return historyFeed(subjects, lang, tr(lang)('notify.feed.agency', { agency: name }), `/feeds/agencies/${id}.atom`, `/responses/agencies/${id}`);
    });
    return send(reply, body);
  });

  // ---- the Council's sessions: Atom (what changed) and iCalendar (when and where) ----
  const sessions = () =>
    db.selectFrom('council_sessions').select(['id', 'number', 'kind', 'status', 'date', 'place', 'convened_on', 'updated_at']).orderBy('date', 'desc').limit(200).execute();
  const sessionWords = (lang: Lang, s: { number: number; kind: string; status: string; date: string; place: string }) => {
    const t = tr(lang);
    return { title: t('notify.feed.sessionTitle', { number: s.number, date: s.date, state: t(`notify.feed.sessionState.${s.status}`) }), summary: t('notify.feed.sessionSummary', { number: s.number, date: s.date, place: s.place, kind: t(`notify.feed.sessionKind.${s.kind}`) }) };
  };
  app.get('/feeds/council/sessions.atom', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const lang = langOf(req);
    const body = await cached(`sessions:${lang}`, async () => {
      const rows = [...(await sessions())].sort((a, b) => (a.updated_at < b.updated_at ? 1 : -1)).slice(0, 50);
      const b = base();
      return atom({
        id: `${b}/feeds/council/sessions.atom`,
        title: tr(lang)('notify.feed.sessions'),
        self: `${b}/feeds/council/sessions.atom`,
        alternate: `${b}/council/sessions`,
        updated: rows[0]?.updated_at ?? epoch,
        lang,
        entries: rows.map((r) => ({ id: `${b}/council/sessions/${r.id}#${r.status}`, ...sessionWords(lang, { ...r, number: Number(r.number) }), updated: r.updated_at, link: `${b}/council/sessions/${r.id}` })),
      });
    });
    return send(reply, body);
  });
  app.get('/feeds/council/sessions.ics', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const lang = langOf(req);
    const body = await cached(`sessions.ics:${lang}`, async () => {
      const b = base();
      const host = new URL(b).hostname;
      return ical({
        name: tr(lang)('notify.feed.sessions'),
        events: (await sessions()).map((r) => {
          const w = sessionWords(lang, { ...r, number: Number(r.number) });
          return { uid: `council-session-${r.id}@${host}`, date: r.date, summary: tr(lang)('mail.council.session', { number: Number(r.number) }), description: w.summary, location: r.place, url: `${b}/council/sessions/${r.id}`, stamp: r.updated_at, status: r.status === 'cancelled' ? 'CANCELLED' : r.status === 'planned' ? 'TENTATIVE' : 'CONFIRMED' } as const;
        }),
      });
    });
    return send(reply, body, 'text/calendar');
  });

  // ---- overdue government responses: unanswered items past their statutory deadline ----
  app.get('/feeds/responses/overdue.atom', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const lang = langOf(req);
    const today = createCalendar(ctx.charter.calendar, ctx.charter.timeZone).todayInAlmaty(ctx.now?.() ?? new Date());
    const body = await cached(`overdue:${lang}:${today}`, async () => {
      const rows = await db
        .selectFrom('response_items as i')
        .leftJoin('response_agencies as a', 'a.id', 'i.lead_agency_id')
        .select(['i.id', 'i.title', 'i.due_date', 'i.updated_at', 'a.name_kk', 'a.name_ru', 'a.name_en'])
        .where('i.answered_on', 'is', null)
        .where('i.closed_on', 'is', null)
        .where((eb) => eb.or([eb('i.clock', '=', 'overdue'), eb('i.due_date', '<', today)]))
        .orderBy('i.due_date', 'asc')
        .limit(100)
        .execute();
      const b = base();
      const t = tr(lang);
      return atom({
        id: `${b}/feeds/responses/overdue.atom`,
        title: t('notify.feed.overdue'),
        self: `${b}/feeds/responses/overdue.atom`,
        alternate: `${b}/responses`,
        updated: rows.map((r) => r.updated_at).sort().at(-1) ?? epoch,
        lang,
        entries: rows.map((r) => {
          const agency = ({ kk: r.name_kk, ru: r.name_ru, en: r.name_en }[lang] ?? '') || '';
          return { id: `${b}/responses/items/${r.id}#overdue-${r.due_date}`, title: t('notify.feed.overdueTitle', { title: r.title }), updated: r.updated_at, link: `${b}/responses/items/${r.id}`, summary: t('notify.feed.overdueSummary', { agency, dueDate: r.due_date ?? '' }) };
        }),
      });
    });
    return send(reply, body);
  });

  // ---- an agency's statutory due dates as a calendar ----
  app.get('/feeds/agencies/:id.ics', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const lang = langOf(req);
    const body = await cached(`agency.ics:${id}:${lang}`, async () => {
      const a = await db.selectFrom('response_agencies').select(['id', 'name_kk', 'name_ru', 'name_en']).where('id', '=', id).executeTakeFirst();
      if (!a) return null;
      const rows = await db
        .selectFrom('response_items as i')
        .innerJoin('response_item_agencies as x', 'x.item_id', 'i.id')
        .select(['i.id', 'i.title', 'i.due_date', 'i.updated_at'])
        .distinct()
        .where('x.agency_id', '=', id)
        .where('i.due_date', 'is not', null)
        .where('i.answered_on', 'is', null)
        .where('i.closed_on', 'is', null)
        .orderBy('i.due_date')
        .limit(500)
        .execute();
      const b = base();
      const host = new URL(b).hostname;
      const t = tr(lang);
      const name = { kk: a.name_kk, ru: a.name_ru, en: a.name_en }[lang];
      return ical({
        name: t('notify.feed.agencyCalendar', { agency: name }),
        events: rows.map((r) => ({ uid: `response-due-${r.id}-${r.due_date}@${host}`, date: r.due_date!, summary: t('notify.feed.dueSummary', { title: r.title }), description: t('notify.feed.overdueSummary', { agency: name, dueDate: r.due_date! }), url: `${b}/responses/items/${r.id}`, stamp: r.updated_at })),
      });
    });
    return send(reply, body, 'text/calendar');
  });

  app.get('/feeds/ledger.atom', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const lang = langOf(req);
    const body = await cached(`ledger:${lang}`, async () => {
      const rows = await db.selectFrom('ledger_entry').select(['idx', 'kind', 'subject', 'occurred_at']).orderBy('idx', 'desc').limit(50).execute();
      const b = base();
      return atom({
        id: `${b}/feeds/ledger.atom`,
        title: tr(lang)('notify.feed.ledger'),
        self: `${b}/feeds/ledger.atom`,
        alternate: `${b}/ledger`,
        updated: rows[0]?.occurred_at ?? epoch,
        lang,
        entries: rows.map((r) => ({ id: `${b}/ledger/entries/${r.idx}`, title: `#${r.idx} ${r.kind}`, updated: r.occurred_at, link: `${b}/ledger/entries/${r.idx}`, summary: `${r.kind} · ${r.subject}` })),
      });
    });
    return send(reply, body);
  });
}
