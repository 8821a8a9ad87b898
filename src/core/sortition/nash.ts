// NASH: maximise sum over people of log(probability) (ADR 0101). Column generation again: the master
// problem over known panels is solved by pairwise Frank–Wolfe steps with exact line search, and the
// pricing MIP (weights 1/pi_t per member) yields the panel with the steepest ascent. The Frank–Wolfe
// duality gap max_P grad.P - grad.p = V - n bounds the distance to the optimum; we stop at gap <= 1e-6 n.
import { type ProgressFn, PanelSet, type TypeDistribution, normalise, typeMarginals } from './distribution.ts';
import { coverTypes } from './leximin.ts';
import { type Panel, PanelOracle } from './panels.ts';
import type { TypedInstance } from './types.ts';

export interface NashOptions {
  deadline?: number;
  onProgress?: ProgressFn;
}

const REL_GAP = 1e-6;
const MAX_INNER_STEPS = 2000;

type Sparse = { t: Int32Array; x: Int32Array };
const sparse = (p: Panel): Sparse => {
  const t: number[] = [];
  const x: number[] = [];
  p.forEach((c, i) => {
    if (c) {
      t.push(i);
      x.push(c);
    }
  });
  return { t: Int32Array.from(t), x: Int32Array.from(x) };
};

export async function nash(inst: TypedInstance, options: NashOptions = {}): Promise<TypeDistribution> {
  const oracle = new PanelOracle(inst);
  try {
    return await solveNash(inst, options, oracle);
  } finally {
    oracle.dispose();
  }
}

async function solveNash(inst: TypedInstance, options: NashOptions, oracle: PanelOracle): Promise<TypeDistribution> {
  const started = Date.now();
  const T = inst.types.length;
  const set = new PanelSet();
  const dead = new Set(await coverTypes(inst, oracle, set));
  const live = inst.size.reduce((s, n, t) => s + (dead.has(t) ? 0 : n), 0);
  const cols = set.panels.map(sparse);
  let probs = cols.map(() => 1 / cols.length);
  const pi = new Float64Array(T);
  const recompute = () => {
    pi.fill(0);
    cols.forEach((c, j) => {
      for (let i = 0; i < c.t.length; i++) pi[c.t[i]] += (probs[j] * c.x[i]) / inst.size[c.t[i]];
    });
  };
  let rounds = 0;
  let gap = Number.POSITIVE_INFINITY;
  let optimal = false;
  for (;;) {
    rounds++;
    recompute();
    innerSolve(inst, cols, probs, pi, dead);
    recompute();
    const weights = Array.from(pi, (p, t) => (dead.has(t) ? 0 : 1 / p));
    const priced = await oracle.best(weights);
    if (!priced) throw new Error('pricing found no feasible panel');
    gap = Math.max(0, priced.value - live);
    options.onProgress?.({
      algorithm: 'nash',
      level: 1,
      round: rounds,
      minimum: Math.min(...Array.from(pi).filter((_, t) => !dead.has(t))),
      fixedPeople: 0,
      totalPeople: inst.input.people.length,
      gap: gap / live,
      elapsedMs: Date.now() - started,
    });
    if (gap <= REL_GAP * live || !set.add(priced.panel)) {
      optimal = true;
      break;
    }
    if (options.deadline !== undefined && Date.now() > options.deadline) break;
    cols.push(sparse(priced.panel));
    probs = [...probs, 0];
  }
  const { panels, probs: p } = normalise(set.panels, probs);
  return {
    panels,
    probs: p,
    typeProb: typeMarginals(inst, panels, p),
    optimal,
    gap: optimal ? 0 : gap / live,
    stats: { levels: 1, rounds, pricingCalls: oracle.calls, panelsGenerated: set.panels.length },
  };
}

/** Pairwise Frank–Wolfe over the known panels: move mass from the worst used panel to the best one. */
function innerSolve(inst: TypedInstance, cols: Sparse[], probs: number[], pi: Float64Array, dead: Set<number>) {
  const grad = (c: Sparse) => {
    let g = 0;
    for (let i = 0; i < c.t.length; i++) if (!dead.has(c.t[i])) g += c.x[i] / pi[c.t[i]];
    return g;
  };
  const live = inst.size.reduce((s, n, t) => s + (dead.has(t) ? 0 : n), 0);
  for (let step = 0; step < MAX_INNER_STEPS; step++) {
    let hi = -1;
    let lo = -1;
    let gHi = Number.NEGATIVE_INFINITY;
    let gLo = Number.POSITIVE_INFINITY;
    cols.forEach((c, j) => {
      const g = grad(c);
      if (g > gHi) [gHi, hi] = [g, j];
      if (probs[j] > 0 && g < gLo) [gLo, lo] = [g, j];
    });
    if (hi === lo || gHi - gLo <= 0.1 * REL_GAP * live) return;
    // d = direction of pi per unit moved from lo to hi
    const d = new Map<number, number>();
    const addDir = (c: Sparse, sign: number) => {
      for (let i = 0; i < c.t.length; i++) {
        const t = c.t[i];
        d.set(t, (d.get(t) ?? 0) + (sign * c.x[i]) / inst.size[t]);
      }
    };
    addDir(cols[hi], 1);
    addDir(cols[lo], -1);
    const slope = (g: number) => {
      let s = 0;
      for (const [t, dt] of d) if (!dead.has(t)) s += (inst.size[t] * dt) / (pi[t] + g * dt);
      return s;
    };
    // Never let a live type's probability reach 0 (log would be -infinity).
    let gamma = probs[lo];
    for (const [t, dt] of d) if (dt < 0 && !dead.has(t)) gamma = Math.min(gamma, (-pi[t] / dt) * (1 - 1e-9));
    if (slope(gamma) < 0) {
      let a = 0;
      let b = gamma;
      for (let it = 0; it < 60; it++) {
        const m = (a + b) / 2;
        if (slope(m) > 0) a = m;
        else b = m;
      }
      gamma = a;
    }
    probs[hi] += gamma;
    probs[lo] -= gamma;
    for (const [t, dt] of d) pi[t] += gamma * dt;
  }
}
