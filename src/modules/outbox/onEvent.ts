// The usual subscription: events of some kinds, one at a time, each with its parsed payload, all in
// the batch's transaction (the one that moves the cursor, docs/adr/0004). A module writes only what it
// does with one event; the batch, the parsing and the loop are here once.
import type { Executor, OutboxEvent, Subscription } from './subscription.ts';

export interface OnEventOptions {
  /** The cursor's key (renaming it starts a new subscriber). */
  name: string;
  /** Where a new cursor starts (default: the first event, so nothing committed earlier is missed). */
  from?: 'start' | 'now';
  /** Events per transaction (default 200). */
  batch?: number;
}

/**
 * A subscription that calls `handler(trx, payload, event)` for each event of `kind` (one kind or a
 * list), in position order, writing only through `trx`. The payload is the event's JSON, not checked:
 * the handler tests the fields it reads (an event written by an older version may lack some). A
 * handler that throws rolls back the whole batch and its cursor; it is delivered again.
 */
export function onEvent<P extends object = Record<string, unknown>>(
  kind: string | readonly string[],
  opts: OnEventOptions,
  handler: (trx: Executor, payload: Partial<P>, event: OutboxEvent) => Promise<void>,
): Subscription {
  return {
    name: opts.name,
    kinds: typeof kind === 'string' ? [kind] : [...kind],
    from: opts.from ?? 'start',
    batch: opts.batch ?? 200,
    handle: async (trx, events) => {
      for (const ev of events) await handler(trx, JSON.parse(ev.payload) as Partial<P>, ev);
    },
  };
}
