// The one way an aggregate changes state: lock the row, check the life-cycle table (actor, state,
// guard), update the state, write the timeline entry and emit the outbox event, all in the caller's
// transaction. A refusal is a DomainError with the table's reason code, raised before any write.
import type { Kysely, Transaction } from 'kysely';
import { DomainError } from '../core/errors.ts';
import { check, edgeKey, type LifecycleTable } from '../core/lifecycle/table.ts';
import { emit } from '../modules/outbox/api.ts';
import { isPostgres } from './dialect.ts';
import type { Database } from './schema.ts';

type Trx = Kysely<Database> | Transaction<Database>;
type Row = Record<string, unknown>;

export interface TransitionRun<S extends string, K extends string, C, R extends Row, P> {
  lifecycle: LifecycleTable<S, K, C>;
  /** The table holding the aggregate (its key column `id`, its state column `status`). */
  rows: 'proposals' | 'response_items' | 'sortition_runs' | 'council_cycles' | 'council_sessions' | 'council_votes' | 'council_initiatives' | 'council_minutes';
  id: number | string;
  event: string;
  /** The actor's kinds for this row (e.g. whether they lead the item). */
  actor: readonly K[] | ((row: R) => readonly K[]);
  /** The guard's context, read from the locked row (and what `prepare` found). */
  guard?: (row: R) => C | Promise<C>;
  /** More checks that need the locked row; runs before any write and hands its result on. */
  prepare?: (row: R) => P | Promise<P>;
  /** Columns to change besides the state. */
  set?: (row: R, prepared: P) => Row;
  /** Writes the aggregate's timeline entry. */
  timeline?: (trx: Trx, row: R, to: S, prepared: P) => Promise<void>;
  /** Subject and payload of the outbox event (its kind is the transition's event). */
  emit: (row: R, to: S, prepared: P) => { subject: string; payload: Record<string, unknown>; occurredAt?: string };
  /** Other writes that must commit or fail with the transition. */
  after?: (trx: Trx, updated: R, prepared: P) => Promise<void>;
  /** Parameters every refusal carries (for its detail text), from the locked row. */
  refusalParams?: (row: R) => Record<string, unknown>;
  /** The error when the row does not exist. */
  missing?: DomainError;
  /**
   * PostgreSQL's row lock: `update` (the default) also holds back inserts of rows that reference this
   * one; `noKeyUpdate` lets them go on, for a transition that runs where such inserts hold key-share
   * locks of their own (a signing batch reaching its threshold), which would otherwise deadlock.
   * `share` lets steps that never change the row run side by side (ballots on an open vote), while a
   * step that does change it (the close, under `update`) waits for them and they wait for it; a
   * share-locked step that would change the row is a programming error and throws.
   */
  lock?: 'update' | 'noKeyUpdate' | 'share';
}

export async function runTransition<S extends string, K extends string, C, R extends Row, P = undefined>(trx: Trx, run: TransitionRun<S, K, C, R, P>): Promise<R> {
  // biome-ignore lint/suspicious/noExplicitAny: the aggregate's table is chosen at run time
  const q = trx as unknown as Kysely<any>;
  const row = (await q
    .selectFrom(run.rows)
    .selectAll()
    .where('id', '=', run.id)
    .$if(isPostgres(q), (b) => (run.lock === 'noKeyUpdate' ? b.forNoKeyUpdate() : run.lock === 'share' ? b.forShare() : b.forUpdate()))
    .executeTakeFirst()) as R | undefined;
  if (!row) throw run.missing ?? new DomainError('not-found', undefined, { what: run.lifecycle.aggregate, id: String(run.id) });
  const from = String(row.status);
  const actor = typeof run.actor === 'function' ? run.actor(row) : run.actor;
  // The actor and the state first, so a refusal never depends on what `prepare` reads.
  const refusal = { id: String(run.id), ...run.refusalParams?.(row) };
  const first = check(run.lifecycle, from, run.event, actor);
  if (!first.ok && first.reason !== 'guard') throw new DomainError(first.code, first.field, { ...refusal, ...first.params });
  if (first.ok && first.transition.guard && !run.guard) throw new Error(`${run.event} has a guard (${first.transition.guard.code}) and the call gives no context for it`);
  const prepared = (run.prepare ? await run.prepare(row) : undefined) as P;
  const ctx = run.guard ? await run.guard(row) : undefined;
  const decision = check(run.lifecycle, from, run.event, actor, ctx);
  if (!decision.ok) throw new DomainError(decision.code, decision.field, { ...refusal, ...decision.params });
  const to = decision.transition.to;
  const changes = run.set?.(row, prepared);
  // A step that stays in its state and changes no column (a ballot on an open vote) writes nothing to
  // the row: the row lock (PostgreSQL) or the one writer (SQLite, where a stale read cannot be
  // upgraded to a write) already orders it, and rewriting the row would only add a dead tuple.
  const unchanged = to === from && (changes === undefined || Object.keys(changes).length === 0);
  // Two share holders upgrading to a write would deadlock each other.
  if (!unchanged && run.lock === 'share') throw new Error(`${run.lifecycle.aggregate} ${from} → ${to} (${run.event}) changes the row under a share lock`);
  const updated = unchanged
    ? row
    : ((await q
        .updateTable(run.rows)
        .set({ ...(changes ?? {}), status: to })
        .where('id', '=', run.id)
        .where('status', '=', from)
        .returningAll()
        .executeTakeFirst()) as R | undefined);
  // SQLite has no row lock: the compare-and-set on the state refuses a change that raced this one.
  if (!updated) throw new DomainError('state-changed', undefined, { id: String(run.id), state: from });
  if (run.timeline) await run.timeline(trx, updated, to, prepared);
  const ev = run.emit(updated, to, prepared);
  await emit(trx, { kind: run.event, subject: ev.subject, occurredAt: ev.occurredAt, payload: ev.payload });
  if (run.after) await run.after(trx, updated, prepared);
  recordApplied(run.lifecycle.aggregate, from, run.event);
  return updated;
}

const applied = new Set<string>();

/** Notes a transition applied (bulk sweeps that update many rows at once call this too). */
export function recordApplied(aggregate: string, from: string, event: string): void {
  applied.add(edgeKey(aggregate, from, event));
}

/** The transitions this process applied, as `aggregate from event`: API tests check they cover every table. */
export function appliedTransitions(): ReadonlySet<string> {
  return applied;
}
