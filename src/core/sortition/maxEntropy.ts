// `--distribution maxentropy` (ADR 0116): keep the marginals of a given distribution (LEXIMIN's) and
// spread the probability over many more panels, choosing the (near-)maximum-entropy distribution
// over a candidate set that contains the given panels plus panels found by seeded swap walks.
// Pure floating-point JS in a fixed order, with iteration counts only, so a rerun is bit for bit.
import { normalise, PanelSet, typeMarginals } from './distribution.ts';
import { linear, solve } from './highs.ts';
import type { Panel } from './panels.ts';
import { fastRng } from './random.ts';
import type { TypedInstance } from './types.ts';

/**
 * Largest |marginal - LEXIMIN's marginal| accepted, per person (probability units): a few times
 * HiGHS's feasibility tolerance (1e-9, on counts), and below the certificate's 1e-8 (ADR 0113).
 */
export const MARGINAL_TOLERANCE = 5e-9;
/** Expectations within this of a bound are treated as at the bound (a face every panel must keep). */
const FACE_EPS = 1e-7;
// Iteration counts, never seconds. The L1 repair below absorbs what the dual leaves unconverged.
const NEWTON_ITERATIONS = 30;
const CG_ITERATIONS = 100;
const LINE_SEARCH_STEPS = 40;

export interface EntropyPair {
  /** Shannon entropy over type-count panels, in nats. */
  typePanels: number;
  /** Over panels of people: adds the expected log C(size_t, x_t) of the uniform choice within types. */
  peoplePanels: number;
}

export interface MaxEntropyResult {
  panels: Panel[];
  probs: number[];
  stats: {
    candidates: number;
    /** Candidates that a distribution with the marginals can give positive probability (support LP). */
    usable: number;
    walkSteps: number;
    newtonIterations: number;
    /** Largest per-person marginal deviation of the dual solution before any mixing. */
    dualMarginalError: number;
    /** Probability mass the L1 repair LP moved to meet the marginals exactly (0 when not needed). */
    repairMass: number;
    /** Weight of the given distribution in the final mixture (0 when the dual solution was accurate). */
    mixture: number;
    /** Largest per-person marginal deviation of the result from the given distribution. */
    marginalError: number;
    /** Weak-duality upper bound on the entropy of any distribution over the candidates with these marginals. */
    dualBound: number;
  };
}

/** log C(n, x), summed in a fixed order. */
export function logChoose(n: number, x: number): number {
  const m = Math.min(x, n - x);
  let s = 0;
  for (let i = 0; i < m; i++) s += Math.log(n - i) - Math.log(i + 1);
  return s;
}

export function entropyOf(inst: TypedInstance, panels: Panel[], probs: number[]): EntropyPair {
  let h = 0;
  let within = 0;
  panels.forEach((panel, j) => {
    const p = probs[j];
    if (!(p > 0)) return;
    h -= p * Math.log(p);
    let w = 0;
    for (let t = 0; t < panel.length; t++) if (panel[t]) w += logChoose(inst.size[t], panel[t]);
    within += p * w;
  });
  return { typePanels: h, peoplePanels: h + within };
}

/**
 * Linear functionals whose expectation under the given distribution sits at a bound every panel
 * respects: each candidate must sit at that bound too, or no distribution with these marginals could
 * give it positive probability (and the dual would diverge towards it).
 */
interface Faces {
  /** Types whose count is fixed (at 0 or at the type's size) on every panel of the support. */
  fixedType: Uint8Array;
  /** Quotas whose count is fixed; the value is in quotaValue. */
  fixedQuota: Uint8Array;
  quotaValue: Int32Array;
  /** Household groups of which every panel must hold exactly one member. */
  fullGroup: Uint8Array;
  /** LEXIMIN level multipliers (dense, per type) on which all given panels score the same ... */
  levelWeights: Float64Array[];
  /** ... that score, which every candidate must match (the level's supporting hyperplane). */
  levelScore: number[];
}

const SCORE_EPS = 1e-9;

function scoreOf(w: Float64Array, panel: ArrayLike<number>): number {
  let s = 0;
  for (let t = 0; t < panel.length; t++) if (panel[t]) s += w[t] * panel[t];
  return s;
}

