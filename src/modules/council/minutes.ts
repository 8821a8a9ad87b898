// Minutes from the record (core: src/core/council/minutes.ts): the secretariat generates the draft
// from what was recorded once the session is closed, edits its text, and the minutes are approved
// only by an adopted minutes-approval vote at a later session, in that vote's close; then frozen.
import { type AgendaItem, draftMinutes, followUps, type MinutesContext, type MinutesDraft, minutesLifecycle, type MinutesState, type SessionKind, type Vote, type VoteResult } from '../../core/council/index.ts';
import { DomainError } from '../../core/errors.ts';
import type { IsoDate } from '../../core/isoDate.ts';
import { runTransition } from '../../db/transition.ts';
import type { SessionUser } from '../../web/context.ts';
import { emit } from '../outbox/api.ts';
import { coreItem } from './agenda.ts';
import type { CouncilBase, CouncilMember, Trx } from './base.ts';
import type { CouncilTables } from './tables.ts';

type MinutesRow = CouncilTables['council_minutes'];

export interface MinutesView {
  sessionId: string;
  state: MinutesState;
  draft: MinutesDraft;
  text: string | null;
  approvalVoteId: string | null;
  approvedOn: IsoDate | null;
  updatedAt: string;
}

const viewOf = (r: MinutesRow): MinutesView => ({ sessionId: r.id, state: r.status as MinutesState, draft: JSON.parse(r.draft) as MinutesDraft, text: r.text, approvalVoteId: r.approval_vote_id, approvedOn: r.approved_on, updatedAt: r.updated_at });

export function minutesSteps(b: CouncilBase) {
  const { db } = b;

  async function record(trx: Trx, sessionId: string): Promise<MinutesDraft> {
    const s = await trx.selectFrom('council_sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
    if (!s) throw new DomainError('not-found', 'sessionId', { what: 'council session', id: sessionId });
    if (s.status !== 'closed') throw new DomainError('session-not-closed', 'sessionId', { state: s.status });
    const day = s.sitting_day ?? s.date;
    const items = (await trx.selectFrom('council_agenda_items').selectAll().where('session_id', '=', sessionId).execute());
    const votes = await trx.selectFrom('council_votes').selectAll().where('session_id', '=', sessionId).where('status', '=', 'closed').orderBy('opened_at').execute();
    const ballots = votes.length ? await trx.selectFrom('council_ballots').selectAll().where('vote_id', 'in', votes.map((v) => v.id)).execute() : [];
    const present = [...new Set((await trx.selectFrom('council_attendance').select('member_id').where('session_id', '=', sessionId).where('day', '=', day).execute()).map((r) => r.member_id))];
    // The members as the votes saw them; the registry on the day when no vote was taken.
    const members: CouncilMember[] = votes.length ? (JSON.parse(votes[0]!.members) as CouncilMember[]) : await b.membersOn(day);
    const core = new Map<string, AgendaItem>(items.map((i) => [i.id, coreItem(i)]));
    const coreVotes = votes.map((v) => ({
      itemId: v.item_id,
      vote: {
        id: v.id,
        question: v.question,
        decisionKind: v.decision_kind,
        date: v.date,
        state: 'closed',
        openedAt: v.opened_at,
        closedAt: v.closed_at,
        ballots: ballots.filter((x) => x.vote_id === v.id).map((x) => ({ memberId: x.member_id, choice: x.choice, ...(x.reason ? { reason: x.reason } : {}), castAt: x.cast_at, changes: Number(x.changes) })),
        result: JSON.parse(v.result!) as VoteResult,
      } as Vote,
      presentAtClose: JSON.parse(v.present_at_close ?? '[]') as string[],
      amendment: v.amendment_id !== null,
    }));
    return draftMinutes(b.voting, {
      session: { id: s.id, kind: s.kind as SessionKind, date: day, place: s.place },
      members,
      present,
      items: [...core.values()],
      votes: coreVotes,
      followUps: coreVotes.filter((v) => !v.amendment).map((v) => ({ itemId: v.itemId, events: followUps(b.charter, v.vote, core.get(v.itemId)!, '') })),
    });
  }

  return {
    async minutes(sessionId: string): Promise<MinutesView | null> {
      const r = await db.selectFrom('council_minutes').selectAll().where('id', '=', sessionId).executeTakeFirst();
      return r ? viewOf(r) : null;
    },

    /** The draft generated from the record of a closed session (secretariat); once per session. */
    async draftMinutes(sessionId: string, user: SessionUser | null): Promise<MinutesView> {
      if (!user?.roles.includes('secretariat')) throw new DomainError('secretariat-only');
      const at = b.now().toISOString();
      const row = await db.transaction().execute(async (trx) => {
        if (await trx.selectFrom('council_minutes').select('id').where('id', '=', sessionId).executeTakeFirst()) throw new DomainError('minutes-exist', 'sessionId', { sessionId });
        const draft = await record(trx, sessionId);
        const r: MinutesRow = { id: sessionId, status: minutesLifecycle.initial, draft: JSON.stringify(draft), text: null, approval_vote_id: null, approved_on: null, created_at: at, updated_at: at };
        await trx.insertInto('council_minutes').values(r).execute();
        await emit(trx, { kind: minutesLifecycle.created!, subject: `council-minutes/${sessionId}`, occurredAt: at, payload: { sessionId, draft, by: user.id } });
        return r;
      });
      return viewOf(row);
    },

    /** The secretariat's text beside the record, while the minutes are a draft. */
    async editMinutes(sessionId: string, input: { text: string }, user: SessionUser | null): Promise<MinutesView> {
      const text = typeof input.text === 'string' ? input.text.trim() : '';
      if (text.length > 200_000) throw new DomainError('too-long', 'text', { max: 200_000 });
      const at = b.now().toISOString();
      const row = await db.transaction().execute((trx) =>
        runTransition<MinutesState, 'secretariat', MinutesContext, MinutesRow>(trx, {
          lifecycle: minutesLifecycle,
          rows: 'council_minutes',
          id: sessionId,
          event: 'council-minutes.edited',
          actor: user?.roles.includes('secretariat') ? ['secretariat'] : [],
          set: () => ({ text: text || null, updated_at: at }),
          emit: () => ({ subject: `council-minutes/${sessionId}`, occurredAt: at, payload: { sessionId, text, by: user?.id ?? null } }),
          missing: new DomainError('not-found', 'sessionId', { what: 'minutes', id: sessionId }),
        }),
      );
      return viewOf(row);
    },

    /** In the close of an adopted minutes-approval vote: approved and frozen; the ledger entry carries them whole. */
    async approveMinutesInVote(trx: Trx, sessionId: string, voteId: string, on: IsoDate): Promise<void> {
      const at = b.now().toISOString();
      await runTransition<MinutesState, 'secretariat', MinutesContext, MinutesRow>(trx, {
        lifecycle: minutesLifecycle,
        rows: 'council_minutes',
        id: sessionId,
        event: 'council-minutes.approved',
        // The Council's vote approves them; the secretariat's record follows it.
        actor: ['secretariat'],
        guard: () => ({ approvalAdopted: true }),
        set: () => ({ approval_vote_id: voteId, approved_on: on, updated_at: at }),
        emit: (r) => ({ subject: `council-minutes/${sessionId}`, occurredAt: at, payload: { sessionId, voteId, approvedOn: on, draft: JSON.parse(r.draft), text: r.text } }),
        missing: new DomainError('not-found', 'sessionId', { what: 'minutes', id: sessionId }),
      });
    },
  };
}
