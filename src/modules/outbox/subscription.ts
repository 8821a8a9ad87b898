// Outbox subscriptions (docs/adr/0004): a named subscriber with a cursor over the outbox positions.
// One batch = one transaction holding the subscriber's cursor row: read the events after the cursor,
// run the handler with that transaction, move the cursor. The handler's writes and the cursor commit
// or roll back together, so each event is handled exactly once; a crash (even SIGKILL) rolls the
// batch back and the next claim, in this process or another, takes it again.
import { CompiledQuery, type Kysely, sql, type Transaction } from 'kysely';
import type { Db } from '../../db/connection.ts';
import type { Database } from '../../db/schema.ts';
import { STAMP_BATCH, stampInto, stampPending } from './positions.ts';

export type Executor = Kysely<Database> | Transaction<Database>;

export interface OutboxEvent {
  /** Place in the log (0, 1, …): the delivery order, the same for every subscriber. */
  position: number;
  /** The outbox row id (not the order). */
  id: number;
  kind: string;
  subject: string;
  occurredAt: string;
  /** The stored JSON text. */
  payload: string;
}

export interface Subscription {
  /** The cursor's key; renaming it starts a new subscriber. */
  name: string;
  /** Deliver only these kinds (the cursor still moves past the others). Default: every event. */
  kinds?: readonly string[];
  /** Where a new cursor starts: the first event ever (replay) or after the last event stamped now. */
  from?: 'start' | 'now';
  /** Events per transaction (default 500). */
  batch?: number;
  /**
   * Handles one batch in position order, writing only through `trx` (on SQLite it is the one
   * connection, held for the batch: a query through another handle would wait for it forever).
   * Throwing rolls back the batch and the cursor; it is delivered again on the next claim.
   */
  handle(trx: Executor, events: OutboxEvent[]): Promise<void>;
}

export interface ClaimResult {
  /** Events given to the handler. */
  handled: number;
  /** The cursor moved (events handled or skipped by kind). */
  moved: boolean;
  /** There may be more right away (a full batch, or stamping hit its limit). */
  more: boolean;
  /** Another process holds this subscriber (only when not waiting). */
  busy: boolean;
}

const DEFAULT_BATCH = 500;
const known = new WeakMap<Db, Set<string>>();

/** Creates the cursor row once (idempotent across processes: the first one wins). */
export async function ensureCursor(handle: Db, sub: Pick<Subscription, 'name' | 'from'>): Promise<void> {
  const names = known.get(handle) ?? new Set<string>();
  known.set(handle, names);
  if (names.has(sub.name)) return;
  const at = new Date().toISOString();
  if (sub.from === 'now') {
    // "Now" is after everything committed so far: stamp it first so it has positions to pass.
    if (handle.dialect === 'postgres') while ((await stampPending(handle)) === STAMP_BATCH);
    else await sqliteImmediate(handle, async (conn) => void (await stampInto(conn, Number.MAX_SAFE_INTEGER)));
    await sql`insert into outbox_cursors (name, position, updated_at) select ${sub.name}, coalesce(max(position), -1), ${at} from outbox where true on conflict (name) do nothing`.execute(handle.db);
  } else {
    await handle.db.insertInto('outbox_cursors').values({ name: sub.name, position: -1, updated_at: at }).onConflict((oc) => oc.column('name').doNothing()).execute();
  }
  names.add(sub.name);
}

/**
 * One batch for one subscriber. `wait`: block until another process's batch for the same subscriber
 * commits (drain); otherwise return `busy` at once (background polling, `SKIP LOCKED`).
 */
export async function claimBatch(handle: Db, sub: Subscription, opts: { wait?: boolean; limit?: number } = {}): Promise<ClaimResult> {
  await ensureCursor(handle, sub);
  const limit = opts.limit ?? sub.batch ?? DEFAULT_BATCH;
  if (handle.dialect === 'postgres') {
    const stamped = await stampPending(handle);
    const r = await handle.db.transaction().execute(async (trx) => {
      const lock = opts.wait ? sql`for update` : sql`for update skip locked`;
      const cur = await sql<{ position: number }>`select position from outbox_cursors where name = ${sub.name} ${lock}`.execute(trx);
      if (!cur.rows.length) return null;
      return deliver(trx, sub, Number(cur.rows[0].position), limit);
    });
    return r ? { ...r, more: r.more || stamped === STAMP_BATCH } : { handled: 0, moved: false, more: false, busy: true };
  }
  // SQLite has one writer: `BEGIN IMMEDIATE` takes the file's write lock before the first read, so
  // no other process reads this cursor until we commit; stamping rides in the same transaction.
  return sqliteImmediate(handle, async (conn) => {
    const stamped = await stampInto(conn);
    const cur = await conn.selectFrom('outbox_cursors').select('position').where('name', '=', sub.name).executeTakeFirstOrThrow();
    const r = await deliver(conn, sub, Number(cur.position), limit);
    return { ...r, more: r.more || stamped === STAMP_BATCH };
  });
}

