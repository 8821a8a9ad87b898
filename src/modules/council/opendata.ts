// Open data of the Council's work, free and in the OpenAPI document: Popolo JSON (events, motions with
// their required majority and result, vote events with counts per block and each member's vote,
// `recused` an extra option), CSV of every list (named votes included), the iCalendar feed of
// sessions, and Akoma Ntoso XML of the minutes (debate record) and of each initiative sent to the
// Kurultai (bill). The shapes are the core's (src/core/council/{popolo,ical,akomaNtoso}.ts).
import { csvHeaderLabels, LabelsParam } from '../../web/csvHeader.ts';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  billXml,
  type DebateLabels,
  debateRecordXml,
  type PopoloIds,
  popoloEvent,
  popoloMotion,
  popoloVoteEvent,
  type RollCallLine,
  sessionsCalendar,
  type VoteRecord,
  formulaOf,
} from '../../core/council/index.ts';
import { fractionText } from '../../core/council/arithmetic.ts';
import type { DecisionKind } from '../../core/charter/types.ts';
import { isLang, type Lang } from '../../core/lang.ts';
import type { Translate } from '../../web/i18n.ts';
import { HttpProblem } from '../../web/problem.ts';
import { toCsv } from '../responses/api.ts';
import type { CouncilService, SessionView } from './service.ts';
import type { VoteView } from './votes.ts';

const tags = ['council'];
const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const LangQuery = Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('kk'), Type.Literal('ru'), Type.Literal('en')], { description: 'Language of the labels (default: the reader’s)' })) });
/** What every CSV route takes besides its own filters: the labels row and its language (ADR 0510). */
const CsvLabels = { labels: LabelsParam, lang: LangQuery.properties.lang };
const SessionQuery = Type.Object({ session: Type.Optional(Type.String({ maxLength: 64, description: 'Only this session’s votes' })), ...CsvLabels });
const BallotQuery = Type.Object({
  session: Type.Optional(Type.String({ maxLength: 64 })),
  vote: Type.Optional(Type.String({ maxLength: 64 })),
  member: Type.Optional(Type.String({ maxLength: 64, description: 'A membership id of the registry' })),
  ...CsvLabels,
});

/** Members are named by the registry's membership ids, which its own pages and files use. */
export const councilPopoloIds: PopoloIds = { organization: 'council', block: (b) => `council/${b}`, person: (m) => m, membership: (m) => m };

export function voteRecord(v: VoteView): VoteRecord {
  return {
    id: v.id,
    sessionId: v.sessionId,
    itemId: v.itemId,
    question: v.question,
    decisionKind: v.decisionKind,
    date: v.date,
    openedAt: v.openedAt,
    closedAt: v.closedAt,
    result:
      v.state === 'closed' && v.outcome && v.code
        ? { outcome: v.outcome, code: v.code, tie: v.tie, counts: v.counts, quorum: v.quorum, majority: v.majority, byBlock: v.byBlock }
        : null,
    rollCall: v.rollCall.map((l) => {
      const line: RollCallLine = { memberId: l.memberId, block: l.block, choice: l.choice };
      if (l.region) line.region = l.region;
      if (l.reason) line.reason = l.reason;
      return line;
    }),
  };
}

export const SESSION_COLUMNS = ['id', 'number', 'kind', 'state', 'date', 'place', 'convened_on', 'items'] as const;
export const ITEM_COLUMNS = ['id', 'session_id', 'position', 'kind', 'decision_kind', 'title', 'lang', 'status', 'queued_on', 'added_on', 'due_date', 'clock'] as const;
export const VOTE_COLUMNS = [
  'id',
  'session_id',
  'item_id',
  'amendment_id',
  'question',
  'decision_kind',
  'date',
  'state',
  'result',
  'code',
  'majority_rule',
  'majority_base',
  'threshold',
  'formula',
  'sitting',
  'present',
  'yes',
  'no',
  'abstain',
  'recused',
  'not_voting',
  'absent',
  'opened_at',
  'closed_at',
] as const;
export const BALLOT_COLUMNS = ['vote_id', 'session_id', 'question', 'date', 'member_id', 'name', 'block', 'region', 'choice', 'reason'] as const;
export const DECISION_COLUMNS = ['id', 'kind', 'title', 'adopted_on', 'session_id', 'vote_id', 'item_id', 'track', 'stage', 'response_item_id', 'response_due_date'] as const;
export const INITIATIVE_COLUMNS = ['id', 'body', 'kind', 'title', 'stage', 'final', 'started_on', 'reference', 'decision_id', 'referendum_date', 'last_step_on'] as const;

