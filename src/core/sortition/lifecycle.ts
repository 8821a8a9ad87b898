// The life of a sortition run, as data. A run is created `running` (its commitment is the
// `sortition.committed` event) and the worker ends it. New ceremony states go in `RUN_STATES` and
// as rows of the table; the walk test then asks that each is reachable and tested.
import { lifecycle } from '../lifecycle/table.ts';

export const RUN_STATES = ['running', 'done', 'failed'] as const;
export type RunStatus = (typeof RUN_STATES)[number];

/** The draw `worker` ends a run. */
export type RunActor = 'worker';

export const runLifecycle = lifecycle<RunStatus, RunActor>({
  aggregate: 'sortition-run',
  states: RUN_STATES,
  initial: 'running',
  created: 'sortition.committed',
  final: ['done', 'failed'],
  transitions: [
    { from: 'running', to: 'done', event: 'sortition.drawn', who: ['worker'] },
    { from: 'running', to: 'failed', event: 'sortition.failed', who: ['worker'] },
  ],
});
