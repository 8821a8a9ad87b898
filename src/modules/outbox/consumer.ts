// Running a subscription in the background: it claims batches when woken, which happens every
// `pollMs` (events committed by other processes) and shortly after a local commit that wrote outbox
// events (low latency in one process). One claim loop at a time per subscriber per process; other
// processes are kept off by the cursor lock (docs/adr/0004). Wake-ups are coalesced (docs/adr/0904):
// commits within `coalesceMs` of the first become one pending wake-up, and a wake-up first asks
// `hasPending` (one read, no transaction), so a burst of commits costs each subscriber one claim,
// and a subscriber whose kinds the burst does not contain none at all.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/connection.ts';
import type { AppContext } from '../../web/context.ts';
import { claimBatch, hasPending, type Subscription } from './subscription.ts';

export interface ConsumerOptions {
  pollMs?: number;
  /** Per wake-up, so a flood of events never keeps the process from yielding. */
  maxPerRun?: number;
  /**
   * After a local commit, how long to wait for more before claiming (default 20 ms): one pending
   * wake-up per subscriber, however many commits arrive meanwhile. 0: at the next macrotask.
   */
  coalesceMs?: number;
  onError?: (err: unknown) => void;
  onHandled?: (n: number) => void;
}

export interface Consumer {
  /** Asks for a run now (coalesced with one already running). */
  wake(): void;
  /** Stops polling and waits for the batch in flight. */
  stop(): Promise<void>;
}

export function startConsumer(handle: Db, sub: Subscription, opts: ConsumerOptions = {}): Consumer {
  const maxPerRun = opts.maxPerRun ?? 20_000;
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let pending: ReturnType<typeof setTimeout> | null = null;
  const coalesceMs = opts.coalesceMs ?? 20;

  const runOnce = async () => {
    let total = 0;
    try {
      // Nothing committed for this subscriber: no claim, no transaction (a hint; the claim decides).
      if (!(await hasPending(handle, sub))) return;
      while (!stopped && total < maxPerRun) {
        const r = await claimBatch(handle, sub);
        total += r.handled;
        if (r.busy || !r.more) break;
      }
    } catch (err) {
      // Nothing was half-written: the batch rolled back with its cursor; the next wake-up retries.
      opts.onError?.(err);
    }
    if (total) opts.onHandled?.(total);
    if (total >= maxPerRun) again = true;
  };
  const wake = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = runOnce().finally(() => {
      running = null;
      if (again && !stopped) {
        again = false;
        // A macrotask later, so a burst of commits becomes one batch and I/O gets its turn.
        setImmediate(wake);
      }
    });
  };

  // A local commit: one pending wake-up, however many commits arrive before it fires.
  const soon = () => {
    if (stopped || pending) return;
    pending = setTimeout(() => {
      pending = null;
      wake();
    }, coalesceMs);
  };
  const off = handle.outboxCommits.on(soon);
  const poll = setInterval(wake, opts.pollMs ?? 250);
  poll.unref();
  wake();
  return {
    wake,
    stop: async () => {
      stopped = true;
      off();
      clearInterval(poll);
      if (pending) clearTimeout(pending);
      await running;
    },
  };
}

/** A background `Service` (src/services.ts) for one subscription of the app's database. */
export function subscriptionService(make: (ctx: AppContext) => Subscription, opts: ConsumerOptions = {}) {
  return async (app: FastifyInstance, ctx: AppContext): Promise<() => Promise<void>> => {
    const sub = make(ctx);
    const log = app.log.child({ subscriber: sub.name });
    const consumer = startConsumer(ctx.db, sub, {
      onError: (err) => log.error({ err }, 'outbox subscriber failed; retrying'),
      onHandled: (n) => log.debug({ handled: n }, 'outbox events handled'),
      ...opts,
    });
    return consumer.stop;
  };
}
