// Routes of the Council-at-work pages, server-rendered and working without JavaScript: sessions and
// their calendar, a session (agenda, attendance, quorum, votes, decisions, minutes), an item, the
// live vote board, the printable minutes, the initiatives tracker and a member's record; and the
// plain POST forms of the session flow. A refused form shows the page again with the problem next to
// the field, in the reader's language, and nothing written (the service refuses before it writes).
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isSitting, KURULTAI_STAGES, REFERENDUM_STAGES } from '../../core/council/index.ts';
import { DomainError, DomainErrors } from '../../core/errors.ts';
import type { Lang } from '../../core/lang.ts';
import { anonymousPageCache } from '../../web/anonymousPageCache.ts';
import type { AppContext, SessionUser } from '../../web/context.ts';
import { type ProblemCatalog, problemOf } from '../../web/domainProblems.ts';
import { type FormBody, formList, formText, formValues } from '../../web/form.ts';
import type { Translate } from '../../web/i18n.ts';
import { When } from '../../web/components/When.tsx';
import { sendPage } from '../../web/layout.tsx';
import { HttpProblem } from '../../web/problem.ts';
import { requireRole } from '../identity/api.ts';
import { councilMembers } from '../membership/api.ts';
import { FeedLinks, feedLink, followButton } from '../notifications/api.ts';
import { dayAndEventStamp } from '../outbox/api.ts';
import type { CouncilService, ItemView, SessionDetail } from './service.ts';
import type { FormError } from './views/common.tsx';
import { InitiativePage, InitiativesPage } from './views/InitiativesPage.tsx';
import { ItemPage } from './views/ItemPage.tsx';
import { type MemberRecord, MemberRecordPage, VoteBoardPage } from './views/MemberPages.tsx';
import { MinutesPage } from './views/MinutesPage.tsx';
import type { Actor, AgendaItemView, MemberOption, Names, SessionSummary } from './views/model.ts';
import { SessionPage } from './views/SessionPage.tsx';
import { SessionsPage } from './views/SessionsPage.tsx';

const CSS = readFileSync(new URL('./council.css', import.meta.url), 'utf8');
const BOARD_JS = readFileSync(new URL('./static/board.js', import.meta.url), 'utf8');

/** Notices shown after a successful post (`?done=`). */
const NOTICES = new Set(['done', 'voted', 'recused', 'filed', 'attended', 'opened', 'closed', 'confirmed']);

const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;

export function sessionLabel(t: Translate, s: { kind: string; number: number }): string {
  return t(`cw.sessionTitle.${s.kind}`, { n: s.number });
}

/** The problem of a refused form in the reader's language: each field's message, and the detail. */
export function formErrorOf(catalog: ProblemCatalog, t: Translate, err: unknown, form: string, body: unknown): { error: FormError; status: number } | null {
  const problem = problemOf(err, catalog);
  if (!problem || problem.status >= 500 || problem.status === 404) return null;
  const list = err instanceof DomainErrors ? err.list : err instanceof DomainError ? [err] : [];
  const localise = (e: DomainError) => {
    const key = `cw.problem.${e.code}`;
    const text = t(key, Object.fromEntries(Object.entries(e.params).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)])));
    return text === key ? (catalog[e.code]?.message(e.params) ?? e.code) : text;
  };
  const field = (f: string) => f.replace(/^(body|querystring)\./, '').replace(/\.\d+$/, '');
  const errors = list.filter((e) => e.field !== undefined).map((e) => ({ field: field(e.field!), message: localise(e) }));
  // Field messages are listed (and shown at their fields); the rest is the summary's sentence.
  const general = list.filter((e) => e.field === undefined).map(localise);
  const detail = list.length === 0 ? problem.message : general.length ? general.join(' ') : undefined;
  return { error: { form, ...(detail ? { detail } : {}), errors, values: formValues(body) }, status: problem.status };
}