async function deliver(trx: Executor, sub: Subscription, cursor: number, limit: number): Promise<ClaimResult> {
  // Positions up to `top` are committed and final; a batch that is not full may skip to it.
  const top = Number((await sql<{ top: number | null }>`select max(position) as top from outbox`.execute(trx)).rows[0]?.top ?? -1);
  if (top <= cursor) return { handled: 0, moved: false, more: false, busy: false };
  let q = trx
    .selectFrom('outbox')
    .select(['position', 'id', 'kind', 'subject', 'occurred_at', 'payload'])
    .where('position', '>', cursor)
    .where('position', '<=', top);
  if (sub.kinds) q = q.where('kind', 'in', [...sub.kinds]);
  const rows = await q.orderBy('position').limit(limit).execute();
  const events: OutboxEvent[] = rows.map((r) => ({ position: Number(r.position), id: Number(r.id), kind: r.kind, subject: r.subject, occurredAt: r.occurred_at, payload: r.payload }));
  if (events.length) await sub.handle(trx, events);
  const full = events.length === limit;
  const next = full ? events[events.length - 1].position : top;
  await trx.updateTable('outbox_cursors').set({ position: next, updated_at: new Date().toISOString() }).where('name', '=', sub.name).execute();
  return { handled: events.length, moved: true, more: full, busy: false };
}

/**
 * Is there anything for this subscriber right now: an event not yet stamped, or one of its kinds after
 * its cursor? One read, no transaction and no write (docs/adr/0904): a background consumer asks this
 * before it opens a claim, so a wake-up for events it does not take costs an index probe instead of a
 * write transaction (on SQLite with synchronous FULL, a commit and its fsync). Only a hint: `false`
 * means "nothing committed yet", and the next wake-up or poll asks again; the claim alone decides
 * what is delivered, so exactly-once is the claim's as before. On SQLite the question goes to the
 * read-only connection (WAL: committed data only), so it never waits behind a write on the one
 * writing connection.
 */
export async function hasPending(handle: Db, sub: Pick<Subscription, 'name' | 'kinds'>): Promise<boolean> {
  const kinds = sub.kinds ? [...sub.kinds] : null;
  if (kinds && !kinds.length) return false;
  const after = '(select position from outbox_cursors where name = ?)';
  const text = `select (select count(*) from outbox_cursors where name = ?) as known, exists (select 1 from outbox where position is null) as unstamped, exists (select 1 from outbox where ${kinds ? `kind in (${kinds.map(() => '?').join(', ')}) and ` : ''}position > ${after}) as ready`;
  const params = [sub.name, ...(kinds ?? []), sub.name];
  const reader = handle.dialect === 'sqlite' ? handle.raw.sqliteReader() : null;
  let row: { known: unknown; unstamped: unknown; ready: unknown } | undefined;
  if (reader) row = statementFor(reader, text).get(...params) as typeof row;
  else {
    let i = 0;
    const pgText = handle.dialect === 'postgres' ? text.replace(/\?/g, () => `$${++i}`) : text;
    row = (await handle.db.executeQuery<NonNullable<typeof row>>(CompiledQuery.raw(pgText, params))).rows[0];
  }
  if (!row) return true;
  // No cursor yet: the claim creates it (and `from: 'now'` decides where it starts).
  if (!Number(row.known)) return true;
  const yes = (v: unknown) => v === true || Number(v) > 0;
  return yes(row.unstamped) || yes(row.ready);
}

const statements = new WeakMap<object, Map<string, { get(...p: unknown[]): unknown }>>();
function statementFor(conn: { prepare(text: string): { get(...p: unknown[]): unknown } }, text: string) {
  let byText = statements.get(conn);
  if (!byText) {
    byText = new Map();
    statements.set(conn, byText);
  }
  let st = byText.get(text);
  if (!st) {
    st = conn.prepare(text);
    byText.set(text, st);
  }
  return st;
}

/** Delivers everything pending now (blocking on other holders), batch after batch; returns how many were handled. */
export async function drain(handle: Db, sub: Subscription, opts: { batch?: number; max?: number } = {}): Promise<number> {
  let total = 0;
  const max = opts.max ?? Number.POSITIVE_INFINITY;
  while (total < max) {
    const r = await claimBatch(handle, sub, { wait: true, limit: Math.min(opts.batch ?? sub.batch ?? DEFAULT_BATCH, max - total) });
    total += r.handled;
    if (!r.more && !r.moved) break;
  }
  return total;
}

/** Where a subscriber stands (undefined before its first claim). */
export async function cursorOf(handle: Db, name: string): Promise<number | undefined> {
  const r = await handle.db.selectFrom('outbox_cursors').select('position').where('name', '=', name).executeTakeFirst();
  return r ? Number(r.position) : undefined;
}

/**
 * SQLite: one transaction on the single connection, opened with `BEGIN IMMEDIATE` (the file's write
 * lock before the first read, so two processes never read the same cursor position).
 */
export async function sqliteImmediate<T>(handle: Db, work: (conn: Kysely<Database>) => Promise<T>): Promise<T> {
  return handle.db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await work(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (err) {
      await sql`rollback`.execute(conn);
      throw err;
    }
  });
}