type Row<C extends readonly string[]> = Record<C[number], string | number | boolean | null>;

export function sessionRow(s: SessionView): Row<typeof SESSION_COLUMNS> {
  return { id: s.id, number: s.number, kind: s.kind, state: s.state, date: s.date, place: s.place, convened_on: s.convenedOn, items: s.agenda.length };
}

export function itemRows(s: SessionView): Row<typeof ITEM_COLUMNS>[] {
  return s.agenda.map((i) => ({
    id: i.id,
    session_id: i.sessionId,
    position: i.position,
    kind: i.kind,
    decision_kind: i.decisionKind,
    title: i.title,
    lang: i.lang,
    status: i.status,
    queued_on: i.queuedOn,
    added_on: i.addedOn,
    due_date: i.clock?.dueDate ?? null,
    clock: i.clock?.state ?? null,
  }));
}

export function voteRow(v: VoteView): Row<typeof VOTE_COLUMNS> {
  const m = v.majority;
  return {
    id: v.id,
    session_id: v.sessionId,
    item_id: v.itemId,
    amendment_id: v.amendmentId,
    question: v.question,
    decision_kind: v.decisionKind,
    date: v.date,
    state: v.state,
    result: v.outcome,
    code: v.code,
    majority_rule: `${m.comparison} ${m.share}`,
    majority_base: m.base,
    threshold: m.threshold,
    formula: m.formula,
    sitting: v.counts.sitting,
    present: v.counts.present,
    yes: v.counts.yes,
    no: v.counts.no,
    abstain: v.counts.abstain,
    recused: v.counts.recused,
    not_voting: v.counts.notVoting,
    absent: v.counts.absent,
    opened_at: v.openedAt,
    closed_at: v.closedAt,
  };
}

export function ballotRows(v: VoteView): Row<typeof BALLOT_COLUMNS>[] {
  return v.rollCall.map((l) => ({ vote_id: v.id, session_id: v.sessionId, question: v.question, date: v.date, member_id: l.memberId, name: l.name, block: l.block, region: l.region, choice: l.choice, reason: l.reason }));
}

const sendCsv = (reply: FastifyReply, name: string, columns: readonly string[], rows: Record<string, unknown>[]) =>
  reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(toCsv(columns as string[], rows as Record<string, unknown>[], csvHeaderLabels(reply.request, columns)));

const langOf = (req: FastifyRequest): Lang => {
  const q = (req.query as { lang?: string }).lang;
  return isLang(q) ? q : (req.lang as Lang);
};

/** The debate record's labels in `lang`, from the catalogs. */
export function debateLabels(t: Translate, title: string, quorumLine: string): DebateLabels {
  const choices = ['yes', 'no', 'abstain', 'recused', 'notVoting', 'absent'] as const;
  const followUps = ['council-decision.adopted', 'council-item.rejected', 'initiative.sent-to-kurultai', 'referendum-proposal.sent', 'recommendation.sent-to-government', 'council-minutes.approved', 'proposal.council-decided'];
  return {
    council: t('councilWork.body.council'),
    title,
    place: t('cw.col.place'),
    status: t('cw.col.state'),
    attendance: t('cw.session.attendance'),
    present: t('cw.attendance.present', { count: '' }).replace(/[:\s]+$/, ''),
    absent: t('cw.attendance.absent', { count: '' }).replace(/[:\s]+$/, ''),
    quorum: quorumLine,
    choices: Object.fromEntries(choices.map((c) => [c, t(`councilWork.choice.${c}`)])) as DebateLabels['choices'],
    outcomes: Object.fromEntries(['adopted', 'short-of-majority', 'tied', 'no-quorum'].map((c) => [c, t(`councilWork.outcome.${c}`)])),
    followUps: Object.fromEntries(followUps.map((f) => [f, t(`cw.followUp.${f}`)])),
    recusalReason: t('cw.recusal.reason'),
    noVote: t('cw.votes.none'),
  };
}