export function registerCouncilPages(app: FastifyInstance, svc: CouncilService): void {
  const ctx: AppContext = app.ctx;
  const charter = svc.charter;
  const registry = councilMembers(ctx);

  const namesOf = (lang: Lang): Names => ({
    block: (id) => charter.bodies.council.blocks.find((b) => b.id === id)?.name[lang] ?? id,
    region: (code) => (code ? (charter.regions.find((r) => r.code === code)?.name[lang] ?? code) : '—'),
  });

  async function actorOf(user: SessionUser | null): Promise<Actor> {
    const roles = user?.roles ?? [];
    let member: Actor['member'] = null;
    if (user && roles.includes('council_member')) {
      const today = svc.today();
      const mine = (await registry.membershipsOf(user.pseudonym)).find((m) => isSitting(m, today));
      if (mine) member = { id: mine.id, name: mine.name };
    }
    return { secretariat: roles.includes('secretariat'), chair: roles.includes('council_chair'), member };
  }

  const notice = (req: FastifyRequest) => {
    const done = (req.query as { done?: string } | undefined)?.done;
    return done && NOTICES.has(done) ? req.t(`cw.notice.${done}`) : null;
  };

  function agendaItemView(i: ItemView, people: Map<string, string>, t: Translate): AgendaItemView {
    const s = i.source;
    const source: AgendaItemView['source'] =
      s.kind === 'petition'
        ? { href: `/proposals/${encodeURIComponent(s.proposalId)}`, label: t('cw.source.petition', { ref: s.proposalId }) }
        : s.kind === 'governmentReport'
          ? { href: `/responses/items/${s.responseItemId}`, label: t('cw.source.governmentReport', { id: s.responseItemId }) }
          : s.kind === 'minutesApproval'
            ? { href: `/council/sessions/${s.sessionId}/minutes`, label: t('cw.source.minutesApproval') }
            : s.kind === 'referral'
              ? { href: null, label: t('cw.source.referral', { body: t(`cw.addressee.${s.body}`), reference: s.reference }) }
              : { href: null, label: t('cw.source.motion') };
    const sponsors: AgendaItemView['sponsors'] = i.sponsors
      ? [{ memberId: i.sponsors.moverId, name: people.get(i.sponsors.moverId) ?? i.sponsors.moverId, role: 'mover', confirmed: true }, ...i.sponsors.coSponsorIds.map((id) => ({ memberId: id, name: people.get(id) ?? id, role: 'coSponsor' as const, confirmed: i.sponsors!.confirmedIds.includes(id) }))]
      : [];
    return {
      id: i.id,
      sessionId: i.sessionId,
      position: i.position,
      kind: i.kind,
      decisionKind: i.decisionKind,
      title: i.title,
      lang: i.lang,
      status: i.status,
      queuedOn: i.queuedOn,
      dueDate: i.clock?.dueDate ?? null,
      clock: i.clock?.state ?? null,
      source,
      sponsors,
    };
  }

  const summaryOf = (s: { id: string; number: number; kind: string; state: SessionSummary['state']; date: string; place: string; agenda: unknown[] }): SessionSummary => ({
    id: s.id,
    number: s.number,
    kind: s.kind as SessionSummary['kind'],
    state: s.state,
    date: s.date,
    place: s.place,
    items: s.agenda.length,
  });

  /** Names of the members sitting on `date`, and of anyone a roll call names. */
  async function peopleOn(date: string, extra: { memberId: string; name: string }[] = []): Promise<{ map: Map<string, string>; members: MemberOption[] }> {
    const members = await svc.membersOn(date);
    const map = new Map(members.map((m) => [m.id, m.name]));
    for (const e of extra) if (!map.has(e.memberId)) map.set(e.memberId, e.name);
    return { map, members: members.map((m) => ({ id: m.id, name: m.name, block: m.block })) };
  }

  // ---- static ----
  app.get('/council/static/council.css', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS));
  app.get('/council/static/board.js', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(BOARD_JS));

  // ---- sessions ----
  const showSessions = async (req: FastifyRequest, reply: FastifyReply, error: FormError | null, status = 200) => {
    const sessions = await svc.sessions();
    const today = svc.today();
    const year = Number(today.slice(0, 4));
    const counted = sessions.filter((s) => s.date.startsWith(String(year)) && s.state !== 'cancelled').length;
    return sendPage(
      reply,
      req.t('cw.sessions.title'),
      <>
        {await followButton(req, 'council', 'all')}
        <FeedLinks req={req} which="sessions" />
        <SessionsPage req={req} sessions={sessions.map(summaryOf)} today={today} actor={await actorOf(req.user)} error={error} year={{ year, required: charter.bodies.council.minSessionsPerYear, counted }} />
      </>,
      status,
      { feeds: [feedLink(req, 'sessions')] },
    );
  };
  app.get('/council/sessions', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => showSessions(req, reply, null));

  // A Council member's and the chair's home (issue 15, ADR 0510): the sessions ahead, where they mark
  // attendance, vote and move motions, and every other screen of their work, by links.
  app.get('/council/work', { preHandler: requireRole('council_member', 'council_chair'), schema: { hide: true } }, async (req, reply) => {
    const today = svc.today();
    const sessions = (await svc.sessions()).filter((x) => x.date >= today && x.state !== 'cancelled').map(summaryOf).sort((a, b) => a.date.localeCompare(b.date));
    const actor = await actorOf(req.user);
    const t = req.t;
    return sendPage(
      reply,
      t('cw.work.title'),
      <>
        <h1>{t('cw.work.title')}</h1>
        <p>{t(actor.chair ? 'cw.work.intro.chair' : 'cw.work.intro.member')}</p>
        <section aria-labelledby="work-sessions">
          <h2 id="work-sessions">{t('cw.work.ahead')}</h2>
          {sessions.length ? (
            <ul class="link-list">
              {sessions.map((x) => (
                <li key={x.id}>
                  <a href={`/council/sessions/${encodeURIComponent(x.id)}`}>
                    {t('cw.work.session', { number: x.number })}, <When lang={req.lang} iso={x.date} dateOnly />
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('cw.work.none')}</p>
          )}
        </section>
        <section aria-labelledby="work-more">
          <h2 id="work-more">{t('cw.work.more')}</h2>
          <ul class="link-list">
            <li>
              <a href="/council/sessions">{t('cw.work.allSessions')}</a>
            </li>
            <li>
              <a href="/council/initiatives">{t('cw.work.initiatives')}</a>
            </li>
            {actor.member && (
              <li>
                <a href={`/council/members/${encodeURIComponent(actor.member.id)}/record`}>{t('cw.work.record')}</a>
              </li>
            )}
          </ul>
        </section>
      </>,
    );
  });

  const showSession = async (req: FastifyRequest, reply: FastifyReply, id: string, error: FormError | null, status = 200) => {
    const s = await svc.session(id);
    if (!s) throw new HttpProblem(404, `session ${id} not found`);
    const [decisions, minutes, actor] = await Promise.all([svc.decisions(), svc.minutes(id), actorOf(req.user)]);
    const { map, members } = await peopleOn(s.date, s.votes.flatMap((v) => v.rollCall));
    const t = req.t;
    const items = s.agenda.map((i) => agendaItemView(i, map, t));
    // Amendments still to be voted on come before their motion in the "open a vote" list.
    const amendable = s.agenda.filter((i) => i.kind === 'motion' && i.status === 'pending');
    const amendments = (await Promise.all(amendable.map((i) => svc.item(i.id)))).flatMap((d) => (d ? d.amendments.filter((a) => a.status === 'filed').map((a) => ({ itemId: d.id, id: a.id, number: a.number, title: d.title })) : []));
    const motionKinds = Object.entries(charter.councilWork.motions.coSponsors).map(([kind, coSponsors]) => ({ kind, coSponsors }));
    const minutesToApprove = (await svc.sessions({ state: 'closed' })).filter((x) => x.id !== id && x.date < s.date).map((x) => ({ id: x.id, label: `${sessionLabel(t, x)}, ${x.date}` }));
    return sendPage(
      reply,
      sessionLabel(t, s),
      <>
        {await followButton(req, 'council-session', s.id)}
        <SessionPage
        req={req}
        session={{ ...summaryOf(s), convenedOn: s.convenedOn }}
        items={items}
        amendments={amendments}
        attendance={s.attendance}
        votes={s.votes}
        decisions={decisions.filter((d) => d.sessionId === id)}
        minutes={minutes}
        members={members}
        actor={actor}
        names={namesOf(req.lang as Lang)}
        error={error}
        today={svc.today()}
        motionKinds={motionKinds}
        minutesToApprove={minutesToApprove}
        notice={error ? null : notice(req)}
      />
      </>,
      status,
    );
  };
  // A session page read by many at once (a sitting streamed to the country) renders once a second
  // at most, and not again until an event is recorded or the day changes (ADR 0706).
  const stamp = dayAndEventStamp(ctx.db.db, () => svc.today());
  const sessionPages = anonymousPageCache(app, '/council/sessions/:id', { stamp });
  app.get('/council/sessions/:id', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    if (await sessionPages.answer(req, reply)) return reply;
    return showSession(req, reply, idOf(req), null);
  });

  app.get('/council/sessions/:id/minutes', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const s = await svc.session(idOf(req));
    const minutes = s ? await svc.minutes(s.id) : null;
    if (!s || !minutes) throw new HttpProblem(404, 'no minutes for this session');
    const { map } = await peopleOn(s.date, s.votes.flatMap((v) => v.rollCall));
    const items = Object.fromEntries(s.agenda.map((i) => [i.id, { title: i.title, lang: i.lang }]));
    const label = sessionLabel(req.t, s);
    return sendPage(reply, req.t('cw.minutes.title', { session: label }), <MinutesPage req={req} session={{ id: s.id, label }} minutes={minutes} people={Object.fromEntries(map)} items={items} names={namesOf(req.lang as Lang)} />);
  });

  // ---- items ----
  const showItem = async (req: FastifyRequest, reply: FastifyReply, id: string, error: FormError | null, status = 200) => {
    const item = await svc.item(id);
    if (!item) throw new HttpProblem(404, `item ${id} not found`);
    const session: SessionDetail | null = item.sessionId ? await svc.session(item.sessionId) : null;
    const { map, members } = await peopleOn(session?.date ?? svc.today(), item.votes.flatMap((v) => v.rollCall));
    const decision = (await svc.decisions()).find((d) => d.itemId === id) ?? null;
    const t = req.t;
    return sendPage(
      reply,
      item.title,
      <ItemPage
        req={req}
        item={agendaItemView(item, map, t)}
        session={session ? { id: session.id, label: sessionLabel(t, session), state: session.state } : null}
        versions={item.versions}
        amendments={item.amendments.map((a) => ({ id: a.id, number: a.number, moverId: a.moverId, moverName: map.get(a.moverId) ?? a.moverId, coSponsors: a.coSponsorIds.map((c) => ({ memberId: c, name: map.get(c) ?? c, confirmed: a.confirmedIds.includes(c) })), text: a.text, status: a.status, filedOn: a.filedOn }))}
        votes={item.votes}
        decision={decision}
        members={members}
        actor={await actorOf(req.user)}
        names={namesOf(req.lang as Lang)}
        error={error}
      />,
      status,
    );
  };
  // An item's page and a vote's page (reloaded by many during a sitting, with JavaScript off) follow
  // the session page's rule (ADR 0706).
  const itemPages = anonymousPageCache(app, '/council/items/:id', { stamp });
  app.get('/council/items/:id', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    if (await itemPages.answer(req, reply)) return reply;
    return showItem(req, reply, idOf(req), null);
  });

  // ---- votes ----
  const votePages = anonymousPageCache(app, '/council/votes/:id', { stamp });
  app.get('/council/votes/:id', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    if (await votePages.answer(req, reply)) return reply;
    const v = await svc.vote(idOf(req));
    if (!v) throw new HttpProblem(404, 'no such vote');
    const [s, item] = await Promise.all([svc.session(v.sessionId), svc.item(v.itemId)]);
    const t = req.t;
    return sendPage(
      reply,
      v.question,
      <VoteBoardPage req={req} v={v} names={namesOf(req.lang as Lang)} session={{ id: v.sessionId, label: s ? sessionLabel(t, s) : v.sessionId }} item={item ? { id: item.id, title: item.title } : null} />,
    );
  });

  // ---- initiatives ----
  const showInitiatives = async (req: FastifyRequest, reply: FastifyReply, error: FormError | null, status = 200) => {
    const q = (req.method === 'GET' ? req.query : {}) as { body?: string; kind?: string; stage?: string };
    const stages = [...new Set([...KURULTAI_STAGES, ...REFERENDUM_STAGES])];
    const filter = {
      ...(q.body === 'council' || q.body === 'kurultai' ? { body: q.body } : {}),
      ...(q.kind === 'legislativeInitiative' || q.kind === 'referendumProposal' ? { kind: q.kind } : {}),
      ...(q.stage && (stages as string[]).includes(q.stage) ? { stage: q.stage } : {}),
    };
    const list = await svc.initiatives(filter);
    const csvQuery = new URLSearchParams(filter).toString();
    return sendPage(reply, req.t('cw.initiatives.title'), <InitiativesPage req={req} initiatives={list} filter={filter} stages={stages} csvQuery={csvQuery} actor={await actorOf(req.user)} error={error} />, status);
  };
  app.get('/council/initiatives', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => showInitiatives(req, reply, null));

  const showInitiative = async (req: FastifyRequest, reply: FastifyReply, id: string, error: FormError | null, status = 200) => {
    const i = await svc.initiative(id);
    if (!i) throw new HttpProblem(404, `initiative ${id} not found`);
    const decision = i.decisionId ? (await svc.decisions()).find((d) => d.id === i.decisionId) : undefined;
    return sendPage(reply, i.title, <InitiativePage req={req} initiative={i} actor={await actorOf(req.user)} error={error} decisionItemId={decision?.itemId ?? null} />, status);
  };
  app.get('/council/initiatives/:id', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => showInitiative(req, reply, idOf(req), null));

  // ---- a member's record ----
  app.get('/council/members/:id/record', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const memberId = idOf(req);
    const record = await memberRecordOf(svc, memberId);
    if (!record) throw new HttpProblem(404, `member ${memberId} not found`);
    return sendPage(reply, req.t('cw.member.title', { name: record.member.name }), <MemberRecordPage req={req} record={record} names={namesOf(req.lang as Lang)} />);
  });

  // ---- forms ----
  type Show = (req: FastifyRequest, reply: FastifyReply, error: FormError, status: number) => Promise<unknown>;
  const staff = requireRole('secretariat', 'council_chair');
  const secretariat = requireRole('secretariat');
  const member = requireRole('council_member');
  const staffOrMember = requireRole('secretariat', 'council_chair', 'council_member');

  /** A form's post: run it, then redirect (303); a refusal shows `show` again with the problem. */
  const post = (path: string, guard: ReturnType<typeof requireRole>, form: (req: FastifyRequest) => string, run: (req: FastifyRequest, body: FormBody, user: SessionUser) => Promise<string>, show: Show) =>
    app.post(path, { schema: { hide: true }, preHandler: guard }, async (req, reply) => {
      const body = (req.body ?? {}) as FormBody;
      try {
        return reply.redirect(await run(req, body, req.user as SessionUser), 303);
      } catch (err) {
        const refused = formErrorOf(app.kenes.problems, req.t, err, form(req), body);
        if (!refused) throw err;
        return show(req, reply, refused.error, refused.status);
      }
    });

  const backToSession: Show = (req, reply, error, status) => showSession(req, reply, idOf(req), error, status);
  const sessionOfVote = async (voteId: string) => (await svc.vote(voteId))?.sessionId ?? null;
  const backToVoteSession: Show = async (req, reply, error, status) => {
    const s = await sessionOfVote(idOf(req));
    if (!s) throw new HttpProblem(404, 'no such vote');
    return showSession(req, reply, s, error, status);
  };

  post('/council/sessions', staff, () => 'plan', async (_req, b, user) => {
    const row = await svc.planSession({ kind: formText(b, 'kind'), date: formText(b, 'date'), place: formText(b, 'place') }, user);
    return `/council/sessions/${row.id}?done=done`;
  }, (req, reply, error, status) => showSessions(req, reply, error, status));

  const steps: [string, (id: string, user: SessionUser) => Promise<unknown>][] = [
    ['convene', (id, u) => svc.convene(id, u)],
    ['open', (id, u) => svc.openSession(id, u)],
    ['resume', (id, u) => svc.resume(id, u)],
    ['adjourn', (id, u) => svc.adjourn(id, u)],
    ['close', (id, u) => svc.closeSession(id, u)],
    ['cancel', (id, u) => svc.cancel(id, u)],
  ];
  for (const [name, run] of steps) {
    post(`/council/sessions/:id/${name}`, staff, () => name, async (req, _b, user) => {
      await run(idOf(req), user);
      return `/council/sessions/${idOf(req)}?done=done`;
    }, backToSession);
  }

  post('/council/sessions/:id/attendance', staffOrMember, (req) => (formText(req.body, 'memberId') ? 'register' : 'attend'), async (req, b, user) => {
    const memberId = formText(b, 'memberId');
    const staffing = user.roles.includes('secretariat') || user.roles.includes('council_chair');
    await svc.registerAttendance(idOf(req), user, staffing && memberId ? memberId : undefined);
    return `/council/sessions/${idOf(req)}?done=attended#cw-attendance`;
  }, backToSession);

  post('/council/sessions/:id/motions', member, () => 'motion', async (req, b, user) => {
    const subjects = formText(b, 'subjects')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const row = await svc.fileMotion(user, { sessionId: idOf(req), motionKind: formText(b, 'motionKind'), title: formText(b, 'title'), text: formText(b, 'text'), lang: req.lang, coSponsorIds: formList(b, 'coSponsorIds'), ...(subjects.length ? { subjects } : {}) });
    return `/council/items/${row.id}?done=filed`;
  }, backToSession);

  post('/council/sessions/:id/votes', staff, () => 'openVote', async (req, b, user) => {
    const [itemId, amendmentId] = formText(b, 'target').split(':');
    const question = formText(b, 'question').trim();
    const v = await svc.openVote(idOf(req), { itemId: itemId ?? '', ...(amendmentId ? { amendmentId } : {}), ...(question ? { question } : {}) }, user);
    return `/council/sessions/${idOf(req)}?done=opened#v-${v.id}`;
  }, backToSession);

  post('/council/votes/:id/close', staff, (req) => `close-${idOf(req)}`, async (req, _b, user) => {
    const v = await svc.closeVote(idOf(req), user);
    return `/council/sessions/${v.sessionId}?done=closed#v-${v.id}`;
  }, backToVoteSession);

  post('/council/votes/:id/ballot', member, (req) => `ballot-${idOf(req)}`, async (req, b, user) => {
    const v = await svc.vote(idOf(req));
    if (!v) throw new HttpProblem(404, 'no such vote');
    const choice = formText(b, 'choice');
    const mine = (await registry.membershipsOf(user.pseudonym)).map((m) => m.id);
    const cast = v.rollCall.find((l) => mine.includes(l.memberId) && (l.choice === 'yes' || l.choice === 'no' || l.choice === 'abstain'));
    if (cast) await svc.changeBallot(v.id, user, choice);
    else await svc.castBallot(v.id, user, choice);
    return `/council/sessions/${v.sessionId}?done=voted#v-${v.id}`;
  }, backToVoteSession);

  post('/council/votes/:id/recusal', member, (req) => `recuse-${idOf(req)}`, async (req, b, user) => {
    const r = await svc.declareRecusal(idOf(req), user, formText(b, 'reason'));
    const s = await sessionOfVote(r.voteId);
    return `/council/sessions/${s}?done=recused#v-${r.voteId}`;
  }, backToVoteSession);

  post('/council/items/:id/co-sponsorship', member, () => 'coSponsorship', async (req, _b, user) => {
    await svc.confirmCoSponsorship(user, { itemId: idOf(req) });
    return `/council/items/${idOf(req)}?done=confirmed#cw-sponsors`;
  }, (req, reply, error, status) => showItem(req, reply, idOf(req), error, status));

  post('/council/amendments/:id/co-sponsorship', member, (req) => `amendmentCoSponsorship-${idOf(req)}`, async (req, _b, user) => {
    const r = await svc.confirmCoSponsorship(user, { amendmentId: idOf(req) });
    return `/council/items/${r.itemId}?done=confirmed#am-${idOf(req)}`;
  }, async (req, reply, error, status) => {
    const a = await ctx.db.db.selectFrom('council_amendments').select('item_id').where('id', '=', idOf(req)).executeTakeFirst();
    return showItem(req, reply, a?.item_id ?? '', error, status);
  });

  post('/council/items/:id/amendments', member, () => 'amendment', async (req, b, user) => {
    await svc.fileAmendment(user, idOf(req), { text: formText(b, 'text'), coSponsorIds: formList(b, 'coSponsorIds') });
    return `/council/items/${idOf(req)}?done=filed#cw-amendments`;
  }, (req, reply, error, status) => showItem(req, reply, idOf(req), error, status));

  post('/council/sessions/:id/minutes', secretariat, () => 'draftMinutes', async (req, _b, user) => {
    await svc.draftMinutes(idOf(req), user);
    return `/council/sessions/${idOf(req)}?done=done#cw-minutes`;
  }, backToSession);

  post('/council/sessions/:id/minutes/text', secretariat, () => 'editMinutes', async (req, b, user) => {
    await svc.editMinutes(idOf(req), { text: formText(b, 'text') }, user);
    return `/council/sessions/${idOf(req)}?done=done#cw-minutes`;
  }, backToSession);

  post('/council/sessions/:id/referrals', staff, () => 'referral', async (req, b, user) => {
    const row = await svc.addReferral(user, idOf(req), { body: formText(b, 'body'), reference: formText(b, 'reference'), decisionKind: formText(b, 'decisionKind'), title: formText(b, 'title'), text: formText(b, 'text'), lang: req.lang, receivedOn: formText(b, 'receivedOn') });
    return `/council/items/${row.id}?done=done`;
  }, backToSession);

  post('/council/sessions/:id/reports', staff, () => 'report', async (req, b, user) => {
    const raw = formText(b, 'responseItemId').trim();
    const n = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(n)) throw new DomainError('not-found', 'responseItemId', { what: 'response item', id: raw });
    const row = await svc.addGovernmentReport(user, idOf(req), { responseItemId: n });
    return `/council/items/${row.id}?done=done`;
  }, backToSession);

  post('/council/sessions/:id/approvals', staff, () => 'approval', async (req, b, user) => {
    await svc.addMinutesApproval(user, idOf(req), { minutesOf: formText(b, 'minutesOf') });
    return `/council/sessions/${idOf(req)}?done=done#cw-agenda`;
  }, backToSession);

  post('/council/items/:id/heard', staff, (req) => `heard-${idOf(req)}`, async (req, _b, user) => {
    await svc.markHeard(user, idOf(req));
    const item = await svc.item(idOf(req));
    return `/council/sessions/${item?.sessionId ?? ''}?done=done#cw-agenda`;
  }, async (req, reply, error, status) => {
    const item = await svc.item(idOf(req));
    if (!item?.sessionId) throw new HttpProblem(404, 'no such item');
    return showSession(req, reply, item.sessionId, error, status);
  });

  post('/council/initiatives', secretariat, () => 'kurultai', async (_req, b, user) => {
    const opt = (name: string) => (formText(b, name).trim() ? { [name]: formText(b, name).trim() } : {});
    const i = await svc.recordKurultaiInitiative(user, { kind: formText(b, 'kind'), title: formText(b, 'title'), on: formText(b, 'on'), ...opt('reference'), ...opt('documentUrl') });
    return `/council/initiatives/${i.id}?done=done`;
  }, (req, reply, error, status) => showInitiatives(req, reply, error, status));

  post('/council/initiatives/:id/steps', secretariat, () => 'step', async (req, b, user) => {
    const opt = (name: string) => (formText(b, name).trim() ? { [name]: formText(b, name).trim() } : {});
    await svc.trackStep(idOf(req), { event: formText(b, 'event'), on: formText(b, 'on'), ...opt('documentUrl'), ...opt('note'), ...opt('referendumDate') }, user);
    return `/council/initiatives/${idOf(req)}?done=done`;
  }, (req, reply, error, status) => showInitiative(req, reply, idOf(req), error, status));
}

