// One selection in a worker thread of its own, awaited: for callers that run several independent draws
// at once (the Council simulation's three blocks of a cycle) and want them on separate cores. Unlike
// the server's runner it does not queue: the caller decides how many run together.
import { Worker } from 'node:worker_threads';
import { InfeasibleQuotasError, type SelectionInput, type SelectionReport } from '../../core/sortition/index.ts';
import type { RunOptions, WorkerMessage } from './protocol.ts';

const WORKER_URL = new URL('./worker-entry.mjs', import.meta.url);

/** Resolves with the report, or rejects as `runSelection` would (an infeasible pool as InfeasibleQuotasError with its diagnosis). */
export function selectInWorker(input: SelectionInput, options: RunOptions): Promise<SelectionReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: { input, options } });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'done') settle(() => resolve(m.report));
      else if (m.type === 'failed') settle(() => reject(m.diagnosis ? new InfeasibleQuotasError(m.message, m.diagnosis) : new Error(m.message)));
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`selection worker stopped (exit code ${code})`))));
  });
}
