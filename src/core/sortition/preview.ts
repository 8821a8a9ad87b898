// What the secretariat sees before committing a draw (issue 15): the parsed pool against its quotas,
// value by value, and whether any panel can meet them all. When none can, the engine's own diagnosis
// (the conflicting bounds and the smallest relaxation within min_flex/max_flex, ADR 0104) comes with
// it, so the screen can offer the relaxation instead of failing at the draw, days after the commit.
import { diagnoseInfeasibility, type InfeasibilityDiagnosis, isFeasible, type QuotaChange } from './infeasibility.ts';
import type { Quota, SelectionInput } from './model.ts';
import { buildTypes } from './types.ts';

export interface PreviewValue {
  value: string;
  min: number;
  max: number;
  /** People in the pool with this value. */
  pool: number;
  /** The bound can never hold whatever is drawn: fewer people than the minimum, or a minimum above k. */
  short: boolean;
}

export interface PoolPreview {
  poolSize: number;
  k: number;
  /** Distinct households among the people who have one (the one-per-household rule), if it is on. */
  households: number | null;
  categories: { category: string; values: PreviewValue[] }[];
  feasible: boolean;
  /** Present when not feasible. */
  diagnosis: InfeasibilityDiagnosis | null;
}

export async function previewPool(input: SelectionInput): Promise<PoolPreview> {
  const counts = new Map<string, number>();
  for (const p of input.people) {
    for (const c of input.categories) {
      const key = JSON.stringify([c, p.features[c]]);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const categories = input.categories.map((category) => ({
    category,
    values: input.quotas
      .filter((q) => q.category === category)
      .map((q) => {
        const pool = counts.get(JSON.stringify([category, q.value])) ?? 0;
        return { value: q.value, min: q.min, max: q.max, pool, short: pool < q.min || q.min > input.k };
      }),
  }));
  const inst = buildTypes(input);
  const feasible = await isFeasible(inst);
  return {
    poolSize: input.people.length,
    k: input.k,
    households: input.householdColumns?.length ? new Set(input.people.map((p, i) => p.household ?? `#${i}`)).size : null,
    categories,
    feasible,
    diagnosis: feasible ? null : await diagnoseInfeasibility(inst),
  };
}

/** The quotas with a relaxation applied (bounds only; min_flex/max_flex stay as they were). */
export function relaxQuotas(quotas: readonly Quota[], changes: readonly QuotaChange[]): Quota[] {
  return quotas.map((q) => {
    const ch = changes.find((c) => c.category === q.category && c.value === q.value);
    return ch ? { ...q, min: ch.newMin, max: ch.newMax } : q;
  });
}

/** The quotas as the quota file of a format, so a relaxed set can go back into the form as text. */
export function quotasCsv(format: 'panelot' | 'sortition-foundation', quotas: readonly Quota[]): string {
  const cell = (s: string | number) => {
    const v = String(s);
    return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
  };
  if (format === 'panelot') return ['category,feature,min,max', ...quotas.map((q) => [q.category, q.value, q.min, q.max].map(cell).join(','))].join('\n') + '\n';
  const flex = quotas.some((q) => q.minFlex !== undefined || q.maxFlex !== undefined);
  const head = flex ? 'feature,value,min,max,min_flex,max_flex' : 'feature,value,min,max';
  const row = (q: Quota) => [q.category, q.value, q.min, q.max, ...(flex ? [q.minFlex ?? '', q.maxFlex ?? ''] : [])].map(cell).join(',');
  return [head, ...quotas.map(row)].join('\n') + '\n';
}
