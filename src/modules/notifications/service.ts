// Follows, opt-outs, e-mail addresses and webhooks: each check before any write, so a refused
// request leaves nothing behind (docs/adr/1601).
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { DomainError } from '../../core/errors.ts';
import { isLang, type Lang } from '../../core/lang.ts';
import { isTopic } from '../../core/proposals/topics.ts';
import type { AppContext } from '../../web/context.ts';
import { WEBHOOK_KINDS } from './fanout.ts';
import { sendMail, verificationMail } from './mail.ts';
import { mailMode, settingsOf } from './settings.ts';
import { checkWebhookUrl } from './ssrf.ts';
import { newToken, sha256, unsubscribeTokenOk } from './tokens.ts';

export const TARGET_KINDS = ['proposal', 'agency', 'region', 'topic', 'council', 'council-member', 'council-session', 'council-item'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export interface Follow {
  kind: string;
  id: string;
  createdAt: string;
}

const nowIso = (ctx: AppContext) => (ctx.now?.() ?? new Date()).toISOString();

// A practical address check: one @, a dotted domain, no spaces or angle brackets; ≤ 254 characters.
const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$/;

export function normalEmail(raw: unknown): string {
  const e = typeof raw === 'string' ? raw.trim() : '';
  if (!e || e.length > 254 || !EMAIL.test(e)) throw new DomainError('invalid-email', 'email');
  return e.toLowerCase();
}

export class NotificationsService {
  constructor(readonly ctx: AppContext) {}
  private get db() {
    return this.ctx.db.db;
  }

  /** Throws unless the target exists (Council kinds are looked up in the Council's tables, read only). */
  async checkTarget(kind: unknown, id: unknown): Promise<{ kind: TargetKind; id: string }> {
    if (typeof kind !== 'string' || !(TARGET_KINDS as readonly string[]).includes(kind)) throw new DomainError('unknown-target-kind', 'kind', { known: TARGET_KINDS.join(', ') });
    if (typeof id !== 'string' || !/^[\w.-]{1,80}$/.test(id)) throw new DomainError('invalid-target-id', 'id');
    const k = kind as TargetKind;
    let exists = true;
    if (k === 'proposal') exists = !!(await this.db.selectFrom('proposals').select('id').where('ref', '=', id).where('status', 'not in', ['draft', 'submitted', 'returned']).executeTakeFirst());
    else if (k === 'agency') exists = !!(await this.db.selectFrom('response_agencies').select('id').where('id', '=', id).executeTakeFirst());
    else if (k === 'region') exists = this.ctx.charter.regions.some((r) => r.code === id);
    else if (k === 'topic') exists = isTopic(id);
    // The Council as a whole: its sessions, agendas and decisions.
    else if (k === 'council') exists = id === 'all';
    // A session by its id (the page's address), not its number: the events carry it as sessionId.
    else if (k === 'council-session') exists = !!(await this.db.selectFrom('council_sessions').select('id').where('id', '=', id).executeTakeFirst());
    // A drawn candidate who has not accepted is not public, so cannot be followed.
    else if (k === 'council-member') exists = !!(await this.db.selectFrom('council_members').select('id').where('id', '=', id).where('status', '!=', 'selected').executeTakeFirst());
    else if (k === 'council-item') exists = !!(await this.db.selectFrom('council_agenda_items').select('id').where('id', '=', id).executeTakeFirst());
    if (!exists) throw new DomainError('target-not-found', 'id', { kind: k, id });
    return { kind: k, id };
  }

  async follow(userId: string, kind: unknown, id: unknown): Promise<Follow> {
    const t = await this.checkTarget(kind, id);
    const max = settingsOf(this.ctx).maxFollows;
    const at = nowIso(this.ctx);
    await this.db.transaction().execute(async (trx) => {
      const have = await trx.selectFrom('notify_follows').select('user_id').where('user_id', '=', userId).where('target_kind', '=', t.kind).where('target_id', '=', t.id).executeTakeFirst();
      if (!have) {
        const n = Number((await trx.selectFrom('notify_follows').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow()).n);
        if (n >= max) throw new DomainError('follow-limit', undefined, { max });
        await trx.insertInto('notify_follows').values({ user_id: userId, target_kind: t.kind, target_id: t.id, created_at: at }).onConflict((oc) => oc.doNothing()).execute();
      }
      await trx.deleteFrom('notify_optouts').where('user_id', '=', userId).where('target_kind', '=', t.kind).where('target_id', '=', t.id).execute();
    });
    return { kind: t.kind, id: t.id, createdAt: at };
  }

  /** Leaves a target: the follow goes, and an opt-out keeps the default subscription (signer, author) off too. */
  async unfollow(userId: string, kind: unknown, id: unknown): Promise<void> {
    if (typeof kind !== 'string' || !(TARGET_KINDS as readonly string[]).includes(kind)) throw new DomainError('unknown-target-kind', 'kind', { known: TARGET_KINDS.join(', ') });
    if (typeof id !== 'string' || !/^[\w.-]{1,80}$/.test(id)) throw new DomainError('invalid-target-id', 'id');
    await this.optOut(userId, kind, id);
  }

  async optOut(userId: string, kind: string, id: string): Promise<void> {
    const at = nowIso(this.ctx);
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('notify_follows').where('user_id', '=', userId).where('target_kind', '=', kind).where('target_id', '=', id).execute();
      await trx.insertInto('notify_optouts').values({ user_id: userId, target_kind: kind, target_id: id, created_at: at }).onConflict((oc) => oc.doNothing()).execute();
    });
  }

  async resumeAll(userId: string): Promise<void> {
    await this.db.deleteFrom('notify_optouts').where('user_id', '=', userId).where('target_kind', '=', 'all').execute();
  }

  /** The one-click unsubscribe: refused (nothing written) unless the token is ours for exactly these values. */
  async unsubscribe(q: { u?: unknown; k?: unknown; i?: unknown; s?: unknown }): Promise<{ userId: string; kind: string; id: string }> {
    const [u, k, i] = [q.u, q.k, q.i].map((v) => (typeof v === 'string' ? v : ''));
    if (!u || !k || !i || !unsubscribeTokenOk(this.ctx.config.sessionSecret, u, k, i, q.s)) throw new DomainError('unsubscribe-forged', 's');
    await this.optOut(u, k, i);
    return { userId: u, kind: k, id: i };
  }

  /**
   * What each followed thing is called, for the reader's page (a session by its number and date, a
   * member by name, a proposal by its title): keyed `kind:id`. A rejected proposal keeps its reference
   * only (its text may be withheld); anything gone keeps its id.
   */
  async labels(follows: readonly { kind: string; id: string }[], lang: Lang, t: (key: string, params?: Record<string, string | number>) => string): Promise<Map<string, string>> {
    const ids = (kind: string) => follows.filter((f) => f.kind === kind).map((f) => f.id);
    const out = new Map<string, string>();
    const put = (kind: string, id: string, label: string) => out.set(`${kind}:${id}`, label);
    const some = <T,>(xs: string[], q: (xs: string[]) => Promise<T[]>) => (xs.length ? q(xs) : Promise.resolve([] as T[]));
    const [proposals, agencies, sessions, members, items] = await Promise.all([
      some(ids('proposal'), (xs) => this.db.selectFrom('proposals').select(['ref', 'title', 'status']).where('ref', 'in', xs).execute()),
      some(ids('agency'), (xs) => this.db.selectFrom('response_agencies').select(['id', 'name_kk', 'name_ru', 'name_en']).where('id', 'in', xs).execute()),
      some(ids('council-session'), (xs) => this.db.selectFrom('council_sessions').select(['id', 'number', 'date']).where('id', 'in', xs).execute()),
      some(ids('council-member'), (xs) => this.db.selectFrom('council_members').select(['id', 'display_name']).where('id', 'in', xs).where('status', '!=', 'selected').execute()),
      some(ids('council-item'), (xs) => this.db.selectFrom('council_agenda_items').select(['id', 'title']).where('id', 'in', xs).execute()),
    ]);
    for (const p of proposals) put('proposal', p.ref, p.status === 'rejected' ? p.ref : p.title);
    for (const a of agencies) put('agency', a.id, { kk: a.name_kk, ru: a.name_ru, en: a.name_en }[lang]);
    for (const s of sessions) put('council-session', s.id, t('notify.label.session', { number: s.number, date: s.date }));
    for (const m of members) put('council-member', m.id, m.display_name);
    for (const i of items) put('council-item', i.id, i.title);
    for (const id of ids('region')) {
      const r = this.ctx.charter.regions.find((x) => x.code === id);
      if (r) put('region', id, r.name[lang]);
    }
    for (const id of ids('topic')) put('topic', id, t(`proposals.topic.${id}`));
    for (const id of ids('council')) put('council', id, t('notify.label.council'));
    return out;
  }

  async follows(userId: string): Promise<Follow[]> {
    const rows = await this.db.selectFrom('notify_follows').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('target_kind').orderBy('target_id').execute();
    return rows.map((r) => ({ kind: r.target_kind, id: r.target_id, createdAt: r.created_at }));
  }

  async isFollowing(userId: string, kind: string, id: string): Promise<boolean> {
    return !!(await this.db.selectFrom('notify_follows').select('user_id').where('user_id', '=', userId).where('target_kind', '=', kind).where('target_id', '=', id).executeTakeFirst());
  }

  async optouts(userId: string): Promise<{ kind: string; id: string }[]> {
    return (await this.db.selectFrom('notify_optouts').select(['target_kind', 'target_id']).where('user_id', '=', userId).orderBy('created_at').execute()).map((r) => ({ kind: r.target_kind, id: r.target_id }));
  }

  // ---- addresses (personal data) ----

  async address(userId: string) {
    return this.db.selectFrom('notify_addresses').selectAll().where('user_id', '=', userId).executeTakeFirst();
  }

  /** Keeps the address with consent and mails a verification link; nothing is sent to it before that link is opened. */
  async setAddress(userId: string, input: { email?: unknown; consent?: unknown; lang?: unknown; digest?: unknown }): Promise<{ email: string; verificationSent: boolean }> {
    const email = normalEmail(input.email);
    if (input.consent !== true && input.consent !== 'yes' && input.consent !== 'on') throw new DomainError('consent-required', 'consent');
    const lang: Lang = isLang(input.lang) ? input.lang : 'ru';
    const digest = input.digest === true || input.digest === 'on' || input.digest === 'yes' ? 1 : 0;
    const token = newToken();
    const at = nowIso(this.ctx);
    const old = await this.address(userId);
    const same = old && old.email === email && old.verified_at && !old.stopped_at;
    await this.db
      .insertInto('notify_addresses')
      .values({ user_id: userId, email, lang, digest, token_hash: same ? null : sha256(token), consented_at: at, verified_at: same ? old.verified_at : null, stopped_at: null, stopped_reason: null, last_digest_at: null, created_at: at })
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet({ email, lang, digest, token_hash: same ? null : sha256(token), consented_at: at, verified_at: same ? old.verified_at : null, stopped_at: null, stopped_reason: null }),
      )
      .execute();
    if (same) return { email, verificationSent: false };
    let sent = false;
    if (mailMode(this.ctx) !== 'off') {
      try {
        await sendMail(this.ctx, verificationMail(this.ctx, lang, email, token), userId);
        sent = true;
      } catch {
        sent = false;
      }
    }
    return { email, verificationSent: sent };
  }

  async verify(token: unknown): Promise<{ userId: string; email: string }> {
    if (typeof token !== 'string' || token.length < 10 || token.length > 100) throw new DomainError('verify-token-invalid', 'token');
    const row = await this.db.selectFrom('notify_addresses').select(['user_id', 'email']).where('token_hash', '=', sha256(token)).executeTakeFirst();
    if (!row) throw new DomainError('verify-token-invalid', 'token');
    await this.db.updateTable('notify_addresses').set({ verified_at: nowIso(this.ctx), token_hash: null, stopped_at: null, stopped_reason: null }).where('user_id', '=', row.user_id).execute();
    return { userId: row.user_id, email: row.email };
  }

  /** Removes the address and drops mail still waiting for it. */
  async removeAddress(userId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('notify_addresses').where('user_id', '=', userId).execute();
      await trx.updateTable('notify_deliveries').set({ status: 'dropped', last_error: 'address removed' }).where('channel', '=', 'email').where('recipient', '=', userId).where('status', 'in', ['pending', 'digest']).execute();
    });
  }

  /** A bounce or complaint: stops sending to the address (every account that gave it). */
  async stopAddress(email: unknown, reason: 'bounce' | 'complaint'): Promise<number> {
    const e = normalEmail(email);
    const r = await this.db.updateTable('notify_addresses').set({ stopped_at: nowIso(this.ctx), stopped_reason: reason }).where('email', '=', e).executeTakeFirst();
    return Number(r.numUpdatedRows ?? 0);
  }

  // ---- webhooks ----

  async registerWebhook(userId: string, input: { url?: unknown; kinds?: unknown }): Promise<{ id: number; url: string; kinds: string[]; secret: string }> {
    const s = settingsOf(this.ctx);
    const raw = typeof input.url === 'string' ? input.url.trim() : '';
    if (!raw || raw.length > 2000) throw new DomainError('webhook-url-invalid', 'url');
    const kinds = [...new Set((Array.isArray(input.kinds) ? input.kinds : typeof input.kinds === 'string' ? [input.kinds] : []).map(String))];
    if (!kinds.length) throw new DomainError('webhook-kinds-required', 'kinds');
    const known: readonly string[] = ['*', ...WEBHOOK_KINDS];
    kinds.forEach((k, i) => {
      if (!known.includes(k)) throw new DomainError('unknown-event-kind', `kinds.${i}`, { kind: k, known: known.join(', ') });
    });
    await checkWebhookUrl(raw, { allowLoopback: s.allowLoopback, resolve: s.resolve });
    const n = Number((await this.db.selectFrom('notify_webhooks').select((eb) => eb.fn.countAll<number>().as('n')).where('owner_user_id', '=', userId).where('disabled_at', 'is', null).executeTakeFirstOrThrow()).n);
    if (n >= s.maxWebhooks) throw new DomainError('webhook-limit', undefined, { max: s.maxWebhooks });
    const secret = randomBytes(32).toString('base64url');
    const row = await this.db
      .insertInto('notify_webhooks')
      .values({ owner_user_id: userId, url: raw, kinds: JSON.stringify(kinds), secret, created_at: nowIso(this.ctx), disabled_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: Number(row.id), url: raw, kinds, secret };
  }

  async webhooks(userId: string) {
    const rows = await this.db.selectFrom('notify_webhooks').select(['id', 'url', 'kinds', 'created_at']).where('owner_user_id', '=', userId).where('disabled_at', 'is', null).orderBy('id').execute();
    return rows.map((r) => ({ id: Number(r.id), url: r.url, kinds: JSON.parse(r.kinds) as string[], createdAt: r.created_at }));
  }

  private async ownHook(userId: string, id: number) {
    const h = await this.db.selectFrom('notify_webhooks').select('id').where('id', '=', id).where('owner_user_id', '=', userId).where('disabled_at', 'is', null).executeTakeFirst();
    if (!h) throw new DomainError('webhook-not-found', 'id', { id });
    return h;
  }

  async removeWebhook(userId: string, id: number): Promise<void> {
    await this.ownHook(userId, id);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('notify_webhooks').set({ disabled_at: nowIso(this.ctx) }).where('id', '=', id).execute();
      await trx.updateTable('notify_deliveries').set({ status: 'dropped', last_error: 'webhook removed' }).where('channel', '=', 'webhook').where('recipient', '=', String(id)).where('status', '=', 'pending').execute();
    });
  }

  /** The delivery log of one webhook, newest first, with each attempt. */
  async webhookLog(userId: string, id: number, limit = 50) {
    await this.ownHook(userId, id);
    const rows = await this.db.selectFrom('notify_deliveries').selectAll().where('channel', '=', 'webhook').where('recipient', '=', String(id)).orderBy('id', 'desc').limit(limit).execute();
    const ids = rows.map((r) => Number(r.id));
    const attempts = ids.length ? await this.db.selectFrom('notify_webhook_attempts').selectAll().where('delivery_id', 'in', ids).orderBy('id').execute() : [];
    return rows.map((r) => ({
      id: Number(r.id),
      kind: r.kind,
      subject: r.subject,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
      lastError: r.last_error,
      sentAt: r.sent_at,
      log: attempts.filter((a) => Number(a.delivery_id) === Number(r.id)).map((a) => ({ at: a.at, statusCode: a.status_code, error: a.error, ms: a.ms })),
    }));
  }

  /** Makes one delivery due again now (a dead one too); it is sent again with a fresh signature. */
  async replay(userId: string, hookId: number, deliveryId: number): Promise<void> {
    await this.ownHook(userId, hookId);
    const r = await this.db
      .updateTable('notify_deliveries')
      .set({ status: 'pending', next_attempt_at: nowIso(this.ctx), created_at: nowIso(this.ctx), lease_until: null })
      .where('id', '=', deliveryId)
      .where('channel', '=', 'webhook')
      .where('recipient', '=', String(hookId))
      .where('status', '!=', 'sending')
      .executeTakeFirst();
    if (!Number(r.numUpdatedRows ?? 0)) throw new DomainError('delivery-not-found', 'deliveryId', { id: deliveryId });
  }

  async demoMail(userId: string) {
    return this.db.selectFrom('notify_demo_mail').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').limit(50).execute();
  }

  async stoppedAll(userId: string): Promise<boolean> {
    return !!(await sql<{ x: number }>`select 1 as x from notify_optouts where user_id = ${userId} and target_kind = 'all'`.execute(this.db)).rows.length;
  }
}

const services = new WeakMap<AppContext, NotificationsService>();
export function notificationsService(ctx: AppContext): NotificationsService {
  let s = services.get(ctx);
  if (!s) {
    s = new NotificationsService(ctx);
    services.set(ctx, s);
  }
  return s;
}
