// The Council's membership (ADR 0802): the secretariat opens a cycle (its dated stages from the
// charter), adds nominations (eligibility from the core), moves the cycle along the core's table
// through the shared runner, commits each block's pool through the sortition ceremony, reveals and
// draws through it, seats the drawn members and ranks the alternates; a leaving member is replaced
// from the alternates. Every refusal is a DomainError raised before anything is written.
import { randomUUID } from 'node:crypto';
import { createCalendar, todayIn } from '../../core/calendar.ts';
import { DomainError, DomainErrors } from '../../core/errors.ts';
import { addDays, isIsoDate, type IsoDate } from '../../core/isoDate.ts';
import { check } from '../../core/lifecycle/table.ts';
import {
  assignFirstSeats,
  assignSeats,
  blockDrawInput,
  type Candidate,
  checkNomination,
  checkNominations,
  chooseReplacement,
  columnOfField,
  CSV_COLUMNS,
  type CycleActor,
  type CycleFacts,
  type CycleSchedule,
  type CycleState,
  cycleLifecycle,
  declaredDimensions,
  defaultSchedule,
  findBlock,
  type MembershipRecord,
  type NominationInput,
  nominationFromCells,
  type PoolEntry,
  planCycle,
  rankAlternates,
  renewalQuotas,
  scheduleSource,
  sittingOn,
  splitIntoClasses,
  termOf,
  councilSeats,
} from '../../core/membership/index.ts';
import { pseudonymize } from '../../core/pseudonym.ts';
import { validatePoolData } from '../../core/sortition/anonymise.ts';
import { readCsv } from '../../core/sortition/csv.ts';
import { SortitionInputError } from '../../core/sortition/errors.ts';
import { runTransition } from '../../db/transition.ts';
import type { AppContext } from '../../web/context.ts';
import { emit } from '../outbox/api.ts';
import { sortitionDraws } from '../sortition/api.ts';
import type { MembershipTables } from './tables.ts';

type CycleRow = MembershipTables['council_cycles'];
type CandidateRow = MembershipTables['council_candidates'];
type MemberRow = MembershipTables['council_members'];

/** A member as the registry shows them: public name, block, region, term, and the draw that chose them. */
export interface RegistryMember {
  id: string;
  name: string;
  block: string;
  region: string;
  seat: string;
  seatClass: number;
  organisation: string | null;
  cycle: number;
  termStart: IsoDate;
  termEnd: IsoDate;
  joinedOn: IsoDate | null;
  leftOn: IsoDate | null;
  status: MemberRow['status'];
  draw: string;
  alternateRank: number | null;
  replaces: string | null;
}

export interface CycleView {
  id: string;
  number: number;
  status: CycleState;
  schedule: CycleSchedule;
  entropySources: string[] | null;
  blocks: { id: string; seats: number; k: number; candidates: number; eligible: number; draw: { runId: string; k: number; poolSize: number } | null; alternates: number }[];
}

