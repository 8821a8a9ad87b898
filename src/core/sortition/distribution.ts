// A probability distribution over panels (type-count vectors), the shared result of every algorithm,
// and the final checks every result must pass before it is used.
import { type Panel, panelKey, panelViolation } from './panels.ts';
import type { TypedInstance } from './types.ts';
import type { CertificateLevel } from './certificate.ts';

export interface ProgressEvent {
  algorithm: string;
  /** Leximin level (number of probability levels fixed so far + 1). */
  level: number;
  /** Column-generation round within the run. */
  round: number;
  /** Current lower bound on the smallest selection probability. */
  minimum: number;
  /** People whose probability is already fixed (LEXIMIN). */
  fixedPeople: number;
  totalPeople: number;
  /** Distance between the proven upper bound and the current value at this level. */
  gap: number;
  elapsedMs: number;
}
export type ProgressFn = (event: ProgressEvent) => void;

export interface TypeDistribution {
  panels: Panel[];
  /** Probability of each panel; sums to 1. */
  probs: number[];
  /** Selection probability of each member of each type. */
  typeProb: number[];
  /** False when a time limit stopped the search before optimality was proven. */
  optimal: boolean;
  /** Upper bound minus achieved value on the level where the search stopped (0 when optimal). */
  gap: number;
  stats: {
    levels: number;
    rounds: number;
    pricingCalls: number;
    panelsGenerated: number;
    /**
     * LEXIMIN only: how the result was found — the relaxation's vector split into panels directly
     * ('walk', ADR 0106) or by column generation ('relaxation', ADR 0105), or level by level.
     */
    via?: 'walk' | 'relaxation' | 'levels';
  };
  /**
   * LEXIMIN reached through the relaxation only: per level, the dual multipliers proving its bound
   * (ADR 0113). Absent when the level-by-level search was needed (its bounds rest on pricing MIPs).
   */
  certificate?: CertificateLevel[];
}

/** Collects distinct panels found by the oracle, in discovery order. */
export class PanelSet {
  readonly panels: Panel[] = [];
  private readonly keys = new Map<string, number>();

  add(panel: Panel): boolean {
    const key = panelKey(panel);
    if (this.keys.has(key)) return false;
    this.keys.set(key, this.panels.length);
    this.panels.push(panel);
    return true;
  }
}

export function typeMarginals(inst: TypedInstance, panels: Panel[], probs: number[]): number[] {
  const out = new Array<number>(inst.types.length).fill(0);
  panels.forEach((panel, j) => {
    for (let t = 0; t < panel.length; t++) if (panel[t]) out[t] += (probs[j] * panel[t]) / inst.size[t];
  });
  return out;
}

/** Drops non-positive weights and rescales to sum 1, merging nothing (panels are distinct already). */
export function normalise(panels: Panel[], weights: number[]): { panels: Panel[]; probs: number[] } {
  const keep: number[] = [];
  weights.forEach((w, j) => {
    if (w > 1e-13) keep.push(j);
  });
  const total = keep.reduce((s, j) => s + weights[j], 0);
  return { panels: keep.map((j) => panels[j]), probs: keep.map((j) => weights[j] / total) };
}

export const PROBABILITY_TOLERANCE = 1e-6;

/** The final check of the issue: valid panels, probabilities summing to 1, marginals summing to k. */
export function checkDistribution(inst: TypedInstance, panels: Panel[], probs: number[]): string[] {
  const problems: string[] = [];
  panels.forEach((panel, j) => {
    const why = panelViolation(inst, panel);
    if (why) problems.push(`panel ${j}: ${why}`);
    if (!(probs[j] >= 0)) problems.push(`panel ${j} has probability ${probs[j]}`);
  });
  const total = probs.reduce((s, p) => s + p, 0);
  if (Math.abs(total - 1) > PROBABILITY_TOLERANCE) problems.push(`panel probabilities sum to ${total}`);
  const marg = typeMarginals(inst, panels, probs);
  const expected = marg.reduce((s, p, t) => s + p * inst.size[t], 0);
  if (Math.abs(expected - inst.input.k) > PROBABILITY_TOLERANCE * inst.input.k) {
    problems.push(`selection probabilities sum to ${expected}, not k=${inst.input.k}`);
  }
  return problems;
}
