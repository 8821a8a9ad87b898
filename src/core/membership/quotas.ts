// Quotas of a block's draw (ADR 0801): the target composition of the whole block from the charter's
// selection dimensions, minus the members who sit on, so that the block after the draw meets the
// target. Cycle 0 has no one sitting on, so its draw's quotas are the block's target itself.
import type { Charter } from '../charter/types.ts';
import { quotasFromCharter } from '../selection/charterQuotas.ts';
import type { Person, Quota, SelectionInput } from '../sortition/model.ts';
import { findBlock } from './rotation.ts';

/** Features of a member or candidate, keyed by selection dimension id. */
export type Features = Record<string, string>;

/** The target composition of a whole block: the charter's quotas sized to the block's seats. */
export function blockTargetQuotas(charter: Charter, blockId: string): Quota[] {
  return quotasFromCharter(charter, findBlock(charter, blockId).seats);
}

const key = (category: string, value: string) => JSON.stringify([category, value]);

/** How many of `people` fall in each quota's category. */
export function quotaCounts(quotas: readonly Quota[], people: readonly Features[]): number[] {
  const counts = new Map<string, number>();
  for (const f of people) for (const [c, v] of Object.entries(f)) counts.set(key(c, v), (counts.get(key(c, v)) ?? 0) + 1);
  return quotas.map((q) => counts.get(key(q.category, q.value)) ?? 0);
}

export interface QuotaViolation {
  category: string;
  value: string;
  count: number;
  min: number;
  max: number;
}

/** The quotas that `people` break, with the count against the range. */
export function quotaViolations(quotas: readonly Quota[], people: readonly Features[]): QuotaViolation[] {
  const counts = quotaCounts(quotas, people);
  return quotas.flatMap((q, i) => (counts[i]! < q.min || counts[i]! > q.max ? [{ category: q.category, value: q.value, count: counts[i]!, min: q.min, max: q.max }] : []));
}

/** Seats short of or above the ranges, summed: 0 when every quota holds. */
export function violationTotal(quotas: readonly Quota[], people: readonly Features[]): number {
  const counts = quotaCounts(quotas, people);
  return quotas.reduce((s, q, i) => s + Math.max(0, q.min - counts[i]!) + Math.max(0, counts[i]! - q.max), 0);
}

export interface RenewalQuotas {
  k: number;
  quotas: Quota[];
  /** Categories in which the members sitting on already exceed the block's maximum: no draw can repair them. */
  overfull: QuotaViolation[];
}

/**
 * Quotas for drawing `k` seats of a block while `continuing` members sit on: each range is the
 * block's target range minus the continuing members of the category, clipped to [0, k].
 */
export function renewalQuotas(charter: Charter, blockId: string, continuing: readonly Features[], k: number): RenewalQuotas {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`seats to fill must be a positive integer, got ${k}`);
  const target = blockTargetQuotas(charter, blockId);
  const counts = quotaCounts(target, continuing);
  const overfull: QuotaViolation[] = [];
  const quotas = target.map((q, i) => {
    const c = counts[i]!;
    if (c > q.max) overfull.push({ category: q.category, value: q.value, count: c, min: q.min, max: q.max });
    return { category: q.category, value: q.value, min: Math.min(k, Math.max(0, q.min - c)), max: Math.min(k, Math.max(0, q.max - c)) };
  });
  return { k, quotas, overfull };
}

export interface PoolEntry {
  id: string;
  organisationId: string | null;
  features: Features;
}

/**
 * The engine's input for one block's draw. With one member per organisation, the organisation is
 * the engine's household, so no two members of one organisation are drawn together.
 */
export function blockDrawInput(charter: Charter, pool: readonly PoolEntry[], quotas: RenewalQuotas): SelectionInput {
  const perOrg = charter.bodies.council.nominations.membersPerOrganisation === 1;
  const categories = charter.bodies.council.selectionDimensions.map((d) => d.id);
  const people: Person[] = [...pool]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((p) => ({
      id: p.id,
      features: Object.fromEntries(categories.map((c) => [c, p.features[c]!])),
      ...(perOrg && p.organisationId !== null ? { household: p.organisationId } : {}),
    }));
  return { people, categories, quotas: quotas.quotas, k: quotas.k, ...(perOrg ? { householdColumns: ['organisation'] } : {}) };
}
