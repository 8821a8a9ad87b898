// Mail: what a delivery says (per-language templates, text and HTML), and the transports that carry
// it: nodemailer over SMTP, or the demo outbox page. Every mail names why it came and carries
// List-Unsubscribe with one-click (RFC 8058) and a deterministic Message-ID (docs/adr/1601).
import nodemailer, { type Transporter } from 'nodemailer';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { isLang, type Lang } from '../../core/lang.ts';
import type { AppContext } from '../../web/context.ts';
import { I18n } from '../../web/i18n.ts';
import { notificationsMessages } from './messages.ts';
import { settingsOf } from './settings.ts';
import { unsubscribeToken } from './tokens.ts';

const i18n = new I18n([notificationsMessages]);
export const tr = (lang: string) => i18n.translator(isLang(lang) ? lang : 'ru');

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  messageId: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function baseUrlOf(ctx: AppContext): string {
  return (ctx.config.publicUrl ?? ctx.config.baseUrl).replace(/\/$/, '');
}

export function unsubscribeUrl(ctx: AppContext, userId: string, kind: string, id: string): string {
  const s = unsubscribeToken(ctx.config.sessionSecret, userId, kind, id);
  return `${baseUrlOf(ctx)}/notifications/unsubscribe?u=${encodeURIComponent(userId)}&k=${encodeURIComponent(kind)}&i=${encodeURIComponent(id)}&s=${s}`;
}

/** What one event says, in one language, before the per-person parts (cached per event and language). */
export interface EventText {
  subject: string;
  body: string;
  link: string;
  /** What the unsubscribe link leaves. */
  target: [string, string];
  targetLabel: string;
}

type Q = Kysely<Database>;

export async function eventText(db: Q, ctx: AppContext, ev: { kind: string; subject: string; payload: string }, lang: Lang): Promise<EventText> {
  const t = tr(lang);
  const p = JSON.parse(ev.payload) as Record<string, unknown>;
  const [head, ...rest] = ev.subject.split('/');
  const id = rest.join('/');
  const base = baseUrlOf(ctx);
  let title = ev.subject;
  let link = base;
  let target: [string, string] = [head, id];
  let agencyId = typeof p.agencyId === 'string' ? p.agencyId : typeof p.leadAgencyId === 'string' ? p.leadAgencyId : undefined;
  let dueDate = typeof p.dueDate === 'string' ? p.dueDate : '';
  if (head === 'proposal') {
    const row = await db.selectFrom('proposals').select(['title', 'ref']).where('ref', '=', id).executeTakeFirst();
    title = row?.title ?? title;
    link = `${base}/proposals/${id}`;
  } else if (head === 'response') {
    const item = await db.selectFrom('response_items').select(['title', 'source_ref', 'lead_agency_id', 'due_date']).where('id', '=', Number(id)).executeTakeFirst();
    if (item) {
      title = item.title;
      agencyId ??= item.lead_agency_id ?? undefined;
      dueDate ||= item.due_date ?? '';
      if (item.source_ref.startsWith('proposal/')) target = ['proposal', item.source_ref.slice(9)];
      else if (agencyId) target = ['agency', agencyId];
    }
    link = `${base}/responses/items/${id}`;
  }
  const extra: Record<string, string> = {};
  if (head.startsWith('council-') || ev.kind.startsWith('council') || ev.kind === 'notifications.confirm_due_soon' || ev.kind === 'proposal.council-decided') {
    const c = await councilText(db, ev.kind, head, id, p, lang);
    if (c) {
      Object.assign(extra, c.params);
      if (c.title) title = c.title;
      if (c.link) link = `${base}${c.link}`;
      if (c.target) target = c.target;
    }
  }
  let agency = agencyId ?? '';
  if (agencyId) {
    const a = await db.selectFrom('response_agencies').select(['name_kk', 'name_ru', 'name_en']).where('id', '=', agencyId).executeTakeFirst();
    if (a) agency = { kk: a.name_kk, ru: a.name_ru, en: a.name_en }[lang];
  }
  const params: Record<string, string> = {
    title,
    agency,
    dueDate,
    newDue: String(p.newDue ?? ''),
    reason: String(p.reason ?? ''),
    outcome: typeof p.outcome === 'string' ? t(`mail.outcome.${p.outcome}`) : '',
    signatures: String(p.signatures ?? ''),
    reasonCode: String(p.reasonCode ?? ''),
    kind: ev.kind,
    subject: ev.subject,
    ...extra,
  };
  const known = notificationsMessages.en[`mail.${ev.kind}.subject`] !== undefined;
  const key = known ? `mail.${ev.kind}` : 'mail.generic';
  const targetLabel =
    target[0] === 'proposal' || target[0] === 'response'
      ? title
      : target[0] === 'agency'
        ? agency
        : target[0] === 'council' || target[0] === 'council-personal'
          ? t(`notify.kind.${target[0]}`)
          : target[0] === 'council-member'
            ? `${t('notify.kind.council-member')} ${extra.member ?? target[1]}`
            : `${t(`notify.kind.${target[0]}`)} ${target[1]}`;
  return { subject: t(`${key}.subject`, params), body: t(`${key}.body`, params), link, target, targetLabel };
}

