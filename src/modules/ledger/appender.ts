// The ledger as an outbox subscriber (docs/adr/0004): each batch of events, in outbox position
// order, is appended as leaves in the subscriber's own transaction, which also stores every completed
// subtree, bumps the kind counts and moves the ledger's cursor. A crash rolls all of it back; each
// entry records its `outbox_id` (unique), so a second append of the same event is impossible.
import type { Db } from '../../db/connection.ts';
import { canonicalJson, frontierOf, type Hash, hashLeaf, nodeKey, TreeBuilder } from '../../core/merkle/index.ts';
import { drain, type OutboxEvent, type Subscription } from '../outbox/api.ts';
import { type LedgerDb, readNodes, treeSize } from './repository.ts';

export const DEFAULT_BATCH = 2000;

/**
 * The published entry of an outbox event: canonical JSON of kind, subject, payload, the log-assigned
 * `time` and the event's own `event_time` (docs/adr/0303). Without `loggedAt` (entries from before
 * migration 0302) `time` is the event's time and there is no `event_time`.
 */
export function entryOf(row: { kind: string; subject: string; occurred_at: string; payload: string }, loggedAt?: string): string {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    // The outbox promises JSON; keep a damaged payload visible rather than block the log forever.
    payload = { unparsable: row.payload };
  }
  if (loggedAt === undefined) return canonicalJson({ kind: row.kind, subject: row.subject, time: row.occurred_at, payload });
  return canonicalJson({ kind: row.kind, subject: row.subject, time: loggedAt, event_time: row.occurred_at, payload });
}

/** Now, or the last entry's log time when the clock is behind it: log times never go backwards. */
async function logTime(trx: LedgerDb, size: number): Promise<string> {
  const now = new Date().toISOString();
  if (size === 0) return now;
  const last = await trx.selectFrom('ledger_entry').select('logged_at').where('idx', '=', size - 1).executeTakeFirst();
  return last?.logged_at && last.logged_at > now ? last.logged_at : now;
}

/** The ledger's subscription: every event, from the first, 2000 per transaction. */
export const ledgerSubscription: Subscription = {
  name: 'ledger',
  from: 'start',
  batch: DEFAULT_BATCH,
  handle: (trx, events) => appendEvents(trx, events),
};

/** Appends `events` (in order) after the current tree, in the caller's transaction. */
export async function appendEvents(trx: LedgerDb, events: readonly Pick<OutboxEvent, 'id' | 'kind' | 'subject' | 'occurredAt' | 'payload'>[]): Promise<void> {
  if (!events.length) return;
  const size = await treeSize(trx);
  const refs = frontierOf(size);
  const stored = await readNodes(trx, refs);
  const builder = TreeBuilder.resume(
    size,
    refs.map((r) => stored.get(nodeKey(r.level, r.index))!),
  );

  // One log-assigned time per batch, never before the last entry's (docs/adr/0303).
  const loggedAt = await logTime(trx, size);
  const entries: { idx: number; outbox_id: number; kind: string; subject: string; occurred_at: string; logged_at: string; entry: string }[] = [];
  const nodes: { level: number; idx: number; hash: Hash }[] = [];
  const kinds = new Map<string, number>();
  for (const ev of events) {
    const row = { kind: ev.kind, subject: ev.subject, occurred_at: ev.occurredAt, payload: ev.payload };
    const entry = entryOf(row, loggedAt);
    entries.push({ idx: builder.size, outbox_id: Number(ev.id), kind: row.kind, subject: row.subject, occurred_at: row.occurred_at, logged_at: loggedAt, entry });
    builder.push(hashLeaf(entry), (level, idx, hash) => nodes.push({ level, idx, hash }));
    kinds.set(row.kind, (kinds.get(row.kind) ?? 0) + 1);
  }

  for (const part of chunks(entries, 1000)) await trx.insertInto('ledger_entry').values(part).execute();
  for (const part of chunks(nodes, 2000)) await trx.insertInto('ledger_node').values(part).execute();
  await trx
    .insertInto('ledger_kind')
    .values([...kinds].map(([kind, entries]) => ({ kind, entries })))
    .onConflict((oc) => oc.column('kind').doUpdateSet((eb) => ({ entries: eb('ledger_kind.entries', '+', eb.ref('excluded.entries')) })))
    .execute();
}

/** Appends up to `limit` pending events in one transaction; returns how many. Safe from several processes. */
export async function appendBatch(handle: Db, limit = DEFAULT_BATCH): Promise<number> {
  return drain(handle, ledgerSubscription, { batch: limit, max: limit });
}

/** Appends until the outbox has nothing pending (or `max` entries were appended). */
export async function appendPending(handle: Db, opts: { batch?: number; max?: number } = {}): Promise<number> {
  return drain(handle, ledgerSubscription, { batch: opts.batch ?? DEFAULT_BATCH, max: opts.max });
}

function* chunks<T>(list: T[], size: number): Generator<T[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}

export type { LedgerDb };
