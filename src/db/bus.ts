// A message bus between the processes that share one database (docs/adr/1802), for hints that must
// reach a client on any process (live vote boards, draw progress). Redis pub/sub when REDIS_URL is
// set; else PostgreSQL LISTEN/NOTIFY on a dedicated connection; on SQLite (one process) nothing
// leaves the process. At most once, in order per sender, no history: a process that is reconnecting misses what was sent
// meanwhile, which is why the live streams still re-read their state on a slow poll.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import pg from 'pg';
import { encodeCommand, RespDecoder, type RespValue } from '../core/resp.ts';
import { RedisClient } from './redis.ts';

export type BusListener = (data: string) => void;

export interface Bus {
  /** `redis`, `postgres`, or `local` (this process only). */
  readonly kind: 'redis' | 'postgres' | 'local';
  /** Sends `data` on `topic` to every other process (not to this one's own listeners). */
  publish(topic: string, data: string): void;
  /** Calls `listener` with what other processes publish on `topic`; returns the unsubscribe. */
  subscribe(topic: string, listener: BusListener): () => void;
  close(): Promise<void>;
}

/** NOTIFY's payload limit is 8000 bytes; the topic and origin need some. */
export const MAX_MESSAGE = 7000;
const CHANNEL = 'kenes_bus';

abstract class BaseBus implements Bus {
  abstract readonly kind: Bus['kind'];
  protected readonly origin = randomBytes(6).toString('hex');
  private readonly listeners = new Map<string, Set<BusListener>>();
  protected closed = false;
  private tail: Promise<void> = Promise.resolve();
  constructor(protected readonly warn: (msg: string) => void) {}

  publish(topic: string, data: string): void {
    if (this.closed) return;
    const text = JSON.stringify({ o: this.origin, t: topic, d: data });
    if (Buffer.byteLength(text) > MAX_MESSAGE) {
      this.warn(`bus message on ${topic} dropped: ${Buffer.byteLength(text)} bytes is over ${MAX_MESSAGE}`);
      return;
    }
    // One at a time, so that a process's messages arrive in the order it sent them (a pool would
    // send them over different connections, and NOTIFY orders only within one).
    this.tail = this.tail.then(() => this.send(text)).catch((err) => this.warn(`bus publish on ${topic} failed: ${(err as Error).message}`));
  }

  subscribe(topic: string, listener: BusListener): () => void {
    const set = this.listeners.get(topic) ?? new Set<BusListener>();
    this.listeners.set(topic, set);
    set.add(listener);
    return () => set.delete(listener);
  }

  protected deliver(text: string): void {
    let m: { o?: unknown; t?: unknown; d?: unknown };
    try {
      m = JSON.parse(text);
    } catch {
      return;
    }
    if (m.o === this.origin || typeof m.t !== 'string' || typeof m.d !== 'string') return;
    for (const l of this.listeners.get(m.t) ?? []) {
      try {
        l(m.d);
      } catch (err) {
        this.warn(`bus listener on ${m.t} failed: ${(err as Error).message}`);
      }
    }
  }

  protected abstract send(text: string): Promise<void>;
  abstract close(): Promise<void>;
}

class LocalBus extends BaseBus {
  readonly kind = 'local' as const;
  protected async send(): Promise<void> {}
  async close(): Promise<void> {
    this.closed = true;
  }
}

/** LISTEN on one dedicated client (reconnected after a failure), NOTIFY through the pool. */
class PostgresBus extends BaseBus {
  readonly kind = 'postgres' as const;
  private client: pg.Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  readonly ready: Promise<void>;
  constructor(
    private readonly url: string,
    private readonly pool: pg.Pool,
    warn: (msg: string) => void,
  ) {
    super(warn);
    this.ready = this.listen();
  }

