// Feasible panels as type-count vectors, and the pricing MIP that finds the feasible panel of
// largest total weight (the column-generation oracle of every algorithm).
import { linear, rangeRows } from './highs.ts';
import { byWeight, improveBySwaps } from './local-search.ts';
import { PersistentModel, STATUS } from './persistent.ts';
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

// Weights are scaled to a largest value of 1 before solving, so these gaps are relative to that.
// A tighter absolute gap (1e-11) or MIP feasibility tolerance made the MIPs 3-6 times slower.
const MIP_OPTIONS = {
  mip_rel_gap: 1e-9,
  mip_abs_gap: 1e-9,
  primal_feasibility_tolerance: 1e-9,
  dual_feasibility_tolerance: 1e-9,
  random_seed: 0,
};

/**
 * Solves "best feasible panel for these type weights" on one persistent HiGHS model: only the
 * objective changes between calls, so the LP relaxation re-solves warm. Call `dispose()` when done.
 */
export class PanelOracle {
  private readonly text: string;
  private model: PersistentModel | undefined;
  private cols: Int32Array | undefined;
  calls = 0;
  mipCalls = 0;
  swapHits = 0;

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
    const objective = Array.from({ length: T }, (_, t) => `0 x${t}`).join(' + ');
    const bnds = Array.from({ length: T }, (_, t) => ` 0 <= x${t} <= ${inst.size[t]}`);
    this.text = `Maximize\n obj: ${objective}\nSubject To\n${rows.join('\n')}\nBounds\n${bnds.join('\n')}\nEnd\n`;
  }

  private async ready(): Promise<{ model: PersistentModel; cols: Int32Array }> {
    if (!this.model || !this.cols) {
      this.model = await PersistentModel.fromLp(this.text, MIP_OPTIONS);
      const model = this.model;
      this.cols = Int32Array.from(this.inst.size, (_, t) => model.col(`x${t}`));
    }
    return { model: this.model, cols: this.cols };
  }

  dispose(): void {
    this.model?.dispose();
    this.model = undefined;
  }

  /** The feasible panel maximising sum_t weight[t] * count[t], or null when no panel is feasible. */
  async best(weights: ArrayLike<number>, timeLimit?: number): Promise<{ panel: Panel; value: number } | null> {
    const r = await this.improving(weights, Number.NEGATIVE_INFINITY, timeLimit);
    return r?.panel ? { panel: r.panel, value: r.value } : null;
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
    starts: Panel[] = [],
  ): Promise<{ panel: Panel | null; value: number } | null> {
    const r = await this.improvingMany(weights, above, timeLimit, starts, 1);
    if (!r) return null;
    return { panel: r.panels[0] ?? null, value: r.value };
  }

  /**
   * Several panels that beat `above` (from the LP vertex if integral, local search from the `many`
   * best known panels, else the MIP), with `value` the best value found or the proven bound when none
   * beats `above`. Null when no panel is feasible.
   */
  async improvingMany(
    weights: ArrayLike<number>,
    above: number,
    timeLimit: number | undefined,
    starts: Panel[],
    many: number,
  ): Promise<{ panels: Panel[]; value: number } | null> {
    this.calls++;
    const { model, cols } = await this.ready();
    const T = this.inst.types.length;
    let scale = 0;
    for (let t = 0; t < T; t++) scale = Math.max(scale, Math.abs(weights[t]));
    if (!(scale > 0)) scale = 1;
    const costs = new Float64Array(model.numCols);
    for (let t = 0; t < T; t++) costs[cols[t]] = weights[t] / scale;
    model.setCosts(costs);
    // The relaxation re-solves warm without presolve; the MIP benefits from presolve.
    model.setOptions({ time_limit: timeLimit === undefined ? 1e30 : Math.max(0.1, timeLimit), presolve: 'off' });
    const relax = model.run();
    if (relax.status === STATUS.infeasible) return null;
    const pick = (x: Float64Array) => Array.from(cols, (c) => x[c]);
    if (relax.status === STATUS.optimal) {
      if (relax.objective * scale <= above) return { panels: [], value: relax.objective * scale };
      const x = pick(relax.x);
      const found = this.bySwaps(weights, above, starts, many);
      if (x.every((v) => Math.abs(v - Math.round(v)) < 1e-9)) {
        const vertex = this.result(weights, x);
        return { panels: [vertex.panel, ...found], value: vertex.value };
      }
      if (found.length) {
        return { panels: found, value: Math.max(...found.map((p) => this.result(weights, p).value)) };
      }
    }
    this.mipCalls++;
    model.setOptions({ presolve: 'choose' });
    model.setIntegral(model.numCols, true);
    try {
      const sol = model.run();
      if (sol.status === STATUS.infeasible) return null;
      if (sol.status !== STATUS.optimal && !(sol.status === STATUS.timeLimit && Number.isFinite(sol.objective))) {
        throw new Error(`pricing MIP ended with status ${sol.status}`);
      }
      const r = this.result(weights, pick(sol.x));
      return { panels: r.value > above ? [r.panel] : [], value: r.value };
    } finally {
      model.setIntegral(model.numCols, false);
    }
  }

  /** Local search from the best few starting panels; the distinct results that beat `above`. */
  private bySwaps(weights: ArrayLike<number>, above: number, starts: Panel[], many: number): Panel[] {
    const ranked = starts
      .map((p) => ({ p, v: weightOf(p, weights) }))
      .sort((a, b) => b.v - a.v)
      .slice(0, many);
    const order = byWeight(weights);
    const seen = new Set<string>();
    const out: Panel[] = [];
    for (const { p } of ranked) {
      const improved = improveBySwaps(this.inst, p, weights, order);
      const key = improved.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      if (weightOf(improved, weights) > above) out.push(improved);
    }
    this.swapHits += out.length;
    return out;
  }

  private result(weights: ArrayLike<number>, x: ArrayLike<number>): { panel: Panel; value: number } {
    const panel = Int32Array.from(x, (v) => Math.round(v));
    let value = 0;
    for (let t = 0; t < panel.length; t++) value += weights[t] * panel[t];
    return { panel, value };
  }
}

function weightOf(panel: Panel, weights: ArrayLike<number>): number {
  let v = 0;
  for (let t = 0; t < panel.length; t++) if (panel[t]) v += weights[t] * panel[t];
  return v;
}
