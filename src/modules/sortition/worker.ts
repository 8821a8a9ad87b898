// Runs one selection off the main thread, so the server keeps answering while HiGHS works.
import { parentPort, workerData } from 'node:worker_threads';
import { InfeasibleQuotasError, runSelection, type SelectionInput } from '../../core/sortition/index.ts';
import type { RunOptions, WorkerMessage } from './protocol.ts';

const { input, options } = workerData as { input: SelectionInput; options: RunOptions };
const post = (m: WorkerMessage) => parentPort!.postMessage(m);

try {
  const report = await runSelection(input, options, (event) => post({ type: 'progress', event }));
  post({ type: 'done', report });
} catch (err) {
  if (err instanceof InfeasibleQuotasError) post({ type: 'failed', message: err.message, diagnosis: err.diagnosis });
  else post({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
}
