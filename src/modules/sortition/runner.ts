// Starts selection workers one at a time (the machine has two cores; a second LEXIMIN run in
// parallel would only slow both), and fans their progress out to listeners (the SSE streams).
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { SelectionInput } from '../../core/sortition/index.ts';
import type { PoolPreview } from '../../core/sortition/preview.ts';
import type { PreviewMessage, RunOptions, WorkerMessage } from './protocol.ts';

/** Every run's messages, as (runId, message): what the cross-process bridge forwards (src/liveEvents.ts). */
export const ANY_RUN = Symbol('any sortition run');

const WORKER_URL = new URL('./worker-entry.mjs', import.meta.url);

export class SortitionRunner {
  readonly events = new EventEmitter();
  private queue: Promise<void> = Promise.resolve();
  private active = new Set<Worker>();

  constructor() {
    this.events.setMaxListeners(0);
  }

  /** Queues a run; `onMessage` sees every progress event and exactly one final message. */
  start(runId: string, input: SelectionInput, options: RunOptions, onMessage: (m: WorkerMessage) => Promise<void>): Promise<void> {
    const job = this.queue.then(
      () =>
        new Promise<void>((resolve) => {
          const worker = new Worker(WORKER_URL, { workerData: { input, options } });
          this.active.add(worker);
          let finished = false;
          // The final message's handling (storing the report) may outlast the worker: `done` waits for it.
          let final: Promise<void> = Promise.resolve();
          const deliver = async (m: WorkerMessage) => {
            if (finished) return;
            if (m.type !== 'progress') finished = true;
            const handled = (async () => {
              try {
                await onMessage(m);
              } finally {
                this.events.emit(runId, m);
                this.events.emit(ANY_RUN, runId, m);
              }
            })();
            if (m.type !== 'progress') final = handled.catch(() => undefined);
            await handled;
          };
          worker.on('message', (m: WorkerMessage) => void deliver(m));
          worker.on('error', (err) => void deliver({ type: 'failed', message: err.message }));
          worker.on('exit', (code) => {
            this.active.delete(worker);
            const end = finished ? final : deliver({ type: 'failed', message: `worker stopped (exit code ${code})` });
            void end.finally(resolve);
          });
        }),
    );
    this.queue = job.catch(() => undefined);
    return job;
  }

  /**
   * The console's check of a pool against its quotas, in a worker of its own: not queued behind a
   * running draw (a preview is a few feasibility MIPs), and off the server's thread.
   */
  preview(input: SelectionInput): Promise<PoolPreview> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(WORKER_URL, { workerData: { input, preview: true } });
      this.active.add(worker);
      let answered = false;
      worker.on('message', (m: PreviewMessage) => {
        answered = true;
        if (m.type === 'preview') resolve(m.preview);
        else reject(new Error(m.message));
        void worker.terminate();
      });
      worker.on('error', (err) => {
        answered = true;
        reject(err);
      });
      worker.on('exit', (code) => {
        this.active.delete(worker);
        if (!answered) reject(new Error(`preview worker stopped (exit code ${code})`));
      });
    });
  }

  async stop(): Promise<void> {
    await Promise.all([...this.active].map((w) => w.terminate()));
  }
}
