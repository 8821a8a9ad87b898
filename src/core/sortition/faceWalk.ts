// Splitting a target of expected type counts into whole panels directly, without column generation
// (ADR 0106). Carathéodory's walk on the quota polytope Q: with r the target still to be covered
// (scaled to mass 1), pick a whole panel P that lies on the smallest face of Q containing r and
// rounds every type down or up (P_t in {floor r_t, ceil r_t}); move mass from r to P until r hits one
// more facet of Q (a type at 0 or at its size, a quota at its bound, a household full). Facets that
// were hit stay hit, so the walk ends after at most as many steps as Q has facets, with r itself a
// whole panel. The walk can get stuck when no such panel exists (Q has fractional vertices once
// quotas cross three or more categories); it then returns what it found, and those panels seed the
// column generation instead.
import { PersistentModel, STATUS } from './persistent.ts';
import type { Panel } from './panels.ts';
import { panelViolation } from './panels.ts';
import type { TypedInstance } from './types.ts';

/** Residual counts below this are zero; values this close to an integer or bound are on it. */
const SNAP = 1e-9;
/** Absolute rounding noise in the residual counts (LP tolerances on the target, float sums). */
const NOISE = 1e-11;
/** Fractional parts are weighted as if at least this large (keeps the MIP objective finite). */
const MIN_FRACTION = 1e-6;

export interface Walk {
  /** The panels in the order found. */
  panels: Panel[];
  /**
   * The mass each step moved onto its panel, in the same order (sums to 1 less the mass left). The
   * caller checks their mixture against the target and re-solves the weights by LP only when it
   * misses (ADR 0117).
   */
  weights: number[];
  /** True when the whole target was split; false when the walk got stuck or ran out of time. */
  complete: boolean;
}

/** Called after every step with the counts not yet covered and the mass not yet placed. */
export type WalkStep = (step: number, residual: Float64Array, mass: number) => void;

