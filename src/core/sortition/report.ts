// The JSON report of a draw. Everything outside `timing` is a pure function of (inputs, algorithm,
// lottery size, seed), which is what `verifySelection` recomputes and compares.
import type { Algorithm } from './model.ts';
import type { EntropyPair, MaxEntropyResult } from './maxEntropy.ts';
import type { LeximinCertificate } from './certificate.ts';

export const REPORT_FORMAT = 'kenes-sortition-report/1';

export interface QuotaRow {
  category: string;
  value: string;
  min: number;
  max: number;
  /** People in the pool with this value. */
  pool: number;
  /** Expected number on the panel under the lottery. */
  expected: number;
  /** Number on the drawn panel. */
  selected: number;
}

export interface PersonRow {
  id: string;
  /** Selection probability of the optimised distribution (rounded to 1e-10). */
  probability: number;
  /** Exact probability under the M-ticket lottery, as tickets/(M * type size), rounded to 1e-10. */
  lotteryProbability: number;
  /** Index of the person's type in `lottery.types`. */
  type: number;
}

export interface SelectionReport {
  format: typeof REPORT_FORMAT;
  engine: { name: 'kenes-sortition'; version: string; solver: string };
  algorithm: Algorithm;
  k: number;
  poolSize: number;
  householdColumns: string[];
  inputHash: string;
  /** The canonical entropy string the seed came from, or null when a seed was given directly. */
  entropy: string | null;
  seed: string;
  /** False when a time limit stopped the optimisation: the result is valid but not proven optimal. */
  optimal: boolean;
  /** Proven upper bound minus achieved value at the level where the search stopped. */
  gap: number;
  summary: {
    min: number;
    max: number;
    gini: number;
    lotteryMin: number;
    lotteryMax: number;
    /** Largest change of any person's probability from rounding to the lottery. */
    lotteryMaxChange: number;
    /** Smallest probability under the old greedy draw (Monte Carlo), when asked for. */
    legacyMinimum: number | null;
    legacyRuns: number;
  };
  checks: { panelsMeetQuotas: boolean; probabilitySum: number; marginalSum: number };
  quotas: QuotaRow[];
  people: PersonRow[];
  lottery: {
    size: number;
    /** Feature values of each type, in category order. */
    types: { values: string[]; size: number }[];
    /** Panels with their ticket ranges; members are [type, count] pairs. */
    panels: { firstTicket: number; tickets: number; members: [number, number][] }[];
  };
  draw: { ticket: number; panel: number; members: string[] };
  /**
   * The optimised distribution before rounding (panels as [type, count] pairs, probabilities exactly
   * as computed), so a verifier can redo the rounding to the lottery without the LP solver. Null for
   * the legacy algorithm, whose lottery is made of draws.
   */
  distribution: { panels: [number, number][][]; probs: number[] } | null;
  /**
   * LEXIMIN's optimality certificate (ADR 0113): per level, the dual multipliers proving that no
   * distribution lifts the level. Null for other algorithms, under a time limit, and when the
   * relaxation's vector was not reachable (the level-by-level search; it says so in `note`).
   */
  certificate?: (LeximinCertificate & { note: string }) | { format: null; note: string };
  /** Present only for `--distribution maxentropy` (ADR 0116); absent means LEXIMIN's own distribution. */
  distributionRule?: 'maxentropy';
  /**
   * `--distribution maxentropy` only: entropies in nats of LEXIMIN's own distribution and of the
   * maximum-entropy one, before (`distribution`) and after (`lottery`) rounding to M tickets, and how
   * the maximum-entropy one was found.
   */
  maxEntropy?: MaxEntropyResult['stats'] & {
    unit: 'nats';
    leximin: { distribution: EntropyPair; lottery: EntropyPair; panels: number; lotteryPanels: number };
    maxentropy: { distribution: EntropyPair; lottery: EntropyPair; panels: number; lotteryPanels: number };
    marginalTolerance: number;
    /** True when the rounded maximum-entropy lottery had less entropy, so LEXIMIN's own was drawn from. */
    usedLeximin: boolean;
  };
  /** Whether this is a public draw: committed (ADR 0111) before its entropy existed, or a private run. */
  ceremony: { public: boolean; commitment: string | null; note: string };
  stats: { types: number; levels: number; rounds: number; pricingCalls: number; panelsGenerated: number };
  timing: {
    startedAt: string;
    elapsedMs: number;
    timeLimitSeconds: number | null;
    /** `--distribution maxentropy`: the maximum-entropy step alone, wall and process CPU. */
    maxEntropyMs?: number;
    maxEntropyCpuMs?: number;
  };
  /** Where the inputs were read from (added by the CLI; not part of the verified draw). */
  source?: Record<string, unknown>;
}

/** The report without the parts that legitimately differ between runs (timing). */
export function verifiablePart(report: SelectionReport): Omit<SelectionReport, 'timing' | 'source'> {
  const { timing: _timing, source: _source, ...rest } = report;
  return rest;
}