/**
 * LEXIMIN's level multipliers (ADR 0113) define hyperplanes w . x <= bound that its panels touch; a
 * level is used as a face only when all given panels of positive probability score alike on it.
 */
function levelFaces(T: number, given: { panels: Panel[]; probs: number[] }, levels: [number, number][][]) {
  const levelWeights: Float64Array[] = [];
  const levelScore: number[] = [];
  for (const pairs of levels) {
    const w = new Float64Array(T);
    for (const [t, x] of pairs) w[t] = x;
    const scores = given.panels.filter((_, j) => given.probs[j] > 1e-9).map((p) => scoreOf(w, p));
    if (!scores.length) continue;
    const top = Math.max(...scores.map(Math.abs), 1);
    if (scores.every((x) => Math.abs(x - scores[0]) <= SCORE_EPS * top)) {
      levelWeights.push(w);
      levelScore.push(scores[0]);
    }
  }
  return { levelWeights, levelScore };
}

function onLevels(faces: Faces, score: (l: number) => number): boolean {
  for (let l = 0; l < faces.levelWeights.length; l++) {
    const top = Math.max(Math.abs(faces.levelScore[l]), 1);
    if (Math.abs(score(l) - faces.levelScore[l]) > 1e3 * SCORE_EPS * top) return false;
  }
  return true;
}

function facesOf(
  inst: TypedInstance,
  mean: number[],
  given: { panels: Panel[]; probs: number[] },
  levels: [number, number][][],
): Faces {
  const T = inst.types.length;
  const fixedType = new Uint8Array(T);
  for (let t = 0; t < T; t++) if (mean[t] <= FACE_EPS || mean[t] >= inst.size[t] - FACE_EPS) fixedType[t] = 1;
  const Q = inst.quotaTypes.length;
  const fixedQuota = new Uint8Array(Q);
  const quotaValue = new Int32Array(Q);
  inst.quotaTypes.forEach((ts, q) => {
    const e = ts.reduce((s, t) => s + mean[t], 0);
    const { min, max } = inst.input.quotas[q];
    if (e <= min + FACE_EPS) {
      fixedQuota[q] = 1;
      quotaValue[q] = min;
    } else if (e >= max - FACE_EPS) {
      fixedQuota[q] = 1;
      quotaValue[q] = max;
    }
  });
  const fullGroup = Uint8Array.from(inst.householdGroups, (g) => (g.reduce((s, t) => s + mean[t], 0) >= 1 - FACE_EPS ? 1 : 0));
  return { fixedType, fixedQuota, quotaValue, fullGroup, ...levelFaces(T, given, levels) };
}

function onFaces(inst: TypedInstance, faces: Faces, panel: Panel, mean: number[]): boolean {
  for (let t = 0; t < panel.length; t++) if (faces.fixedType[t] && panel[t] !== Math.round(mean[t])) return false;
  for (let q = 0; q < faces.fixedQuota.length; q++) {
    if (faces.fixedQuota[q] && inst.quotaTypes[q].reduce((s, t) => s + panel[t], 0) !== faces.quotaValue[q]) return false;
  }
  for (let g = 0; g < faces.fullGroup.length; g++) {
    if (faces.fullGroup[g] && inst.householdGroups[g].reduce((s, t) => s + panel[t], 0) !== 1) return false;
  }
  return onLevels(faces, (l) => scoreOf(faces.levelWeights[l], panel));
}

/** A panel under swap moves: counts, members as a list of types, quota counts and household sums. */
class WalkState {
  readonly panel: Int32Array;
  readonly slots: number[] = [];
  readonly quota: Int32Array;
  readonly group: Int32Array;
  /** Score of the panel on each level face, kept up to date by `swap`. */
  readonly score: Float64Array;