export function membershipService(ctx: AppContext) {
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

  const cycleNumbers = async () => new Map((await db.selectFrom('council_cycles').select(['id', 'number']).execute()).map((c) => [c.id, Number(c.number)]));
  const registryMemberOf = (m: MemberRow, cycles: Map<string, number>): RegistryMember => ({
    id: m.id,
    name: m.display_name,
    block: m.block_id,
    region: m.region,
    seat: m.seat_id,
    seatClass: Number(m.seat_class),
    organisation: m.organisation_id,
    cycle: cycles.get(m.cycle_id) ?? Number(m.start_cycle),
    termStart: m.joined_on ?? m.term_start,
    termEnd: m.left_on ?? m.term_end,
    joinedOn: m.joined_on,
    leftOn: m.left_on,
    status: m.status,
    draw: m.source_run_id,
    alternateRank: m.alternate_rank === null ? null : Number(m.alternate_rank),
    replaces: m.replaces_member_id,
  });
  const memberRows = () => db.selectFrom('council_members').selectAll().orderBy('seat_id').orderBy('created_at').execute();
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
    consented: true,
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
    // Confirmations are not recorded yet (ADR 0802): every drawn candidate is taken as having accepted.
    return { today: today(), schedule, poolReady, entropyEntered, pendingConfirmations: 0 };
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
    const memberships = (await trx.selectFrom('council_members').selectAll().execute()).map(recordOf);
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

  async function addCandidates(n: number, inputs: NominationInput[], fieldOf: (i: number, field: string) => string = (i, f) => `body.candidates.${i}.${f}`) {
    const cycle = await cycleRow(n);
    if (cycle.status !== 'nominationsOpen') throw new DomainError('nominations-not-open', undefined, { cycle: n, state: cycle.status });
    if (inputs.length === 0) throw new DomainError('no-candidates', 'body.candidates');
    const day = today();
    const problems: DomainError[] = [];
    const checked = inputs.flatMap((input, i) => {
      const r = checkNomination(charter, input, day);
      if (r.ok) return [r.value];
      for (const p of r.problems) problems.push(new DomainError(`candidate-${p.code}`, fieldOf(i, p.field), { value: p.value ?? '' }));
      return [];
    });
    // The organisation's nomination limit, counting the cycle's nominations already made.
    const existing = await db.selectFrom('council_candidates').select(['block_id', 'organisation_id']).where('cycle_id', '=', cycle.id).execute();
    const perOrg = new Map<string, number>();
    for (const e of existing) if (e.organisation_id) perOrg.set(e.organisation_id, (perOrg.get(e.organisation_id) ?? 0) + 1);
    const limit = charter.bodies.council.nominations.maxPerOrganisation;
    checked.forEach((c, i) => {
      if (c.organisationId === null) return;
      const count = perOrg.get(c.organisationId) ?? 0;
      if (count >= limit) problems.push(new DomainError('candidate-organisation-limit', fieldOf(i, 'organisationId'), { organisation: c.organisationId, limit }));
      perOrg.set(c.organisationId, count + 1);
    });
    if (problems.length > 0) throw new DomainErrors('candidates-invalid', problems);
    const at = now().toISOString();
    const start = existing.length;
    const ids = checked.map(() => randomUUID());
    await db.transaction().execute(async (trx) => {
      for (const [i, c] of checked.entries()) {
        await trx
          .insertInto('council_candidates')
          .values({
            id: ids[i]!,
            cycle_id: cycle.id,
            position: start + i,
            block_id: c.blockId,
            // The raw IIN stops here: only its keyed pseudonym is kept.
            person_id: pseudonymize(ctx.config.pepper, c.iin),
            display_name: c.displayName,
            organisation_id: c.organisationId,
            organisation: c.organisation,
            birth_date: c.birthDate,
            sex: c.sex,
            region: c.region,
            declared: JSON.stringify(c.declared),
            offices: JSON.stringify(c.offices),
            eligible: 0,
            reasons: '[]',
            features: '{}',
            created_at: at,
          })
          .execute();
      }
      await recomputeEligibility(trx as unknown as typeof db, cycle);
      await emit(trx, { kind: 'council.candidatesAdded', subject: `council-cycle/${n}`, occurredAt: at, payload: { cycle: n, count: checked.length, blocks: [...new Set(checked.map((c) => c.blockId))] } });
    });
    return ids;
  }

  return {
    today,
    schedules,

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
      return (await this.cycle(n))!;
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
            draw: d ? { runId: d.run_id, k: Number(d.k), poolSize: Number(d.pool_size) } : null,
            alternates: alternates.filter((a) => a.block_id === b.blockId && Number(a.reserve) === 0).length,
          };
        }),
      };
    },

    async candidates(n: number) {
      const cycle = await cycleRow(n);
      const rows = await db.selectFrom('council_candidates').selectAll().where('cycle_id', '=', cycle.id).orderBy('position').execute();
      return rows.map((r) => ({ id: r.id, name: r.display_name, block: r.block_id, region: r.region, organisation: r.organisation, eligible: Number(r.eligible) === 1, reasons: JSON.parse(r.reasons), features: JSON.parse(r.features) }));
    },

    addCandidates: (n: number, inputs: NominationInput[]) => addCandidates(n, inputs),

    /** A CSV of nominations: every bad cell is named by row and column; nothing is written unless all are good. */
    async importCandidatesCsv(n: number, csv: string) {
      let table: ReturnType<typeof readCsv>;
      try {
        table = readCsv(csv, 'csv');
      } catch (err) {
        if (err instanceof SortitionInputError) throw new DomainError('candidate-csv', 'body.csv', { message: err.message, row: err.location.row ?? null, column: err.location.column ?? null });
        throw err;
      }
      const wanted = [...CSV_COLUMNS.filter((c) => c !== 'organisation_id' && c !== 'organisation' && c !== 'offices'), ...declaredDimensions(charter)];
      const missing = wanted.find((c) => !table.header.includes(c));
      if (missing) throw new DomainError('candidate-csv', 'body.csv', { message: `missing column "${missing}"`, row: 1, column: missing });
      const inputs = table.rows.map((r) => nominationFromCells(charter, r.cells));
      return addCandidates(n, inputs, (i, field) => `csv row ${table.rows[i]!.line} column ${columnOfField(field)}`);
    },

    /** The plain steps of the table (the secretariat's or the clock's): open and close nominations, close confirmations, seat. */
    async advance(n: number, event: string, actor: CycleActor = 'secretariat') {
      if (event === 'council.poolCommitted' || event === 'council.drawn') throw new DomainError('cycle-step-has-own-route', 'body.event', { event });
      if (event === 'council.seated') {
        await seat(n, actor);
        return;
      }
      await step(n, event, actor);
    },

    /** Commits every block's pool through the sortition ceremony, then moves the cycle to `committed`. */
    async commit(n: number, userId: string, body: { entropySources: string[] }) {
      const row = await cycleRow(n);
      allowed(row, 'council.poolCommitted', 'secretariat');
      const f = await facts(row);
      const d = check(cycleLifecycle, row.status, 'council.poolCommitted', ['secretariat'], f);
      if (!d.ok) throw new DomainError(d.code, d.field, { cycle: n, ...d.params });
      const memberFeatures = new Map((await memberRows()).map((m) => [m.seat_id + m.person_id, JSON.parse(m.features) as Record<string, string>]));
      const plan = await planOf(n);
      const pools = await db.selectFrom('council_candidates').selectAll().where('cycle_id', '=', row.id).where('eligible', '=', 1).orderBy('position').execute();
      const entropyAfter = `${f.schedule.drawn}T00:00:00Z`;
      const draws = sortitionDraws(ctx);
      // Every block's input is built and checked before the first is committed, so a bad pool commits none.
      const inputs = plan.map((b) => {
        const pool = pools.filter((p) => p.block_id === b.blockId).map(poolEntry);
        const continuing = b.continuing.map((m) => memberFeatures.get(m.seatId + m.personId)!);
        const input = blockDrawInput(charter, pool, renewalQuotas(charter, b.blockId, continuing, b.k));
        try {
          validatePoolData(input);
        } catch (err) {
          if (err instanceof SortitionInputError) throw new DomainError('council-pool-invalid', undefined, { block: b.blockId, message: err.message });
          throw err;
        }
        return { b, input, poolSize: pool.length };
      });
      const committed: { blockId: string; runId: string; k: number; poolSize: number }[] = [];
      for (const { b, input, poolSize } of inputs) {
        const c = await draws.commitPool(userId, { input, entropySources: body.entropySources, entropyAfter, source: { council: { cycle: n, block: b.blockId } } });
        committed.push({ blockId: b.blockId, runId: c.id, k: b.k, poolSize });
      }
      const at = now().toISOString();
      await db.transaction().execute(async (trx) => {
        await runTransition<CycleState, CycleActor, CycleFacts, CycleRow>(trx, {
          lifecycle: cycleLifecycle,
          rows: 'council_cycles',
          id: row.id,
          event: 'council.poolCommitted',
          actor: ['secretariat'],
          guard: () => f,
          set: () => ({ updated_at: at, entropy_sources: JSON.stringify(body.entropySources) }),
          emit: (r) => ({ subject: `council-cycle/${r.number}`, occurredAt: at, payload: { cycle: n, draws: committed.map((c) => ({ block: c.blockId, run: c.runId, k: c.k, poolSize: c.poolSize })), entropyAfter } }),
          after: async (t) => {
            for (const c of committed) await t.insertInto('council_draws').values({ cycle_id: row.id, block_id: c.blockId, run_id: c.runId, k: c.k, pool_size: c.poolSize, created_at: at }).execute();
          },
        });
      });
      return committed;
    },

    /** Reveals the entropy of every block's draw, waits for the draws, then records who was drawn and the alternates. */
    async reveal(n: number, body: { entropy: string }) {
      const row = await cycleRow(n);
      allowed(row, 'council.drawn', 'secretariat');
      const draws = await db.selectFrom('council_draws').selectAll().where('cycle_id', '=', row.id).orderBy('block_id').execute();
      const svc = sortitionDraws(ctx);
      // The ceremony refuses an early reveal (entropy-not-yet) before writing anything; a block already
      // revealed (a rerun after a crash) is not revealed again.
      const pending: Promise<void>[] = [];
      for (const d of draws) {
        const run = await svc.get(d.run_id);
        if (run?.status === 'committed') pending.push((await svc.reveal(d.run_id, { entropy: body.entropy })).done);
      }
      await Promise.all(pending);
      const f = await facts(row);
      const plan = await planOf(n);
      const schedules_ = await schedules();
      const candidates = new Map((await db.selectFrom('council_candidates').selectAll().where('cycle_id', '=', row.id).execute()).map((c) => [c.id, c]));
      const at = now().toISOString();
      const seated: Omit<MemberRow, 'created_at'>[] = [];
      const ranked: MembershipTables['council_alternates'][] = [];
      for (const d of draws) {
        const run = await svc.get(d.run_id);
        if (run?.status !== 'done' || !run.report) throw new DomainError('council-draw-failed', undefined, { block: d.block_id, run: d.run_id, status: run?.status ?? 'missing' });
        const sourceIds = ((await svc.inputs(d.run_id))?.sourceIds ?? {}) as Record<string, string>;
        const drawn = run.report.draw.members.map((num) => sourceIds[num]!);
        const poolIds = Object.values(sourceIds);
        const seed = run.report.seed;
        const b = plan.find((p) => p.blockId === d.block_id)!;
        const entries = drawn.map((id) => poolEntry(candidates.get(id)!));
        const seats = n === 0 ? assignFirstSeats(charter, d.block_id, splitIntoClasses(charter, d.block_id, entries, seed).classes) : assignSeats(b.vacated, drawn);
        const allSeats = councilSeats(charter);
        for (const s of seats) {
          const c = candidates.get(s.memberId)!;
          const seat = allSeats.find((x) => x.id === s.seatId)!;
          const term = termOf(charter, schedules_, seat, n);
          seated.push({
            id: randomUUID(), cycle_id: row.id, candidate_id: c.id, person_id: c.person_id, display_name: c.display_name, block_id: d.block_id, seat_id: s.seatId,
            seat_class: seat.seatClass, organisation_id: c.organisation_id, region: c.region, features: c.features, start_cycle: n, end_cycle: term.endCycle,
            term_start: term.start, term_end: term.end, joined_on: null, left_on: null, left_reason: null, status: 'selected', source_run_id: d.run_id, alternate_rank: null, replaces_member_id: null,
          });
        }
        const alt = rankAlternates(charter, d.block_id, poolIds, drawn, seed);
        for (const [i, id] of [...alt.alternates, ...alt.reserve].entries()) {
          ranked.push({ cycle_id: row.id, block_id: d.block_id, candidate_id: id, rank: i + 1, reserve: i < alt.alternates.length ? 0 : 1, member_id: null });
        }
      }
      await db.transaction().execute(async (trx) => {
        await runTransition<CycleState, CycleActor, CycleFacts, CycleRow>(trx, {
          lifecycle: cycleLifecycle,
          rows: 'council_cycles',
          id: row.id,
          event: 'council.drawn',
          actor: ['secretariat'],
          guard: () => f,
          set: () => ({ updated_at: at }),
          emit: () => ({ subject: `council-cycle/${n}`, occurredAt: at, payload: { cycle: n, draws: draws.map((d) => ({ block: d.block_id, run: d.run_id })), selected: seated.map((m) => ({ seat: m.seat_id, run: m.source_run_id })) } }),
          after: async (t) => {
            for (const m of seated) await t.insertInto('council_members').values({ ...m, created_at: at }).execute();
            for (const a of ranked) await t.insertInto('council_alternates').values(a).execute();
          },
        });
      });
      return { selected: seated.length, alternates: ranked.filter((a) => a.reserve === 0).length };
    },

    /** The members of the registry on `date` (default today): who sits, by seat. */
    async membersOn(date?: IsoDate): Promise<RegistryMember[]> {
      const on = date ?? today();
      if (!isIsoDate(on)) throw new DomainError('invalid-date', 'querystring.date', { value: String(on) });
      const rows = (await memberRows()).filter((m) => m.status !== 'selected');
      const cycles = await cycleNumbers();
      const records = rows.map((m) => ({ ...recordOf(m), row: m }));
      const sitting = sittingOn(await schedules(), records, on) as typeof records;
      return sitting.map(({ row: m }) => registryMemberOf(m, cycles));
    },

    /** The person ids (pseudonyms) of these memberships: how a member's sign-in is found (never published). */
    async personIds(memberIds: readonly string[]): Promise<Map<string, string>> {
      if (memberIds.length === 0) return new Map();
      const rows = await db.selectFrom('council_members').select(['id', 'person_id']).where('id', 'in', [...memberIds]).execute();
      return new Map(rows.map((r) => [r.id, r.person_id]));
    },

    /**
     * Every membership a person has held or holds (drawn members before their term excluded), by
     * term: how the Council module finds the signed-in member (their pseudonym is the person id).
     */
    async membershipsOf(personId: string): Promise<RegistryMember[]> {
      const rows = await db.selectFrom('council_members').selectAll().where('person_id', '=', personId).where('status', '!=', 'selected').orderBy('term_start').orderBy('created_at').execute();
      const cycles = await cycleNumbers();
      return rows.map((m) => registryMemberOf(m, cycles));
    },

    /** A member leaves on `on` (their last day); the highest-ranked alternate who keeps the quotas takes the seat the next day. */
    async leave(memberId: string, body: { on: IsoDate; reason: string }) {
      if (!isIsoDate(body.on)) throw new DomainError('invalid-date', 'body.on', { value: String(body.on) });
      const member = await db.selectFrom('council_members').selectAll().where('id', '=', memberId).executeTakeFirst();
      if (!member) throw new DomainError('not-found', undefined, { what: 'council member', id: memberId });
      if (member.status !== 'sitting') throw new DomainError('member-not-sitting', undefined, { id: memberId, status: member.status });
      if (body.on < member.term_start || body.on > member.term_end) throw new DomainError('leave-outside-term', 'body.on', { on: body.on, termStart: member.term_start, termEnd: member.term_end });
      const all = await memberRows();
      const sittingInBlock = all.filter((m) => m.block_id === member.block_id && m.status === 'sitting' && m.id !== member.id && (m.left_on === null || m.left_on > body.on));
      // The alternates of the draw that filled this seat.
      const alternates = await db.selectFrom('council_alternates').selectAll().where('cycle_id', '=', member.cycle_id).where('block_id', '=', member.block_id).orderBy('rank').execute();
      const ids = alternates.map((a) => a.candidate_id);
      const cands = ids.length ? await db.selectFrom('council_candidates').selectAll().where('id', 'in', ids).execute() : [];
      const pool = new Map(cands.map((c) => [c.id, poolEntry(c)]));
      const taken = new Set(all.map((m) => m.person_id));
      const unavailable = new Set([...alternates.filter((a) => a.member_id !== null).map((a) => a.candidate_id), ...cands.filter((c) => taken.has(c.person_id)).map((c) => c.id)]);
      const choice = chooseReplacement(charter, {
        blockId: member.block_id,
        remaining: sittingInBlock.map((m) => ({ id: m.id, organisationId: m.organisation_id, features: JSON.parse(m.features) })),
        leaver: { id: member.id, organisationId: member.organisation_id, features: JSON.parse(member.features) },
        ranked: { alternates: alternates.filter((a) => Number(a.reserve) === 0).map((a) => a.candidate_id), reserve: alternates.filter((a) => Number(a.reserve) === 1).map((a) => a.candidate_id) },
        pool,
        unavailable,
      });
      const at = now().toISOString();
      const joinedOn = addDays(body.on, 1);
      const newId = randomUUID();
      const reason = String(body.reason ?? '').trim().slice(0, 200) || 'left';
      await db.transaction().execute(async (trx) => {
        const left = await trx.updateTable('council_members').set({ status: 'left', left_on: body.on, left_reason: reason }).where('id', '=', member.id).where('status', '=', 'sitting').executeTakeFirst();
        if (Number(left.numUpdatedRows) !== 1) throw new DomainError('state-changed', undefined, { id: member.id, state: 'sitting' });
        if (choice.kind === 'alternate') {
          const c = cands.find((x) => x.id === choice.id)!;
          await trx
            .insertInto('council_members')
            .values({
              ...member, id: newId, candidate_id: c.id, person_id: c.person_id, display_name: c.display_name, organisation_id: c.organisation_id, region: c.region, features: c.features,
              joined_on: joinedOn, left_on: null, left_reason: null, status: 'sitting', alternate_rank: choice.rank, replaces_member_id: member.id, created_at: at,
            })
            .execute();
          await trx.updateTable('council_alternates').set({ member_id: newId }).where('cycle_id', '=', member.cycle_id).where('candidate_id', '=', c.id).execute();
        }
        await emit(trx, {
          kind: 'council.memberReplaced',
          subject: `council-member/${member.id}`,
          occurredAt: at,
          payload: { member: member.id, seat: member.seat_id, leftOn: body.on, reason, replacement: choice.kind === 'alternate' ? { member: newId, rank: choice.rank, fromReserve: choice.fromReserve, skipped: choice.skipped } : { kind: choice.kind, reason: choice.reason } },
        });
      });
      return choice.kind === 'alternate' ? { replacement: { kind: 'alternate' as const, member: newId, rank: choice.rank, joinedOn } } : { replacement: { kind: choice.kind, reason: choice.reason } };
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
          await t.updateTable('council_members').set({ status: 'sitting' }).where('cycle_id', '=', row.id).where('status', '=', 'selected').execute();
        },
      });
    });
  }
}

export type MembershipService = ReturnType<typeof membershipService>;
