// Draws (ADR 0802): each block's pool committed through the sortition ceremony, then revealed and
// drawn through it; the drawn candidates get their seats and terms, the rest are ranked as alternates.
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../core/errors.ts';
import { check } from '../../core/lifecycle/table.ts';
import {
  assignFirstSeats,
  assignSeats,
  blockDrawInput,
  type CycleActor,
  type CycleFacts,
  type CycleState,
  cycleLifecycle,
  rankBlockAlternates,
  renewalQuotas,
  splitIntoClasses,
  termOf,
  councilSeats,
} from '../../core/membership/index.ts';
import { validatePoolData } from '../../core/sortition/anonymise.ts';
import { SortitionInputError } from '../../core/sortition/errors.ts';
import { diagnoseInfeasibility, isFeasible, type QuotaChange } from '../../core/sortition/infeasibility.ts';
import { relaxQuotas } from '../../core/sortition/preview.ts';
import type { SelectionInput } from '../../core/sortition/model.ts';
import { buildTypes } from '../../core/sortition/types.ts';
import { runTransition } from '../../db/transition.ts';
import { emit } from '../outbox/api.ts';
import { sortitionDraws } from '../sortition/api.ts';
import type { MembershipTables } from './tables.ts';
import type { CycleRow, MemberRow, MembershipBase } from './shared.ts';