  constructor(
    private readonly inst: TypedInstance,
    start: Panel,
    private readonly groupOf: Int32Array,
    private readonly faces: Faces,
  ) {
    this.score = Float64Array.from(faces.levelWeights, (w) => scoreOf(w, start));
    this.panel = Int32Array.from(start);
    start.forEach((c, t) => {
      for (let i = 0; i < c; i++) this.slots.push(t);
    });
    this.quota = Int32Array.from(inst.quotaTypes, (ts) => ts.reduce((s, t) => s + start[t], 0));
    this.group = Int32Array.from(inst.householdGroups, (g) => g.reduce((s, t) => s + start[t], 0));
  }

  /** Moves slot i to type b (no checks); returns the type it held. */
  swap(i: number, b: number): number {
    const a = this.slots[i];
    this.slots[i] = b;
    this.panel[a]--;
    this.panel[b]++;
    for (const q of this.inst.types[a].quotaIndex) this.quota[q]--;
    for (const q of this.inst.types[b].quotaIndex) this.quota[q]++;
    if (this.groupOf[a] >= 0) this.group[this.groupOf[a]]--;
    if (this.groupOf[b] >= 0) this.group[this.groupOf[b]]++;
    const ws = this.faces.levelWeights;
    for (let l = 0; l < ws.length; l++) this.score[l] += ws[l][b] - ws[l][a];
    return a;
  }

  /** Whether the quotas and households touched by types in `touched` still hold (with the faces). */
  ok(touched: number[], faces: Faces): boolean {
    const quotas = this.inst.input.quotas;
    for (const t of touched) {
      if (this.panel[t] > this.inst.size[t]) return false;
      for (const q of this.inst.types[t].quotaIndex) {
        const c = this.quota[q];
        if (c < quotas[q].min || c > quotas[q].max) return false;
        if (faces.fixedQuota[q] && c !== faces.quotaValue[q]) return false;
      }
      const g = this.groupOf[t];
      if (g >= 0 && (this.group[g] > 1 || (faces.fullGroup[g] && this.group[g] !== 1))) return false;
    }
    return onLevels(faces, (l) => this.score[l]);
  }
}

/**
 * Candidate panels: the given ones (those on the faces) plus panels reached by random walks of single
 * or double swaps from them, until `target` panels or the step budget is spent. Seeded, so fixed.
 */
export function candidatePanels(
  inst: TypedInstance,
  given: { panels: Panel[]; probs: number[] },
  mean: number[],
  target: number,
  seed: string,
  levels: [number, number][][] = [],
): { panels: Panel[]; steps: number } {
  const faces = facesOf(inst, mean, given, levels);
  const set = new PanelSet();
  const starts = given.panels.filter((p) => onFaces(inst, faces, p, mean));
  for (const p of starts) set.add(p);
  const movable: number[] = [];
  for (let t = 0; t < inst.types.length; t++) if (!faces.fixedType[t]) movable.push(t);
  if (!starts.length || movable.length < 2) return { panels: set.panels, steps: 0 };
  const groupOf = new Int32Array(inst.types.length).fill(-1);
  inst.householdGroups.forEach((g, gi) => {
    for (const t of g) groupOf[t] = gi;
  });
  const rand = fastRng(seed);
  const below = (n: number) => Math.floor(rand() * n);
  const budget = 400 * target;
  const walkLength = 4 * inst.input.k;
  let steps = 0;
  for (let w = 0; set.panels.length < target && steps < budget; w++) {
    const state = new WalkState(inst, starts[w % starts.length], groupOf, faces);
    for (let s = 0; s < walkLength && set.panels.length < target && steps < budget; s++, steps++) {
      const i = below(state.slots.length);
      const j = below(state.slots.length);
      if (faces.fixedType[state.slots[i]] || faces.fixedType[state.slots[j]]) continue;
      // One member changes type (quota counts move within their ranges), or two if one breaks a quota.
      const b = movable[below(movable.length)];
      const a = state.swap(i, b);
      if (state.ok([a, b], faces)) {
        set.add(Int32Array.from(state.panel));
        continue;
      }
      const c = movable[below(movable.length)];
      if (j !== i && !faces.fixedType[state.slots[j]]) {
        const d = state.swap(j, c);
        if (state.ok([a, b, c, d], faces)) {
          set.add(Int32Array.from(state.panel));
          continue;
        }
        state.swap(j, d);
      }
      state.swap(i, a);
    }
  }
  return { panels: set.panels, steps };
}

