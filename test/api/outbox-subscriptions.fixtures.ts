// Shared by the outbox subscription tests and their child processes: a log table the test handler
// writes to (in the subscription's transaction), and a handler that records each delivery.
import { sql } from 'kysely';
import type { Db } from '../../src/db/connection.ts';
import type { OutboxEvent, Subscription } from '../../src/modules/outbox/subscription.ts';

export async function createLog(handle: Db): Promise<void> {
  const pk = handle.dialect === 'postgres' ? sql`n bigserial primary key` : sql`n integer primary key autoincrement`;
  await sql`create table if not exists sub_log (${pk}, sub text not null, position bigint not null, subject text not null, worker text not null)`.execute(handle.db);
}

/** Records every delivered event in `sub_log`; `before` may wait or throw to test failures. */
export function recording(name: string, opts: { worker?: string; batch?: number; kinds?: string[]; from?: 'start' | 'now'; before?: (events: OutboxEvent[]) => Promise<void> | void } = {}): Subscription {
  return {
    name,
    batch: opts.batch,
    kinds: opts.kinds,
    from: opts.from,
    handle: async (trx, events) => {
      const rows = events.map((e) => sql`(${name}, ${e.position}, ${e.subject}, ${opts.worker ?? 'main'})`);
      await sql`insert into sub_log (sub, position, subject, worker) values ${sql.join(rows)}`.execute(trx);
      await opts.before?.(events);
    },
  };
}

/** Deliveries of one subscriber in the order they were committed. */
export async function deliveries(handle: Db, name: string): Promise<{ position: number; subject: string; worker: string }[]> {
  const r = await sql<{ position: number; subject: string; worker: string }>`select position, subject, worker from sub_log where sub = ${name} order by n`.execute(handle.db);
  return r.rows.map((x) => ({ position: Number(x.position), subject: x.subject, worker: x.worker }));
}