export async function walkToPanels(
  inst: TypedInstance,
  counts: ArrayLike<number>,
  deadline?: number,
  onStep?: WalkStep,
): Promise<Walk> {
  const T = inst.types.length;
  const { quotas, k } = inst.input;
  const Q = quotas.length;
  const rows: string[] = [];
  inst.quotaTypes.forEach((ts, q) => {
    rows.push(` q${q}:${terms(ts)} >= 0`);
  });
  rows.push(` size:${terms(inst.size.map((_, t) => t))} = ${k}`);
  inst.householdGroups.forEach((g, i) => {
    rows.push(` h${i}:${terms(g)} <= 1`);
  });
  const bounds = Array.from({ length: T }, (_, t) => ` 0 <= x${t} <= ${inst.size[t]}`);
  const model = await PersistentModel.fromLp(
    `Maximize\n obj:${terms(inst.size.map((_, t) => t), 0)}\nSubject To\n${rows.join('\n')}\nBounds\n${bounds.join('\n')}\nEnd\n`,
    { primal_feasibility_tolerance: 1e-9, dual_feasibility_tolerance: 1e-9, random_seed: 0, mip_rel_gap: 1e-2, presolve: 'off' },
  );
  const cols = Int32Array.from({ length: T }, (_, t) => model.col(`x${t}`));
  const quotaRow = Int32Array.from({ length: Q }, (_, q) => model.row(`q${q}`));
  const householdRow = inst.householdGroups.map((_, i) => model.row(`h${i}`));
  // Every row's bounds, written in one call per step (the size row stays at k).
  const rowLo = new Float64Array(model.numRows);
  const rowHi = new Float64Array(model.numRows);
  const sizeRow = model.row('size');
  rowLo[sizeRow] = k;
  rowHi[sizeRow] = k;
  const residual = Float64Array.from(counts);
  let mass = 1;
  const panels: Panel[] = [];
  const weights: number[] = [];
  const lower = new Float64Array(model.numCols);
  const upper = new Float64Array(model.numCols);
  const costs = new Float64Array(model.numCols);
  const quotaLo = new Float64Array(Q);
  const quotaHi = new Float64Array(Q);
  const householdLo = new Float64Array(inst.householdGroups.length);
  const rowBounds = () => ({ quotaLo, quotaHi, householdLo });
  try {
    while (mass > SNAP) {
      if (deadline !== undefined && Date.now() > deadline) break;
      const r = Float64Array.from(residual, (v) => v / mass);
      // "On" a value means within rounding noise, judged on the unscaled residual: dividing by a
      // small remaining mass would blow that noise up.
      const isOn = (value: number, target: number, weight = 1) => Math.abs(value - target * mass) <= weight * (SNAP * mass + NOISE);
      for (let t = 0; t < T; t++) {
        const near = Math.round(r[t]);
        const onInteger = isOn(residual[t], near);
        lower[cols[t]] = onInteger ? near : Math.floor(r[t]);
        upper[cols[t]] = onInteger ? near : Math.ceil(r[t]);
        // The step is limited by the smallest fractional part among the types the panel rounds up,
        // so rounding up a type with a small one costs a lot (about twice as long steps as weighting
        // by the fractional part itself: 214 instead of 406 steps on the national pool).
        costs[cols[t]] = onInteger ? 0 : -1 / Math.max(MIN_FRACTION, r[t] - Math.floor(r[t]));
      }
      model.setColsBounds(lower, upper);
      model.setCosts(costs);
      const sums = new Float64Array(Q);
      inst.quotaTypes.forEach((ts, q) => {
        for (const t of ts) sums[q] += residual[t];
        const { min, max } = quotas[q];
        if (isOn(sums[q], max, ts.length)) [quotaLo[q], quotaHi[q]] = [max, max];
        else if (isOn(sums[q], min, ts.length)) [quotaLo[q], quotaHi[q]] = [min, min];
        else [quotaLo[q], quotaHi[q]] = [min, max];
        rowLo[quotaRow[q]] = quotaLo[q];
        rowHi[quotaRow[q]] = quotaHi[q];
      });
      inst.householdGroups.forEach((g, i) => {
        const full = isOn(g.reduce((s, t) => s + residual[t], 0), 1, g.length);
        householdLo[i] = full ? 1 : 0;
        rowLo[householdRow[i]] = householdLo[i];
        rowHi[householdRow[i]] = 1;
      });
      model.setRowsBounds(rowLo, rowHi);
      const panel = solveForPanel(model, cols, (x) => roundAndRepair(inst, x, lower, upper, costs, rowBounds()));
      if (!panel || panelViolation(inst, panel) !== null) break;
      // The largest step that keeps r inside Q: each facet not yet hit gives a limit.
      let step = mass;
      const limit = (room: number, rate: number) => {
        if (rate > 0 && room > NOISE) step = Math.min(step, room / rate);
      };
      for (let t = 0; t < T; t++) {
        limit(residual[t], panel[t]);
        limit(mass * inst.size[t] - residual[t], inst.size[t] - panel[t]);
      }
      inst.quotaTypes.forEach((ts, q) => {
        let p = 0;
        let res = 0;
        for (const t of ts) {
          p += panel[t];
          res += residual[t];
        }
        if (Number.isFinite(quotas[q].max)) limit(mass * quotas[q].max - res, quotas[q].max - p);
        limit(res - mass * quotas[q].min, p - quotas[q].min);
      });
      inst.householdGroups.forEach((g) => {
        const p = g.reduce((s, t) => s + panel[t], 0);
        limit(mass - g.reduce((s, t) => s + residual[t], 0), 1 - p);
      });
      if (!(step > 0)) break;
      panels.push(panel);
      weights.push(step);
      mass -= step;
      for (let t = 0; t < T; t++) {
        residual[t] -= step * panel[t];
        if (Math.abs(residual[t]) < NOISE) residual[t] = 0;
      }
      onStep?.(panels.length, residual, mass);
    }
    return { panels, weights, complete: mass <= SNAP };
  } finally {
    model.dispose();
  }
}

/**
 * The LP vertex when it is integral, else the vertex rounded and repaired (`roundAndRepair`), else the MIP (objective gap 1 %: the objective only lengthens
 * the steps; presolve off: it cost a fifth of the walk on the national pool). Null when no panel fits the bounds. No time limit here, so that the panels are a
 * function of the inputs alone. (Solving the MIP over the vertex's fractional types only was tried:
 * it was infeasible in 300 of 305 steps on the national pool.)
 */
