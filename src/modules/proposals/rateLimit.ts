// Fixed-window counters in memory, per citizen and per address, for creating and signing.
// A limit of 0 switches the check off (the load benchmark runs every citizen from one address).
// With REDIS_URL the same windows are kept in Redis, shared by every process (sharedLimit.ts).
import { HttpProblem } from '../../web/problem.ts';

/** Counts one hit per call and throws 429 when the window is full; in memory it answers synchronously. */
export interface Limiter {
  readonly enabled: boolean;
  hit(key: string, what: string): void | Promise<void>;
}

export function tooMany(limit: number, windowMs: number, retryAfter: number, what: string): HttpProblem {
  return new HttpProblem(429, `too many ${what}: at most ${limit} per ${windowMs / 1000} s; try again in ${retryAfter} s`, { code: 'rate-limited', retryAfter });
}

const PRUNE_MIN = 100_000;

export class WindowLimiter implements Limiter {
  private windows = new Map<string, { start: number; n: number }>();
  /** Prune ended windows when the map grows past this; doubled from what a prune leaves (docs/adr/0704). */
  private pruneAt = PRUNE_MIN;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** False when the limit is 0 (switched off): callers may then skip working out the key. */
  get enabled(): boolean {
    return this.limit > 0;
  }

  /** Counts one hit for `key`; throws 429 with Retry-After when the window is full. */
  hit(key: string, what: string, now = Date.now()): void {
    if (this.limit <= 0) return;
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      // A prune walks every key. When more keys than PRUNE_MIN are live in one window (a viral
      // petition: 5,000 new citizens a second), pruning at a fixed size would walk them all on every
      // request; pruning only when the map has doubled since the last prune keeps it O(1) per hit
      // on average, with memory at most twice the live windows.
      if (this.windows.size > this.pruneAt) {
        this.prune(now);
        this.pruneAt = Math.max(PRUNE_MIN, 2 * this.windows.size);
      }
      w = { start: now, n: 0 };
      this.windows.set(key, w);
    }
    if (w.n >= this.limit) {
      const retryAfter = Math.ceil((w.start + this.windowMs - now) / 1000);
      throw tooMany(this.limit, this.windowMs, retryAfter, what);
    }
    w.n++;
  }

  private prune(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
  }
}

export interface ProposalLimits {
  signPerCitizen: Limiter;
  createPerCitizen: Limiter;
  perAddress: Limiter;
}

export function proposalLimits(cfg: { signPerMinute: number; createPerHour: number; perAddressPerMinute: number }): Record<keyof ProposalLimits, WindowLimiter> {
  return {
    signPerCitizen: new WindowLimiter(cfg.signPerMinute, 60_000),
    createPerCitizen: new WindowLimiter(cfg.createPerHour, 3_600_000),
    perAddress: new WindowLimiter(cfg.perAddressPerMinute, 60_000),
  };
}
