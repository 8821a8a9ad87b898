// When no panel meets every quota: name a minimal set of quota bounds that conflict (a deletion
// filter over the bounds, each test a feasibility MIP) and propose the smallest relaxation (fewest
// seats of change in total) that stays within min_flex/max_flex. Nothing is applied: the caller
// decides (ADR 0104).
import { linear, rangeRows, solve } from './highs.ts';
import { PanelOracle, type QuotaBounds } from './panels.ts';
import type { TypedInstance } from './types.ts';

export interface QuotaBound {
  category: string;
  value: string;
  bound: 'min' | 'max';
  limit: number;
  /** People in the pool with this value. */
  pool: number;
}

export interface QuotaChange {
  category: string;
  value: string;
  min: number;
  max: number;
  newMin: number;
  newMax: number;
}

export interface InfeasibilityDiagnosis {
  /** A minimal set of bounds that cannot hold together (with k and the household rule). */
  conflicts: QuotaBound[];
  /** The smallest change, or null if none exists within min_flex/max_flex. */
  relaxation: QuotaChange[] | null;
  message: string;
}

export async function isFeasible(inst: TypedInstance, bounds?: QuotaBounds[]): Promise<boolean> {
  const oracle = new PanelOracle(inst, bounds);
  try {
    return (await oracle.best(new Array(inst.types.length).fill(0))) !== null;
  } finally {
    oracle.dispose();
  }
}

export async function diagnoseInfeasibility(inst: TypedInstance): Promise<InfeasibilityDiagnosis> {
  const { quotas, k } = inst.input;
  const pool = inst.quotaTypes.map((ts) => ts.reduce((s, t) => s + inst.size[t], 0));
  const bounds: { q: number; bound: 'min' | 'max' }[] = [];
  quotas.forEach((quota, q) => {
    if (quota.min > 0) bounds.push({ q, bound: 'min' });
    if (quota.max < k) bounds.push({ q, bound: 'max' });
  });
  const boundsWith = (active: typeof bounds): QuotaBounds[] =>
    quotas.map((_, q) => ({
      min: active.some((b) => b.q === q && b.bound === 'min') ? quotas[q].min : 0,
      max: active.some((b) => b.q === q && b.bound === 'max') ? quotas[q].max : k,
    }));
  let active = bounds.slice();
  for (const b of bounds) {
    const without = active.filter((x) => x !== b);
    if (!(await isFeasible(inst, boundsWith(without)))) active = without;
  }
  const conflicts: QuotaBound[] = active.map(({ q, bound }) => ({
    category: quotas[q].category,
    value: quotas[q].value,
    bound,
    limit: bound === 'min' ? quotas[q].min : quotas[q].max,
    pool: pool[q],
  }));
  const relaxation = await smallestRelaxation(inst);
  const conflictText = conflicts.length
    ? conflicts.map((c) => `${c.category}=${c.value} ${c.bound} ${c.limit} (pool ${c.pool})`).join(', ')
    : 'the panel size and household rule alone';
  const relaxText = relaxation
    ? relaxation
        .map((c) =>
          c.newMin !== c.min
            ? `${c.category}=${c.value} min ${c.min}→${c.newMin}`
            : `${c.category}=${c.value} max ${c.max}→${c.newMax}`,
        )
        .join(', ')
    : 'none within min_flex/max_flex';
  return {
    conflicts,
    relaxation,
    message: `quotas are infeasible for k=${k}: conflicting ${conflictText}; smallest relaxation: ${relaxText}`,
  };
}

async function smallestRelaxation(inst: TypedInstance): Promise<QuotaChange[] | null> {
  const { quotas, k } = inst.input;
  const T = inst.types.length;
  const rows: string[] = [];
  const bounds: string[] = [];
  const slackNames: string[] = [];
  inst.quotaTypes.forEach((ts, q) => {
    const expr = linear(ts.map((t) => [1, `x${t}`] as const));
    const { min, max, minFlex, maxFlex } = quotas[q];
    rows.push(` lo${q}:${expr} + 1 a${q} >= ${min}`);
    rows.push(` hi${q}:${expr} - 1 b${q} <= ${max}`);
    bounds.push(` 0 <= a${q} <= ${min - (minFlex ?? 0)}`);
    bounds.push(` 0 <= b${q} <= ${Math.max(0, (maxFlex ?? k) - max)}`);
    slackNames.push(`a${q}`, `b${q}`);
  });
  rows.push(...rangeRows('size', linear(inst.size.map((_, t) => [1, `x${t}`] as const)), k, k));
  inst.householdGroups.forEach((g, i) => {
    rows.push(` h${i}:${linear(g.map((t) => [1, `x${t}`] as const))} <= 1`);
  });
  for (let t = 0; t < T; t++) bounds.push(` 0 <= x${t} <= ${inst.size[t]}`);
  const ints = [...Array.from({ length: T }, (_, t) => `x${t}`), ...slackNames];
  const model = `Minimize\n obj:${linear(slackNames.map((n) => [1, n] as const))}\nSubject To\n${rows.join('\n')}\nBounds\n${bounds.join('\n')}\nGeneral\n ${ints.join('\n ')}\nEnd\n`;
  const sol = await solve(model, { mip_rel_gap: 0 });
  if (sol.status !== 'Optimal') return null;
  const changes: QuotaChange[] = [];
  quotas.forEach((quota, q) => {
    const a = Math.round(sol.value(`a${q}`));
    const b = Math.round(sol.value(`b${q}`));
    if (a || b) {
      changes.push({
        category: quota.category,
        value: quota.value,
        min: quota.min,
        max: quota.max,
        newMin: quota.min - a,
        newMax: quota.max + b,
      });
    }
  });
  return changes;
}
