// Verifiable randomness with integers only (ADR 0103): the seed is SHA-256 of the canonical entropy
// string, and every random choice reads SHA-256(seed | label | counter) blocks as big integers with
// rejection sampling, so every machine makes exactly the same choices.
import { createHash } from 'node:crypto';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Canonical form of a published entropy statement: Unicode NFC, lines trimmed, runs of whitespace
 * collapsed to one space, empty lines dropped, lines joined with "\n". Spacing and line-ending
 * differences between copies of the same statement therefore give the same seed.
 */
export function canonicalEntropy(entropy: string): string {
  return entropy
    .normalize('NFC')
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => line !== '')
    .join('\n');
}

export function seedFromEntropy(entropy: string): string {
  const canonical = canonicalEntropy(entropy);
  if (canonical === '') throw new Error('the entropy string is empty');
  return sha256Hex(canonical);
}

export function isSeed(seed: string): boolean {
  return /^[0-9a-f]{64}$/.test(seed);
}

/** A deterministic stream of uniform integers from SHA-256 in counter mode. */
export class HashRng {
  private counter = 0n;

  constructor(
    private readonly seed: string,
    private readonly label: string,
  ) {}

  private block(): bigint {
    const hex = sha256Hex(`${this.seed}|${this.label}|${this.counter}`);
    this.counter++;
    return BigInt(`0x${hex}`);
  }

  /** Uniform integer in [0, n), by rejection sampling on 256-bit blocks (no modulo bias). */
  below(n: number): number {
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`cannot draw below ${n}`);
    const N = BigInt(n);
    const limit = (1n << 256n) - ((1n << 256n) % N);
    for (;;) {
      const v = this.block();
      if (v < limit) return Number(v % N);
    }
  }

  /** `count` distinct items of `items`, uniformly, by a partial Fisher–Yates shuffle. */
  sample<T>(items: readonly T[], count: number): T[] {
    const a = items.slice();
    for (let i = 0; i < count; i++) {
      const j = i + this.below(a.length - i);
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a.slice(0, count);
  }
}

/** A fast seeded generator (sfc32) for Monte Carlo estimates, which need speed rather than audit. */
export function fastRng(seed: string): () => number {
  const h = sha256Hex(`${seed}|fast`);
  let a = Number.parseInt(h.slice(0, 8), 16);
  let b = Number.parseInt(h.slice(8, 16), 16);
  let c = Number.parseInt(h.slice(16, 24), 16);
  let d = Number.parseInt(h.slice(24, 32), 16);
  return () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}
