// The outbox: every domain event, written in the transaction of the change that caused it.
import { sql } from 'kysely';
import type { AppContext } from '../../web/context.ts';
import { defineModule } from '../module.ts';
import * as m0001 from './migrations/0001_outbox.ts';
import * as m0002 from './migrations/0002_outbox_subscriptions.ts';
import * as m0003 from './migrations/0003_outbox_kind_position.ts';

/** Every domain event lands in the outbox, so its size is the count of official acts on record. */
async function outboxCount(ctx: AppContext): Promise<number> {
  const r = await sql<{ n: number }>`select count(*) as n from outbox`.execute(ctx.db.db);
  return Number(r.rows[0]?.n ?? 0);
}

export const outbox = defineModule({
  name: 'outbox',
  migrations: { '0001_outbox': m0001, '0002_outbox_subscriptions': m0002, '0003_outbox_kind_position': m0003 },
  tables: ['outbox', 'outbox_cursors'],
  figures: [{ id: 'records', labelKey: 'home.figure.records', order: 90, value: outboxCount }],
});
