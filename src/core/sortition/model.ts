// The data every sortition step shares: the pool, the quotas, and the panel size.

export interface Quota {
  category: string;
  value: string;
  min: number;
  max: number;
  /** How far an automatic relaxation may lower `min` (Sortition Foundation `min_flex`). */
  minFlex?: number;
  /** How far an automatic relaxation may raise `max` (Sortition Foundation `max_flex`). */
  maxFlex?: number;
}

export interface Person {
  id: string;
  /** Value of every quota category, keyed by category name. */
  features: Record<string, string>;
  /** People with the same non-empty household key may not sit on one panel together. */
  household?: string;
}

/** A validated selection problem: what a draw is a pure function of (with the algorithm and seed). */
export interface SelectionInput {
  people: Person[];
  /** Quota categories in a fixed order (the order of the quota file). */
  categories: string[];
  quotas: Quota[];
  k: number;
  /** Columns compared for the household rule, if it is on. */
  householdColumns?: string[];
}

export type Algorithm = 'leximin' | 'maximin' | 'nash' | 'legacy';
export const ALGORITHMS: readonly Algorithm[] = ['leximin', 'maximin', 'nash', 'legacy'];

/** How the distribution over panels is chosen once the marginals are fixed (ADR 0116). */
export type DistributionRule = 'leximin' | 'maxentropy';
export const DISTRIBUTION_RULES: readonly DistributionRule[] = ['leximin', 'maxentropy'];
