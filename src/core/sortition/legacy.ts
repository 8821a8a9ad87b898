// LEGACY: the greedy draw earlier tools used (our re-implementation of the Sortition Foundation's
// "legacy" algorithm), for comparison only. Repeatedly take the quota value whose unmet minimum is
// most urgent ((min - selected) / people left with it), draw a random remaining person with it, then
// drop everyone whose value has reached its maximum (and the rest of the household). A run that gets
// stuck is discarded and retried, as the original does.
import type { Panel } from './panels.ts';
import type { TypedInstance } from './types.ts';

export function legacyDraw(inst: TypedInstance, random: () => number): Panel | null {
  const T = inst.types.length;
  const { quotas, k } = inst.input;
  const left = Int32Array.from(inst.size);
  const leftQ = Int32Array.from(inst.quotaTypes, (ts) => ts.reduce((s, t) => s + inst.size[t], 0));
  const chosenQ = new Int32Array(quotas.length);
  const panel = new Int32Array(T);
  const groupOf = new Map<number, number[]>();
  for (const g of inst.householdGroups) for (const t of g) groupOf.set(t, g);
  const remove = (t: number, count: number) => {
    left[t] -= count;
    for (const q of inst.types[t].quotaIndex) leftQ[q] -= count;
  };
  for (let step = 0; step < k; step++) {
    let bestQ = -1;
    let bestRatio = 0;
    for (let q = 0; q < quotas.length; q++) {
      const need = quotas[q].min - chosenQ[q];
      if (need <= 0) continue;
      if (leftQ[q] < need) return null; // stuck: this minimum can no longer be met
      const ratio = need / leftQ[q];
      if (ratio > bestRatio) {
        bestRatio = ratio;
        bestQ = q;
      }
    }
    const candidates = bestQ >= 0 ? inst.quotaTypes[bestQ] : inst.size.map((_, t) => t);
    const total = candidates.reduce((s, t) => s + left[t], 0);
    if (total === 0) return null;
    let r = Math.floor(random() * total);
    let t = candidates[0];
    for (const c of candidates) {
      if (r < left[c]) {
        t = c;
        break;
      }
      r -= left[c];
    }
    panel[t]++;
    remove(t, 1);
    for (const q of inst.types[t].quotaIndex) chosenQ[q]++;
    for (const h of groupOf.get(t) ?? []) if (left[h] > 0) remove(h, left[h]);
    for (const q of inst.types[t].quotaIndex) {
      if (chosenQ[q] >= quotas[q].max) for (const u of inst.quotaTypes[q]) if (left[u] > 0) remove(u, left[u]);
    }
  }
  const ok = quotas.every((quota, q) => chosenQ[q] >= quota.min && chosenQ[q] <= quota.max);
  return ok ? panel : null;
}

export interface LegacyEstimate {
  panels: Panel[];
  /** Estimated selection probability per type member. */
  typeProb: number[];
  failures: number;
}

/** Monte Carlo: `runs` successful legacy draws (giving up after 20 failures per success). */
export function legacyEstimate(inst: TypedInstance, runs: number, random: () => number): LegacyEstimate {
  const T = inst.types.length;
  const hits = new Float64Array(T);
  const panels: Panel[] = [];
  let failures = 0;
  while (panels.length < runs) {
    const panel = legacyDraw(inst, random);
    if (!panel) {
      failures++;
      if (failures > 20 * (panels.length + 1)) throw new Error('the legacy greedy keeps failing on these quotas');
      continue;
    }
    panels.push(panel);
    for (let t = 0; t < T; t++) hits[t] += panel[t];
  }
  return { panels, typeProb: Array.from(hits, (h, t) => h / (runs * inst.size[t])), failures };
}
