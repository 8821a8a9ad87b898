// Delivery workers (docs/adr/1601): claim due rows under a lease (PostgreSQL: FOR UPDATE SKIP LOCKED,
// so processes take disjoint rows; SQLite: BEGIN IMMEDIATE, one writer), send outside any
// transaction, mark each row as soon as its carrier accepted it. A failure retries with exponential
// backoff for a day, then the row is dead-lettered. A process that dies leaves its rows `sending`
// with a lease that runs out; they are then due again.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { isLang, type Lang } from '../../core/lang.ts';
import type { AppContext } from '../../web/context.ts';
import { sqliteImmediate } from '../outbox/api.ts';
import { composeMail, type EventText, eventText, sendMail, tr } from './mail.ts';
import { mailMode, settingsOf } from './settings.ts';
import { checkWebhookUrl } from './ssrf.ts';
import { webhookSignature } from './tokens.ts';

export const GIVE_UP_MS = 24 * 3600_000;

export function backoffMs(attempts: number, base = 30_000): number {
  return Math.min(base * 2 ** Math.max(0, attempts - 1), 2 * 3600_000);
}

export interface DeliveryRow {
  id: number;
  event_id: number;
  event_position: number;
  kind: string;
  subject: string;
  channel: string;
  recipient: string;
  attempts: number;
  created_at: string;
}

const nowOf = (ctx: AppContext) => ctx.now?.() ?? new Date();

/** Claims up to `n` due rows for this process; each gets a lease and one more attempt. */
export async function claim(ctx: AppContext, n: number, channels: readonly string[] = ['email', 'webhook']): Promise<DeliveryRow[]> {
  const now = nowOf(ctx);
  const at = now.toISOString();
  const lease = new Date(now.getTime() + settingsOf(ctx).leaseMs).toISOString();
  const handle = ctx.db;
  if (handle.dialect === 'postgres') {
    const r = await sql<DeliveryRow>`
      update notify_deliveries set status = 'sending', lease_until = ${lease}, next_attempt_at = ${lease}, attempts = attempts + 1
      where id in (select id from notify_deliveries where status in ('pending', 'sending') and next_attempt_at <= ${at} and channel in (${sql.join(channels)}) order by next_attempt_at, id limit ${n} for update skip locked)
      returning id, event_id, event_position, kind, subject, channel, recipient, attempts, created_at`.execute(handle.db);
    return r.rows.map(norm);
  }
  return sqliteImmediate(handle, async (conn) => {
    const r = await sql<DeliveryRow>`
      update notify_deliveries set status = 'sending', lease_until = ${lease}, next_attempt_at = ${lease}, attempts = attempts + 1
      where id in (select id from notify_deliveries where status in ('pending', 'sending') and next_attempt_at <= ${at} and channel in (${sql.join(channels)}) order by next_attempt_at, id limit ${n})
      returning id, event_id, event_position, kind, subject, channel, recipient, attempts, created_at`.execute(conn);
    return r.rows.map(norm);
  });
}

function norm(r: DeliveryRow): DeliveryRow {
  return { ...r, id: Number(r.id), event_id: Number(r.event_id), event_position: Number(r.event_position), attempts: Number(r.attempts) };
}

/**
 * Marks accepted rows `sent` in small groups: at most MARK_GROUP rows or MARK_MS milliseconds after
 * the first of them, whichever comes first. One write per group instead of one per mail; a process
 * killed in between leaves at most that group to be sent again (docs/adr/1601).
 */
const MARK_GROUP = 50;
const MARK_MS = 20;

class Marker {
  private ids: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  constructor(private readonly ctx: AppContext) {}
  add(id: number): Promise<void> {
    this.ids.push(id);
    if (this.ids.length >= MARK_GROUP) return this.flush();
    this.timer ??= setTimeout(() => void this.flush(), MARK_MS);
    return Promise.resolve();
  }
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const ids = this.ids;
    this.ids = [];
    if (ids.length) {
      const at = nowOf(this.ctx).toISOString();
      this.writing = this.writing.then(() =>
        this.ctx.db.db.updateTable('notify_deliveries').set({ status: 'sent', sent_at: at, lease_until: null, last_error: null }).where('id', 'in', ids).where('status', '=', 'sending').execute().then(() => {}),
      );
    }
    return this.writing;
  }
}

async function markFailed(ctx: AppContext, row: DeliveryRow, error: string): Promise<void> {
  const now = nowOf(ctx);
  const dead = now.getTime() - Date.parse(row.created_at) >= GIVE_UP_MS;
  await ctx.db.db
    .updateTable('notify_deliveries')
    .set({ status: dead ? 'dead' : 'pending', lease_until: null, last_error: error.slice(0, 500), next_attempt_at: new Date(now.getTime() + backoffMs(row.attempts, settingsOf(ctx).retryBaseMs)).toISOString() })
    .where('id', '=', row.id)
    .where('status', '=', 'sending')
    .execute();
}

