// The same fixed windows as WindowLimiter, kept in Redis so that every process counts against one
// limit (N processes otherwise allow N times it). One script per hit: INCR, and on the first hit of a
// window its expiry, atomically. While Redis cannot be reached each process falls back to its own
// memory window (the limits hold per process, as without Redis) and says so in the log; after a
// failure it asks Redis again only after a few seconds, so an outage adds no wait to every request.
import type { FastifyInstance } from 'fastify';
import { RedisClient } from '../../db/redis.ts';
import type { AppContext } from '../../web/context.ts';
import { type Limiter, type ProposalLimits, proposalLimits, tooMany, type WindowLimiter } from './rateLimit.ts';

const HIT_SCRIPT = `local n = redis.call('INCR', KEYS[1])
local t = redis.call('PTTL', KEYS[1])
if t < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) t = tonumber(ARGV[1]) end
return {n, t}`;

const RETRY_AFTER_FAILURE_MS = 5_000;

/** Shared by the limiters of one client: when Redis last failed them. */
export interface RedisHealth {
  downUntil: number;
}

export class RedisWindowLimiter implements Limiter {
  constructor(
    private readonly redis: RedisClient,
    private readonly health: RedisHealth,
    /** Key prefix of this limiter, e.g. `kenes:rl:sign:`. */
    private readonly prefix: string,
    private readonly fallback: WindowLimiter,
    private readonly onError: (err: Error) => void,
  ) {}

  get enabled(): boolean {
    return this.fallback.enabled;
  }

  async hit(key: string, what: string): Promise<void> {
    if (!this.fallback.enabled) return;
    if (Date.now() < this.health.downUntil) return this.fallback.hit(key, what);
    let n: number;
    let ttl: number;
    try {
      const r = (await this.redis.command('EVAL', HIT_SCRIPT, 1, this.prefix + key, this.fallback.windowMs)) as [number, number];
      [n, ttl] = r;
    } catch (err) {
      this.health.downUntil = Date.now() + RETRY_AFTER_FAILURE_MS;
      this.onError(err as Error);
      return this.fallback.hit(key, what);
    }
    if (n > this.fallback.limit) throw tooMany(this.fallback.limit, this.fallback.windowMs, Math.max(1, Math.ceil(ttl / 1000)), what);
  }
}

/** The module's limits: in memory, or shared through Redis when REDIS_URL is set. */
export function proposalLimitsFor(app: FastifyInstance, ctx: AppContext): ProposalLimits {
  const local = proposalLimits(ctx.config.rateLimit);
  const redisCfg = ctx.config.redis;
  if (!redisCfg) return local;
  const redis = new RedisClient(redisCfg.url, { timeoutMs: 500 });
  app.addHook('onClose', async () => redis.close());
  let warnedAt = 0;
  const onError = (err: Error) => {
    // Once a minute at most: a Redis outage must not flood the log.
    if (Date.now() - warnedAt < 60_000) return;
    warnedAt = Date.now();
    app.log.warn({ err: err.message }, 'rate limits: Redis unreachable, counting in this process only until it answers');
  };
  const health: RedisHealth = { downUntil: 0 };
  const shared = (name: string, l: WindowLimiter) => new RedisWindowLimiter(redis, health, `${redisCfg.prefix}rl:${name}:`, l, onError);
  return {
    signPerCitizen: shared('sign', local.signPerCitizen),
    createPerCitizen: shared('create', local.createPerCitizen),
    perAddress: shared('addr', local.perAddress),
  };
}
