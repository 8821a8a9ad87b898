// A cheap pricing heuristic: improve a known panel by single swaps (one member of type a out, one of
// type b in) that keep every quota and the household rule. When it finds a panel that beats the
// current LP value, the exact MIP is not needed this round; the MIP still proves the end of a level.
import type { Panel } from './panels.ts';
import type { TypedInstance } from './types.ts';

/** Types sorted by weight, heaviest first: lets the swap search stop at the first feasible partner. */
export function byWeight(weights: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: weights.length }, (_, t) => t);
  return order.sort((a, b) => weights[b] - weights[a] || a - b);
}

export function improveBySwaps(
  inst: TypedInstance,
  start: Panel,
  weights: ArrayLike<number>,
  order: Int32Array = byWeight(weights),
): Panel {
  const T = inst.types.length;
  const panel = Int32Array.from(start);
  const counts = inst.quotaTypes.map((ts) => ts.reduce((s, t) => s + panel[t], 0));
  const { quotas } = inst.input;
  const groupOf = new Int32Array(T).fill(-1);
  inst.householdGroups.forEach((g, i) => {
    for (const t of g) groupOf[t] = i;
  });
  const groupUsed = inst.householdGroups.map((g) => g.reduce((s, t) => s + panel[t], 0));
  for (let step = 0; step < 10 * inst.input.k; step++) {
    let best = 1e-12;
    let out = -1;
    let into = -1;
    for (let a = 0; a < T; a++) {
      if (!panel[a]) continue;
      const qa = inst.types[a].quotaIndex;
      for (let i = 0; i < T; i++) {
        const b = order[i];
        const gain = weights[b] - weights[a];
        if (gain <= best) break; // every later b gains less
        if (panel[b] >= inst.size[b] || b === a) continue;
        const gb = groupOf[b];
        if (gb >= 0 && groupUsed[gb] - (groupOf[a] === gb ? 1 : 0) >= 1) continue;
        const qb = inst.types[b].quotaIndex;
        let ok = true;
        for (let c = 0; c < qa.length && ok; c++) {
          if (qa[c] === qb[c]) continue;
          ok = counts[qa[c]] - 1 >= quotas[qa[c]].min && counts[qb[c]] + 1 <= quotas[qb[c]].max;
        }
        if (ok) {
          best = gain;
          out = a;
          into = b;
          break;
        }
      }
    }
    if (out < 0) break;
    panel[out]--;
    panel[into]++;
    const qa = inst.types[out].quotaIndex;
    const qb = inst.types[into].quotaIndex;
    for (let c = 0; c < qa.length; c++) {
      counts[qa[c]]--;
      counts[qb[c]]++;
    }
    if (groupOf[out] >= 0) groupUsed[groupOf[out]]--;
    if (groupOf[into] >= 0) groupUsed[groupOf[into]]++;
  }
  return panel;
}
