// Cycles (ADR 0802): opening the next one with its dated stages, the views of cycles, and the plain
// steps of the core table (the secretariat's and the clock's).
import { randomUUID } from 'node:crypto';
import type { QuotaChange } from '../../core/sortition/infeasibility.ts';
import { DomainError } from '../../core/errors.ts';
import { check } from '../../core/lifecycle/table.ts';
import {
  type CycleActor,
  type CycleSchedule,
  type CycleState,
  cycleLifecycle,
  defaultSchedule,
  findBlock,
} from '../../core/membership/index.ts';
import { emit } from '../outbox/api.ts';
import type { MembershipBase } from './shared.ts';

export interface CycleView {
  id: string;
  number: number;
  status: CycleState;
  schedule: CycleSchedule;
  entropySources: string[] | null;
  blocks: { id: string; seats: number; k: number; candidates: number; eligible: number; draw: { runId: string; k: number; poolSize: number; relaxation: QuotaChange[] | null; relaxationAcceptedAt: string | null } | null; alternates: number }[];
}

export function cyclesService(b: MembershipBase) {
  const { db, charter, calendar, now, cycleRow, planOf, facts, step, seat } = b;

  const self = {
    /** Opens the next cycle (0 first) with the charter's default schedule; the one before must be seated. */
    async openCycle(): Promise<CycleView> {
      const last = await db.selectFrom('council_cycles').selectAll().orderBy('number', 'desc').executeTakeFirst();
      if (last && !cycleLifecycle.final.includes(last.status as CycleState)) throw new DomainError('cycle-still-open', undefined, { cycle: Number(last.number), state: last.status });
      const n = last ? Number(last.number) + 1 : 0;
      const schedule = defaultSchedule(charter, calendar, n);
      const at = now().toISOString();
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('council_cycles').values({ id: randomUUID(), number: n, status: cycleLifecycle.initial, schedule: JSON.stringify(schedule), entropy_sources: null, created_at: at, updated_at: at }).execute();
        await emit(trx, { kind: 'council.cycleAnnounced', subject: `council-cycle/${n}`, occurredAt: at, payload: { cycle: n, schedule } });
      });
      return (await self.cycle(n))!;
    },

    async cycles(): Promise<{ number: number; status: string; schedule: CycleSchedule }[]> {
      const rows = await db.selectFrom('council_cycles').selectAll().orderBy('number').execute();
      return rows.map((r) => ({ number: Number(r.number), status: r.status, schedule: JSON.parse(r.schedule) }));
    },

    async cycle(n: number): Promise<CycleView | null> {
      const row = await db.selectFrom('council_cycles').selectAll().where('number', '=', n).executeTakeFirst();
      if (!row) return null;
      const plan = await planOf(n);
      const candidates = await db.selectFrom('council_candidates').select(['block_id', 'eligible']).where('cycle_id', '=', row.id).execute();
      const draws = await db.selectFrom('council_draws').selectAll().where('cycle_id', '=', row.id).execute();
      const alternates = await db.selectFrom('council_alternates').select(['block_id', 'reserve']).where('cycle_id', '=', row.id).execute();
      return {
        id: row.id,
        number: n,
        status: row.status as CycleState,
        schedule: JSON.parse(row.schedule),
        entropySources: row.entropy_sources ? JSON.parse(row.entropy_sources) : null,
        blocks: plan.map((b) => {
          const d = draws.find((x) => x.block_id === b.blockId);
          return {
            id: b.blockId,
            seats: findBlock(charter, b.blockId).seats,
            k: b.k,
            candidates: candidates.filter((c) => c.block_id === b.blockId).length,
            eligible: candidates.filter((c) => c.block_id === b.blockId && Number(c.eligible) === 1).length,
            draw: d ? { runId: d.run_id, k: Number(d.k), poolSize: Number(d.pool_size), relaxation: d.relaxation ? (JSON.parse(d.relaxation) as QuotaChange[]) : null, relaxationAcceptedAt: d.relaxation_accepted_at } : null,
            alternates: alternates.filter((a) => a.block_id === b.blockId && Number(a.reserve) === 0).length,
          };
        }),
      };
    },


    /** The plain steps of the table (the secretariat's or the clock's): open and close nominations, close confirmations, seat. */
    async advance(n: number, event: string, actor: CycleActor = 'secretariat') {
      if (event === 'council.poolCommitted' || event === 'council.drawn') throw new DomainError('cycle-step-has-own-route', 'body.event', { event });
      // An event the cycle's table does not know is the caller's mistake, not an internal one.
      if (!cycleLifecycle.transitions.some((t) => t.event === event)) throw new DomainError('cycle-unknown-event', 'body.event', { event });
      if (event === 'council.seated') {
        await seat(n, actor);
        return;
      }
      await step(n, event, actor);
    },


    /** The clock's steps that are due (nominations open and close on their dates, terms start). */
    async sweep(): Promise<number> {
      let moved = 0;
      for (const c of await db.selectFrom('council_cycles').selectAll().execute()) {
        for (const event of ['council.nominationsOpened', 'council.nominationsClosed', 'council.confirmationsClosed', 'council.seated']) {
          const row = await cycleRow(Number(c.number));
          const d = check(cycleLifecycle, row.status, event, ['system'], await facts(row));
          if (!d.ok) continue;
          if (event === 'council.seated') await seat(Number(c.number), 'system');
          else await step(Number(c.number), event, 'system');
          moved++;
        }
      }
      return moved;
    },
  };
  return self;
}