export function drawsService(b: MembershipBase) {
  const { ctx, db, charter, now, schedules, cycleRow, memberRows, planOf, poolEntry, facts, allowed } = b;
  /** The features of each member as recorded, found by seat and person. */
  async function memberFeatures(): Promise<(m: { seatId: string; personId: string }) => Record<string, string>> {
    const byKey = new Map((await memberRows()).map((m) => [`${m.seat_id}\u0000${m.person_id}`, JSON.parse(m.features) as Record<string, string>]));
    return (m) => byKey.get(`${m.seatId}\u0000${m.personId}`)!;
  }

  const self = {
    /** Commits every block's pool through the sortition ceremony, then moves the cycle to `committed`. */
    async commit(n: number, userId: string, body: { entropySources: string[] }) {
      const row = await cycleRow(n);
      allowed(row, 'council.poolCommitted', 'secretariat');
      const f = await facts(row);
      const d = check(cycleLifecycle, row.status, 'council.poolCommitted', ['secretariat'], f);
      if (!d.ok) throw new DomainError(d.code, d.field, { cycle: n, ...d.params });
      const featuresOf = await memberFeatures();
      const plan = await planOf(n);
      const pools = await db.selectFrom('council_candidates').selectAll().where('cycle_id', '=', row.id).where('eligible', '=', 1).orderBy('position').execute();
      const entropyAfter = `${f.schedule.drawn}T00:00:00Z`;
      const draws = sortitionDraws(ctx);
      // Every block's input is built and checked before the first is committed, so a bad pool commits none.
      // Quotas the pool cannot meet are committed under the engine's smallest relaxation (ADR 0809):
      // public in the committed quotas and on the ledger, and the draw waits for its acceptance.
      const inputs: { b: (typeof plan)[number]; input: ReturnType<typeof blockDrawInput>; poolSize: number; relaxation: QuotaChange[] | null }[] = [];
      for (const b of plan) {
        const pool = pools.filter((p) => p.block_id === b.blockId).map(poolEntry);
        const continuing = b.continuing.map(featuresOf);
        const input = blockDrawInput(charter, pool, renewalQuotas(charter, b.blockId, continuing, b.k));
        try {
          validatePoolData(input);
        } catch (err) {
          if (err instanceof SortitionInputError) throw new DomainError('council-pool-invalid', undefined, { block: b.blockId, message: err.message });
          throw err;
        }
        const relaxation = await relaxationOf(input);
        if (relaxation === 'none') throw new DomainError('council-quotas-infeasible', undefined, { block: b.blockId });
        inputs.push({ b, input: relaxation ? relaxed(input, relaxation) : input, poolSize: pool.length, relaxation });
      }
      const committed: { blockId: string; runId: string; k: number; poolSize: number; relaxation: QuotaChange[] | null }[] = [];
      for (const { b, input, poolSize, relaxation } of inputs) {
        const c = await draws.commitPool(userId, { input, entropySources: body.entropySources, entropyAfter, source: { council: { cycle: n, block: b.blockId } } });
        committed.push({ blockId: b.blockId, runId: c.id, k: b.k, poolSize, relaxation });
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
          emit: (r) => ({ subject: `council-cycle/${r.number}`, occurredAt: at, payload: { cycle: n, draws: committed.map((c) => ({ block: c.blockId, run: c.runId, k: c.k, poolSize: c.poolSize, relaxation: c.relaxation })), entropyAfter } }),
          after: async (t) => {
            for (const c of committed) {
              await t
                .insertInto('council_draws')
                .values({ cycle_id: row.id, block_id: c.blockId, run_id: c.runId, k: c.k, pool_size: c.poolSize, created_at: at, relaxation: c.relaxation ? JSON.stringify(c.relaxation) : null, relaxation_accepted_at: null, relaxation_accepted_by: null })
                .execute();
            }
          },
        });
      });
      return committed.map(({ relaxation, ...c }) => ({ ...c, relaxation }));
    },

    /** Reveals the entropy of every block's draw, waits for the draws, then records who was drawn and the alternates. */
    async reveal(n: number, body: { entropy: string }) {
      const row = await cycleRow(n);
      allowed(row, 'council.drawn', 'secretariat');
      const draws = await db.selectFrom('council_draws').selectAll().where('cycle_id', '=', row.id).orderBy('block_id').execute();
      const svc = sortitionDraws(ctx);
      // The ceremony refuses an early reveal (entropy-not-yet) before writing anything; a block already
      // revealed (a rerun after a crash) is not revealed again, and one left running by a killed
      // process is awaited or resumed (ADR 0807): the same seed gives the same result.
      const pending: Promise<void>[] = [];
      for (const d of draws) {
        const run = await svc.get(d.run_id);
        if (run?.status === 'committed') pending.push((await svc.reveal(d.run_id, { entropy: body.entropy })).done);
        else if (run?.status === 'running') pending.push(svc.settled(d.run_id));
      }
      await Promise.all(pending);
      return record(n);
    },

    /**
     * The secretariat accepts the relaxation its draws were committed under (ADR 0809): recorded with
     * who and when, on the ledger; then, if the draws are done, the drawn members are recorded and called.
     */
    async acceptRelaxation(n: number, userId: string) {
      const row = await cycleRow(n);
      if (row.status !== 'committed') throw new DomainError('cycle-wrong-stage', undefined, { cycle: n, state: row.status, event: 'council.relaxationAccepted' });
      const draws = await db.selectFrom('council_draws').selectAll().where('cycle_id', '=', row.id).orderBy('block_id').execute();
      const open = draws.filter((d) => d.relaxation !== null && d.relaxation_accepted_at === null);
      if (open.length === 0) throw new DomainError('no-relaxation-to-accept', undefined, { cycle: n });
      const at = now().toISOString();
      await db.transaction().execute(async (trx) => {
        for (const d of open) {
          const done = await trx.updateTable('council_draws').set({ relaxation_accepted_at: at, relaxation_accepted_by: userId }).where('run_id', '=', d.run_id).where('relaxation_accepted_at', 'is', null).executeTakeFirst();
          if (Number(done.numUpdatedRows) !== 1) throw new DomainError('state-changed', undefined, { id: d.run_id, state: 'accepted' });
        }
        await emit(trx, {
          kind: 'council.relaxationAccepted',
          subject: `council-cycle/${n}`,
          occurredAt: at,
          payload: { cycle: n, acceptedBy: userId, draws: open.map((d) => ({ block: d.block_id, run: d.run_id, relaxation: JSON.parse(d.relaxation!) as QuotaChange[] })) },
        });
      });
      const svc = sortitionDraws(ctx);
      const statuses = await Promise.all(draws.map(async (d) => (await svc.get(d.run_id))?.status));
      if (statuses.every((s) => s === 'done')) return { accepted: open.length, ...(await record(n)) };
      return { accepted: open.length, selected: 0, alternates: 0, awaitingAcceptance: false };
    },
  };

  /** Records the drawn members and the alternates of cycle n once every draw is done (and any relaxation accepted). */
  async function record(n: number) {
      const row = await cycleRow(n);
      allowed(row, 'council.drawn', 'secretariat');
      const draws = await db.selectFrom('council_draws').selectAll().where('cycle_id', '=', row.id).orderBy('block_id').execute();
      const svc = sortitionDraws(ctx);
      const waiting = draws.filter((d) => d.relaxation !== null && d.relaxation_accepted_at === null);
      if (waiting.length > 0) {
        // The draws are done; the members are not called until the secretariat accepts the relaxation.
        for (const d of draws) {
          const run = await svc.get(d.run_id);
          if (run?.status !== 'done') throw new DomainError('council-draw-failed', undefined, { block: d.block_id, run: d.run_id, status: run?.status ?? 'missing' });
        }
        return { selected: 0, alternates: 0, awaitingAcceptance: true, relaxations: waiting.map((d) => ({ block: d.block_id, run: d.run_id, changes: JSON.parse(d.relaxation!) as QuotaChange[] })) };
      }
      const f = await facts(row);
      const plan = await planOf(n);
      const schedules_ = await schedules();
      // Only the dropout-robust ranking weighs the members who sit on (ADR 0811).
      const featuresOf = charter.bodies.council.dropout ? await memberFeatures() : null;
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
            confirm_by: f.schedule.confirmationDeadline, answer: null, answered_at: null,
          });
        }
        // With dropout rates in the charter the ranking also weighs who may decline (ADR 0811); it needs
        // the members who sit on, the drawn and the pool by their features. Without, the hash ranking.
        const seatedOn = featuresOf ? b.continuing.map((m) => ({ id: `m-${m.personId}`, organisationId: m.organisationId, features: featuresOf(m) })) : [];
        const alt = rankBlockAlternates(charter, { blockId: d.block_id, seated: seatedOn, drawn: entries, pool: poolIds.map((id) => poolEntry(candidates.get(id)!)), seed });
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
      return { selected: seated.length, alternates: ranked.filter((a) => a.reserve === 0).length, awaitingAcceptance: false };
  }

  return self;
}

/** The engine's smallest relaxation when the pool cannot meet the quotas: null if it can, 'none' if no relaxation helps. */
async function relaxationOf(input: SelectionInput): Promise<QuotaChange[] | null | 'none'> {
  const inst = buildTypes(input);
  if (await isFeasible(inst)) return null;
  const d = await diagnoseInfeasibility(inst);
  return d.relaxation && d.relaxation.length > 0 ? d.relaxation : 'none';
}

function relaxed(input: SelectionInput, changes: readonly QuotaChange[]): SelectionInput {
  return { ...input, quotas: relaxQuotas(input.quotas, changes) };
}
