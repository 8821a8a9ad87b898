// Confirmations, alternates and replacements (ADR 0801, 0803). A drawn candidate, or a called
// alternate, accepts or declines by their answer date (the cycle's confirmation deadline, or the
// charter's confirmation working days from the call); silence is a decline (the sweep). A decline,
// or a member who leaves during the term (resigned, died, became ineligible), calls the
// highest-ranked alternate (then the reserve) whose entry keeps the block's quotas; when none does,
// the seat becomes a vacancy filled by a replacement draw among those still available, through the
// same sortition ceremony (commit, then reveal after the named sources' date). Every step is an
// outbox event, and so on the ledger.
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { DomainError } from '../../core/errors.ts';
import { addDays, isIsoDate, type IsoDate } from '../../core/isoDate.ts';
import { chooseReplacement, type PoolEntry, replacementDrawInput } from '../../core/membership/index.ts';
import type { Database } from '../../db/schema.ts';
import type { SessionUser } from '../../web/context.ts';
import { emit } from '../outbox/api.ts';
import { sortitionDraws } from '../sortition/api.ts';
import type { MembershipBase, MemberRow } from './shared.ts';

export const DEPARTURE_REASONS = ['resigned', 'died', 'ineligible'] as const;
type Trx = Transaction<Database>;

