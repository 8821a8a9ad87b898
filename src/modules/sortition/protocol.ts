// What the selection worker and the server say to each other.
import type { InfeasibilityDiagnosis, ProgressEvent, SelectionOptions, SelectionReport } from '../../core/sortition/index.ts';

export type RunOptions = SelectionOptions;

export type WorkerMessage =
  | { type: 'progress'; event: ProgressEvent }
  | { type: 'done'; report: SelectionReport }
  | { type: 'failed'; message: string; diagnosis?: InfeasibilityDiagnosis };