function solveForPanel(model: PersistentModel, cols: Int32Array, repair: (x: number[]) => Panel | null): Panel | null {
  const lp = model.run();
  if (lp.status === STATUS.infeasible) return null;
  if (lp.status !== STATUS.optimal) throw new Error(`walk LP ended with status ${lp.status}`);
  const x = Array.from(cols, (c) => lp.x[c]);
  if (x.every((v) => Math.abs(v - Math.round(v)) < 1e-9)) return Int32Array.from(x, Math.round);
  const repaired = repair(x);
  if (repaired) return repaired;
  model.setIntegral(model.numCols, true);
  try {
    const mip = model.run();
    if (mip.status !== STATUS.optimal) return null;
    return Int32Array.from(cols, (c) => Math.round(mip.x[c]));
  } finally {
    model.setIntegral(model.numCols, false);
  }
}

interface RowBounds {
  quotaLo: Float64Array;
  quotaHi: Float64Array;
  householdLo: Float64Array;
}

/**
 * A whole panel near the LP vertex x without the MIP: round x to the nearest integers within the
 * face's bounds, then repair the quota, size and household rows by flipping types between their
 * two allowed counts (singly, or one up and one down), always taking the flip that removes the most
 * violation, ties broken by the walk's cost. Deterministic; null when it gets stuck (then the MIP).
 */
