// LEXIMIN over the LP relaxation of the quota polytope: expected type counts x with 0 <= x_t <= s_t,
// sum x = k and every quota as a range, without asking x to be a mixture of whole panels. Every real
// distribution's marginals lie in this polytope, so its LEXIMIN vector is an upper bound, level by
// level, on the real one; when the real panels can reproduce it, it *is* the real LEXIMIN (ADR 0105).
// Each level is one small LP (types + a few dozen rows), so the whole sequence takes milliseconds
// where column generation over panels takes minutes.
import { linear, rangeRows } from './highs.ts';
import { PersistentModel, STATUS } from './persistent.ts';
import type { TypedInstance } from './types.ts';
import type { CertificateLevel } from './certificate.ts';

/** Row duals above this mark a type as tight at the current level (as in the panel master). */
const FIX_THRESHOLD = 1e-9;

export interface RelaxedLeximin {
  /** Expected number of members of each type on the panel. */
  counts: Float64Array;
  /** Selection probability of each member of each type (counts / size). */
  probs: Float64Array;
  levels: number;
  /** Per level, the LP dual that proves its bound (ADR 0113); checked by `certificate.ts`. */
  certificate: CertificateLevel[];
}

/** Null when the relaxation is infeasible (then so are the quotas). */
export async function relaxedLeximin(inst: TypedInstance): Promise<RelaxedLeximin | null> {
  const T = inst.types.length;
  const rows: string[] = [];
  const quotaRowNames: string[][] = [];
  inst.quotaTypes.forEach((ts, q) => {
    const { min, max } = inst.input.quotas[q];
    const made = rangeRows(`q${q}`, linear(ts.map((t) => [1, `x${t}`] as const)), min, max);
    quotaRowNames.push(made.map((r) => r.trim().split(':')[0]));
    rows.push(...made);
  });
  rows.push(` size: ${linear(inst.size.map((_, t) => [1, `x${t}`] as const))} = ${inst.input.k}`);
  inst.householdGroups.forEach((g, i) => {
    rows.push(` h${i}: ${linear(g.map((t) => [1, `x${t}`] as const))} <= 1`);
  });
  // Level rows: x_t - s_t z >= 0 while type t is unfixed.
  for (let t = 0; t < T; t++) rows.push(` m${t}: 1 x${t} - ${inst.size[t]} z >= 0`);
  const bounds = Array.from({ length: T }, (_, t) => ` 0 <= x${t} <= ${inst.size[t]}`);
  const model = await PersistentModel.fromLp(
    `Maximize\n obj: 1 z\nSubject To\n${rows.join('\n')}\nBounds\n${bounds.join('\n')}\n z free\nEnd\n`,
    { primal_feasibility_tolerance: 1e-10, dual_feasibility_tolerance: 1e-10, random_seed: 0, presolve: 'off' },
  );
  try {
    const xCol = Int32Array.from({ length: T }, (_, t) => model.col(`x${t}`));
    const zCol = model.col('z');
    const levelRow = Int32Array.from({ length: T }, (_, t) => model.row(`m${t}`));
    // Quota q's rows: one equality, or a lower and/or an upper row (rangeRows).
    const quotaRows = quotaRowNames.map((names) => names.map((r) => model.row(r)));
    const sizeRow = model.row('size');
    const householdRow = inst.householdGroups.map((_, i) => model.row(`h${i}`));
    const certificate: CertificateLevel[] = [];
    const probs = new Float64Array(T).fill(Number.NaN);
    let left = T;
    let levels = 0;
    let x = new Float64Array(T);
    // The certificate's multipliers (ADR 0113) from HiGHS's row duals: a level row's dual is
    // minus the weight w_t >= 0; quota, size and household duals are used as reported (a quota's is
    // > 0 when its maximum binds, < 0 when its minimum does). The checker recomputes everything else
    // (the column duals) itself, and any multipliers give a valid bound: these only make it tight.
    const levelCertificate = (dual: Float64Array, value: number, tight: number[]): CertificateLevel => {
      const weights: [number, number][] = [];
      for (let t = 0; t < T; t++) {
        if (!Number.isNaN(probs[t])) continue;
        // Dual noise can leave a weight a hair below zero (-1e-13 on sf_e-like); dropping it keeps
        // the bound valid (any multipliers do) and changes it by far less than the tolerance.
        const w = -dual[levelRow[t]];
        if (w > 0) weights.push([t, w]);
      }
      return {
        value,
        types: tight.slice().sort((a, b) => a - b),
        weights,
        quotas: quotaRows.map((rs) => rs.reduce((sum, r) => sum + dual[r], 0)),
        size: dual[sizeRow],
        households: householdRow.map((r) => Math.max(0, dual[r])),
      };
    };
    while (left > 0) {
      levels++;
      const sol = model.run();
      if (sol.status === STATUS.infeasible) return null;
      if (sol.status !== STATUS.optimal) throw new Error(`relaxation LP ended with status ${sol.status}`);
      const z = Math.min(1, Math.max(0, sol.objective));
      x = Float64Array.from(xCol, (c) => sol.x[c]);
      const tight: number[] = [];
      for (let t = 0; t < T; t++) {
        if (Number.isNaN(probs[t]) && Math.abs(sol.rowDual[levelRow[t]]) > FIX_THRESHOLD) tight.push(t);
      }
      // Degenerate duals can leave no positive multiplier; the lowest type is then at the level.
      if (tight.length === 0) {
        let lowest = -1;
        for (let t = 0; t < T; t++) {
          if (Number.isNaN(probs[t]) && (lowest < 0 || x[t] / inst.size[t] < x[lowest] / inst.size[lowest])) lowest = t;
        }
        tight.push(lowest);
      }
      certificate.push(levelCertificate(sol.rowDual, sol.objective, tight));
      for (const t of tight) {
        probs[t] = z;
        // Hold the type at its level from now on: x_t >= z s_t, and the row no longer involves z.
        model.setCoefficient(levelRow[t], zCol, 0);
        model.setRowBounds(levelRow[t], 0, model.infinity);
        model.setColBounds(xCol[t], Math.min(inst.size[t], z * inst.size[t]), inst.size[t]);
        left--;
      }
    }
    const counts = Float64Array.from(probs, (p, t) => p * inst.size[t]);
    return { counts, probs, levels, certificate };
  } finally {
    model.dispose();
  }
}
