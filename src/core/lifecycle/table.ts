// Life-cycles as data: an aggregate's states and the transitions between them, with the domain event
// each emits, who may act and an optional guard. Pure: services ask `check` before they write, views
// ask `allowedEvents` what a person may do now, and the walk test reads the same tables.

/** A pure precondition with the reason code a refusal carries when it does not hold. */
export interface Guard<C> {
  code: string;
  /** The request field the refusal names, when one is. */
  field?: string;
  holds: (ctx: C) => boolean;
  /** Parameters of the refusal (for the detail text), from the same context. */
  params?: (ctx: C) => Record<string, unknown>;
}

export interface Transition<S extends string, K extends string, C> {
  from: S;
  to: S;
  /** The domain event written to the outbox when the transition happens, e.g. `proposal.published`. */
  event: string;
  /** Actor kinds allowed (a role, `author`, `lead-agency`, or `system` for sweeps and workers). */
  who: readonly K[];
  guard?: Guard<C>;
}

/** What a refusal says when the actor may never do the event, or not from the current state. */
export interface Refusal {
  actor: string;
  state: string;
  /** The request field a state refusal names (kept from the API as it was). */
  stateField?: string;
}

export interface LifecycleTable<S extends string = string, K extends string = string, C = unknown> {
  /** Name of the aggregate: `proposal`, `response-item`, `sortition-run`. */
  aggregate: string;
  states: readonly S[];
  initial: S;
  /** The event written when the aggregate is created in its initial state, if any. */
  created?: string;
  /** States with no way out, by design (the walk test checks every other state has one). */
  final: readonly S[];
  transitions: readonly Transition<S, K, C>[];
  /** Reason codes by event; events without an entry use the defaults `forbidden` / `state-changed`. */
  refusals?: Readonly<Record<string, Refusal>>;
}

export type Decision<S extends string, K extends string, C> =
  | { ok: true; transition: Transition<S, K, C> }
  | { ok: false; reason: 'unknown-event' | 'actor' | 'state' | 'guard'; code: string; field?: string; params?: Record<string, unknown> };

/** Builds a table, keeping its literal types. */
export function lifecycle<S extends string, K extends string, C = unknown>(table: LifecycleTable<S, K, C>): LifecycleTable<S, K, C> {
  return table;
}

/**
 * May an actor with these kinds do `event` now? Checks in a fixed order, so refusals are stable:
 * the actor (may this kind of actor ever do it?), then the state, then the guard (when `ctx` is given).
 */
export function check<S extends string, K extends string, C>(table: LifecycleTable<S, K, C>, state: string, event: string, actor: readonly K[], ctx?: C): Decision<S, K, C> {
  const refusal = table.refusals?.[event];
  const byEvent = table.transitions.filter((t) => t.event === event);
  if (byEvent.length === 0) return { ok: false, reason: 'unknown-event', code: 'unknown-transition' };
  if (!byEvent.some((t) => mayAct(t, actor))) return { ok: false, reason: 'actor', code: refusal?.actor ?? 'forbidden' };
  const fromHere = byEvent.filter((t) => t.from === state);
  if (fromHere.length === 0) return { ok: false, reason: 'state', code: refusal?.state ?? 'state-changed', field: refusal?.stateField, params: { state } };
  const mine = fromHere.find((t) => mayAct(t, actor));
  if (!mine) return { ok: false, reason: 'actor', code: refusal?.actor ?? 'forbidden' };
  // Without a context the guard is not asked (a view showing a form); the runner always gives one.
  if (mine.guard && ctx !== undefined && !mine.guard.holds(ctx)) return { ok: false, reason: 'guard', code: mine.guard.code, field: mine.guard.field, params: mine.guard.params?.(ctx as C) };
  return { ok: true, transition: mine };
}

/** True when `check` would let the actor do the event now. */
export function can<S extends string, K extends string, C>(table: LifecycleTable<S, K, C>, state: string, event: string, actor: readonly K[], ctx?: C): boolean {
  return check(table, state, event, actor, ctx).ok;
}

