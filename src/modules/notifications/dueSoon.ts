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

/** Working days before a candidate's confirmation deadline when they are reminded (docs/adr/1602). */
export const CONFIRM_REMINDER_WORKING_DAYS = 2;

/**
 * "Your confirmation deadline is near" for candidates drawn or called who have not answered: one
 * `notifications.confirm_due_soon` event per member and deadline (a marker row in the same
 * transaction). The event names only the membership id and the date; the fan-out mails that person.
 */
export async function emitConfirmDueSoon(ctx: AppContext, now: Date = ctx.now?.() ?? new Date()): Promise<number> {
  const cal = createCalendar(ctx.charter.calendar, ctx.charter.timeZone);
  const today = cal.todayInAlmaty(now);
  const until = cal.addWorkingDays(today, CONFIRM_REMINDER_WORKING_DAYS);
  const due = await ctx.db.db
    .selectFrom('council_members')
    .select(['id', 'confirm_by'])
    .where('status', '=', 'selected')
    .where('answer', 'is', null)
    .where('confirm_by', '>=', today)
    .where('confirm_by', '<=', until)
    .execute();
  let n = 0;
  for (const m of due) {
    const told = await ctx.db.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('notify_confirm_due')
        .values({ member_id: m.id, confirm_by: m.confirm_by!, created_at: now.toISOString() })
        .onConflict((oc) => oc.doNothing())
        .returning('member_id')
        .executeTakeFirst();
      if (!r) return false;
      await emit(trx, { kind: 'notifications.confirm_due_soon', subject: `council-member/${m.id}`, occurredAt: now.toISOString(), payload: { member: m.id, deadline: m.confirm_by } });
      return true;
    });
    if (told) n++;
  }
  return n;
}

export async function confirmDueService(app: FastifyInstance, ctx: AppContext): Promise<() => Promise<void>> {
  const run = () => emitConfirmDueSoon(ctx).catch((err) => app.log.error({ err }, 'confirmation reminders failed; retrying in an hour'));
  const first = setTimeout(run, 6_000);
  const timer = setInterval(run, 3600_000);
  first.unref();
  timer.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