/** Sparse panels: for panel j, its types and counts. */
interface Sparse {
  start: Int32Array;
  type: Int32Array;
  count: Float64Array;
}

function sparseOf(panels: Panel[]): Sparse {
  const start = new Int32Array(panels.length + 1);
  const type: number[] = [];
  const count: number[] = [];
  panels.forEach((p, j) => {
    for (let t = 0; t < p.length; t++) {
      if (p[t]) {
        type.push(t);
        count.push(p[t]);
      }
    }
    start[j + 1] = type.length;
  });
  return { start, type: Int32Array.from(type), count: Float64Array.from(count) };
}

/** Scores s_j = theta . x_j, and probabilities p_j proportional to exp(s_j). Returns log Z. */
function gibbs(sp: Sparse, theta: Float64Array, p: Float64Array): number {
  const N = p.length;
  let top = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < N; j++) {
    let s = 0;
    for (let e = sp.start[j]; e < sp.start[j + 1]; e++) s += theta[sp.type[e]] * sp.count[e];
    p[j] = s;
    if (s > top) top = s;
  }
  let z = 0;
  for (let j = 0; j < N; j++) {
    p[j] = Math.exp(p[j] - top);
    z += p[j];
  }
  for (let j = 0; j < N; j++) p[j] /= z;
  return top + Math.log(z);
}

/** out = A p (expected count of each type). */
function expectCounts(sp: Sparse, p: Float64Array, out: Float64Array): void {
  out.fill(0);
  for (let j = 0; j < p.length; j++) {
    for (let e = sp.start[j]; e < sp.start[j + 1]; e++) out[sp.type[e]] += p[j] * sp.count[e];
  }
}