export function confirmationsService(b: MembershipBase) {
  const { ctx, db, charter, calendar, now, today, poolEntry } = b;
  const answerDays = charter.bodies.council.cycle.confirmationWorkingDays;

  const features = (m: MemberRow): PoolEntry => ({ id: m.id, organisationId: m.organisation_id, features: JSON.parse(m.features) });

  async function memberRow(id: string): Promise<MemberRow> {
    const m = await db.selectFrom('council_members').selectAll().where('id', '=', String(id)).executeTakeFirst();
    if (!m) throw new DomainError('not-found', undefined, { what: 'council member', id });
    return m;
  }

  /**
   * Who takes `member`'s seat from `on` (a decline: the seat's start; a departure: the day after the
   * last day): the core's choice among the ranked alternates and reserve of the draw that filled it.
   */
  async function chooseFor(trx: Trx, member: MemberRow, on: IsoDate) {
    const all = await trx.selectFrom('council_members').selectAll().execute();
    const cycleNumber = Number(member.start_cycle);
    // The block as it will be: members of this cycle and those whose terms continue past it.
    const staying = all.filter(
      (m) => m.block_id === member.block_id && m.id !== member.id && (m.status === 'selected' || m.status === 'sitting') && (m.left_on === null || m.left_on >= on) && Number(m.end_cycle) > cycleNumber,
    );
    const alternates = await trx.selectFrom('council_alternates').selectAll().where('cycle_id', '=', member.cycle_id).where('block_id', '=', member.block_id).orderBy('rank').execute();
    // The block's remaining eligible pool of that cycle (ADR 0808): the ranked alternates and reserve,
    // and, when the charter keeps no reserve, the unranked rest, which a replacement draw also draws from.
    const cands = await trx.selectFrom('council_candidates').selectAll().where('cycle_id', '=', member.cycle_id).where('block_id', '=', member.block_id).where('eligible', '=', 1).execute();
    const pool = new Map(cands.map((c) => [c.id, poolEntry(c)]));
    // Anyone who ever held, declined or was called for a seat is not called again.
    const taken = new Set(all.map((m) => m.person_id));
    const unavailable = new Set([...alternates.filter((a) => a.member_id !== null).map((a) => a.candidate_id), ...cands.filter((c) => taken.has(c.person_id)).map((c) => c.id)]);
    const choice = chooseReplacement(charter, {
      blockId: member.block_id,
      remaining: staying.map(features),
      leaver: features(member),
      ranked: { alternates: alternates.filter((a) => Number(a.reserve) === 0).map((a) => a.candidate_id), reserve: alternates.filter((a) => Number(a.reserve) === 1).map((a) => a.candidate_id) },
      pool,
      unavailable,
    });
    return { choice, cands };
  }

  /** Inside `trx`: the seat of `member` goes to the chosen alternate (called: they answer in turn), or becomes a vacancy. */
  async function replace(trx: Trx, member: MemberRow, on: IsoDate, why: string, at: string) {
    const { choice, cands } = await chooseFor(trx, member, on);
    const startsLater = on <= member.term_start;
    if (choice.kind === 'alternate') {
      const c = cands.find((x) => x.id === choice.id)!;
      const id = randomUUID();
      const day = today();
      await trx
        .insertInto('council_members')
        .values({
          ...member,
          id,
          candidate_id: c.id,
          person_id: c.person_id,
          display_name: c.display_name,
          organisation_id: c.organisation_id,
          region: c.region,
          features: c.features,
          joined_on: startsLater ? null : on,
          left_on: null,
          left_reason: null,
          status: 'selected',
          alternate_rank: choice.rank,
          replaces_member_id: member.id,
          confirm_by: calendar.addWorkingDays(day, answerDays),
          answer: null,
          answered_at: null,
          created_at: at,
        })
        .execute();
      await trx.updateTable('council_alternates').set({ member_id: id }).where('cycle_id', '=', member.cycle_id).where('candidate_id', '=', c.id).execute();
      await emit(trx, {
        kind: 'council.alternateCalled',
        subject: `council-member/${id}`,
        occurredAt: at,
        payload: { member: id, replaces: member.id, seat: member.seat_id, block: member.block_id, rank: choice.rank, fromReserve: choice.fromReserve, skipped: choice.skipped, why, from: startsLater ? member.term_start : on },
      });
      return { kind: 'alternate' as const, member: id, rank: choice.rank, joinedOn: startsLater ? member.term_start : on };
    }
    const vacancy = randomUUID();
    const status = choice.kind === 'replacementDraw' ? 'open' : 'unfilled';
    // The one-seat draw among those who break the fewest bounds, those bounds relaxed (ADR 0803).
    const draw = choice.kind === 'replacementDraw' ? replacementDrawInput(choice.input) : null;
    await trx
      .insertInto('council_vacancies')
      .values({ id: vacancy, cycle_id: member.cycle_id, block_id: member.block_id, seat_id: member.seat_id, member_id: member.id, reason: why, status, input: JSON.stringify(draw?.input ?? null), run_id: null, filled_by: null, created_at: at })
      .execute();
    await emit(trx, {
      kind: 'council.vacancyOpened',
      subject: `council-vacancy/${vacancy}`,
      occurredAt: at,
      payload: { vacancy, member: member.id, seat: member.seat_id, block: member.block_id, status, reason: choice.reason, skipped: choice.skipped, why, poolSize: draw?.input.people.length ?? 0, relaxed: draw?.relaxed ?? [] },
    });
    return { kind: choice.kind, vacancy, reason: choice.reason };
  }

  /** Records an answer (by the candidate, or by the secretariat for them); a decline calls the next alternate. */
  async function answer(memberId: string, value: 'accepted' | 'declined', by: { user: SessionUser } | { secretariat: string } | 'silence') {
    if (value !== 'accepted' && value !== 'declined') throw new DomainError('confirmation-answer-invalid', 'body.answer', { value: String(value) });
    const m = await memberRow(memberId);
    if (typeof by === 'object' && 'user' in by && by.user.pseudonym !== m.person_id) throw new DomainError('not-found', undefined, { what: 'selection', id: memberId });
    if (m.status !== 'selected' || m.answer !== null) throw new DomainError('confirmation-already-answered', undefined, { id: m.id, answer: m.answer ?? m.status });
    const day = today();
    if (by !== 'silence' && m.confirm_by !== null && day > m.confirm_by) throw new DomainError('confirmation-past-deadline', undefined, { id: m.id, deadline: m.confirm_by, today: day });
    const at = now().toISOString();
    let replacement: Awaited<ReturnType<typeof replace>> | null = null;
    await db.transaction().execute(async (trx) => {
      const started = day >= m.term_start;
      const set = value === 'accepted' ? { answer: 'accepted' as const, answered_at: at, status: started ? ('sitting' as const) : ('selected' as const) } : { answer: 'declined' as const, answered_at: at, status: 'declined' as const };
      const r = await trx.updateTable('council_members').set(set).where('id', '=', m.id).where('status', '=', 'selected').where('answer', 'is', null).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new DomainError('confirmation-already-answered', undefined, { id: m.id, answer: 'changed' });
      const who = by === 'silence' ? 'silence' : 'user' in by ? 'candidate' : 'secretariat';
      await emit(trx, { kind: value === 'accepted' ? 'council.selectionAccepted' : 'council.selectionDeclined', subject: `council-member/${m.id}`, occurredAt: at, payload: { member: m.id, seat: m.seat_id, block: m.block_id, by: who, deadline: m.confirm_by } });
      if (value === 'declined') replacement = await replace(trx, m, m.joined_on ?? m.term_start, who === 'silence' ? 'silence' : 'declined', at);
    });
    return { member: m.id, answer: value, replacement: replacement as Awaited<ReturnType<typeof replace>> | null };
  }

  async function vacancyRow(id: string) {
    const v = await db.selectFrom('council_vacancies').selectAll().where('id', '=', String(id)).executeTakeFirst();
    if (!v) throw new DomainError('not-found', undefined, { what: 'vacancy', id });
    return v;
  }

  return {
    /** The drawn and called members of cycle n with their answers (the secretariat's list). */
    async selections(n: number) {
      const cycle = await b.cycleRow(n);
      const rows = await db.selectFrom('council_members').selectAll().where('cycle_id', '=', cycle.id).orderBy('block_id').orderBy('seat_id').orderBy('created_at').execute();
      return rows.map((m) => ({ id: m.id, name: m.display_name, block: m.block_id, seat: m.seat_id, region: m.region, status: m.status, answer: m.answer, confirmBy: m.confirm_by, alternateRank: m.alternate_rank === null ? null : Number(m.alternate_rank), replaces: m.replaces_member_id }));
    },

    /** The signed-in person's selections waiting for their answer. */
    async selectionsOf(user: SessionUser) {
      const rows = await db.selectFrom('council_members').selectAll().where('person_id', '=', user.pseudonym).orderBy('created_at', 'desc').execute();
      return rows.map((m) => ({ id: m.id, block: m.block_id, seat: m.seat_id, status: m.status, answer: m.answer, confirmBy: m.confirm_by, termStart: m.joined_on ?? m.term_start, termEnd: m.term_end }));
    },

    answer: (memberId: string, user: SessionUser, value: 'accepted' | 'declined') => answer(memberId, value, { user }),
    recordAnswer: (memberId: string, secretariatId: string, value: 'accepted' | 'declined') => answer(memberId, value, { secretariat: secretariatId }),

    /** Silence is a decline: every selection past its answer date without an answer is declined, and replaced. */
    async expireConfirmations(): Promise<number> {
      const due = await db.selectFrom('council_members').select('id').where('status', '=', 'selected').where('answer', 'is', null).where('confirm_by', '<', today()).orderBy('created_at').execute();
      for (const d of due) await answer(d.id, 'declined', 'silence');
      return due.length;
    },

    /** A member leaves during the term on `on` (their last day); the seat is replaced for the rest of the term from the next day. */
    async leave(memberId: string, body: { on: IsoDate; reason: string }) {
      if (!isIsoDate(body.on)) throw new DomainError('invalid-date', 'body.on', { value: String(body.on) });
      if (!(DEPARTURE_REASONS as readonly string[]).includes(body.reason)) throw new DomainError('departure-reason-unknown', 'body.reason', { value: String(body.reason ?? ''), allowed: DEPARTURE_REASONS.join(', ') });
      const member = await memberRow(memberId);
      if (member.status !== 'sitting') throw new DomainError('member-not-sitting', undefined, { id: memberId, status: member.status });
      if (body.on < (member.joined_on ?? member.term_start) || body.on >= member.term_end) throw new DomainError('leave-outside-term', 'body.on', { on: body.on, termStart: member.joined_on ?? member.term_start, termEnd: member.term_end });
      const at = now().toISOString();
      let replacement: Awaited<ReturnType<typeof replace>> | null = null;
      await db.transaction().execute(async (trx) => {
        const left = await trx.updateTable('council_members').set({ status: 'left', left_on: body.on, left_reason: body.reason }).where('id', '=', member.id).where('status', '=', 'sitting').executeTakeFirst();
        if (Number(left.numUpdatedRows) !== 1) throw new DomainError('state-changed', undefined, { id: member.id, state: 'sitting' });
        await emit(trx, { kind: 'council.memberLeft', subject: `council-member/${member.id}`, occurredAt: at, payload: { member: member.id, seat: member.seat_id, block: member.block_id, leftOn: body.on, reason: body.reason } });
        replacement = await replace(trx, member, addDays(body.on, 1), body.reason, at);
      });
      return { replacement: replacement! as Awaited<ReturnType<typeof replace>> };
    },

    async vacancies() {
      const rows = await db.selectFrom('council_vacancies').selectAll().orderBy('created_at').execute();
      return rows.map((v) => ({ id: v.id, block: v.block_id, seat: v.seat_id, member: v.member_id, reason: v.reason, status: v.status, run: v.run_id, filledBy: v.filled_by, poolSize: v.input === 'null' ? 0 : (JSON.parse(v.input) as { people: unknown[] }).people.length }));
    },

    /** A vacancy's replacement draw committed through the sortition ceremony: its pool fixed when it opened, its entropy named now. */
    async commitVacancy(id: string, userId: string, body: { entropySources: string[]; entropyAfter: string }) {
      const v = await vacancyRow(id);
      if (v.status !== 'open') throw new DomainError('vacancy-wrong-stage', undefined, { id: v.id, status: v.status });
      const c = await sortitionDraws(ctx).commitPool(userId, { input: JSON.parse(v.input), entropySources: body.entropySources, entropyAfter: body.entropyAfter, source: { council: { vacancy: v.id, block: v.block_id, seat: v.seat_id } } });
      const at = now().toISOString();
      await db.transaction().execute(async (trx) => {
        const r = await trx.updateTable('council_vacancies').set({ status: 'committed', run_id: c.id }).where('id', '=', v.id).where('status', '=', 'open').executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw new DomainError('vacancy-wrong-stage', undefined, { id: v.id, status: 'changed' });
        await emit(trx, { kind: 'council.replacementCommitted', subject: `council-vacancy/${v.id}`, occurredAt: at, payload: { vacancy: v.id, run: c.id, seat: v.seat_id, block: v.block_id } });
      });
      return { vacancy: v.id, runId: c.id };
    },

    /**
     * Reveals the entropy of a vacancy's draw and calls the one drawn (they answer like any selected
     * candidate). Rerun after a crash: a draw already revealed is not revealed again, and its result
     * (the same, from the same public inputs) is recorded once.
     */
    async revealVacancy(id: string, body: { entropy: string }) {
      const v = await vacancyRow(id);
      if (v.status !== 'committed' || !v.run_id) throw new DomainError('vacancy-wrong-stage', undefined, { id: v.id, status: v.status });
      const svc = sortitionDraws(ctx);
      const run = await svc.get(v.run_id);
      if (run?.status === 'committed') await (await svc.reveal(v.run_id, { entropy: body.entropy })).done;
      const done = await svc.get(v.run_id);
      if (done?.status !== 'done' || !done.report) throw new DomainError('council-draw-failed', undefined, { block: v.block_id, run: v.run_id, status: done?.status ?? 'missing' });
      const sourceIds = ((await svc.inputs(v.run_id))?.sourceIds ?? {}) as Record<string, string>;
      const drawnId = sourceIds[done.report.draw.members[0]!]!;
      const leaver = await memberRow(v.member_id);
      const c = await db.selectFrom('council_candidates').selectAll().where('id', '=', drawnId).executeTakeFirstOrThrow();
      const at = now().toISOString();
      const memberId = randomUUID();
      const startsLater = today() < leaver.term_start;
      await db.transaction().execute(async (trx) => {
        const r = await trx.updateTable('council_vacancies').set({ status: 'filled', filled_by: memberId }).where('id', '=', v.id).where('status', '=', 'committed').executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw new DomainError('vacancy-wrong-stage', undefined, { id: v.id, status: 'changed' });
        await trx
          .insertInto('council_members')
          .values({
            ...leaver,
            id: memberId,
            candidate_id: c.id,
            person_id: c.person_id,
            display_name: c.display_name,
            organisation_id: c.organisation_id,
            region: c.region,
            features: c.features,
            joined_on: startsLater ? null : addDays(today(), 1),
            left_on: null,
            left_reason: null,
            status: 'selected',
            source_run_id: v.run_id!,
            alternate_rank: null,
            replaces_member_id: leaver.id,
            confirm_by: calendar.addWorkingDays(today(), answerDays),
            answer: null,
            answered_at: null,
            created_at: at,
          })
          .execute();
        await trx.updateTable('council_alternates').set({ member_id: memberId }).where('cycle_id', '=', leaver.cycle_id).where('candidate_id', '=', c.id).execute();
        await emit(trx, { kind: 'council.replacementDrawn', subject: `council-vacancy/${v.id}`, occurredAt: at, payload: { vacancy: v.id, run: v.run_id, member: memberId, seat: v.seat_id, block: v.block_id } });
      });
      return { vacancy: v.id, member: memberId, run: v.run_id };
    },
  };
}
