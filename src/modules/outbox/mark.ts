// A cheap token that changes whenever an event is committed: pages kept for anonymous readers are
// rendered again when it moves, not on a timer (docs/adr/0706). Every official act emits its event
// in the transaction that makes the change, so "no new event" means "nothing a public page shows
// has changed".
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * The highest event id and the highest stamped position, as one string. The id moves on every commit
 * on SQLite (one writer: id order is commit order); on PostgreSQL a transaction holding a lower id can
 * commit after a higher one, and the position moves when the consumer stamps that late event.
 */
export async function lastEventMark(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => [eb.fn.max('id').as('id'), eb.fn.max('position').as('position')])
    .executeTakeFirst();
  return `${row?.id ?? 0}:${row?.position ?? ''}`;
}

/** The stamp of a public page that shows the day's state: the day and the outbox's last mark (ADR 0706). */
export function dayAndEventStamp(db: Kysely<Database>, today: () => string): () => Promise<string> {
  return async () => `${today()} ${await lastEventMark(db)}`;
}