  private async listen(): Promise<void> {
    if (this.closed) return;
    const c = new pg.Client({ connectionString: this.url });
    c.on('notification', (n) => {
      if (n.channel === CHANNEL && n.payload) this.deliver(n.payload);
    });
    c.on('error', (err) => this.lost(c, err));
    c.on('end', () => this.lost(c, new Error('connection ended')));
    try {
      await c.connect();
      await c.query(`listen ${CHANNEL}`);
      this.client = c;
    } catch (err) {
      this.lost(c, err as Error);
    }
  }

  private lost(c: pg.Client, err: Error): void {
    if (this.client === c) this.client = null;
    c.removeAllListeners('end');
    c.end().catch(() => undefined);
    if (this.closed || this.retry) return;
    this.warn(`bus (PostgreSQL LISTEN) lost, reconnecting: ${err.message}`);
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.listen();
    }, 1000);
    this.retry.unref();
  }

  protected async send(text: string): Promise<void> {
    await this.pool.query('select pg_notify($1, $2)', [CHANNEL, text]);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const c = this.client;
    this.client = null;
    if (c) {
      c.removeAllListeners('end');
      await c.end().catch(() => undefined);
    }
  }
}

/** SUBSCRIBE on a socket of its own (a subscribed connection can run no other command), PUBLISH on a client. */
class RedisBus extends BaseBus {
  readonly kind = 'redis' as const;
  private socket: Socket | null = null;
  private retry: NodeJS.Timeout | null = null;
  private readonly publisher: RedisClient;
  private readonly channel: string;
  readonly ready: Promise<void>;
  constructor(
    private readonly url: string,
    prefix: string,
    warn: (msg: string) => void,
  ) {
    super(warn);
    this.publisher = new RedisClient(url);
    this.channel = `${prefix}bus`;
    this.ready = this.listen();
  }

  private listen(): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return resolve();
      const u = new URL(this.url);
      const s = connect({ host: u.hostname || '127.0.0.1', port: Number(u.port || 6379) });
      const decoder = new RespDecoder();
      s.on('connect', () => {
        const pass = decodeURIComponent(u.password);
        const user = decodeURIComponent(u.username);
        if (pass) s.write(encodeCommand(user ? ['AUTH', user, pass] : ['AUTH', pass]));
        s.write(encodeCommand(['SUBSCRIBE', this.channel]));
      });
      s.on('data', (chunk) => {
        let replies: RespValue[];
        try {
          replies = decoder.push(chunk);
        } catch {
          s.destroy();
          return;
        }
        for (const r of replies) {
          if (!Array.isArray(r)) continue;
          if (r[0] === 'subscribe') {
            this.socket = s;
            resolve();
          } else if (r[0] === 'message' && r[1] === this.channel && typeof r[2] === 'string') this.deliver(r[2]);
        }
      });
      s.on('error', (err) => {
        this.warn(`bus (Redis SUBSCRIBE) failed: ${err.message}`);
      });
      s.on('close', () => {
        if (this.socket === s) this.socket = null;
        resolve();
        if (this.closed || this.retry) return;
        this.retry = setTimeout(() => {
          this.retry = null;
          void this.listen();
        }, 1000);
        this.retry.unref();
      });
    });
  }

  protected async send(text: string): Promise<void> {
    await this.publisher.command('PUBLISH', this.channel, text);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.socket?.destroy();
    this.socket = null;
    await this.publisher.close();
  }
}

export interface BusOptions {
  databaseUrl: string;
  pgPool: pg.Pool | null;
  redis?: { url: string; prefix: string };
  warn?: (msg: string) => void;
}

/** The bus for this deployment: Redis when configured, else PostgreSQL, else this process only. */
export async function openBus(opts: BusOptions): Promise<Bus> {
  const warn = opts.warn ?? ((m: string) => console.warn(m));
  if (opts.redis) {
    const b = new RedisBus(opts.redis.url, opts.redis.prefix, warn);
    await Promise.race([b.ready, new Promise((r) => setTimeout(r, 2000).unref())]);
    return b;
  }
  if (opts.pgPool) {
    const b = new PostgresBus(opts.databaseUrl, opts.pgPool, warn);
    await b.ready;
    return b;
  }
  return new LocalBus(warn);
}