export function registerCouncilOpenData(app: FastifyInstance, svc: CouncilService) {
  const tr = (lang: Lang): Translate => app.kenes.i18n.translator(lang);
  const rule = (kind: string) => {
    const r = svc.charter.voting.majorities[kind as DecisionKind];
    return { share: fractionText(r.share), base: r.base, comparison: r.comparison };
  };
  const votesOf = async (session?: string): Promise<VoteView[]> => {
    const sessions = session ? [session] : (await svc.sessions()).map((s) => s.id);
    return svc.votesOfSessions(sessions);
  };

  // ---- Popolo ----
  app.get('/api/v1/council/popolo/events', { config: { access: 'public' }, schema: { tags, summary: 'Sessions as Popolo events', querystring: LangQuery } }, async (req) => {
    const t = tr(langOf(req));
    return { events: (await svc.sessions()).map((s) => popoloEvent({ id: s.id, kind: s.kind as 'regular' | 'extraordinary', state: s.state, date: s.date, place: s.place, name: t(`cw.sessionTitle.${s.kind}`, { n: s.number }), url: `/council/sessions/${s.id}` }, councilPopoloIds)) };
  });

  app.get('/api/v1/council/popolo/motions', { config: { access: 'public' }, schema: { tags, summary: 'Questions put to the vote as Popolo motions, with the majority they required and their result', querystring: SessionQuery } }, async (req) => {
    const votes = await votesOf((req.query as { session?: string }).session);
    return { motions: votes.map((v) => popoloMotion(voteRecord(v), rule(v.decisionKind), councilPopoloIds)) };
  });

  app.get('/api/v1/council/popolo/vote_events', { config: { access: 'public' }, schema: { tags, summary: 'Roll-call votes as Popolo vote events: counts overall and per block, and each member’s vote (option `recused` added, with its reason)', querystring: SessionQuery } }, async (req) => {
    const votes = await votesOf((req.query as { session?: string }).session);
    return { vote_events: votes.map((v) => popoloVoteEvent(voteRecord(v), councilPopoloIds)) };
  });

  app.get('/api/v1/council/popolo/vote_events/:id', { config: { access: 'public' }, schema: { tags, summary: 'One roll-call vote as a Popolo vote event, with its motion', params: Id } }, async (req) => {
    const v = await svc.vote((req.params as { id: string }).id);
    if (!v) throw new HttpProblem(404, 'no such vote');
    return { vote_event: popoloVoteEvent(voteRecord(v), councilPopoloIds), motion: popoloMotion(voteRecord(v), rule(v.decisionKind), councilPopoloIds) };
  });

  // ---- CSV ----
  const csvDoc = (summary: string) => ({ tags, summary, produces: ['text/csv'], querystring: Type.Object(CsvLabels) });
  app.get('/api/v1/council/sessions.csv', { config: { access: 'public' }, schema: csvDoc('Sessions (CSV)') }, async (_req, reply) => sendCsv(reply, 'council-sessions', SESSION_COLUMNS, (await svc.sessions()).map(sessionRow)));
  app.get('/api/v1/council/items.csv', { config: { access: 'public' }, schema: csvDoc('Agenda items of every session (CSV)') }, async (_req, reply) => sendCsv(reply, 'council-items', ITEM_COLUMNS, (await svc.sessions()).flatMap(itemRows)));
  app.get('/api/v1/council/votes.csv', { config: { access: 'public' }, schema: { ...csvDoc('Votes with the majority applied and the counts (CSV)'), querystring: SessionQuery } }, async (req, reply) =>
    sendCsv(reply, 'council-votes', VOTE_COLUMNS, (await votesOf((req.query as { session?: string }).session)).map(voteRow)),
  );
  app.get('/api/v1/council/ballots.csv', { config: { access: 'public' }, schema: { ...csvDoc('Named votes: each member’s vote on each question (CSV)'), querystring: BallotQuery } }, async (req, reply) => {
    const q = req.query as { session?: string; vote?: string; member?: string };
    let votes: VoteView[];
    if (q.vote) {
      const v = await svc.vote(q.vote);
      votes = v ? [v] : [];
    } else votes = await votesOf(q.session);
    const rows = votes.flatMap(ballotRows).filter((r) => !q.member || r.member_id === q.member);
    return sendCsv(reply, 'council-ballots', BALLOT_COLUMNS, rows);
  });
  app.get('/api/v1/council/decisions.csv', { config: { access: 'public' }, schema: csvDoc('Decisions with where they went (CSV)') }, async (_req, reply) =>
    sendCsv(
      reply,
      'council-decisions',
      DECISION_COLUMNS,
      (await svc.decisions()).map((d) => {
        const track = d.track;
        const response = track && 'kind' in track && track.kind === 'response' ? track : null;
        const initiative = track && !response ? (track as { track: string; stage: string }) : null;
        return {
          id: d.id,
          kind: d.kind,
          title: d.title,
          adopted_on: d.adoptedOn,
          session_id: d.sessionId,
          vote_id: d.voteId,
          item_id: d.itemId,
          track: response ? 'response' : (initiative?.track ?? null),
          stage: initiative?.stage ?? response?.item?.status ?? null,
          response_item_id: response?.item?.id ?? null,
          response_due_date: response?.item?.dueDate ?? null,
        };
      }),
    ),
  );
  app.get(
    '/api/v1/initiatives.csv',
    { config: { access: 'public' },
      schema: {
        ...csvDoc('Both bodies’ initiatives with their stages (CSV)'),
        querystring: Type.Object({ body: Type.Optional(Type.String({ maxLength: 16 })), kind: Type.Optional(Type.String({ maxLength: 32 })), stage: Type.Optional(Type.String({ maxLength: 32 })), ...CsvLabels }),
      },
    },
    async (req, reply) => {
      const q = req.query as { body?: string; kind?: string; stage?: string };
      const list = await svc.initiatives({ ...(q.body ? { body: q.body } : {}), ...(q.kind ? { kind: q.kind } : {}), ...(q.stage ? { stage: q.stage } : {}) });
      return sendCsv(
        reply,
        'initiatives',
        INITIATIVE_COLUMNS,
        list.map((i) => ({ id: i.id, body: i.body, kind: i.kind, title: i.title, stage: i.stage, final: i.final, started_on: i.startedOn, reference: i.reference, decision_id: i.decisionId, referendum_date: i.referendumDate, last_step_on: i.steps[i.steps.length - 1]?.on ?? null })),
      );
    },
  );

  // ---- iCalendar ----
  const ics = async (req: FastifyRequest, reply: FastifyReply) => {
    const lang = langOf(req);
    const t = tr(lang);
    const host = (req.headers.host ?? 'kenes.local').replace(/:\d+$/, '');
    const base = `${req.protocol}://${req.headers.host ?? host}`;
    const sessions = await svc.sessions();
    const body = sessionsCalendar(
      sessions.map((s) => ({
        id: s.id,
        date: s.date,
        state: s.state,
        summary: `${t('councilWork.body.council')}: ${t(`cw.sessionTitle.${s.kind}`, { n: s.number })}`,
        place: s.place,
        description: s.agenda.map((i) => `${i.position ?? '·'}. ${i.title}`).join('\n'),
        url: `${base}/council/sessions/${s.id}`,
        updatedAt: s.closedAt ?? s.openedAt ?? `${s.convenedOn ?? s.date}T00:00:00Z`,
      })),
      { name: t('cw.ics.name'), domain: host },
    );
    return reply.type('text/calendar; charset=utf-8').header('content-disposition', 'inline; filename="council-sessions.ics"').send(body);
  };
  app.get('/api/v1/council/sessions.ics', { config: { access: 'public' }, schema: { tags, summary: 'The sessions as an iCalendar feed (RFC 5545)', produces: ['text/calendar'], querystring: LangQuery } }, ics);
  app.get('/council/sessions.ics', { config: { access: 'public' }, schema: { hide: true, querystring: LangQuery } }, ics);

  // ---- Akoma Ntoso ----
  app.get('/api/v1/council/sessions/:id/minutes.akn.xml', { config: { access: 'public' }, schema: { tags, summary: 'The minutes as an Akoma Ntoso debate record (OASIS LegalDocML)', params: Id, querystring: LangQuery, produces: ['application/akn+xml'] } }, async (req, reply) => {
    const id = (req.params as { id: string }).id;
    const [session, minutes] = await Promise.all([svc.session(id), svc.minutes(id)]);
    if (!session || !minutes) throw new HttpProblem(404, 'no minutes for this session');
    const lang = langOf(req);
    const t = tr(lang);
    const people: Record<string, { name: string }> = {};
    for (const m of await svc.membersOn(session.date)) people[m.id] = { name: m.name };
    for (const v of session.votes) for (const l of v.rollCall) people[l.memberId] ??= { name: l.name };
    const items = Object.fromEntries(session.agenda.map((i) => [i.id, { title: i.title, ...(i.text ? { text: i.text } : {}) }]));
    const q = minutes.draft.quorum;
    const label = t(`cw.sessionTitle.${session.kind}`, { n: session.number });
    const xml = debateRecordXml({
      minutes: minutes.draft,
      lang,
      state: minutes.state,
      generatedOn: svc.today(),
      people,
      items,
      labels: debateLabels(t, t('cw.minutes.title', { session: label }), t('cw.quorum.line', { present: q.present, needed: q.needed, sitting: q.sitting, share: q.share })),
    });
    return reply.type('application/akn+xml; charset=utf-8').header('content-disposition', `inline; filename="minutes-${session.number}.akn.xml"`).send(xml);
  });

  app.get('/api/v1/council/decisions/:id/bill.akn.xml', { config: { access: 'public' }, schema: { tags, summary: 'A legislative initiative the Council sent to the Kurultai, as an Akoma Ntoso bill', params: Id, querystring: LangQuery, produces: ['application/akn+xml'] } }, async (req, reply) => {
    const id = (req.params as { id: string }).id;
    const decision = (await svc.decisions({ kind: 'legislativeInitiative' })).find((d) => d.id === id);
    if (!decision) throw new HttpProblem(404, 'no legislative initiative with this id');
    const [item, vote] = await Promise.all([svc.item(decision.itemId), svc.vote(decision.voteId)]);
    if (!item || !vote) throw new HttpProblem(404, 'the initiative’s item or vote is missing');
    const lang = langOf(req);
    const t = tr(lang);
    const people: Record<string, { name: string }> = {};
    for (const l of vote.rollCall) people[l.memberId] = { name: l.name };
    const sent = 'steps' in (decision.track ?? {}) ? ((decision.track as { steps: { on: string }[] }).steps[0]?.on ?? decision.adoptedOn) : decision.adoptedOn;
    const xml = billXml({
      decisionId: decision.id,
      lang,
      title: decision.title,
      text: item.text ?? '',
      adoptedOn: decision.adoptedOn,
      sentOn: sent,
      generatedOn: svc.today(),
      moverId: item.sponsors?.moverId ?? null,
      coSponsorIds: item.sponsors?.coSponsorIds ?? [],
      people,
      labels: {
        council: t('councilWork.body.council'),
        adopted: `${t('cw.item.adoptedOn', { date: decision.adoptedOn })}: ${formulaOf(vote.majority, t('councilWork.choice.yes'))}`,
        mover: t('cw.item.mover'),
        coSponsors: t('cw.item.coSponsors', { count: item.sponsors?.coSponsorIds.length ?? 0 }),
      },
    });
    return reply.type('application/akn+xml; charset=utf-8').header('content-disposition', `inline; filename="bill-${decision.id}.akn.xml"`).send(xml);
  });
}
