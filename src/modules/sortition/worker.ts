// Runs one selection, or one preview (feasibility and its diagnosis), off the main thread, so the
// server keeps answering while HiGHS works.
import { parentPort, workerData } from 'node:worker_threads';
import { InfeasibleQuotasError, runSelection, type SelectionInput } from '../../core/sortition/index.ts';
import { previewPool } from '../../core/sortition/preview.ts';
import type { PreviewMessage, RunOptions, WorkerMessage } from './protocol.ts';

const { input, options, preview } = workerData as { input: SelectionInput; options: RunOptions; preview?: true };
const post = (m: WorkerMessage | PreviewMessage) => parentPort!.postMessage(m);

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function selection(): Promise<void> {
  try {
    const report = await runSelection(input, options, (event) => post({ type: 'progress', event }));
    post({ type: 'done', report });
  } catch (err) {
    if (err instanceof InfeasibleQuotasError) post({ type: 'failed', message: err.message, diagnosis: err.diagnosis });
    else post({ type: 'failed', message: message(err) });
  }
}

async function previewOnly(): Promise<void> {
  try {
    post({ type: 'preview', preview: await previewPool(input) });
  } catch (err) {
    post({ type: 'failed', message: message(err) });
  }
}

await (preview ? previewOnly() : selection());
