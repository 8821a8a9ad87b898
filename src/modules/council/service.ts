// The Council at work (ADR 0902): one service over sessions, agenda, attendance, votes, decisions,
// tracks and minutes, each part in its own file; this file puts them together and builds the views
// the API and the pages show. Pages call it through `councilService(ctx)` (api.ts).
import { agendaClosesOn, type AgendaClockState, type AgendaSource, orderAgenda, petitionAgendaClock, type SessionState } from '../../core/council/index.ts';
import type { IsoDate } from '../../core/isoDate.ts';
import type { AppContext } from '../../web/context.ts';
import { emit } from '../outbox/api.ts';
import { agendaSteps, coreItem } from './agenda.ts';
import { councilBase, type Trx } from './base.ts';
import { decisionSteps } from './decisions.ts';
import { minutesSteps } from './minutes.ts';
import { sessionSteps } from './sessions.ts';
import type { CouncilTables } from './tables.ts';
import { type VoteView, voteSteps } from './votes.ts';

type SessionRow = CouncilTables['council_sessions'];
type ItemRow = CouncilTables['council_agenda_items'];

export interface ItemView {
  id: string;
  sessionId: string | null;
  /** Place in the agenda's order (1, 2, …); null while queued. */
  position: number | null;
  kind: AgendaSource['kind'];
  decisionKind: string | null;
  title: string;
  lang: string;
  /** queued | pending | adopted | rejected | heard */
  status: string;
  source: AgendaSource;
  links: { proposal?: string; responseItem?: string; minutesOf?: string };
  queuedOn: IsoDate;
  addedOn: IsoDate | null;
  /** A citizens' proposal's clock to be placed on an agenda (the Council's own, like the response clock). */
  clock: { dueDate: IsoDate; state: AgendaClockState } | null;
  subjects: string[];
  /** The text as it stands (latest version), for motions and referrals. */
  text: string | null;
  version: number | null;
  /** `confirmedIds`: the co-sponsors who confirmed themselves; only they count (docs/adr/0905). */
  sponsors: { moverId: string; coSponsorIds: string[]; confirmedIds: string[] } | null;
}

export interface ItemDetail extends ItemView {
  versions: { version: number; text: string; origin: string; amendmentId: string | null; createdAt: string }[];
  amendments: { id: string; number: number; moverId: string; coSponsorIds: string[]; confirmedIds: string[]; text: string; baseVersion: number; status: string; filedOn: IsoDate }[];
  votes: VoteView[];
}

export interface SessionView {
  id: string;
  number: number;
  kind: string;
  state: SessionState;
  date: IsoDate;
  place: string;
  convenedOn: IsoDate | null;
  sittingDay: IsoDate | null;
  openedAt: string | null;
  closedAt: string | null;
  /** The last day items may be added (a convened session's agenda closes before the sitting). */
  agendaClosesOn: IsoDate | null;
  agenda: ItemView[];
}

export interface SessionDetail extends SessionView {
  votes: VoteView[];
  attendance: Awaited<ReturnType<ReturnType<typeof voteSteps>['attendance']>> | null;
  minutes: { state: string; approvedOn: IsoDate | null } | null;
}

