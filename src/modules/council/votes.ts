// Attendance, quorum and roll-call votes: members register at the sitting; a vote opens only with
// the quorum of the members sitting that day (the registry on that date); each member casts one
// ballot as themselves, may change it while the vote is open or declare a recusal with a reason; the
// close fixes the result by the charter's majority with its arithmetic and starts what follows, in
// the same transaction. Each step goes through the core's rules and the vote table's runner.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { DecisionKind } from '../../core/charter/types.ts';
import {
  AMENDMENT_DECISION_KIND,
  type Ballot,
  type BallotChoice,
  castBallot,
  changeBallot,
  checkReferendumSubjects,
  closeVote,
  declareRecusal,
  isSitting,
  openVote,
  quorumOn,
  refusalError,
  rollCall,
  tally,
  type Vote,
  type VoteActor,
  voteLifecycle,
  type VoteResult,
  type VoteState,
} from '../../core/council/index.ts';
import { DomainError } from '../../core/errors.ts';
import type { IsoDate } from '../../core/isoDate.ts';
import { isPostgres } from '../../db/dialect.ts';
import { runTransition } from '../../db/transition.ts';
import type { SessionUser } from '../../web/context.ts';
import { emit } from '../outbox/api.ts';
import { type CouncilBase, type CouncilMember, parseJson, staffKinds, type Trx } from './base.ts';
import { checkCoSponsorsConfirmed } from './agenda.ts';
import type { CouncilTables } from './tables.ts';

type VoteRow = CouncilTables['council_votes'];
type BallotRow = CouncilTables['council_ballots'];
type SessionRow = CouncilTables['council_sessions'];
type ItemRow = CouncilTables['council_agenda_items'];
type AmendmentRow = CouncilTables['council_amendments'];

/** In-process notifications for the live vote board: the vote id, after each committed change. */
export const voteBoard = new EventEmitter();
voteBoard.setMaxListeners(0);
const notify = (voteId: string) => voteBoard.emit('change', voteId);

export interface RollCallView {
  memberId: string;
  name: string;
  block: string;
  region: string | null;
  choice: BallotChoice | 'notVoting' | 'absent';
  reason: string | null;
  changes: number;
}

export interface VoteView {
  id: string;
  sessionId: string;
  itemId: string;
  amendmentId: string | null;
  question: string;
  decisionKind: DecisionKind;
  date: IsoDate;
  state: VoteState;
  openedAt: string;
  closedAt: string | null;
  /** The majority applied with its arithmetic (as it stands while open, fixed at the close). */
  majority: VoteResult['majority'];
  quorum: VoteResult['quorum'];
  counts: VoteResult['counts'];
  byBlock: VoteResult['byBlock'];
  /** Null while the vote is open. */
  outcome: VoteResult['outcome'] | null;
  code: VoteResult['code'] | null;
  tie: boolean;
  rollCall: RollCallView[];
}

export interface AttendanceView {
  sessionId: string;
  day: IsoDate;
  sitting: number;
  quorum: ReturnType<typeof quorumOn>;
  present: { memberId: string; name: string; block: string; registeredAt: string }[];
  absent: { memberId: string; name: string; block: string }[];
}

export type FollowUpHook = (trx: Trx, ctx: { vote: Vote; row: VoteRow; item: ItemRow; amendment: AmendmentRow | null; by: string | null; at: string }) => Promise<void>;

const ballotOf = (r: BallotRow): Ballot => ({
  memberId: r.member_id,
  choice: r.choice as BallotChoice,
  ...(r.reason !== null ? { reason: r.reason } : {}),
  castAt: r.cast_at,
  ...(r.changed_at !== null ? { changedAt: r.changed_at } : {}),
  changes: Number(r.changes),
});