function roundAndRepair(inst: TypedInstance, x: number[], lower: Float64Array, upper: Float64Array, costs: Float64Array, rows: RowBounds): Panel | null {
  const T = inst.types.length;
  const Q = inst.input.quotas.length;
  const { quotaLo, quotaHi, householdLo } = rows;
  const P = Int32Array.from(x, (v, t) => Math.min(upper[t], Math.max(lower[t], Math.round(v))));
  const typeQuotas = inst.types.map((ty) => ty.quotaIndex.filter((q) => q !== undefined && q >= 0 && q < Q));
  const typeHousehold = new Int32Array(T).fill(-1);
  inst.householdGroups.forEach((g, i) => {
    for (const t of g) typeHousehold[t] = i;
  });
  const sums = new Float64Array(Q);
  const house = new Float64Array(inst.householdGroups.length);
  let total = 0;
  for (let t = 0; t < T; t++) {
    total += P[t];
    for (const q of typeQuotas[t]) sums[q] += P[t];
    if (typeHousehold[t] >= 0) house[typeHousehold[t]] += P[t];
  }
  const k = inst.input.k;
  const out = (v: number, lo: number, hi: number) => (v < lo ? lo - v : v > hi ? v - hi : 0);
  const free: number[] = [];
  for (let t = 0; t < T; t++) if (lower[t] < upper[t]) free.push(t);
  // Change in violation when type t moves by d (sums already include earlier moves via `shift`).
  const delta = (t: number, d: number, shiftTotal: number, shift: Map<number, number>, shiftHouse: Map<number, number>) => {
    let v = out(total + shiftTotal + d, k, k) - out(total + shiftTotal, k, k);
    for (const q of typeQuotas[t]) {
      const s = sums[q] + (shift.get(q) ?? 0);
      v += out(s + d, quotaLo[q], quotaHi[q]) - out(s, quotaLo[q], quotaHi[q]);
    }
    const h = typeHousehold[t];
    if (h >= 0) {
      const s = house[h] + (shiftHouse.get(h) ?? 0);
      v += out(s + d, householdLo[h], 1) - out(s, householdLo[h], 1);
    }
    return v;
  };
  const apply = (t: number, d: number) => {
    P[t] += d;
    total += d;
    for (const q of typeQuotas[t]) sums[q] += d;
    if (typeHousehold[t] >= 0) house[typeHousehold[t]] += d;
  };
  const violation = () => {
    let v = out(total, k, k);
    for (let q = 0; q < Q; q++) v += out(sums[q], quotaLo[q], quotaHi[q]);
    for (let h = 0; h < house.length; h++) v += out(house[h], householdLo[h], 1);
    return v;
  };
  const empty = new Map<number, number>();
  // When no flip removes violation, a sideways one (violation unchanged, best cost) is taken on
  // types not moved in the last TABU iterations: a short tabu search, bounded, still deterministic.
  const TABU = 7;
  const movedAt = new Int32Array(T).fill(-TABU - 1);
  let sidewaysLeft = 60;
  for (let iter = 0; iter < 4 * T && violation() > 0; iter++) {
    let side: [number, number, number, number] | null = null;
    let sideCost = Number.POSITIVE_INFINITY;
    const isTabu = (t: number) => iter - movedAt[t] <= TABU;
    let best = 0;
    let bestCost = Number.POSITIVE_INFINITY;
    let move: [number, number, number, number] | null = null;
    const dirOf = (t: number) => (P[t] < upper[t] ? 1 : -1);
    for (const t of free) {
      const d = dirOf(t);
      const v1 = delta(t, d, 0, empty, empty);
      const c1 = d * costs[t];
      if (v1 < best || (v1 === best && v1 < 0 && c1 < bestCost)) [best, bestCost, move] = [v1, c1, [t, d, -1, 0]];
    }
    if (!move) {
      // Pairs: t moves by d, u by the opposite (keeps the size); only when no single flip helps.
      // A pair's change is the two single changes corrected where they meet: the size row and the
      // quotas and household the two types share.
      const single = new Float64Array(T);
      for (const t of free) single[t] = delta(t, dirOf(t), 0, empty, empty);
      // One of the two must reduce a violated row, so let t range over those only.
      const helps = (t: number, d: number) =>
        out(total + d, k, k) < out(total, k, k) ||
        typeQuotas[t].some((q) => out(sums[q] + d, quotaLo[q], quotaHi[q]) < out(sums[q], quotaLo[q], quotaHi[q])) ||
        (typeHousehold[t] >= 0 && out(house[typeHousehold[t]] + d, householdLo[typeHousehold[t]], 1) < out(house[typeHousehold[t]], householdLo[typeHousehold[t]], 1));
      for (const t of free) {
        const d = dirOf(t);
        if (!helps(t, d)) continue;
        const tq = typeQuotas[t];
        for (const u of free) {
          if (u === t || dirOf(u) !== -d) continue;
          let v = single[t] + single[u] - (out(total + d, k, k) - out(total, k, k)) - (out(total - d, k, k) - out(total, k, k));
          const uq = typeQuotas[u];
          for (let i = 0; i < tq.length; i++) {
            if (tq[i] !== uq[i]) continue;
            // Shared quota: both moves cancel, so neither single change applies.
            const sq = sums[tq[i]];
            const lo = quotaLo[tq[i]];
            const hi = quotaHi[tq[i]];
            v -= out(sq + d, lo, hi) - out(sq, lo, hi) + (out(sq - d, lo, hi) - out(sq, lo, hi));
          }
          const h = typeHousehold[t];
          if (h >= 0 && h === typeHousehold[u]) {
            const sh = house[h];
            v -= out(sh + d, householdLo[h], 1) - out(sh, householdLo[h], 1) + (out(sh - d, householdLo[h], 1) - out(sh, householdLo[h], 1));
          }
          const c = d * costs[t] - d * costs[u];
          if (v < best || (v === best && v < 0 && c < bestCost)) [best, bestCost, move] = [v, c, [t, d, u, -d]];
          else if (v === 0 && !move && c < sideCost && !isTabu(t) && !isTabu(u)) [sideCost, side] = [c, [t, d, u, -d]];
        }
      }
    }
    if (!move && side && sidewaysLeft-- > 0) move = side;
    if (!move) return null;
    apply(move[0], move[1]);
    movedAt[move[0]] = iter;
    if (move[2] >= 0) {
      apply(move[2], move[3]);
      movedAt[move[2]] = iter;
    }
  }
  return violation() === 0 ? P : null;
}

function terms(types: number[], coefficient = 1): string {
  return types.length ? types.map((t) => ` + ${coefficient} x${t}`).join('') : ' 0 x0';
}