async function markDropped(ctx: AppContext, id: number, why: string): Promise<void> {
  await ctx.db.db.updateTable('notify_deliveries').set({ status: 'dropped', lease_until: null, last_error: why }).where('id', '=', id).execute();
}

export function messageIdOf(ctx: AppContext, deliveryId: number | string, eventId: number): string {
  const host = new URL(ctx.config.publicUrl ?? ctx.config.baseUrl).hostname || 'kenes.local';
  return `<d${deliveryId}.${eventId}@${host}>`;
}

async function pool<T>(items: T[], n: number, work: (x: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (i < items.length) await work(items[i++]);
    }),
  );
}

export interface RunStats {
  claimed: number;
  sent: number;
  failed: number;
}

/** One claim and its sends; returns what happened. */
export async function deliverOnce(ctx: AppContext, opts: { batch?: number } = {}): Promise<RunStats> {
  const s = settingsOf(ctx);
  // With e-mail off, e-mail rows wait (untouched) until it is on; webhooks still go.
  const rows = await claim(ctx, opts.batch ?? s.batch, mailMode(ctx) === 'off' ? ['webhook'] : ['email', 'webhook']);
  const stats: RunStats = { claimed: rows.length, sent: 0, failed: 0 };
  if (!rows.length) return stats;
  const texts = new Map<string, Promise<EventText>>();
  const events = new Map<number, Promise<{ kind: string; subject: string; payload: string; occurred_at: string; position: number | null } | undefined>>();
  const eventOf = (id: number) => {
    let p = events.get(id);
    if (!p) {
      p = ctx.db.db.selectFrom('outbox').select(['kind', 'subject', 'payload', 'occurred_at', 'position']).where('id', '=', id).executeTakeFirst();
      events.set(id, p);
    }
    return p;
  };
  const emailIds = [...new Set(rows.filter((r) => r.channel === 'email').map((r) => r.recipient))];
  const addresses = new Map<string, { email: string; lang: string; verified_at: string | null; stopped_at: string | null }>();
  for (let i = 0; i < emailIds.length; i += 500) {
    for (const a of await ctx.db.db.selectFrom('notify_addresses').select(['user_id', 'email', 'lang', 'verified_at', 'stopped_at']).where('user_id', 'in', emailIds.slice(i, i + 500)).execute()) addresses.set(a.user_id, a);
  }
  const marker = new Marker(ctx);
  await pool(rows, s.concurrency, async (row) => {
    try {
      if (row.channel === 'email') {
        const a = addresses.get(row.recipient);
        if (!a?.verified_at || a.stopped_at) return void (await markDropped(ctx, row.id, 'address removed, unverified or stopped'));
        const lang: Lang = isLang(a.lang) ? a.lang : 'ru';
        const key = `${row.event_id}:${lang}`;
        let text = texts.get(key);
        if (!text) {
          text = eventOf(row.event_id).then((ev) => eventText(ctx.db.db, ctx, ev ?? { kind: row.kind, subject: row.subject, payload: '{}' }, lang));
          texts.set(key, text);
        }
        const mail = composeMail(ctx, lang, a.email, row.recipient, [await text], messageIdOf(ctx, row.id, row.event_id));
        await sendMail(ctx, mail, row.recipient);
      } else if (row.channel === 'webhook') {
        const hook = await ctx.db.db.selectFrom('notify_webhooks').selectAll().where('id', '=', Number(row.recipient)).executeTakeFirst();
        if (!hook || hook.disabled_at) return void (await markDropped(ctx, row.id, 'webhook removed'));
        const ev = await eventOf(row.event_id);
        await sendWebhook(ctx, row, hook, ev ?? null);
      }
      stats.sent++;
      await marker.add(row.id);
    } catch (err) {
      stats.failed++;
      await markFailed(ctx, row, err instanceof Error ? err.message : String(err)).catch(() => {});
    }
  });
  await marker.flush();
  return stats;
}

/** Runs claims until nothing is due now; returns the totals. */
export async function deliverAll(ctx: AppContext, opts: { batch?: number; maxRounds?: number } = {}): Promise<RunStats> {
  const total: RunStats = { claimed: 0, sent: 0, failed: 0 };
  for (let round = 0; round < (opts.maxRounds ?? 1_000_000); round++) {
    const r = await deliverOnce(ctx, opts);
    total.claimed += r.claimed;
    total.sent += r.sent;
    total.failed += r.failed;
    if (!r.claimed) break;
  }
  return total;
}

export interface WebhookBody {
  delivery: number;
  event: { id: number; position: number | null; kind: string; subject: string; occurredAt: string; payload: unknown };
}