/**
 * The Council's part of a mail (docs/adr/1602): the session's number, date and place, the item's
 * title, the member's name, the confirmation deadline; where the mail links; what its unsubscribe
 * link leaves (the Council's mail, or the mail about one's own candidacy).
 */
async function councilText(db: Q, kind: string, head: string, id: string, p: Record<string, unknown>, lang: Lang) {
  const t = tr(lang);
  const params: Record<string, string> = {};
  let title: string | undefined;
  let link: string | undefined;
  let target: [string, string] | undefined;
  const s = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  if (head === 'council-session') {
    params.number = s(p.number) || id;
    params.date = s(p.date);
    params.place = s(p.place);
    params.items = Array.isArray(p.items) ? String(p.items.length) : '';
    if (p.sessionId) link = `/council/sessions/${encodeURIComponent(s(p.sessionId))}`;
    target = ['council', 'all'];
    title = t('mail.council.session', { number: params.number });
  } else if (kind === 'council-decision.adopted' || kind === 'council-item.rejected') {
    title = s(p.title);
    params.on = s(p.adoptedOn) || s(p.decidedOn);
    const dk = `mail.council.decisionKind.${s(p.kind)}`;
    params.decisionKind = t(dk) === dk ? '' : t(dk);
    if (p.itemId) link = `/council/items/${encodeURIComponent(s(p.itemId))}`;
    target = ['council', 'all'];
  } else if (kind === 'council-agenda.petition-queued') {
    const item = await db.selectFrom('council_agenda_items').select(['title']).where('id', '=', id).executeTakeFirst();
    title = item?.title ?? s(p.proposal);
    params.dueDate = s(p.dueDate);
    link = `/council/items/${encodeURIComponent(id)}`;
    if (p.proposal) target = ['proposal', s(p.proposal)];
  } else if (kind === 'proposal.council-decided') {
    params.outcome = t(p.adopted ? 'mail.council.adopted' : 'mail.council.notAdopted');
    params.on = s(p.decidedOn);
  } else if (kind === 'council-vote.ballot-cast') {
    const m = await db.selectFrom('council_members').select(['display_name']).where('id', '=', s(p.memberId)).executeTakeFirst();
    const v = await db.selectFrom('council_votes as v').innerJoin('council_agenda_items as i', 'i.id', 'v.item_id').select(['i.title', 'v.question']).where('v.id', '=', id).executeTakeFirst();
    params.member = m?.display_name ?? s(p.memberId);
    const ck = `mail.council.choice.${s(p.choice)}`;
    params.choice = t(ck) === ck ? s(p.choice) : t(ck);
    title = v?.title ?? v?.question ?? '';
    link = `/council/votes/${encodeURIComponent(id)}`;
    target = ['council-member', s(p.memberId)];
  } else if (kind === 'council.drawn' && head === 'council-cycle') {
    const d = await db
      .selectFrom('council_members as m')
      .innerJoin('council_cycles as y', 'y.id', 'm.cycle_id')
      .select((eb) => eb.fn.min('m.confirm_by').as('by'))
      .where('y.number', '=', Number(id))
      .where('m.status', '=', 'selected')
      .executeTakeFirst();
    params.deadline = s(d?.by);
    params.cycle = String(Number(id) + 1);
    link = '/council/me';
    target = ['council-personal', 'all'];
  } else if (head === 'council-member' && (kind === 'council.alternateCalled' || kind === 'notifications.confirm_due_soon')) {
    const m = await db.selectFrom('council_members').select(['confirm_by']).where('id', '=', id).executeTakeFirst();
    params.deadline = s(p.deadline) || s(m?.confirm_by);
    link = '/council/me';
    target = ['council-personal', 'all'];
  } else return null;
  return { params, title, link, target };
}

