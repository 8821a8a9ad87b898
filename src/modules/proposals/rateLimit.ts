// Fixed-window counters in memory, per citizen and per address, for creating and signing.
// A limit of 0 switches the check off (the load benchmark runs every citizen from one address).
import { HttpProblem } from '../../web/problem.ts';

export class WindowLimiter {
  private windows = new Map<string, { start: number; n: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one hit for `key`; throws 429 with Retry-After when the window is full. */
  hit(key: string, what: string, now = Date.now()): void {
    if (this.limit <= 0) return;
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size > 100_000) this.prune(now);
      w = { start: now, n: 0 };
      this.windows.set(key, w);
    }
    if (w.n >= this.limit) {
      const retryAfter = Math.ceil((w.start + this.windowMs - now) / 1000);
      throw new HttpProblem(429, `too many ${what}: at most ${this.limit} per ${this.windowMs / 1000} s; try again in ${retryAfter} s`, { code: 'rate-limited', retryAfter });
    }
    w.n++;
  }

  private prune(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
  }
}

export interface ProposalLimits {
  signPerCitizen: WindowLimiter;
  createPerCitizen: WindowLimiter;
  perAddress: WindowLimiter;
}

export function proposalLimits(cfg: { signPerMinute: number; createPerHour: number; perAddressPerMinute: number }): ProposalLimits {
  return {
    signPerCitizen: new WindowLimiter(cfg.signPerMinute, 60_000),
    createPerCitizen: new WindowLimiter(cfg.createPerHour, 3_600_000),
    perAddress: new WindowLimiter(cfg.perAddressPerMinute, 60_000),
  };
}
