// The shape of a life-cycle table ({ from, to, event, who, guard? }), written so that the Council's
// tables are valid tables of the generic life-cycle core (src/core/lifecycle, ADR 0005) when it lands
// on main: then these types and `decide` give way to its `lifecycle()` and `check()`.

export interface Guard<C> {
  code: string;
  field?: string;
  holds: (ctx: C) => boolean;
  params?: (ctx: C) => Record<string, unknown>;
}

export interface Transition<S extends string, K extends string, C> {
  from: S;
  to: S;
  /** The domain event the outbox gets when the transition happens. */
  event: string;
  who: readonly K[];
  guard?: Guard<C>;
}

export interface Table<S extends string, K extends string, C> {
  aggregate: string;
  states: readonly S[];
  initial: S;
  created?: string;
  final: readonly S[];
  transitions: readonly Transition<S, K, C>[];
  refusals?: Readonly<Record<string, { actor: string; state: string; stateField?: string }>>;
}

export type Decision<S extends string, K extends string, C> =
  | { ok: true; transition: Transition<S, K, C> }
  | { ok: false; reason: 'unknown-event' | 'actor' | 'state' | 'guard'; code: string; field?: string; params?: Record<string, unknown> };

/** Actor first, then state, then guard (when a context is given): the order of the generic core. */
export function decide<S extends string, K extends string, C>(table: Table<S, K, C>, state: S, event: string, actor: readonly K[], ctx?: C): Decision<S, K, C> {
  const refusal = table.refusals?.[event];
  const byEvent = table.transitions.filter((t) => t.event === event);
  if (byEvent.length === 0) return { ok: false, reason: 'unknown-event', code: 'unknown-transition' };
  const mayAct = (t: Transition<S, K, C>) => t.who.some((k) => actor.includes(k));
  if (!byEvent.some(mayAct)) return { ok: false, reason: 'actor', code: refusal?.actor ?? 'forbidden' };
  const mine = byEvent.find((t) => t.from === state && mayAct(t));
  if (!mine) return { ok: false, reason: 'state', code: refusal?.state ?? 'state-changed', field: refusal?.stateField, params: { state } };
  if (mine.guard && ctx !== undefined && !mine.guard.holds(ctx)) {
    return { ok: false, reason: 'guard', code: mine.guard.code, field: mine.guard.field, params: mine.guard.params?.(ctx) };
  }
  return { ok: true, transition: mine };
}