export function composeMail(ctx: AppContext, lang: Lang, to: string, userId: string, items: EventText[], messageId: string, subject?: string): Mail {
  const t = tr(lang);
  const base = baseUrlOf(ctx);
  const manage = `${base}/notifications`;
  // One list per mail: the unsubscribe link leaves what the (first) item is about.
  const first = items[0];
  const unsub = unsubscribeUrl(ctx, userId, first.target[0], first.target[1]);
  const textParts = [t('mail.greeting'), ''];
  const htmlParts = [`<p>${escapeHtml(t('mail.greeting'))}</p>`];
  for (const it of items) {
    textParts.push(it.body, t('mail.open', { url: it.link }), '');
    htmlParts.push(`<p>${escapeHtml(it.body)}</p><p><a href="${escapeHtml(it.link)}">${escapeHtml(it.link)}</a></p>`);
  }
  const why = t('mail.why', { target: first.targetLabel });
  textParts.push('-- ', why, t('mail.unsubscribe', { url: unsub }), t('mail.manage', { url: manage }));
  htmlParts.push(
    `<hr><p><small>${escapeHtml(why)}<br><a href="${escapeHtml(unsub)}">${escapeHtml(t('notify.unsub.button'))}</a> · <a href="${escapeHtml(manage)}">${escapeHtml(t('notify.my.title'))}</a></small></p>`,
  );
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject ?? first.subject)}</title></head><body>${htmlParts.join('\n')}</body></html>`;
  return {
    to,
    subject: subject ?? first.subject,
    text: textParts.join('\n'),
    html,
    messageId,
    headers: { 'List-Unsubscribe': `<${unsub}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'Content-Language': lang },
  };
}

export function verificationMail(ctx: AppContext, lang: Lang, to: string, token: string): Mail {
  const t = tr(lang);
  const url = `${baseUrlOf(ctx)}/notifications/verify?token=${encodeURIComponent(token)}`;
  const body = t('mail.verify.body', { url });
  return {
    to,
    subject: t('mail.verify.subject'),
    text: body,
    html: `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(t('mail.verify.subject'))}</title></head><body>${body
      .split('\n')
      .map((l) => `<p>${escapeHtml(l).replace(escapeHtml(url), `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`)}</p>`)
      .join('')}</body></html>`,
    messageId: `<verify.${token.slice(0, 16)}@${new URL(baseUrlOf(ctx)).hostname}>`,
    headers: { 'Content-Language': lang },
  };
}

const transports = new Map<string, Transporter>();

function transportFor(url: string, concurrency: number): Transporter {
  let tr = transports.get(url);
  if (!tr) {
    tr = nodemailer.createTransport(`${url}${url.includes('?') ? '&' : '?'}pool=true&maxConnections=${concurrency}&maxMessages=100000`, {
      connectionTimeout: 5000,
      greetingTimeout: 5000,
      socketTimeout: 15000,
    } as never);
    transports.set(url, tr);
  }
  return tr;
}

/** Closes pooled SMTP connections (tests, shutdown). */
export function closeTransports(): void {
  for (const t of transports.values()) t.close();
  transports.clear();
}

/** Hands one mail to the configured carrier; throws if it is not accepted. */
export async function sendMail(ctx: AppContext, mail: Mail, userId: string): Promise<void> {
  const s = settingsOf(ctx);
  if (s.smtpUrl) {
    await transportFor(s.smtpUrl, s.concurrency).sendMail({ from: s.mailFrom, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers, messageId: mail.messageId });
    return;
  }
  if (!ctx.config.demo) throw new Error('e-mail is off (KENES_SMTP_URL not set)');
  await ctx.db.db
    .insertInto('notify_demo_mail')
    .values({ user_id: userId, to_address: mail.to, subject: mail.subject, headers: JSON.stringify({ ...mail.headers, 'Message-ID': mail.messageId }), text_body: mail.text, html_body: mail.html, created_at: new Date().toISOString() })
    .execute();
}
