// Moves outbox events into the ledger, each exactly once. In one transaction under the append lock it
// takes the oldest not-yet-ledgered outbox rows, appends them as leaves, stores every completed
// subtree, and marks each outbox row with its ledger index. A crash rolls all of it back; a row that
// commits late (PostgreSQL bigserial ids can commit out of order) is still unmarked and is taken next.
import { sql } from 'kysely';
import type { Db } from '../../db/connection.ts';
import { canonicalJson, frontierOf, type Hash, hashLeaf, nodeKey, TreeBuilder } from '../../core/merkle/index.ts';
import { type LedgerDb, readNodes, treeSize, withAppendLock } from './repository.ts';

export const DEFAULT_BATCH = 2000;

interface OutboxRow {
  id: number;
  kind: string;
  subject: string;
  occurred_at: string;
  payload: string;
}

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

/** Appends up to `limit` pending events; returns how many. Safe to call from several processes. */
export async function appendBatch(handle: Db, limit = DEFAULT_BATCH): Promise<number> {
  return withAppendLock(handle, async (trx) => {
    const pending = await sql<OutboxRow>`select id, kind, subject, occurred_at, payload from outbox where ledger_index is null order by id limit ${limit}`.execute(trx);
    const rows = pending.rows;
    if (!rows.length) return 0;
    const size = await treeSize(trx);
    const refs = frontierOf(size);
    const stored = await readNodes(trx, refs);
    const builder = TreeBuilder.resume(
      size,
      refs.map((r) => stored.get(nodeKey(r.level, r.index))!),
    );

    const loggedAt = await logTime(trx, size);
    const entries: { idx: number; outbox_id: number; kind: string; subject: string; occurred_at: string; logged_at: string; entry: string }[] = [];
    const nodes: { level: number; idx: number; hash: Hash }[] = [];
    const kinds = new Map<string, number>();
    for (const row of rows) {
      const entry = entryOf(row, loggedAt);
      entries.push({ idx: builder.size, outbox_id: Number(row.id), kind: row.kind, subject: row.subject, occurred_at: row.occurred_at, logged_at: loggedAt, entry });
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
    await sql`update outbox set ledger_index = ledger_entry.idx from ledger_entry where ledger_entry.outbox_id = outbox.id and ledger_entry.idx >= ${size}`.execute(trx);
    return rows.length;
  });
}

/** Appends until the outbox has nothing pending (or `max` entries were appended). */
export async function appendPending(handle: Db, opts: { batch?: number; max?: number } = {}): Promise<number> {
  let total = 0;
  const max = opts.max ?? Number.POSITIVE_INFINITY;
  while (total < max) {
    const n = await appendBatch(handle, Math.min(opts.batch ?? DEFAULT_BATCH, max - total));
    if (n === 0) break;
    total += n;
  }
  return total;
}

function* chunks<T>(list: T[], size: number): Generator<T[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}

export type { LedgerDb };
