// What the membership service's parts share (ADR 0802): the database and charter, the cycle's row and
// facts, one step of the core table through the shared runner, and the eligibility of a cycle's pool.
import { createCalendar, todayIn } from '../../core/calendar.ts';
import { DomainError } from '../../core/errors.ts';
import type { IsoDate } from '../../core/isoDate.ts';
import { check } from '../../core/lifecycle/table.ts';
import {
  type Candidate,
  checkNominations,
  type CycleActor,
  type CycleFacts,
  type CycleSchedule,
  type CycleState,
  cycleLifecycle,
  type MembershipRecord,
  type PoolEntry,
  planCycle,
  scheduleSource,
} from '../../core/membership/index.ts';
import { runTransition } from '../../db/transition.ts';
import type { AppContext } from '../../web/context.ts';
import { sortitionDraws } from '../sortition/api.ts';
import type { MembershipTables } from './tables.ts';

export type CycleRow = MembershipTables['council_cycles'];
export type CandidateRow = MembershipTables['council_candidates'];
export type MemberRow = MembershipTables['council_members'];

export function membershipBase(ctx: AppContext) {
  const db = ctx.db.db;
  const charter = ctx.charter;
  const calendar = createCalendar(charter.calendar, charter.timeZone);
  const now = () => ctx.now?.() ?? new Date();
  const today = (): IsoDate => todayIn(charter.timeZone, now());

  async function schedules() {
    const rows = await db.selectFrom('council_cycles').select(['number', 'schedule']).execute();
    return scheduleSource(charter, calendar, new Map(rows.map((r) => [Number(r.number), JSON.parse(r.schedule) as CycleSchedule])));
  }

  async function cycleRow(n: number): Promise<CycleRow> {
    const row = await db.selectFrom('council_cycles').selectAll().where('number', '=', n).executeTakeFirst();
    if (!row) throw new DomainError('not-found', undefined, { what: 'council cycle', id: n });
    return row;
  }

  const recordOf = (m: MemberRow): MembershipRecord => ({
    personId: m.person_id,
    blockId: m.block_id,
    seatId: m.seat_id,
    organisationId: m.organisation_id,
    startCycle: Number(m.start_cycle),
    endCycle: Number(m.end_cycle),
    ...(m.joined_on ? { joinedOn: m.joined_on } : {}),
    ...(m.left_on ? { leftOn: m.left_on } : {}),
  });

  /** Every membership that counts: a member who declined never held the seat (and is not cooling off). */
  const memberRows = () => db.selectFrom('council_members').selectAll().where('status', '<>', 'declined').orderBy('seat_id').orderBy('created_at').execute();
  /** The plan of cycle n from the memberships begun before it (its own draw's members are what it fills). */
  const planOf = async (n: number) => planCycle(charter, n, (await memberRows()).filter((m) => Number(m.start_cycle) < n).map(recordOf));

  const candidateOf = (r: CandidateRow): Candidate => ({
    id: r.id,
    personId: r.person_id,
    blockId: r.block_id,
    organisationId: r.organisation_id,
    birthDate: r.birth_date,
    sex: r.sex as Candidate['sex'],
    region: r.region,
    declared: JSON.parse(r.declared),
    offices: JSON.parse(r.offices),
    consented: r.consented_at !== null,
  });

  const poolEntry = (r: CandidateRow): PoolEntry => ({ id: r.id, organisationId: r.organisation_id, features: JSON.parse(r.features) });

  async function facts(row: CycleRow): Promise<CycleFacts> {
    const schedule = JSON.parse(row.schedule) as CycleSchedule;
    const n = Number(row.number);
    const plan = await planOf(n);
    const candidates = await db.selectFrom('council_candidates').select(['block_id', 'eligible']).where('cycle_id', '=', row.id).execute();
    const poolReady = plan.every((b) => candidates.filter((c) => c.block_id === b.blockId && Number(c.eligible) === 1).length >= b.k);
    const draws = await db.selectFrom('council_draws').select('run_id').where('cycle_id', '=', row.id).execute();
    let entropyEntered = draws.length > 0;
    for (const d of draws) if ((await sortitionDraws(ctx).get(d.run_id))?.status !== 'done') entropyEntered = false;
    const pending = await db.selectFrom('council_members').select('id').where('cycle_id', '=', row.id).where('status', '=', 'selected').where('answer', 'is', null).execute();
    return { today: today(), schedule, poolReady, entropyEntered, pendingConfirmations: pending.length };
  }

  /** The table's answer before anything is read or written: a step out of order names the cycle's stage. */
  function allowed(row: CycleRow, event: string, actor: CycleActor): void {
    const d = check(cycleLifecycle, row.status, event, [actor]);
    if (!d.ok && d.reason === 'state') throw new DomainError('cycle-wrong-stage', undefined, { cycle: Number(row.number), state: row.status, event });
    if (!d.ok && d.reason !== 'guard') throw new DomainError(d.code, d.field, { cycle: Number(row.number), ...d.params });
  }

  /** One step of the cycle's table through the shared runner, with the guard's facts and a timeline payload. */
  async function step(n: number, event: string, actor: CycleActor) {
    const row = await cycleRow(n);
    allowed(row, event, actor);
    const f = await facts(row);
    const at = now().toISOString();
    await db.transaction().execute(async (trx) => {
      await runTransition<CycleState, CycleActor, CycleFacts, CycleRow>(trx, {
        lifecycle: cycleLifecycle,
        rows: 'council_cycles',
        id: row.id,
        event,
        actor: [actor],
        guard: () => f,
        set: () => ({ updated_at: at }),
        emit: (r, to) => ({ subject: `council-cycle/${r.number}`, occurredAt: at, payload: { cycle: Number(r.number), from: row.status, to, today: f.today } }),
        refusalParams: () => ({ cycle: n }),
      });
    });
  }

  async function recomputeEligibility(trx: typeof db, cycle: CycleRow): Promise<void> {
    const schedule = JSON.parse(cycle.schedule) as CycleSchedule;
    const memberships = (await trx.selectFrom('council_members').selectAll().where('status', '<>', 'declined').execute()).map(recordOf);
    const rows = await trx.selectFrom('council_candidates').selectAll().where('cycle_id', '=', cycle.id).orderBy('position').execute();
    const results = checkNominations({ charter, schedule, memberships }, rows.map(candidateOf));
    for (const r of rows) {
      const e = results.get(r.id)!;
      await trx
        .updateTable('council_candidates')
        .set({ eligible: e.eligible ? 1 : 0, reasons: JSON.stringify(e.reasons), features: JSON.stringify(e.features) })
        .where('id', '=', r.id)
        .execute();
    }
  }

  /** Term start: the cycle is seated and its selected members sit. */
  async function seat(n: number, actor: CycleActor) {
    const row = await cycleRow(n);
    allowed(row, 'council.seated', actor);
    const f = await facts(row);
    const at = now().toISOString();
    await db.transaction().execute(async (trx) => {
      await runTransition<CycleState, CycleActor, CycleFacts, CycleRow>(trx, {
        lifecycle: cycleLifecycle,
        rows: 'council_cycles',
        id: row.id,
        event: 'council.seated',
        actor: [actor],
        guard: () => f,
        set: () => ({ updated_at: at }),
        emit: () => ({ subject: `council-cycle/${n}`, occurredAt: at, payload: { cycle: n, termStart: f.schedule.termStart } }),
        after: async (t) => {
          await t.updateTable('council_members').set({ status: 'sitting' }).where('cycle_id', '=', row.id).where('status', '=', 'selected').where('answer', '=', 'accepted').execute();
        },
      });
    });
  }

  return { ctx, db, charter, calendar, now, today, schedules, cycleRow, recordOf, memberRows, planOf, candidateOf, poolEntry, facts, allowed, step, seat, recomputeEligibility };
}

export type MembershipBase = ReturnType<typeof membershipBase>;
