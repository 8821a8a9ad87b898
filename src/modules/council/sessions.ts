// Sessions through the core's table (src/core/council/sessionLifecycle.ts) and the shared runner:
// planned → convened (notice in working days) → in progress ⇄ adjourned → closed, or cancelled
// before it starts. Each step is one transaction that also emits its outbox event (the ledger entry).
import { randomUUID } from 'node:crypto';
import { isIsoDate, type IsoDate } from '../../core/isoDate.ts';
import { noticeContext, SESSION_KINDS, type SessionGuardContext, type SessionKind, sessionLifecycle, type SessionState } from '../../core/council/index.ts';
import { DomainError } from '../../core/errors.ts';
import { runTransition } from '../../db/transition.ts';
import type { SessionUser } from '../../web/context.ts';
import { emit } from '../outbox/api.ts';
import { type CouncilBase, type StaffKind, staffKinds, type Trx } from './base.ts';
import type { CouncilTables } from './tables.ts';

type SessionRow = CouncilTables['council_sessions'];

export interface PlanInput {
  kind: string;
  date: string;
  place: string;
}

const MAX_PLACE = 300;

export function sessionSteps(b: CouncilBase, hooks: { placeQueued(trx: Trx, sessionId: string, today: IsoDate): Promise<number>; publishAgenda(trx: Trx, session: SessionRow, at: string): Promise<void> }) {
  const { db } = b;

  function checkDate(date: unknown, field = 'date'): IsoDate {
    if (!isIsoDate(date)) throw new DomainError('invalid-date', field, { value: String(date) });
    return date;
  }
  function checkPlace(place: unknown): string {
    const p = typeof place === 'string' ? place.trim() : '';
    if (!p) throw new DomainError('place-required', 'place');
    if (p.length > MAX_PLACE) throw new DomainError('too-long', 'place', { max: MAX_PLACE });
    return p;
  }
  function requireStaff(user: SessionUser | null): StaffKind[] {
    const kinds = staffKinds(user);
    if (kinds.length === 0) throw new DomainError('secretariat-or-chair-only');
    return kinds;
  }

  async function openVotes(trx: Trx, sessionId: string): Promise<number> {
    const r = await trx.selectFrom('council_votes').select((eb) => eb.fn.countAll<number>().as('n')).where('session_id', '=', sessionId).where('status', '=', 'open').executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** One step of the session table through the runner. */
  async function step(id: string, event: string, user: SessionUser | null, opts: { guard?: (row: SessionRow, trx: Trx) => Promise<SessionGuardContext> | SessionGuardContext; set?: (row: SessionRow) => Partial<SessionRow>; payload?: (row: SessionRow) => Record<string, unknown>; after?: (trx: Trx, row: SessionRow) => Promise<void> } = {}): Promise<SessionRow> {
    // An actor with no staff kind is refused by the table itself (its actor code).
    const actor = staffKinds(user);
    const at = b.now().toISOString();
    return db.transaction().execute(async (trx) =>
      runTransition<SessionState, StaffKind, SessionGuardContext, SessionRow>(trx, {
        lifecycle: sessionLifecycle,
        rows: 'council_sessions',
        id,
        event,
        actor,
        guard: opts.guard ? (row) => opts.guard!(row, trx) : undefined,
        set: (row) => ({ ...(opts.set?.(row) ?? {}), updated_at: at }),
        emit: (row, to) => ({ subject: `council-session/${row.number}`, occurredAt: at, payload: { sessionId: row.id, number: Number(row.number), kind: row.kind, date: row.date, place: row.place, state: to, by: user?.id ?? null, ...(opts.payload?.(row) ?? {}) } }),
        after: opts.after,
        refusalParams: (row) => ({ session: Number(row.number) }),
        missing: new DomainError('not-found', 'sessionId', { what: 'council session', id }),
      }),
    );
  }

  return {
    /** A new session in the planned state: its agenda is open and queued citizens' proposals go on it. */
    async planSession(input: PlanInput, user: SessionUser | null): Promise<SessionRow> {
      requireStaff(user);
      if (!(SESSION_KINDS as readonly string[]).includes(input.kind)) throw new DomainError('invalid-session-kind', 'kind', { kind: String(input.kind), allowed: SESSION_KINDS });
      const date = checkDate(input.date);
      const place = checkPlace(input.place);
      const today = b.today();
      if (date < today) throw new DomainError('date-in-past', 'date', { value: date, today });
      const at = b.now().toISOString();
      return db.transaction().execute(async (trx) => {
        const last = await trx.selectFrom('council_sessions').select((eb) => eb.fn.max<number>('number').as('n')).executeTakeFirst();
        const row: SessionRow = { id: randomUUID(), number: Number(last?.n ?? 0) + 1, kind: input.kind, status: sessionLifecycle.initial, date, place, convened_on: null, sitting_day: null, opened_at: null, closed_at: null, created_at: at, updated_at: at };
        await trx.insertInto('council_sessions').values(row).execute();
        await emit(trx, { kind: sessionLifecycle.created!, subject: `council-session/${row.number}`, occurredAt: at, payload: { sessionId: row.id, number: row.number, kind: row.kind, date, place, state: row.status, by: user?.id ?? null } });
        await hooks.placeQueued(trx, row.id, today);
        return row;
      });
    },

    /** Convenes a planned session: its date at least the notice period after today, in working days. */
    async convene(id: string, user: SessionUser | null): Promise<SessionRow> {
      const today = b.today();
      return step(id, 'council-session.convened', user, {
        guard: (row) => noticeContext(b.calendar, b.rules, row.kind as SessionKind, row.date, today),
        set: () => ({ convened_on: today }),
        after: (trx, row) => hooks.publishAgenda(trx, row, b.now().toISOString()),
      });
    },

    /** Moves a convened session to another date (and place), with the notice counted again from today. */
    async reschedule(id: string, input: { date: string; place?: string }, user: SessionUser | null): Promise<SessionRow> {
      const date = checkDate(input.date);
      const place = input.place === undefined ? undefined : checkPlace(input.place);
      const today = b.today();
      let previous: { date: string; place: string } | null = null;
      return step(id, 'council-session.rescheduled', user, {
        guard: (row) => noticeContext(b.calendar, b.rules, row.kind as SessionKind, date, today),
        set: (row) => {
          previous = { date: row.date, place: row.place };
          return { date, convened_on: today, ...(place ? { place } : {}) };
        },
        payload: () => ({ previous }),
      });
    },

    async cancel(id: string, user: SessionUser | null): Promise<SessionRow> {
      return step(id, 'council-session.cancelled', user, {
        // Its waiting items go back to the queue for the next session.
        after: async (trx, row) => {
          await trx.updateTable('council_agenda_items').set({ session_id: null, added_on: null, status: 'queued' }).where('session_id', '=', row.id).where('status', '=', 'pending').where('kind', '=', 'petition').execute();
        },
      });
    },

    /** Opens the sitting on its date (or later). */
    async openSession(id: string, user: SessionUser | null): Promise<SessionRow> {
      const today = b.today();
      const at = b.now().toISOString();
      return step(id, 'council-session.opened', user, { guard: (row) => ({ date: row.date, today }), set: () => ({ sitting_day: today, opened_at: at }) });
    },

    /** The chair carries the sitting over to another day; refused while a vote is open. */
    async adjourn(id: string, user: SessionUser | null): Promise<SessionRow> {
      return step(id, 'council-session.adjourned', user, { guard: async (row, trx) => ({ date: row.date, openVotes: await openVotes(trx, row.id) }) });
    },

    async resume(id: string, user: SessionUser | null): Promise<SessionRow> {
      const today = b.today();
      return step(id, 'council-session.resumed', user, { set: () => ({ sitting_day: today }) });
    },

    /** Closes the sitting; refused while a vote is open. */
    async closeSession(id: string, user: SessionUser | null): Promise<SessionRow> {
      const at = b.now().toISOString();
      return step(id, 'council-session.closed', user, { guard: async (row, trx) => ({ date: row.date, openVotes: await openVotes(trx, row.id) }), set: () => ({ closed_at: at }) });
    },
  };
}
