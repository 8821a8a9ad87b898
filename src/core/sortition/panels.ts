// Feasible panels as type-count vectors, and the pricing MIP that finds the feasible panel of
// largest total weight (the column-generation oracle of every algorithm).
import { linear, rangeRows, solve } from './highs.ts';
import type { TypedInstance } from './types.ts';

/** Number of people of each type on the panel. */
export type Panel = Int32Array;

export interface QuotaBounds {
  min: number;
  max: number;
}

export function panelKey(panel: Panel): string {
  return panel.join(',');
}

export function quotaCounts(inst: TypedInstance, panel: Panel): number[] {
  return inst.quotaTypes.map((ts) => ts.reduce((s, t) => s + panel[t], 0));
}

/** Why a panel breaks the rules, or null if it is a valid panel. */
export function panelViolation(inst: TypedInstance, panel: Panel): string | null {
  let total = 0;
  for (let t = 0; t < panel.length; t++) {
    if (panel[t] < 0 || panel[t] > inst.size[t]) return `type ${t} count ${panel[t]} outside 0..${inst.size[t]}`;
    total += panel[t];
  }
  if (total !== inst.input.k) return `panel has ${total} members, not ${inst.input.k}`;
  const counts = quotaCounts(inst, panel);
  for (let q = 0; q < counts.length; q++) {
    const quota = inst.input.quotas[q];
    if (counts[q] < quota.min || counts[q] > quota.max) {
      return `${quota.category}=${quota.value} has ${counts[q]}, quota ${quota.min}..${quota.max}`;
    }
  }
  for (const group of inst.householdGroups) {
    if (group.reduce((s, t) => s + panel[t], 0) > 1) return 'two members of one household';
  }
  return null;
}

const MIP_OPTIONS = { mip_rel_gap: 1e-9, mip_abs_gap: 1e-11, mip_feasibility_tolerance: 1e-9 };

/** Solves "best feasible panel for these type weights" with the constraints written once. */
export class PanelOracle {
  private readonly constraints: string;
  private readonly bounds: string;
  private readonly generals: string;
  calls = 0;
  mipCalls = 0;

  constructor(
    private readonly inst: TypedInstance,
    bounds: QuotaBounds[] = inst.input.quotas,
  ) {
    const T = inst.types.length;
    const rows: string[] = [];
    inst.quotaTypes.forEach((ts, q) => {
      rows.push(...rangeRows(`q${q}`, linear(ts.map((t) => [1, `x${t}`] as const)), bounds[q].min, bounds[q].max));
    });
    rows.push(` size: ${linear(inst.size.map((_, t) => [1, `x${t}`] as const))} = ${inst.input.k}`);
    inst.householdGroups.forEach((g, i) => {
      rows.push(` h${i}: ${linear(g.map((t) => [1, `x${t}`] as const))} <= 1`);
    });
    this.constraints = `Subject To\n${rows.join('\n')}\n`;
    const bnds: string[] = [];
    const gens: string[] = [];
    for (let t = 0; t < T; t++) {
      bnds.push(` 0 <= x${t} <= ${inst.size[t]}`);
      gens.push(` x${t}`);
    }
    this.bounds = `Bounds\n${bnds.join('\n')}\n`;
    this.generals = `General\n${gens.join('\n')}\n`;
  }

  /** The feasible panel maximising sum_t weight[t] * count[t], or null when no panel is feasible. */
  async best(weights: ArrayLike<number>, timeLimit?: number): Promise<{ panel: Panel; value: number } | null> {
    const r = await this.improving(weights, Number.NEGATIVE_INFINITY, timeLimit);
    return r && r.panel ? { panel: r.panel, value: r.value } : null;
  }

  /**
   * Like `best`, but first solves the LP relaxation: its value bounds every panel, so when it is at
   * most `above` no panel beats `above` and no MIP is needed (panel null, value = the bound); when
   * its optimal vertex is integral it is the MIP optimum. Only otherwise is the MIP solved.
   */
  async improving(
    weights: ArrayLike<number>,
    above: number,
    timeLimit?: number,
  ): Promise<{ panel: Panel | null; value: number } | null> {
    this.calls++;
    const T = this.inst.types.length;
    const terms: [number, string][] = [];
    for (let t = 0; t < T; t++) terms.push([weights[t], `x${t}`]);
    const head = `Maximize\n obj:${linear(terms)}\n${this.constraints}`;
    const relax = await solve(`${head}${this.bounds}End\n`);
    if (relax.status === 'Infeasible') return null;
    if (relax.status === 'Optimal') {
      if (relax.objective <= above) return { panel: null, value: relax.objective };
      const x = Array.from({ length: T }, (_, t) => relax.value(`x${t}`));
      if (x.every((v) => Math.abs(v - Math.round(v)) < 1e-9)) return this.result(weights, x);
    }
    this.mipCalls++;
    const opts: Record<string, unknown> = { ...MIP_OPTIONS };
    if (timeLimit !== undefined) opts.time_limit = Math.max(0.1, timeLimit);
    const sol = await solve(`${head}${this.bounds}${this.generals}End\n`, opts);
    if (sol.status === 'Infeasible') return null;
    if (sol.status !== 'Optimal' && !(sol.status === 'Time limit reached' && Number.isFinite(sol.objective))) {
      throw new Error(`pricing MIP ended with status ${sol.status}`);
    }
    return this.result(
      weights,
      Array.from({ length: T }, (_, t) => sol.value(`x${t}`)),
    );
  }

  private result(weights: ArrayLike<number>, x: number[]): { panel: Panel; value: number } {
    const panel = Int32Array.from(x, (v) => Math.round(v));
    let value = 0;
    for (let t = 0; t < panel.length; t++) value += weights[t] * panel[t];
    return { panel, value };
  }
}
