// What the selection worker and the server say to each other.
import type { InfeasibilityDiagnosis, ProgressEvent, SelectionOptions, SelectionReport } from '../../core/sortition/index.ts';
import type { PoolPreview } from '../../core/sortition/preview.ts';

export type RunOptions = SelectionOptions;

export type WorkerMessage =
  | { type: 'progress'; event: ProgressEvent }
  | { type: 'done'; report: SelectionReport }
  | { type: 'failed'; message: string; diagnosis?: InfeasibilityDiagnosis };

/** A preview job's one answer (the console's check before a commit). */
export type PreviewMessage = { type: 'preview'; preview: PoolPreview } | { type: 'failed'; message: string };
