// The public tracks of decisions after the Council (and of the Kurultai's own initiatives), as
// life-cycle tables: the secretariat records each step as a dated entry with a document link.
import type { WorkingDays } from '../responses/workingDays.ts';
import { check, type Decision, lifecycle } from '../lifecycle/table.ts';
import type { IsoDate } from './types.ts';

export const KURULTAI_STAGES = ['sent', 'registered', 'committee', 'reading', 'adopted', 'rejected', 'returned'] as const;
export type KurultaiStage = (typeof KURULTAI_STAGES)[number];

export type TrackActor = 'secretariat';

/** A step's facts: its date must not come before the previous step's. */
export interface StepContext {
  on: IsoDate;
  previousOn: IsoDate;
  documentUrl?: string;
}

const inOrder = {
  code: 'step-before-previous',
  field: 'on',
  holds: (c: StepContext) => c.on >= c.previousOn,
  params: (c: StepContext) => ({ on: c.on, previousOn: c.previousOn }),
};

const sec: readonly TrackActor[] = ['secretariat'];

/**
 * A legislative initiative in the Kurultai. A Council initiative starts at `sent`; the Kurultai's own
 * starts at `registered` (it needs no sending). Readings repeat (`reading` → `reading`); the Kurultai
 * may return a draft for rework, which ends this track (a reworked draft is a new initiative).
 */
export const kurultaiTrack = lifecycle<KurultaiStage, TrackActor, StepContext>({
  aggregate: 'kurultai-initiative',
  states: KURULTAI_STAGES,
  initial: 'sent',
  created: 'initiative.sent-to-kurultai',
  final: ['adopted', 'rejected', 'returned'],
  transitions: [
    { from: 'sent', to: 'registered', event: 'initiative.registered', who: sec, guard: inOrder },
    { from: 'sent', to: 'returned', event: 'initiative.returned', who: sec, guard: inOrder },
    { from: 'registered', to: 'committee', event: 'initiative.in-committee', who: sec, guard: inOrder },
    { from: 'registered', to: 'returned', event: 'initiative.returned', who: sec, guard: inOrder },
    { from: 'committee', to: 'reading', event: 'initiative.reading', who: sec, guard: inOrder },
    { from: 'committee', to: 'returned', event: 'initiative.returned', who: sec, guard: inOrder },
    { from: 'reading', to: 'reading', event: 'initiative.reading', who: sec, guard: inOrder },
    { from: 'reading', to: 'adopted', event: 'initiative.adopted', who: sec, guard: inOrder },
    { from: 'reading', to: 'rejected', event: 'initiative.rejected', who: sec, guard: inOrder },
    { from: 'reading', to: 'returned', event: 'initiative.returned', who: sec, guard: inOrder },
  ],
  refusals: Object.fromEntries(
    ['initiative.registered', 'initiative.in-committee', 'initiative.reading', 'initiative.adopted', 'initiative.rejected', 'initiative.returned'].map((e) => [e, { actor: 'secretariat-only', state: 'step-out-of-order' }]),
  ),
});

/** Where a track starts: a Council initiative is sent; the Kurultai's own is registered there at once. */
export function initialKurultaiStage(origin: 'council' | 'kurultai'): KurultaiStage {
  return origin === 'council' ? kurultaiTrack.initial : 'registered';
}

export const REFERENDUM_STAGES = ['sent', 'called', 'declined', 'held'] as const;
export type ReferendumStage = (typeof REFERENDUM_STAGES)[number];

export interface ReferendumStepContext extends StepContext {
  /** The referendum date the President set, when calling it. */
  referendumDate?: IsoDate;
}

/** A referendum proposal: the President calls it (with a date) or declines; a called one is held. */
export const referendumTrack = lifecycle<ReferendumStage, TrackActor, ReferendumStepContext>({
  aggregate: 'referendum-proposal',
  states: REFERENDUM_STAGES,
  initial: 'sent',
  created: 'referendum-proposal.sent',
  final: ['declined', 'held'],
  transitions: [
    {
      from: 'sent',
      to: 'called',
      event: 'referendum-proposal.called',
      who: sec,
      guard: {
        code: 'referendum-date-required',
        field: 'referendumDate',
        holds: (c) => inOrder.holds(c) && c.referendumDate !== undefined && c.referendumDate > c.on,
        params: (c) => ({ on: c.on, previousOn: c.previousOn, referendumDate: c.referendumDate ?? '' }),
      },
    },
    { from: 'sent', to: 'declined', event: 'referendum-proposal.declined', who: sec, guard: inOrder },
    { from: 'called', to: 'held', event: 'referendum-proposal.held', who: sec, guard: inOrder },
  ],
  refusals: Object.fromEntries(
    ['referendum-proposal.called', 'referendum-proposal.declined', 'referendum-proposal.held'].map((e) => [e, { actor: 'secretariat-only', state: 'step-out-of-order' }]),
  ),
});

export function checkKurultaiStep(stage: KurultaiStage, event: string, actor: readonly TrackActor[], ctx: StepContext): Decision<KurultaiStage, TrackActor, StepContext> {
  return check(kurultaiTrack, stage, event, actor, ctx);
}

export function checkReferendumStep(stage: ReferendumStage, event: string, actor: readonly TrackActor[], ctx: ReferendumStepContext): Decision<ReferendumStage, TrackActor, ReferendumStepContext> {
  return check(referendumTrack, stage, event, actor, ctx);
}

export interface TrackEntry<S extends string> {
  stage: S;
  on: IsoDate;
}

export interface StageTime<S extends string> {
  stage: S;
  from: IsoDate;
  /** The next entry's date, or null while the stage lasts (then counted up to today). */
  to: IsoDate | null;
  calendarDays: number;
  workingDays: number;
}

/** Time spent in each stage, in calendar and working days; entries in the order recorded. */
export function stageTimes<S extends string>(cal: WorkingDays, entries: readonly TrackEntry<S>[], today: IsoDate, final: readonly S[]): StageTime<S>[] {
  return entries.map((e, i) => {
    const next = entries[i + 1];
    const to = next ? next.on : final.includes(e.stage) ? e.on : null;
    const end = to ?? today;
    const days = (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${e.on}T00:00:00Z`)) / 86_400_000;
    return { stage: e.stage, from: e.on, to, calendarDays: days, workingDays: cal.countWorkingDays(e.on, end) };
  });
}
