// The same fixed windows as WindowLimiter, kept in Redis so that every process counts against one
// limit (N processes otherwise allow N times it). One script per hit: INCR, and on the first hit of a
// window its expiry, atomically. While Redis cannot be reached each process falls back to its own
// memory window (the limits hold per process, as without Redis) and says so in the log.
import type { FastifyInstance } from 'fastify';
import { RedisClient } from '../../db/redis.ts';
import type { AppContext } from '../../web/context.ts';
import { type Limiter, type ProposalLimits, proposalLimits, tooMany, type WindowLimiter } from './rateLimit.ts';

const HIT_SCRIPT = `local n = redis.call('INCR', KEYS[1])
local t = redis.call('PTTL', KEYS[1])
if t < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) t = tonumber(ARGV[1]) end
return {n, t}`;

export class RedisWindowLimiter implements Limiter {
  constructor(
    private readonly redis: RedisClient,
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
    let n: number;
    let ttl: number;
    try {
      const r = (await this.redis.command('EVAL', HIT_SCRIPT, 1, this.prefix + key, this.fallback.windowMs)) as [number, number];
      [n, ttl] = r;
    } catch (err) {
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
  const shared = (name: string, l: WindowLimiter) => new RedisWindowLimiter(redis, `${redisCfg.prefix}rl:${name}:`, l, onError);
  return {
    signPerCitizen: shared('sign', local.signPerCitizen),
    createPerCitizen: shared('create', local.createPerCitizen),
    perAddress: shared('addr', local.perAddress),
  };
}
