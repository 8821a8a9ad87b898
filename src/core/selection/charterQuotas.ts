// Quotas for one draw from the charter's selection dimensions: target = share × seats, allowed
// range [max(minSeats, floor(target) − slack), ceil(target) + slack], clipped to [0, seats].
// Regions are weighted by their population.
import type { Charter } from '../charter/index.ts';
import type { Quota } from '../sortition/index.ts';

export interface DimensionCategories {
  dimension: string;
  categories: { id: string; share: number }[];
}

/** The categories of every selection dimension with their population shares. */
export function selectionCategories(charter: Charter): DimensionCategories[] {
  return charter.bodies.council.selectionDimensions.map((d) => {
    if (d.categoriesFrom === 'regions') {
      const total = charter.regions.reduce((s, r) => s + r.population.count, 0);
      return { dimension: d.id, categories: charter.regions.map((r) => ({ id: r.code, share: r.population.count / total })) };
    }
    return { dimension: d.id, categories: (d.categories ?? []).map((c) => ({ id: c.id, share: c.share })) };
  });
}

export function quotasFromCharter(charter: Charter, seats: number): Quota[] {
  if (!Number.isInteger(seats) || seats < 1) throw new RangeError(`seats must be a positive integer, got ${seats}`);
  const rules = new Map(charter.bodies.council.selectionDimensions.map((d) => [d.id, d.quota]));
  return selectionCategories(charter).flatMap(({ dimension, categories }) => {
    const rule = rules.get(dimension)!;
    return categories.map((c) => {
      const target = c.share * seats;
      const min = Math.min(seats, Math.max(rule.minSeats, Math.floor(target) - rule.slack, 0));
      const max = Math.min(seats, Math.ceil(target) + rule.slack);
      return { category: dimension, value: c.id, min, max };
    });
  });
}