/**
 * A member's record for the page: the term from the registry, every closed vote of the term with what
 * they did (absent included, from each roll call), the sittings held in the term and those attended,
 * and the items they moved or co-sponsored.
 */
export async function memberRecordOf(svc: CouncilService, memberId: string): Promise<MemberRecord | null> {
  const sessions = await svc.sessions();
  const votes = (await svc.votesOfSessions(sessions.map((s) => s.id))).filter((v) => v.state === 'closed');
  const lines = votes.flatMap((v) => v.rollCall.filter((l) => l.memberId === memberId).map((l) => ({ v, l })));
  const today = svc.today();
  let reg = (await svc.membersOn(today)).find((m) => m.id === memberId);
  for (const { v } of lines) {
    if (reg) break;
    reg = (await svc.membersOn(v.date)).find((m) => m.id === memberId);
  }
  if (!reg) return null;
  const base = await svc.memberRecord(memberId);
  const held = sessions.filter((s) => (s.state === 'in_progress' || s.state === 'adjourned' || s.state === 'closed') && s.date >= reg.termStart && s.date <= reg.termEnd).length;
  const sponsored = await Promise.all(
    base.sponsored.map(async (s) => {
      const item = await svc.item(s.itemId);
      return { itemId: s.itemId, title: item?.title ?? s.itemId, role: (s.role === 'mover' ? 'mover' : 'coSponsor') as 'mover' | 'coSponsor', status: item?.status ?? '', decisionKind: item?.decisionKind ?? null };
    }),
  );
  return {
    member: { id: reg.id, name: reg.name, block: reg.block, region: reg.region ?? null, termStart: reg.termStart, termEnd: reg.termEnd },
    sittingsHeld: held,
    sittingsAttended: base.sittingsAttended,
    votes: lines.map(({ v, l }) => ({ voteId: v.id, sessionId: v.sessionId, itemId: v.itemId, question: v.question, date: v.date, choice: l.choice, reason: l.reason, code: v.code })),
    sponsored,
  };
}