function dot(a: Float64Array, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Covariance of the panel counts under p times v: A diag(p) A^T v - (A p)(p . A^T v). */
function hessVec(sp: Sparse, p: Float64Array, mean: Float64Array, v: Float64Array, out: Float64Array): void {
  out.fill(0);
  let pv = 0;
  for (let j = 0; j < p.length; j++) {
    let s = 0;
    for (let e = sp.start[j]; e < sp.start[j + 1]; e++) s += v[sp.type[e]] * sp.count[e];
    const w = p[j] * s;
    pv += w;
    for (let e = sp.start[j]; e < sp.start[j + 1]; e++) out[sp.type[e]] += w * sp.count[e];
  }
  for (let t = 0; t < out.length; t++) out[t] -= mean[t] * pv;
}

/** Conjugate gradients for H d = r (H positive semi-definite, r in its range), from d = 0. */
function solveCg(apply: (v: Float64Array, out: Float64Array) => void, r: Float64Array): Float64Array {
  const n = r.length;
  const d = new Float64Array(n);
  const res = Float64Array.from(r);
  const dir = Float64Array.from(r);
  const hd = new Float64Array(n);
  let rr = dot(res, res);
  const stop = rr * 1e-20;
  for (let it = 0; it < CG_ITERATIONS && rr > stop; it++) {
    apply(dir, hd);
    const curv = dot(dir, hd);
    if (!(curv > 0)) break;
    const alpha = rr / curv;
    for (let i = 0; i < n; i++) {
      d[i] += alpha * dir[i];
      res[i] -= alpha * hd[i];
    }
    const next = dot(res, res);
    const beta = next / rr;
    rr = next;
    for (let i = 0; i < n; i++) dir[i] = res[i] + beta * dir[i];
  }
  return d;
}

/**
 * Maximum entropy over the candidate panels subject to expected counts `m`: minimises the dual
 * log Z(theta) - theta . m by Newton's method (conjugate-gradient steps, backtracking line search).
 */
export function maxEntropyOver(
  panels: Panel[],
  m: number[],
  size: number[],
): { probs: number[]; iterations: number; error: number; dualBound: number } {
  const sp = sparseOf(panels);
  const T = m.length;
  const theta = new Float64Array(T);
  const p = new Float64Array(panels.length);
  const trial = new Float64Array(panels.length);
  const mean = new Float64Array(T);
  const grad = new Float64Array(T);
  const target = Float64Array.from(m);
  const dual = (th: Float64Array, out: Float64Array) => gibbs(sp, th, out) - dot(th, target);
  const errorOf = () => {
    let e = 0;
    for (let t = 0; t < T; t++) e = Math.max(e, Math.abs(mean[t] - m[t]) / size[t]);
    return e;
  };
  let f = dual(theta, p);
  let iterations = 0;
  for (; iterations < NEWTON_ITERATIONS; iterations++) {
    expectCounts(sp, p, mean);
    if (errorOf() <= MARGINAL_TOLERANCE * 1e-3) break;
    for (let t = 0; t < T; t++) grad[t] = m[t] - mean[t];
    const step = solveCg((v, out) => hessVec(sp, p, mean, v, out), grad);
    const slope = -dot(step, grad);
    if (!(slope < 0)) break;
    let a = 1;
    let moved = false;
    const next = new Float64Array(T);
    for (let ls = 0; ls < LINE_SEARCH_STEPS; ls++, a /= 2) {
      for (let t = 0; t < T; t++) next[t] = theta[t] + a * step[t];
      const fn = dual(next, trial);
      if (fn <= f + 1e-4 * a * slope) {
        theta.set(next);
        p.set(trial);
        f = fn;
        moved = true;
        break;
      }
    }
    if (!moved) break;
  }
  expectCounts(sp, p, mean);
  return { probs: Array.from(p), iterations, error: errorOf(), dualBound: f };
}

/**
 * The maximum-entropy distribution with the marginals of (panels, probs): candidates, the dual solve,
 * and, if the dual solution misses the marginals by more than MARGINAL_TOLERANCE, the mixture with
 * the given distribution that brings the miss down to the tolerance (the given one is feasible).
 */
export async function maxEntropy(
  inst: TypedInstance,
  given: { panels: Panel[]; probs: number[]; certificate?: { weights: [number, number][] }[] },
  options: { candidates: number; seed: string },
): Promise<MaxEntropyResult> {
  const T = inst.types.length;
  const marg = typeMarginals(inst, given.panels, given.probs);
  const m = marg.map((x, t) => x * inst.size[t]);
  const levels = (given.certificate ?? []).map((l) => l.weights);
  const cand = candidatePanels(inst, given, m, options.candidates, options.seed, levels);
  // Keep the candidates that some distribution with these marginals can use (one LP), so that the
  // dual has a finite optimum; the faces above catch only the single-row ones.
  const usable = cand.panels.length ? await usablePanels(cand.panels, m) : null;
  // LEXIMIN's own panels are usable by definition (its distribution uses them), whatever the LP says.
  const own = new Set(given.panels.filter((_, j) => given.probs[j] > 0).map((p) => p.join(',')));
  const support = usable ? cand.panels.filter((p, j) => usable[j] || own.has(p.join(','))) : cand.panels;
  const solved = support.length
    ? maxEntropyOver(support, m, inst.size)
    : { probs: [], iterations: 0, error: Number.POSITIVE_INFINITY, dualBound: Number.NaN };
  // The given panels are columns of the repair too (even those off the faces), so it is feasible.
  const all = new PanelSet();
  for (const panel of support) all.add(panel);
  for (const panel of given.panels) all.add(panel);
  const start = all.panels.map((_, j) => (j < support.length ? solved.probs[j] : 0));
  let probs = start;
  let repairMass = 0;
  if (!(solved.error <= MARGINAL_TOLERANCE)) {
    const repaired = await repairL1(all.panels, m, start);
    if (repaired) {
      probs = repaired;
      repairMass = repaired.reduce((s, p, j) => s + Math.abs(p - start[j]), 0);
    }
  }
  const missBy = (ps: number[]) => {
    const r = typeMarginals(inst, all.panels, ps);
    return r.reduce((e, x, t) => Math.max(e, Math.abs(x - marg[t])), 0);
  };
  // Last resort, the mixture with the given distribution that brings the miss within tolerance.
  const miss = missBy(probs);
  let mixture = miss <= MARGINAL_TOLERANCE ? 0 : Number.isFinite(miss) ? 1 - MARGINAL_TOLERANCE / miss : 1;
  // Never less entropy than the given distribution: if the repair lost it all, keep the given one.
  if (entropyOf(inst, all.panels, probs).typePanels < entropyOf(inst, given.panels, given.probs).typePanels) mixture = 1;
  if (mixture > 0) {
    const index = new Map(all.panels.map((p, j) => [p.join(','), j]));
    probs = probs.map((p) => (1 - mixture) * p);
    given.panels.forEach((panel, j) => {
      probs[index.get(panel.join(',')) as number] += mixture * given.probs[j];
    });
  }
  const out = normalise(all.panels, probs);
  const reached = typeMarginals(inst, out.panels, out.probs);
  let marginalError = 0;
  for (let t = 0; t < T; t++) marginalError = Math.max(marginalError, Math.abs(reached[t] - marg[t]));
  return {
    panels: out.panels,
    probs: out.probs,
    stats: {
      candidates: cand.panels.length,
      usable: support.length,
      walkSteps: cand.steps,
      newtonIterations: solved.iterations,
      dualMarginalError: solved.error,
      repairMass,
      mixture,
      marginalError,
      dualBound: solved.dualBound,
    },
  };
}

/**
 * Which panels some distribution with expected counts `m` can use: one LP maximising
 * sum_j min(p_j, eps). A panel it leaves at 0 could at most get a tiny weight, so dropping it costs
 * almost no entropy; a panel it uses is certainly usable. Null when HiGHS does not report optimal.
 */
async function usablePanels(panels: Panel[], m: number[]): Promise<boolean[] | null> {
  const eps = 1e-3 / panels.length;
  const rows = marginalRows(panels, m);
  panels.forEach((_, j) => {
    rows.push(` y${j}: y${j} - p${j} <= 0`);
  });
  const objective = linear(panels.map((_, j) => [1, `y${j}`] as const));
  const bounds = panels.map((_, j) => ` 0 <= y${j} <= ${eps}`);
  const sol = await solve(`Maximize\n obj: ${objective}\nSubject To\n${rows.join('\n')}\nBounds\n${bounds.join('\n')}\nEnd\n`);
  if (sol.status !== 'Optimal') return null;
  return panels.map((_, j) => sol.value(`p${j}`) > 1e-10);
}

/** Rows "expected count of type t = m_t" and "probabilities sum to 1" over columns p0, p1, ... */
function marginalRows(panels: Panel[], m: number[]): string[] {
  const T = m.length;
  const byType: [number, string][][] = Array.from({ length: T }, () => []);
  panels.forEach((panel, j) => {
    for (let t = 0; t < T; t++) if (panel[t]) byType[t].push([panel[t], `p${j}`]);
  });
  const rows: string[] = [];
  for (let t = 0; t < T; t++) if (byType[t].length) rows.push(` t${t}: ${linear(byType[t])} = ${m[t]}`);
  rows.push(` one: ${linear(panels.map((_, j) => [1, `p${j}`] as const))} = 1`);
  return rows;
}

/**
 * The distribution over `panels` with expected counts `m` closest to `start` in L1 (an LP): it moves
 * only the mass needed, so it keeps most of the entropy. Null when HiGHS does not report optimal.
 */
async function repairL1(panels: Panel[], m: number[], start: number[]): Promise<number[] | null> {
  const rows = marginalRows(panels, m);
  panels.forEach((_, j) => {
    rows.push(` u${j}: e${j} - p${j} >= ${-start[j]}`, ` l${j}: e${j} + p${j} >= ${start[j]}`);
  });
  const objective = linear(panels.map((_, j) => [1, `e${j}`] as const));
  const sol = await solve(`Minimize\n obj: ${objective}\nSubject To\n${rows.join('\n')}\nEnd\n`);
  if (sol.status !== 'Optimal') return null;
  const probs = panels.map((_, j) => Math.max(0, sol.value(`p${j}`)));
  const total = probs.reduce((s, p) => s + p, 0);
  return probs.map((p) => p / total);
}
