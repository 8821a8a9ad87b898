// Read models of the public registry (pages and open data): the membership rows with the nominating
// organisation's name, a member with the chain of replacements of their seat, a cycle's pool by block
// and category, its alternates with their public candidate numbers, and the Popolo document. Reads
// only; the writes stay in the service.
import { createCalendar, todayIn } from '../../core/calendar.ts';
import type { Charter } from '../../core/charter/types.ts';
import { addDays, type IsoDate } from '../../core/isoDate.ts';
import { type CycleSchedule, scheduleSource, selectionDate } from '../../core/membership/index.ts';
import { type PopoloAlternateRow, type PopoloLang, type PopoloMemberRow, toPopolo } from '../../core/membership/popolo.ts';
import type { AppContext } from '../../web/context.ts';
import { sortitionDraws } from '../sortition/api.ts';

export interface MemberView extends PopoloMemberRow {
  features: Record<string, string>;
  seatClass: number;
}

export function membershipReads(ctx: AppContext) {
  const db = ctx.db.db;
  const charter: Charter = ctx.charter;
  const calendar = createCalendar(charter.calendar, charter.timeZone);
  const today = (): IsoDate => todayIn(charter.timeZone, ctx.now?.() ?? new Date());

  async function schedules() {
    const rows = await db.selectFrom('council_cycles').select(['number', 'schedule']).execute();
    return scheduleSource(charter, calendar, new Map(rows.map((r) => [Number(r.number), JSON.parse(r.schedule) as CycleSchedule])));
  }

  /**
   * Every membership row, with dates narrowed by a late join or an early departure, in seat order.
   * A drawn candidate who declined never held the seat (ADR 0803): not a membership.
   */
  async function members(): Promise<MemberView[]> {
    const rows = await db
      .selectFrom('council_members as m')
      .innerJoin('council_candidates as c', 'c.id', 'm.candidate_id')
      .innerJoin('council_cycles as y', 'y.id', 'm.cycle_id')
      .select(['m.id', 'm.person_id', 'm.display_name', 'm.block_id', 'm.seat_id', 'm.seat_class', 'm.organisation_id', 'c.organisation', 'm.region', 'm.features', 'y.number', 'm.term_start', 'm.term_end', 'm.joined_on', 'm.left_on', 'm.left_reason', 'm.status', 'm.source_run_id', 'm.alternate_rank', 'm.replaces_member_id', 'm.created_at'])
      .where('m.status', '!=', 'declined')
      .orderBy('m.seat_id')
      .orderBy('m.created_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      personId: r.person_id,
      name: r.display_name,
      blockId: r.block_id,
      seatId: r.seat_id,
      seatClass: Number(r.seat_class),
      organisationId: r.organisation_id,
      organisationName: r.organisation,
      region: r.region,
      features: JSON.parse(r.features) as Record<string, string>,
      cycle: Number(r.number),
      start: r.joined_on ?? r.term_start,
      end: r.left_on ?? r.term_end,
      status: r.status as MemberView['status'],
      leftReason: r.left_reason,
      runId: r.source_run_id,
      alternateRank: r.alternate_rank === null ? null : Number(r.alternate_rank),
      replaces: r.replaces_member_id,
    }));
  }

  /** Who sat on `date`: accepted members (sitting or since left) whose dates include the day. */
  async function councilOn(date: IsoDate): Promise<MemberView[]> {
    return (await members()).filter((m) => m.status !== 'selected' && m.start <= date && date <= m.end);
  }

  /** The public candidate number of each candidate id of a draw (the ceremony's anonymised pool). */
  async function candidateNumbers(runId: string): Promise<Map<string, string>> {
    const sourceIds = ((await sortitionDraws(ctx).inputs(runId))?.sourceIds ?? {}) as Record<string, string>;
    return new Map(Object.entries(sourceIds).map(([num, id]) => [id, num]));
  }

  async function alternates(cycle?: number) {
    const q = db
      .selectFrom('council_alternates as a')
      .innerJoin('council_cycles as y', 'y.id', 'a.cycle_id')
      .innerJoin('council_draws as d', (j) => j.onRef('d.cycle_id', '=', 'a.cycle_id').onRef('d.block_id', '=', 'a.block_id'))
      .select(['y.number', 'a.block_id', 'a.candidate_id', 'a.rank', 'a.reserve', 'a.member_id', 'd.run_id'])
      .where('a.reserve', '=', 0)
      .orderBy('y.number')
      .orderBy('a.block_id')
      .orderBy('a.rank');
    const rows = await (cycle === undefined ? q : q.where('y.number', '=', cycle)).execute();
    const numbers = new Map<string, Map<string, string>>();
    for (const r of rows) if (!numbers.has(r.run_id)) numbers.set(r.run_id, await candidateNumbers(r.run_id));
    const s = await schedules();
    return rows.map(
      (r): PopoloAlternateRow => ({
        cycle: Number(r.number),
        blockId: r.block_id,
        rank: Number(r.rank),
        candidateNumber: numbers.get(r.run_id)?.get(r.candidate_id) ?? null,
        runId: r.run_id,
        memberId: r.member_id,
        start: s(Number(r.number)).drawn,
        end: addDays(s(Number(r.number) + 1).drawn, -1),
      }),
    );
  }

  return {
    today,
    schedules,
    members,
    councilOn,
    alternates,

    /** One membership with the seat's whole history (who held it before and after, and why they left). */
    async member(id: string) {
      const all = await members();
      const m = all.find((x) => x.id === id);
      if (!m) return null;
      return { member: m, seatHistory: all.filter((x) => x.seatId === m.seatId && x.status !== 'selected') };
    },

    /** Eligible pool of a cycle per block, and per block × dimension × category. */
    async pool(cycle: number) {
      const rows = await db
        .selectFrom('council_candidates as c')
        .innerJoin('council_cycles as y', 'y.id', 'c.cycle_id')
        .select(['c.block_id', 'c.features', 'c.eligible'])
        .where('y.number', '=', cycle)
        .execute();
      const out = new Map<string, { candidates: number; eligible: number; categories: Map<string, number> }>();
      for (const r of rows) {
        const b = out.get(r.block_id) ?? { candidates: 0, eligible: 0, categories: new Map() };
        b.candidates++;
        if (Number(r.eligible) === 1) {
          b.eligible++;
          for (const [dim, v] of Object.entries(JSON.parse(r.features) as Record<string, string>)) b.categories.set(`${dim}|${v}`, (b.categories.get(`${dim}|${v}`) ?? 0) + 1);
        }
        out.set(r.block_id, b);
      }
      return out;
    },

    /** The cycle's draws as the ceremony recorded them (commitment, entropy, status, summary). */
    async draws(cycle: number) {
      const rows = await db.selectFrom('council_draws as d').innerJoin('council_cycles as y', 'y.id', 'd.cycle_id').select(['d.block_id', 'd.run_id', 'd.k', 'd.pool_size', 'd.relaxation', 'd.relaxation_accepted_at']).where('y.number', '=', cycle).orderBy('d.block_id').execute();
      const svc = sortitionDraws(ctx);
      const out = [];
      for (const r of rows) {
        const run = await svc.get(r.run_id);
        out.push({
          blockId: r.block_id,
          runId: r.run_id,
          k: Number(r.k),
          poolSize: Number(r.pool_size),
          status: run?.status ?? 'missing',
          commitment: run?.commitment ?? null,
          inputHash: run?.inputHash ?? null,
          entropy: run?.entropy ?? null,
          entropyPlan: run?.entropyPlan ?? null,
          algorithm: run?.algorithm ?? null,
          selected: run?.report ? run.report.draw.members.length : null,
          ticket: run?.report ? run.report.draw.ticket : null,
          minProbability: run?.report ? run.report.summary.min : null,
          maxProbability: run?.report ? run.report.summary.max : null,
          /** The quota changes the draw was committed under (ADR 0809), and when the secretariat accepted them. */
          relaxation: r.relaxation ? (JSON.parse(r.relaxation) as { category: string; value: string; min: number; max: number; newMin: number; newMax: number }[]) : null,
          relaxationAcceptedAt: r.relaxation_accepted_at,
        });
      }
      return out;
    },

    /** The whole registry in the Popolo shape. */
    async popolo(lang: PopoloLang) {
      return toPopolo({ charter, lang, members: await members(), alternates: await alternates() });
    },

    selectionDate: (n: number) => selectionDate(charter, n),
  };
}

export type MembershipReads = ReturnType<typeof membershipReads>;
