// "Due soon" for agency officers: once an hour, every assigned item whose deadline is within the
// next few working days gets one `notifications.due_soon` event per deadline (a marker row in the
// same transaction makes it once; an extension gives a new deadline and a new reminder). The event
// carries only public facts (item, agency, date); the fan-out mails the agency's officers.
import type { FastifyInstance } from 'fastify';
import { createCalendar } from '../../core/calendar.ts';
import type { AppContext } from '../../web/context.ts';
import { emit } from '../outbox/api.ts';

export const DUE_SOON_WORKING_DAYS = 3;

export async function emitDueSoon(ctx: AppContext, now: Date = ctx.now?.() ?? new Date()): Promise<number> {
  const cal = createCalendar(ctx.charter.calendar, ctx.charter.timeZone);
  const today = cal.todayInAlmaty(now);
  const until = cal.addWorkingDays(today, DUE_SOON_WORKING_DAYS);
  const items = await ctx.db.db
    .selectFrom('response_items')
    .select(['id', 'due_date', 'lead_agency_id'])
    .where('status', '=', 'assigned')
    .where('due_date', '>=', today)
    .where('due_date', '<=', until)
    .execute();
  let n = 0;
  for (const it of items) {
    const told = await ctx.db.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('notify_due_soon')
        .values({ item_id: it.id, due_date: it.due_date!, created_at: now.toISOString() })
        .onConflict((oc) => oc.doNothing())
        .returning('item_id')
        .executeTakeFirst();
      if (!r) return false;
      await emit(trx, { kind: 'notifications.due_soon', subject: `response/${it.id}`, occurredAt: now.toISOString(), payload: { itemId: it.id, agencyId: it.lead_agency_id, dueDate: it.due_date } });
      return true;
    });
    if (told) n++;
  }
  return n;
}

export async function dueSoonService(app: FastifyInstance, ctx: AppContext): Promise<() => Promise<void>> {
  const run = () => emitDueSoon(ctx).catch((err) => app.log.error({ err }, 'due-soon reminders failed; retrying in an hour'));
  const first = setTimeout(run, 5_000);
  const timer = setInterval(run, 3600_000);
  first.unref();
  timer.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
