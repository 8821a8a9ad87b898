import type { InfeasibilityDiagnosis, ProgressEvent, SelectionReport } from '../../core/sortition/index.ts';
import type { SelectionOptions } from '../../core/sortition/index.ts';

export type RunOptions = SelectionOptions;

export type WorkerMessage =
  | { type: 'progress'; event: ProgressEvent }
  | { type: 'done'; report: SelectionReport }
  | { type: 'failed'; message: string; diagnosis?: InfeasibilityDiagnosis };
