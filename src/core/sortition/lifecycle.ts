// The life of a sortition run, as data: the public draw ceremony (ADR 0111). A run is created
// `committed` (its commitment is the `sortition.committed` event, under a signed head), the
// secretariat reveals the entropy after the sources' date (`running`), and the worker ends it.
import { lifecycle } from '../lifecycle/table.ts';

export const RUN_STATES = ['committed', 'running', 'done', 'failed'] as const;
export type RunStatus = (typeof RUN_STATES)[number];

/** The `secretariat` reveals; the draw `worker` ends a run. */
export type RunActor = 'secretariat' | 'worker';

export const runLifecycle = lifecycle<RunStatus, RunActor>({
  aggregate: 'sortition-run',
  states: RUN_STATES,
  initial: 'committed',
  created: 'sortition.committed',
  final: ['done', 'failed'],
  transitions: [
    { from: 'committed', to: 'running', event: 'sortition.revealed', who: ['secretariat'] },
    { from: 'running', to: 'done', event: 'sortition.drawn', who: ['worker'] },
    { from: 'running', to: 'failed', event: 'sortition.failed', who: ['worker'] },
  ],
  // A second reveal says what happened, not only that the state changed.
  refusals: { 'sortition.revealed': { actor: 'forbidden', state: 'already-revealed' } },
});