/** The events an actor may start from a state (guards not evaluated: a view shows the form, the service decides). */
export function allowedEvents<S extends string, K extends string, C>(table: LifecycleTable<S, K, C>, state: string, actor: readonly K[]): string[] {
  return [...new Set(table.transitions.filter((t) => t.from === state && mayAct(t, actor)).map((t) => t.event))];
}

/** Every state reachable from `from` (itself included) along the table's transitions. */
export function reachableStates<S extends string, K extends string, C>(table: LifecycleTable<S, K, C>, from: S = table.initial): Set<S> {
  const seen = new Set<S>([from]);
  const todo = [from];
  while (todo.length) {
    const s = todo.pop()!;
    for (const t of table.transitions) {
      if (t.from === s && !seen.has(t.to)) {
        seen.add(t.to);
        todo.push(t.to);
      }
    }
  }
  return seen;
}

/** What is wrong with a table's shape: unreachable states, unknown states, dead ends, duplicate edges. */
export function tableProblems<S extends string, K extends string, C>(table: LifecycleTable<S, K, C>): string[] {
  const problems: string[] = [];
  const states = new Set<string>(table.states);
  if (!states.has(table.initial)) problems.push(`initial state ${table.initial} is not a state`);
  for (const t of table.transitions) {
    if (!states.has(t.from)) problems.push(`${t.event}: from ${t.from} is not a state`);
    if (!states.has(t.to)) problems.push(`${t.event}: to ${t.to} is not a state`);
    if (t.who.length === 0) problems.push(`${t.event} from ${t.from}: nobody may act`);
  }
  const reachable = reachableStates(table);
  for (const s of table.states) if (!reachable.has(s)) problems.push(`state ${s} is not reachable from ${table.initial}`);
  for (const s of table.states) {
    const leaves = table.transitions.some((t) => t.from === s && t.to !== s);
    if (!leaves && !table.final.includes(s)) problems.push(`state ${s} has no way out and is not declared final`);
    if (leaves && table.final.includes(s)) problems.push(`state ${s} is declared final but has transitions out`);
  }
  const keys = table.transitions.map((t) => `${t.from} ${t.event}`);
  for (const k of new Set(keys)) if (keys.filter((x) => x === k).length > 1) problems.push(`two transitions for ${k}`);
  for (const event of Object.keys(table.refusals ?? {})) if (!table.transitions.some((t) => t.event === event)) problems.push(`refusal for unknown event ${event}`);
  return problems;
}

/** Every reason code a table can refuse with (guards and refusals), for the spelling check. */
// biome-ignore lint/suspicious/noExplicitAny: any table, whatever its guard context
export function reasonCodes(table: LifecycleTable<string, string, any>): string[] {
  const codes = new Set<string>();
  for (const t of table.transitions) if (t.guard) codes.add(t.guard.code);
  for (const r of Object.values(table.refusals ?? {})) {
    codes.add(r.actor);
    codes.add(r.state);
  }
  return [...codes];
}

/** A stable key for one edge: `aggregate from event`, as the runner records applied transitions. */
export function edgeKey(aggregate: string, from: string, event: string): string {
  return `${aggregate} ${from} ${event}`;
}

function mayAct<K extends string>(t: { who: readonly K[] }, actor: readonly K[]): boolean {
  return t.who.some((k) => actor.includes(k));
}

/** Whether these actor kinds may ever do the event (in some state): a check before any reading. */
export function mayEver<S extends string, K extends string, C>(table: LifecycleTable<S, K, C>, event: string, actor: readonly K[]): boolean {
  return table.transitions.some((t) => t.event === event && mayAct(t, actor));
}

/** The table's edges (`aggregate from event`) that are not in `applied`. */
export function untestedEdges<S extends string, K extends string, C>(table: LifecycleTable<S, K, C>, applied: ReadonlySet<string>): string[] {
  return table.transitions.map((t) => edgeKey(table.aggregate, t.from, t.event)).filter((k) => !applied.has(k));
}
