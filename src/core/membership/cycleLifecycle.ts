// The life-cycle of a selection cycle as data: from, to, the event recorded, who may act, and the
// guard that must hold (ADR 0801). Plain rows, so the shared life-cycle runner can adopt them.
import type { IsoDate } from '../isoDate.ts';
import type { CycleSchedule, CycleStage } from './timeline.ts';

export const CYCLE_STATES = ['announced', 'nominationsOpen', 'nominationsClosed', 'committed', 'drawn', 'confirmed', 'seated'] as const;
export type CycleState = (typeof CYCLE_STATES)[number];

export type CycleActor = 'secretariat' | 'system';

export type CycleGuard =
  /** Today has reached the schedule's date of the named stage. */
  | { kind: 'dateReached'; stage: CycleStage }
  /** Every nomination has an eligibility decision, and every block's pool can fill its seats. */
  | { kind: 'poolReady' }
  /** The entropy values were entered (their sources' date is the `drawn` stage). */
  | { kind: 'entropyEntered' }
  /** Every selected candidate and called alternate has answered, or the confirmation deadline passed. */
  | { kind: 'confirmationsSettled' };

export interface CycleTransition {
  from: CycleState;
  to: CycleState;
  event: string;
  who: readonly CycleActor[];
  guard?: readonly CycleGuard[];
}

export const CYCLE_TRANSITIONS: readonly CycleTransition[] = [
  { from: 'announced', to: 'nominationsOpen', event: 'council.nominationsOpened', who: ['secretariat', 'system'], guard: [{ kind: 'dateReached', stage: 'nominationsOpen' }] },
  { from: 'nominationsOpen', to: 'nominationsClosed', event: 'council.nominationsClosed', who: ['secretariat', 'system'], guard: [{ kind: 'dateReached', stage: 'nominationsClosed' }] },
  { from: 'nominationsClosed', to: 'committed', event: 'council.poolCommitted', who: ['secretariat'], guard: [{ kind: 'dateReached', stage: 'committed' }, { kind: 'poolReady' }] },
  { from: 'committed', to: 'drawn', event: 'council.drawn', who: ['secretariat'], guard: [{ kind: 'dateReached', stage: 'drawn' }, { kind: 'entropyEntered' }] },
  { from: 'drawn', to: 'confirmed', event: 'council.confirmationsClosed', who: ['secretariat', 'system'], guard: [{ kind: 'confirmationsSettled' }] },
  { from: 'confirmed', to: 'seated', event: 'council.seated', who: ['system'], guard: [{ kind: 'dateReached', stage: 'termStart' }] },
];

/** The facts a guard reads; the caller gathers them (from the database, in the shell). */
export interface CycleFacts {
  today: IsoDate;
  schedule: CycleSchedule;
  poolReady: boolean;
  entropyEntered: boolean;
  /** Selected candidates and called alternates who have not answered yet. */
  pendingConfirmations: number;
}

/** The guards of `t` that do not hold now (empty: the transition may run). */
export function failedGuards(t: CycleTransition, facts: CycleFacts): CycleGuard[] {
  return (t.guard ?? []).filter((g) => !guardHolds(g, facts));
}

function guardHolds(g: CycleGuard, facts: CycleFacts): boolean {
  if (g.kind === 'dateReached') return facts.today >= facts.schedule[g.stage];
  if (g.kind === 'poolReady') return facts.poolReady;
  if (g.kind === 'entropyEntered') return facts.entropyEntered;
  return facts.pendingConfirmations === 0 || facts.today > facts.schedule.confirmationDeadline;
}

/** Transitions out of `state` that `actor` may start now. */
export function availableTransitions(state: CycleState, actor: CycleActor, facts: CycleFacts): CycleTransition[] {
  return CYCLE_TRANSITIONS.filter((t) => t.from === state && t.who.includes(actor) && failedGuards(t, facts).length === 0);
}
