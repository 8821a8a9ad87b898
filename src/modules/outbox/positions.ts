// Stamping: giving committed outbox rows their log position (docs/adr/0004). One stamper at a time
// takes every visible row that has none, in id order, and numbers them after the highest position
// so far. A row whose transaction commits late (PostgreSQL ids can commit out of order) is simply
// stamped by a later run, after the rows already stamped, so the committed positions are always a
// gap-free prefix 0..n-1 and a cursor over them can never step past an event it has not seen.
import { sql } from 'kysely';
import type { Db } from '../../db/connection.ts';
import type { Executor } from './subscription.ts';

export const STAMP_BATCH = 10_000;

/** An arbitrary, fixed 64-bit key naming the stampers' advisory lock ("kenesOBX"). */
export const STAMP_LOCK_KEY = '7740651697593303640';

/** Stamps up to `limit` rows with the caller's lock held (or the SQLite write lock); returns how many. */
export async function stampInto(trx: Executor, limit = STAMP_BATCH): Promise<number> {
  const r = await sql`
    with base as (select coalesce(max(position), -1) as b from outbox),
    todo as (select id, row_number() over (order by id) as rn from outbox where position is null order by id limit ${limit})
    update outbox set position = (select b from base) + todo.rn from todo where outbox.id = todo.id`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

/**
 * PostgreSQL: stamps in a short transaction of its own under the stampers' advisory lock, so
 * subscribers never hold that lock while they handle events. The update runs after the lock is
 * granted, so (READ COMMITTED) it sees every earlier stamper's committed positions. The planner is
 * kept on the indexes: right after a burst the statistics still say "every position is null", and a
 * sequential scan or hash join over the whole outbox would then cost the whole outbox per batch.
 */
export async function stampPending(handle: Db, limit = STAMP_BATCH): Promise<number> {
  return handle.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${STAMP_LOCK_KEY}), set_config('enable_seqscan', 'off', true), set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)`.execute(trx);
    return stampInto(trx, limit);
  });
}