export function councilService(ctx: AppContext) {
  const b = councilBase(ctx);
  const { db } = b;
  const agenda = agendaSteps(b);
  const minutes = minutesSteps(b);
  const decisions = decisionSteps(b, minutes);
  const votes = voteSteps(b, decisions.followUp);
  const sessions = sessionSteps(b, {
    placeQueued: agenda.placeQueued,
    publishAgenda: async (trx: Trx, s: SessionRow, at: string) => {
      const items = orderAgenda((await trx.selectFrom('council_agenda_items').selectAll().where('session_id', '=', s.id).execute()).map(coreItem));
      await emit(trx, { kind: 'council-agenda.published', subject: `council-session/${s.number}`, occurredAt: at, payload: { sessionId: s.id, number: Number(s.number), date: s.date, items: items.map((i, n) => ({ position: n + 1, itemId: i.id, kind: i.source.kind })) } });
    },
  });

  /** Who confirmed their co-sponsorship, per motion or amendment id. */
  async function confirmationsOf(targetIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    if (!targetIds.length) return out;
    const rows = await db.selectFrom('council_co_sponsor_confirmations').select(['target_id', 'member_id']).where('target_id', 'in', [...targetIds]).execute();
    for (const r of rows) out.set(r.target_id, (out.get(r.target_id) ?? new Set()).add(r.member_id));
    return out;
  }

  async function itemViews(rows: readonly ItemRow[]): Promise<ItemView[]> {
    const ids = rows.map((r) => r.id);
    const versions = ids.length ? await db.selectFrom('council_item_versions').select(['item_id', 'version', 'text']).where('item_id', 'in', ids).orderBy('version').execute() : [];
    const latest = new Map(versions.map((v) => [v.item_id, v]));
    const confirmed = await confirmationsOf(rows.filter((r) => r.kind === 'motion').map((r) => r.id));
    const today = b.today();
    const bySession = new Map<string, string[]>();
    for (const s of new Set(rows.map((r) => r.session_id))) {
      if (s === null) continue;
      bySession.set(s, orderAgenda(rows.filter((r) => r.session_id === s).map(coreItem)).map((i) => i.id));
    }
    return rows.map((r) => {
      const source = JSON.parse(r.source) as AgendaSource;
      const links: ItemView['links'] = {};
      if (source.kind === 'petition') links.proposal = `/api/v1/proposals/${source.proposalId}`;
      if (source.kind === 'governmentReport') links.responseItem = `/api/v1/responses/items/${source.responseItemId}`;
      if (source.kind === 'minutesApproval') links.minutesOf = `/api/v1/council/sessions/${source.sessionId}`;
      const v = latest.get(r.id);
      const position = r.session_id ? bySession.get(r.session_id)!.indexOf(r.id) + 1 : null;
      return {
        id: r.id,
        sessionId: r.session_id,
        position,
        kind: source.kind,
        decisionKind: r.decision_kind,
        title: r.title,
        lang: r.lang,
        status: r.status,
        source,
        links,
        queuedOn: r.queued_on,
        addedOn: r.added_on,
        clock: r.due_date ? { dueDate: r.due_date, state: petitionAgendaClock(b.calendar, b.rules, { dueDate: r.due_date, placedOn: r.added_on }, today) } : null,
        subjects: JSON.parse(r.subjects) as string[],
        text: v?.text ?? null,
        version: v ? Number(v.version) : null,
        sponsors: source.kind === 'motion' ? { moverId: source.moverId, coSponsorIds: [...source.coSponsorIds], confirmedIds: source.coSponsorIds.filter((m) => confirmed.get(r.id)?.has(m)) } : null,
      };
    });
  }

  async function sessionViews(rows: readonly SessionRow[]): Promise<SessionView[]> {
    const items = rows.length ? await db.selectFrom('council_agenda_items').selectAll().where('session_id', 'in', rows.map((r) => r.id)).execute() : [];
    const views = await itemViews(items);
    return rows.map((s) => ({
      id: s.id,
      number: Number(s.number),
      kind: s.kind,
      state: s.status as SessionState,
      date: s.date,
      place: s.place,
      convenedOn: s.convened_on,
      sittingDay: s.sitting_day,
      openedAt: s.opened_at,
      closedAt: s.closed_at,
      agendaClosesOn: s.status === 'convened' ? agendaClosesOn(b.calendar, b.rules, s.date) : null,
      agenda: views.filter((v) => v.sessionId === s.id).sort((x, y) => (x.position ?? 0) - (y.position ?? 0)),
    }));
  }

  return {
    ...sessions,
    ...agenda,
    ...votes,
    ...decisions,
    ...minutes,
    today: b.today,
    charter: b.charter,
    calendar: b.calendar,
    /** The registry's members sitting on a date (names, blocks), as the roll calls name them. */
    membersOn: b.membersOn,

    /** Sessions with their agendas, newest date first (filters: state, year). */
    async sessions(filter: { state?: string; year?: number } = {}): Promise<SessionView[]> {
      let q = db.selectFrom('council_sessions').selectAll();
      if (filter.state) q = q.where('status', '=', filter.state);
      if (filter.year) q = q.where('date', '>=', `${filter.year}-01-01`).where('date', '<=', `${filter.year}-12-31`);
      return sessionViews(await q.orderBy('date', 'desc').orderBy('number', 'desc').execute());
    },

    async session(id: string): Promise<SessionDetail | null> {
      const row = await db.selectFrom('council_sessions').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      const [view] = await sessionViews([row]);
      const m = await db.selectFrom('council_minutes').select(['status', 'approved_on']).where('id', '=', id).executeTakeFirst();
      const sitting = row.status !== 'planned' && row.status !== 'convened' && row.status !== 'cancelled';
      return {
        ...view!,
        votes: await votes.votesOfSessions([id]),
        attendance: sitting ? await votes.attendance(id) : null,
        minutes: m ? { state: m.status, approvedOn: m.approved_on } : null,
      };
    },

    async item(id: string): Promise<ItemDetail | null> {
      const row = await db.selectFrom('council_agenda_items').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      const [view] = await itemViews([row]);
      const versions = await db.selectFrom('council_item_versions').selectAll().where('item_id', '=', id).orderBy('version').execute();
      const amendments = await db.selectFrom('council_amendments').selectAll().where('item_id', '=', id).orderBy('number').execute();
      const voteRows = await db.selectFrom('council_votes').selectAll().where('item_id', '=', id).orderBy('opened_at').execute();
      const amendmentConfirmations = await confirmationsOf(amendments.map((a) => a.id));
      return {
        ...view!,
        versions: versions.map((v) => ({ version: Number(v.version), text: v.text, origin: v.origin, amendmentId: v.amendment_id, createdAt: v.created_at })),
        amendments: amendments.map((a) => ({ id: a.id, number: Number(a.number), moverId: a.mover_id, coSponsorIds: JSON.parse(a.co_sponsors) as string[], confirmedIds: (JSON.parse(a.co_sponsors) as string[]).filter((m) => amendmentConfirmations.get(a.id)?.has(m)), text: a.text, baseVersion: Number(a.base_version), status: a.status, filedOn: a.filed_on })),
        votes: await Promise.all(voteRows.map((r) => votes.view(r))),
      };
    },

    /** Succeeded proposals waiting for a session whose agenda takes them, with their clocks. */
    async queue(): Promise<ItemView[]> {
      return itemViews(await db.selectFrom('council_agenda_items').selectAll().where('status', '=', 'queued').orderBy('queued_on').orderBy('id').execute());
    },

    /** A member's record: attendance, every ballot, motions sponsored (ids are the registry's membership ids). */
    async memberRecord(memberId: string) {
      const attendance = await db.selectFrom('council_attendance').select(['session_id', 'day']).where('member_id', '=', memberId).execute();
      const held = await db.selectFrom('council_sessions').select(['id', 'sitting_day']).where('status', 'in', ['in_progress', 'adjourned', 'closed']).execute();
      const ballots = await db.selectFrom('council_ballots').innerJoin('council_votes', 'council_votes.id', 'council_ballots.vote_id').select(['council_ballots.vote_id', 'council_ballots.choice', 'council_ballots.reason', 'council_votes.question', 'council_votes.date', 'council_votes.outcome']).where('council_ballots.member_id', '=', memberId).orderBy('council_votes.date').execute();
      const sponsored = await db.selectFrom('council_sponsors').select(['item_id', 'role']).where('member_id', '=', memberId).execute();
      return {
        memberId,
        sittingsAttended: new Set(attendance.map((a) => `${a.session_id}/${a.day}`)).size,
        sittingsHeld: held.length,
        ballots: ballots.map((x) => ({ voteId: x.vote_id, choice: x.choice, reason: x.reason, question: x.question, date: x.date, outcome: x.outcome })),
        sponsored: sponsored.map((s) => ({ itemId: s.item_id, role: s.role })),
      };
    },
  };
}

export type CouncilService = ReturnType<typeof councilService>;
