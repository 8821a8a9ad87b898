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
  rankAlternates,
  renewalQuotas,
  splitIntoClasses,
  termOf,
  councilSeats,
} from '../../core/membership/index.ts';
import { validatePoolData } from '../../core/sortition/anonymise.ts';
import { SortitionInputError } from '../../core/sortition/errors.ts';
import { runTransition } from '../../db/transition.ts';
import { sortitionDraws } from '../sortition/api.ts';
import type { MembershipTables } from './tables.ts';
import type { CycleRow, MemberRow, MembershipBase } from './shared.ts';

export function drawsService(b: MembershipBase) {
  const { ctx, db, charter, now, schedules, cycleRow, memberRows, planOf, poolEntry, facts, allowed } = b;

  return {
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
      // revealed (a rerun after a crash) is not revealed again, and one left running by a killed
      // process is awaited or resumed (ADR 0807): the same seed gives the same result.
      const pending: Promise<void>[] = [];
      for (const d of draws) {
        const run = await svc.get(d.run_id);
        if (run?.status === 'committed') pending.push((await svc.reveal(d.run_id, { entropy: body.entropy })).done);
        else if (run?.status === 'running') pending.push(svc.settled(d.run_id));
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
            confirm_by: f.schedule.confirmationDeadline, answer: null, answered_at: null,
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

  };
}
