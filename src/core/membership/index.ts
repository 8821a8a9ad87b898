// Pure core of the Council's membership by rotation (ADR 0801): cycles and their dated stages,
// seats and staggered terms, eligibility with reason codes, per-block quotas for the draw, the
// first selection's class split, alternates and replacements. No I/O.
export * from './alternates.ts';
export * from './classSplit.ts';
export * from './cycleLifecycle.ts';
export * from './cyclePlan.ts';
export * from './eligibility.ts';
export * from './quotas.ts';
export * from './registry.ts';
export * from './rotation.ts';
export * from './timeline.ts';
export * from './nomination.ts';
export * from './organisation.ts';
export * from './replacementDraw.ts';
export * from './robustAlternates.ts';
