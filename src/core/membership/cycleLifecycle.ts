// The life-cycle of a selection cycle (ADR 0801) as a table of the shared kind (ADR 0005): states,
// transitions with the event recorded and who may act, and one guard per transition. A step may need
// several conditions at once (the commitment: its date and a reviewed pool), so each guard is built
// from a list of conditions and, when it refuses, names the ones that do not hold in its params.
import type { IsoDate } from '../isoDate.ts';
import { allowedEvents, check, type Guard, lifecycle, type Transition } from '../lifecycle/table.ts';
import type { CycleSchedule, CycleStage } from './timeline.ts';

export const CYCLE_STATES = ['announced', 'nominationsOpen', 'nominationsClosed', 'committed', 'drawn', 'confirmed', 'seated'] as const;
export type CycleState = (typeof CYCLE_STATES)[number];

export type CycleActor = 'secretariat' | 'system';

/** One condition of a step; a step's guard holds when all of its conditions do. */
export type CycleGuard =
  /** Today has reached the schedule's date of the named stage. */
  | { kind: 'dateReached'; stage: CycleStage }
  /** Every nomination has an eligibility decision, and every block's pool can fill its seats. */
  | { kind: 'poolReady' }
  /** The entropy values were entered (their sources' date is the `drawn` stage). */
  | { kind: 'entropyEntered' }
  /** Every selected candidate and called alternate has answered, or the confirmation deadline passed. */
  | { kind: 'confirmationsSettled' };

/** The facts a guard reads; the caller gathers them (from the database, in the shell). */
export interface CycleFacts {
  today: IsoDate;
  schedule: CycleSchedule;
  poolReady: boolean;
  entropyEntered: boolean;
  /** Selected candidates and called alternates who have not answered yet. */
  pendingConfirmations: number;
}

export type CycleTransition = Transition<CycleState, CycleActor, CycleFacts>;

/** The conditions a guard checks, kept on the guard so `failedGuards` can say which do not hold. */
interface CycleStepGuard extends Guard<CycleFacts> {
  conditions: readonly CycleGuard[];
}

function conditionHolds(g: CycleGuard, facts: CycleFacts): boolean {
  if (g.kind === 'dateReached') return facts.today >= facts.schedule[g.stage];
  if (g.kind === 'poolReady') return facts.poolReady;
  if (g.kind === 'entropyEntered') return facts.entropyEntered;
  return facts.pendingConfirmations === 0 || facts.today > facts.schedule.confirmationDeadline;
}

/** A step's guard: `code` is the step's refusal; its params list the unmet conditions and today's date. */
function step(code: string, ...conditions: CycleGuard[]): CycleStepGuard {
  return {
    code,
    conditions,
    holds: (facts) => conditions.every((g) => conditionHolds(g, facts)),
    params: (facts) => ({ today: facts.today, failed: conditions.filter((g) => !conditionHolds(g, facts)) }),
  };
}

const on = (stage: CycleStage): CycleGuard => ({ kind: 'dateReached', stage });

export const cycleLifecycle = lifecycle<CycleState, CycleActor, CycleFacts>({
  aggregate: 'council-cycle',
  states: CYCLE_STATES,
  initial: 'announced',
  final: ['seated'],
  transitions: [
    { from: 'announced', to: 'nominationsOpen', event: 'council.nominationsOpened', who: ['secretariat', 'system'], guard: step('nominations-not-due', on('nominationsOpen')) },
    { from: 'nominationsOpen', to: 'nominationsClosed', event: 'council.nominationsClosed', who: ['secretariat', 'system'], guard: step('nominations-close-not-due', on('nominationsClosed')) },
    { from: 'nominationsClosed', to: 'committed', event: 'council.poolCommitted', who: ['secretariat'], guard: step('pool-not-committable', on('committed'), { kind: 'poolReady' }) },
    { from: 'committed', to: 'drawn', event: 'council.drawn', who: ['secretariat'], guard: step('draw-not-ready', on('drawn'), { kind: 'entropyEntered' }) },
    { from: 'drawn', to: 'confirmed', event: 'council.confirmationsClosed', who: ['secretariat', 'system'], guard: step('confirmations-pending', { kind: 'confirmationsSettled' }) },
    { from: 'confirmed', to: 'seated', event: 'council.seated', who: ['system'], guard: step('term-not-started', on('termStart')) },
  ],
});

/** The table's transitions (one per step, in the order of the cycle). */
export const CYCLE_TRANSITIONS: readonly CycleTransition[] = cycleLifecycle.transitions;

/** The conditions of `t` that do not hold now (empty: the transition may run). */
export function failedGuards(t: CycleTransition, facts: CycleFacts): CycleGuard[] {
  const conditions = (t.guard as CycleStepGuard | undefined)?.conditions ?? [];
  return conditions.filter((g) => !conditionHolds(g, facts));
}

/** Transitions out of `state` that `actor` may start now: the table's events for the actor, each checked with its guard. */
export function availableTransitions(state: CycleState, actor: CycleActor, facts: CycleFacts): CycleTransition[] {
  return allowedEvents(cycleLifecycle, state, [actor]).flatMap((event) => {
    const d = check(cycleLifecycle, state, event, [actor], facts);
    return d.ok ? [d.transition] : [];
  });
}