async function sendWebhook(
  ctx: AppContext,
  row: DeliveryRow,
  hook: { url: string; secret: string },
  ev: { kind: string; subject: string; payload: string; occurred_at: string; position: number | null } | null,
): Promise<void> {
  const started = Date.now();
  let status: number | null = null;
  let error: string | null = null;
  try {
    const s = settingsOf(ctx);
    // Checked again before each send: DNS may now say something else.
    const checked = await checkWebhookUrl(hook.url, { allowLoopback: s.allowLoopback, resolve: s.resolve });
    const body: WebhookBody = {
      delivery: row.id,
      event: { id: row.event_id, position: ev?.position == null ? null : Number(ev.position), kind: row.kind, subject: row.subject, occurredAt: ev?.occurred_at ?? '', payload: ev ? JSON.parse(ev.payload) : null },
    };
    const text = JSON.stringify(body);
    const ts = String(Math.floor(nowOf(ctx).getTime() / 1000));
    status = await post(checked.url, checked.address, text, { 'content-type': 'application/json', 'kenes-timestamp': ts, 'kenes-signature': webhookSignature(hook.secret, ts, text), 'kenes-delivery': String(row.id), 'kenes-event': row.kind });
    if (status < 200 || status >= 300) error = `HTTP ${status}`;
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  await ctx.db.db.insertInto('notify_webhook_attempts').values({ delivery_id: row.id, at: nowOf(ctx).toISOString(), status_code: status, error, ms: Date.now() - started }).execute();
  if (error) throw new Error(error);
}

function post(url: URL, address: string, body: string, headers: Record<string, string>): Promise<number> {
  const family = address.includes(':') ? 6 : 4;
  const req = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const r = req(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body), 'user-agent': 'Kenes-Webhooks/1' },
        timeout: 10_000,
        // The connection goes to the address that was checked, never to a second lookup's answer.
        lookup: ((_h: string, o: { all?: boolean }, cb: (...a: unknown[]) => void) => (o?.all ? cb(null, [{ address, family }]) : cb(null, address, family))) as never,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    r.on('timeout', () => r.destroy(new Error('timeout after 10 s')));
    r.on('error', reject);
    r.end(body);
  });
}

/** Folds each digest address's waiting rows into one mail, once a day. */
export async function sendDigests(ctx: AppContext, opts: { force?: boolean } = {}): Promise<number> {
  const now = nowOf(ctx);
  const dayAgo = new Date(now.getTime() - 24 * 3600_000).toISOString();
  let q = ctx.db.db.selectFrom('notify_addresses').selectAll().where('digest', '=', 1).where('verified_at', 'is not', null).where('stopped_at', 'is', null);
  if (!opts.force) q = q.where((eb) => eb.or([eb('last_digest_at', 'is', null), eb('last_digest_at', '<=', dayAgo)]));
  let sent = 0;
  for (const a of await q.execute()) {
    const rows = await ctx.db.db.selectFrom('notify_deliveries').select(['id', 'event_id', 'kind', 'subject']).where('channel', '=', 'email').where('recipient', '=', a.user_id).where('status', '=', 'digest').orderBy('id').limit(200).execute();
    if (!rows.length) continue;
    const lang: Lang = isLang(a.lang) ? a.lang : 'ru';
    const texts: EventText[] = [];
    for (const r of rows) {
      const ev = await ctx.db.db.selectFrom('outbox').select(['kind', 'subject', 'payload']).where('id', '=', Number(r.event_id)).executeTakeFirst();
      texts.push(await eventText(ctx.db.db, ctx, ev ?? { kind: r.kind, subject: r.subject, payload: '{}' }, lang));
    }
    const mail = composeMail(ctx, lang, a.email, a.user_id, texts, messageIdOf(ctx, `g${rows[0].id}-${rows[rows.length - 1].id}`, Number(rows[0].event_id)), tr(lang)('mail.digest.subject', { count: rows.length }));
    try {
      await sendMail(ctx, mail, a.user_id);
    } catch {
      continue;
    }
    await ctx.db.db.transaction().execute(async (trx) => {
      await trx.updateTable('notify_deliveries').set({ status: 'sent', sent_at: now.toISOString() }).where('id', 'in', rows.map((r) => Number(r.id))).where('status', '=', 'digest').execute();
      await trx.updateTable('notify_addresses').set({ last_digest_at: now.toISOString() }).where('user_id', '=', a.user_id).execute();
    });
    sent++;
  }
  return sent;
}

/** The background worker: delivers due rows, sends digests; stops cleanly. */
export async function deliveryService(app: FastifyInstance, ctx: AppContext): Promise<() => Promise<void>> {
  const log = app.log.child({ worker: 'notifications' });
  let stopped = false;
  let lastDigest = 0;
  const loop = (async () => {
    while (!stopped) {
      let claimed = 0;
      try {
        claimed = (await deliverOnce(ctx)).claimed;
        if (Date.now() - lastDigest > 60_000) {
          lastDigest = Date.now();
          await sendDigests(ctx);
        }
      } catch (err) {
        log.error({ err }, 'notification delivery failed; retrying');
      }
      if (!claimed) await new Promise((r) => setTimeout(r, 500).unref());
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}