export function voteSteps(b: CouncilBase, followUp: FollowUpHook) {
  const { db } = b;

  /** The members present at the sitting (or only `memberId`, when given and present). */
  async function presentOn(trx: Trx, sessionId: string, day: IsoDate, memberId?: string): Promise<string[]> {
    const rows = await trx
      .selectFrom('council_attendance')
      .select('member_id')
      .where('session_id', '=', sessionId)
      .where('day', '=', day)
      .where('left_at', 'is', null)
      .$if(memberId !== undefined, (q) => q.where('member_id', '=', memberId!))
      .execute();
    return rows.map((r) => r.member_id);
  }
  /** The vote's ballots, or only `memberId`'s, row-locked on PostgreSQL (ADR 0906). */
  async function ballotsOf(trx: Trx, voteId: string, own?: { memberId: string }): Promise<BallotRow[]> {
    return trx
      .selectFrom('council_ballots')
      .selectAll()
      .where('vote_id', '=', voteId)
      .$if(own !== undefined, (q) => q.where('member_id', '=', own!.memberId).$if(isPostgres(trx), (l) => l.forUpdate()))
      .orderBy('cast_at')
      .orderBy('member_id')
      .execute();
  }
  function coreVote(row: VoteRow, ballots: readonly BallotRow[]): Vote {
    return {
      id: row.id,
      question: row.question,
      decisionKind: row.decision_kind as DecisionKind,
      date: row.date,
      state: row.status as VoteState,
      openedAt: row.opened_at,
      closedAt: row.closed_at,
      ballots: ballots.map(ballotOf),
      result: parseJson<VoteResult>(row.result),
    };
  }
  async function sessionRow(trx: Trx, id: string, lock = false): Promise<SessionRow> {
    const row = await trx
      .selectFrom('council_sessions')
      .selectAll()
      .where('id', '=', id)
      .$if(lock && isPostgres(trx), (q) => q.forUpdate())
      .executeTakeFirst();
    if (!row) throw new DomainError('not-found', 'sessionId', { what: 'council session', id });
    return row;
  }
  function sittingDay(s: SessionRow): IsoDate {
    if (s.status !== 'in_progress' || !s.sitting_day) throw new DomainError('session-not-sitting', 'sessionId', { state: s.status });
    return s.sitting_day;
  }
  async function voteRow(id: string): Promise<VoteRow> {
    const row = await db.selectFrom('council_votes').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new DomainError('not-found', 'voteId', { what: 'council vote', id });
    return row;
  }
  async function openVotesOf(sessionId: string): Promise<string[]> {
    return (await db.selectFrom('council_votes').select('id').where('session_id', '=', sessionId).where('status', '=', 'open').execute()).map((r) => r.id);
  }

  /** The vote as the API and the board show it: live while open, as fixed at the close afterwards. */
  async function view(row: VoteRow, trx: Trx = db, preloaded?: { ballots: readonly BallotRow[]; present?: string[] }): Promise<VoteView> {
    const ballots = preloaded?.ballots ?? (await ballotsOf(trx, row.id));
    const members = JSON.parse(row.members) as CouncilMember[];
    const present = row.present_at_close !== null ? (JSON.parse(row.present_at_close) as string[]) : (preloaded?.present ?? (await presentOn(trx, row.session_id, row.date)));
    const vote = coreVote(row, ballots);
    const result = vote.result ?? tally(b.voting, vote, members, present);
    const byId = new Map(members.map((m) => [m.id, m]));
    const changes = new Map(ballots.map((x) => [x.member_id, Number(x.changes)]));
    const lines = rollCall(vote, members, present).map((l) => ({
      memberId: l.memberId,
      name: byId.get(l.memberId)?.name ?? '',
      block: l.block,
      region: l.region ?? null,
      choice: l.choice,
      reason: l.reason ?? null,
      changes: changes.get(l.memberId) ?? 0,
    }));
    return {
      id: row.id,
      sessionId: row.session_id,
      itemId: row.item_id,
      amendmentId: row.amendment_id,
      question: row.question,
      decisionKind: row.decision_kind as DecisionKind,
      date: row.date,
      state: row.status as VoteState,
      openedAt: row.opened_at,
      closedAt: row.closed_at,
      majority: result.majority,
      quorum: result.quorum,
      counts: result.counts,
      byBlock: result.byBlock,
      outcome: vote.result ? vote.result.outcome : null,
      code: vote.result ? vote.result.code : null,
      tie: vote.result ? vote.result.tie : false,
      rollCall: lines,
    };
  }

  /** The member a ballot is for: the signed-in person's membership on the vote's day. */
  function voterOf(user: SessionUser, all: CouncilMember[], row: VoteRow): CouncilMember {
    const member = all.find((m) => isSitting(m, row.date)) ?? all[all.length - 1];
    if (!member) throw new DomainError('not-a-member', 'memberId', { memberId: user.id });
    return member;
  }

  /** One ballot step (cast, change, recusal) through the vote table's runner. */
  async function ballotStep(voteId: string, user: SessionUser, event: string, apply: (vote: Vote, members: CouncilMember[], present: string[], memberId: string, at: string) => ReturnType<typeof castBallot>) {
    // The person's memberships are read before the transaction; the one acting is picked by the locked
    // row's date (no read of the vote before the transaction).
    const all = await b.membershipsOfUser(user);
    let member!: CouncilMember;
    const actor: VoteActor[] = user.roles.includes('council_member') ? ['member'] : [];
    const at = b.now().toISOString();
    let ballot: Ballot | undefined;
    let previous: Ballot | undefined;
    // Ballots take a share lock on the vote (ADR 0906): members vote side by side, the close waits for
    // the ballots under way and a ballot after it finds the vote closed. The member's own ballot row is
    // read with a lock, so one member's two requests still run one after the other.
    const step = () =>
      db.transaction().execute(async (trx) =>
        runTransition<VoteState, VoteActor, undefined, VoteRow, Ballot>(trx, {
          lifecycle: voteLifecycle,
          rows: 'council_votes',
          id: voteId,
          event,
          actor,
          lock: 'share',
          prepare: async (row) => {
            member = voterOf(user, all, row);
            // The core's ballot rules look at this member only (their ballot, their presence), so only
            // their rows are read: two rows, not the whole roll call, for each of 126 ballots.
            const ballots = await ballotsOf(trx, row.id, { memberId: member.id });
            const snapshot = JSON.parse(row.members) as CouncilMember[];
            const members = [...snapshot, ...all.filter((m) => !snapshot.some((s) => s.id === m.id))];
            const present = await presentOn(trx, row.session_id, row.date, member.id);
            const vote = coreVote(row, ballots);
            const r = apply(vote, members, present, member.id, at);
            if (!r.ok) throw refusalError(r.refusal);
            previous = vote.ballots.find((x) => x.memberId === member.id);
            ballot = r.value.ballots.find((x) => x.memberId === member.id)!;
            return ballot;
          },
          emit: (row) => ({ subject: `council-vote/${row.id}`, occurredAt: at, payload: { voteId: row.id, memberId: member.id, choice: ballot!.choice, ...(ballot!.reason ? { reason: ballot!.reason } : {}), ...(previous ? { previous: previous.choice } : {}), changes: ballot!.changes } }),
          after: async (t, _row, bl) => {
            const values = { choice: bl.choice, reason: bl.reason ?? null, changed_at: bl.changedAt ?? null, changes: bl.changes };
            if (previous) await t.updateTable('council_ballots').set(values).where('vote_id', '=', voteId).where('member_id', '=', member.id).execute();
            else await t.insertInto('council_ballots').values({ vote_id: voteId, member_id: member.id, cast_at: bl.castAt, ...values }).execute();
          },
          refusalParams: () => ({ voteId }),
          missing: new DomainError('not-found', 'voteId', { what: 'council vote', id: voteId }),
        }),
      );
    try {
      await step();
    } catch (err) {
      // The same member's first ballot twice at once: the other one is in now; run again to see it.
      if ((err as { code?: unknown }).code !== '23505') throw err;
      await step();
    }
    notify(voteId);
    return { voteId, memberId: member.id, choice: ballot!.choice, changes: ballot!.changes };
  }

  return {
    view,
    voteRow,

    async vote(id: string): Promise<VoteView | null> {
      const row = await db.selectFrom('council_votes').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? view(row) : null;
    },

    async votesOfSessions(sessionIds: readonly string[]): Promise<VoteView[]> {
      if (sessionIds.length === 0) return [];
      const rows = await db.selectFrom('council_votes').selectAll().where('session_id', 'in', [...sessionIds]).orderBy('opened_at').orderBy('id').execute();
      if (rows.length === 0) return [];
      // One read of every ballot and of the registers, not two per vote (a session page shows every roll call).
      const all = await db.selectFrom('council_ballots').selectAll().where('vote_id', 'in', rows.map((r) => r.id)).orderBy('cast_at').orderBy('member_id').execute();
      const byVote = new Map<string, BallotRow[]>();
      for (const x of all) byVote.set(x.vote_id, [...(byVote.get(x.vote_id) ?? []), x]);
      const registers = new Map<string, string[]>();
      for (const r of rows) if (r.present_at_close === null && !registers.has(`${r.session_id}/${r.date}`)) registers.set(`${r.session_id}/${r.date}`, await presentOn(db, r.session_id, r.date));
      return Promise.all(rows.map((r) => view(r, db, { ballots: byVote.get(r.id) ?? [], present: registers.get(`${r.session_id}/${r.date}`) })));
    },

    /** Who is registered at the sitting, who is absent, and the quorum as it stands. */
    async attendance(sessionId: string, day?: IsoDate): Promise<AttendanceView> {
      const s = await sessionRow(db, sessionId);
      const on = day ?? s.sitting_day ?? s.date;
      const members = await b.membersOn(on);
      const rows = await db.selectFrom('council_attendance').selectAll().where('session_id', '=', sessionId).where('day', '=', on).where('left_at', 'is', null).execute();
      const at = new Map(rows.map((r) => [r.member_id, r.registered_at]));
      return {
        sessionId,
        day: on,
        sitting: members.length,
        quorum: quorumOn(b.voting, members, on, [...at.keys()]),
        present: members.filter((m) => at.has(m.id)).map((m) => ({ memberId: m.id, name: m.name, block: m.block, registeredAt: at.get(m.id)! })),
        absent: members.filter((m) => !at.has(m.id)).map((m) => ({ memberId: m.id, name: m.name, block: m.block })),
      };
    },

    /** A member registers at the sitting (or the secretariat registers them, naming the member). */
    async registerAttendance(sessionId: string, user: SessionUser, memberId?: string): Promise<{ memberId: string; day: IsoDate }> {
      const at = b.now().toISOString();
      const s0 = await sessionRow(db, sessionId);
      const day = sittingDay(s0);
      let member: CouncilMember;
      if (memberId !== undefined) {
        if (!user.roles.includes('secretariat')) throw new DomainError('secretariat-only', 'memberId');
        const m = (await b.membersOn(day)).find((x) => x.id === memberId);
        if (!m) throw new DomainError('not-sitting', 'memberId', { memberId, date: day });
        member = m;
      } else {
        member = await b.sittingMember(user, day);
      }
      await db.transaction().execute(async (trx) => {
        const s = await sessionRow(trx, sessionId, true);
        if (sittingDay(s) !== day) throw new DomainError('state-changed', 'sessionId', { state: s.status });
        const existing = await trx.selectFrom('council_attendance').selectAll().where('session_id', '=', sessionId).where('day', '=', day).where('member_id', '=', member.id).executeTakeFirst();
        if (existing && existing.left_at === null) throw new DomainError('already-registered', 'memberId', { memberId: member.id });
        if (existing) await trx.updateTable('council_attendance').set({ left_at: null, registered_at: at, registered_by: user.id }).where('session_id', '=', sessionId).where('day', '=', day).where('member_id', '=', member.id).execute();
        else await trx.insertInto('council_attendance').values({ session_id: sessionId, day, member_id: member.id, registered_at: at, registered_by: user.id, left_at: null }).execute();
        await emit(trx, { kind: 'council-attendance.registered', subject: `council-session/${s.number}`, occurredAt: at, payload: { sessionId, day, memberId: member.id, by: user.id } });
      });
      for (const v of await openVotesOf(sessionId)) notify(v);
      return { memberId: member.id, day };
    },

    /** A member leaves the sitting (present no longer; a ballot already cast still counts them present). */
    async leaveSitting(sessionId: string, user: SessionUser, memberId?: string): Promise<{ memberId: string; day: IsoDate }> {
      const at = b.now().toISOString();
      const s0 = await sessionRow(db, sessionId);
      const day = sittingDay(s0);
      let id: string;
      if (memberId !== undefined) {
        if (!user.roles.includes('secretariat')) throw new DomainError('secretariat-only', 'memberId');
        id = memberId;
      } else id = (await b.sittingMember(user, day)).id;
      await db.transaction().execute(async (trx) => {
        const s = await sessionRow(trx, sessionId, true);
        const r = await trx.updateTable('council_attendance').set({ left_at: at }).where('session_id', '=', sessionId).where('day', '=', day).where('member_id', '=', id).where('left_at', 'is', null).executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw new DomainError('not-registered', 'memberId', { memberId: id });
        await emit(trx, { kind: 'council-attendance.left', subject: `council-session/${s.number}`, occurredAt: at, payload: { sessionId, day, memberId: id, by: user.id } });
      });
      for (const v of await openVotesOf(sessionId)) notify(v);
      return { memberId: id, day };
    },

    /** Opens a roll-call vote on an item (or on an amendment to it); refused without quorum. */
    async openVote(sessionId: string, input: { itemId: string; amendmentId?: string; question?: string }, user: SessionUser | null): Promise<VoteView> {
      const actor = staffKinds(user);
      if (actor.length === 0) throw new DomainError('secretariat-or-chair-only');
      const at = b.now().toISOString();
      const s0 = await sessionRow(db, sessionId);
      const day = sittingDay(s0);
      const members = await b.membersOn(day);
      const row = await db.transaction().execute(async (trx) => {
        const s = await sessionRow(trx, sessionId, true);
        if (sittingDay(s) !== day) throw new DomainError('state-changed', 'sessionId', { state: s.status });
        const item = await trx.selectFrom('council_agenda_items').selectAll().where('id', '=', input.itemId).executeTakeFirst();
        if (!item || item.session_id !== sessionId) throw new DomainError('item-not-on-agenda', 'itemId', { itemId: input.itemId, sessionId });
        if (item.status !== 'pending') throw new DomainError('item-decided', 'itemId', { status: item.status });
        if (!item.decision_kind) throw new DomainError('item-not-votable', 'itemId', { kind: item.kind });
        let amendment: AmendmentRow | undefined;
        if (input.amendmentId !== undefined) {
          amendment = await trx.selectFrom('council_amendments').selectAll().where('id', '=', input.amendmentId).where('item_id', '=', item.id).executeTakeFirst();
          if (!amendment) throw new DomainError('not-found', 'amendmentId', { what: 'amendment', id: input.amendmentId });
          if (amendment.status !== 'filed') throw new DomainError('amendment-decided', 'amendmentId', { status: amendment.status });
        } else {
          const waiting = await trx.selectFrom('council_amendments').select('number').where('item_id', '=', item.id).where('status', '=', 'filed').execute();
          if (waiting.length) throw new DomainError('amendments-pending', 'itemId', { amendments: waiting.map((w) => Number(w.number)) });
          if (item.decision_kind === 'referendumProposal') {
            const c = checkReferendumSubjects(b.charter, JSON.parse(item.subjects) as string[]);
            if (!c.ok) throw refusalError(c.refusal);
          }
        }
        const already = await trx.selectFrom('council_votes').select('id').where('session_id', '=', sessionId).where('status', '=', 'open').executeTakeFirst();
        if (already) throw new DomainError('vote-already-open', 'itemId', { voteId: already.id });
        // Only co-sponsors who confirmed it themselves count (docs/adr/0905).
        await checkCoSponsorsConfirmed(trx, b.rules, item, amendment?.id ?? null);
        const decisionKind = (amendment ? AMENDMENT_DECISION_KIND : item.decision_kind) as DecisionKind;
        const question = (input.question ?? '').trim() || (amendment ? `Amendment ${amendment.number}: ${item.title}` : item.title);
        if (question.length > 500) throw new DomainError('too-long', 'question', { max: 500 });
        const present = await presentOn(trx, sessionId, day);
        const opened = openVote(b.voting, members, present, { id: randomUUID(), question, decisionKind, date: day, at });
        if (!opened.ok) throw refusalError(opened.refusal);
        const snapshot = members.filter((m) => isSitting(m, day));
        const r: VoteRow = { id: opened.value.id, session_id: sessionId, item_id: item.id, amendment_id: amendment?.id ?? null, question, decision_kind: decisionKind, date: day, status: voteLifecycle.initial, members: JSON.stringify(snapshot), opened_at: at, closed_at: null, result: null, outcome: null, present_at_close: null };
        await trx.insertInto('council_votes').values(r).execute();
        const quorum = quorumOn(b.voting, members, day, present);
        await emit(trx, { kind: voteLifecycle.created!, subject: `council-vote/${r.id}`, occurredAt: at, payload: { voteId: r.id, sessionId, itemId: item.id, amendmentId: r.amendment_id, question, decisionKind, date: day, quorum, majority: b.voting.majorities[decisionKind], by: user?.id ?? null } });
        return r;
      });
      return view(row);
    },

    castBallot(voteId: string, user: SessionUser, choice: unknown) {
      return ballotStep(voteId, user, 'council-vote.ballot-cast', (vote, members, present, memberId, at) => castBallot(vote, members, present, { memberId, choice, at }));
    },

    changeBallot(voteId: string, user: SessionUser, choice: unknown) {
      return ballotStep(voteId, user, 'council-vote.ballot-changed', (vote, members, present, memberId, at) => changeBallot(vote, members, present, { memberId, choice, at }));
    },

    declareRecusal(voteId: string, user: SessionUser, reason: unknown) {
      return ballotStep(voteId, user, 'council-vote.recusal-declared', (vote, members, present, memberId, at) => declareRecusal(vote, members, present, { memberId, reason: typeof reason === 'string' ? reason : '', at }));
    },

    /** Closes the vote once: the result by the charter's majority, the roll call, and what follows. */
    async closeVote(voteId: string, user: SessionUser | null): Promise<VoteView> {
      const actor = staffKinds(user) as VoteActor[];
      const at = b.now().toISOString();
      const row = await db.transaction().execute(async (trx) => {
        let closed: Vote | undefined;
        let present: string[] = [];
        const updated = await runTransition<VoteState, VoteActor, undefined, VoteRow, Vote>(trx, {
          lifecycle: voteLifecycle,
          rows: 'council_votes',
          id: voteId,
          event: 'council-vote.closed',
          actor,
          prepare: async (r) => {
            const ballots = await ballotsOf(trx, r.id);
            present = await presentOn(trx, r.session_id, r.date);
            const c = closeVote(b.voting, coreVote(r, ballots), JSON.parse(r.members) as CouncilMember[], present, at);
            if (!c.ok) throw refusalError(c.refusal);
            closed = c.value;
            return c.value;
          },
          set: (_r, v) => ({ closed_at: at, result: JSON.stringify(v.result), outcome: v.result!.outcome, present_at_close: JSON.stringify(present) }),
          emit: (r, _to, v) => ({
            subject: `council-vote/${r.id}`,
            occurredAt: at,
            payload: { voteId: r.id, sessionId: r.session_id, itemId: r.item_id, question: r.question, decisionKind: r.decision_kind, date: r.date, result: v.result, rollCall: rollCall(v, JSON.parse(r.members) as CouncilMember[], present), by: user?.id ?? null },
          }),
          after: async (t, r, v) => {
            const item = (await t.selectFrom('council_agenda_items').selectAll().where('id', '=', r.item_id).executeTakeFirstOrThrow()) as ItemRow;
            const amendment = r.amendment_id ? ((await t.selectFrom('council_amendments').selectAll().where('id', '=', r.amendment_id).executeTakeFirstOrThrow()) as AmendmentRow) : null;
            await followUp(t, { vote: v, row: r, item, amendment, by: user?.id ?? null, at });
          },
          refusalParams: () => ({ voteId }),
          missing: new DomainError('not-found', 'voteId', { what: 'council vote', id: voteId }),
        });
        void closed;
        return updated;
      });
      notify(voteId);
      return view(row);
    },
  };
}
