// What the notifications module reads from the environment (README: KENES_SMTP_URL and the rest).
// Read when used, not at start, and overridable per app so a test can point one app at its own
// SMTP server on loopback.
import type { AppContext } from '../../web/context.ts';

export interface NotifySettings {
  /** smtp://user:pass@host:port or smtps://…; unset: e-mail is off (demo mode keeps mail on a page). */
  smtpUrl?: string;
  mailFrom: string;
  /** Webhooks to http and to loopback/private addresses: only for tests and the demo (KENES_NOTIFY_ALLOW_LOOPBACK=1). */
  allowLoopback: boolean;
  maxFollows: number;
  maxWebhooks: number;
  /** Bearer token of the bounce/complaint endpoint (unset: the endpoint is off; the CLI works). */
  bounceToken?: string;
  /** Messages claimed per batch and sent at once. */
  batch: number;
  concurrency: number;
  /** First retry wait (doubling each time, at most 2 h); a claim's lease. */
  retryBaseMs: number;
  leaseMs: number;
  /**
   * Signers written per fan-out chunk (docs/adr/1603): an audience of more signers than this is
   * expanded by a job, one short transaction per chunk, instead of inside the subscription's batch.
   */
  fanoutChunk: number;
  /** Only for tests: resolve webhook hosts with this instead of DNS. */
  resolve?: (host: string) => Promise<string[]>;
}

const overrides = new WeakMap<AppContext['db'], Partial<NotifySettings>>();

function int(v: string | undefined, d: number): number {
  const n = Number(v);
  return v && Number.isInteger(n) && n > 0 ? n : d;
}

export function settingsOf(ctx: AppContext): NotifySettings {
  const env = process.env;
  const on = (v?: string) => ['1', 'true', 'yes', 'on'].includes((v ?? '').toLowerCase());
  return {
    smtpUrl: env.KENES_SMTP_URL || undefined,
    mailFrom: env.KENES_MAIL_FROM || 'Kenes <no-reply@kenes.local>',
    allowLoopback: on(env.KENES_NOTIFY_ALLOW_LOOPBACK) || (ctx.config.demo && !ctx.config.production),
    maxFollows: int(env.KENES_NOTIFY_MAX_FOLLOWS, 200),
    maxWebhooks: int(env.KENES_NOTIFY_MAX_WEBHOOKS, 10),
    bounceToken: env.KENES_NOTIFY_BOUNCE_TOKEN || undefined,
    batch: int(env.KENES_NOTIFY_BATCH, 200),
    concurrency: int(env.KENES_NOTIFY_CONCURRENCY, 16),
    retryBaseMs: int(env.KENES_NOTIFY_RETRY_BASE_MS, 30_000),
    leaseMs: int(env.KENES_NOTIFY_LEASE_MS, 120_000),
    fanoutChunk: int(env.KENES_NOTIFY_FANOUT_CHUNK, 2000),
    ...overrides.get(ctx.db),
  };
}

/** For tests and benchmarks: settings of one app's database handle. */
export function configureNotifications(ctx: AppContext, s: Partial<NotifySettings>): void {
  overrides.set(ctx.db, { ...overrides.get(ctx.db), ...s });
}

export function mailMode(ctx: AppContext): 'smtp' | 'demo' | 'off' {
  const s = settingsOf(ctx);
  if (s.smtpUrl) return 'smtp';
  return ctx.config.demo ? 'demo' : 'off';
}
