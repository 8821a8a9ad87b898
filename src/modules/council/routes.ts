// JSON API of the Council's work under /api/v1/council and /api/v1/initiatives (ADR 0902): public
// reads (sessions with their agendas, votes with the majority's arithmetic and the roll call, the
// live board as server-sent events, decisions with their tracks, both bodies' initiatives), and the
// writes of the secretariat, the chair and the members, each behind its role and the CSRF check.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MOTION_KINDS } from '../../core/charter/definition.ts';
import { CHOICES, REFERRING_BODIES, SESSION_KINDS, SESSION_STATES } from '../../core/council/index.ts';
import { LANGS } from '../../core/lang.ts';
import type { SessionUser } from '../../web/context.ts';
import { HttpProblem } from '../../web/problem.ts';
import { requireRole } from '../identity/api.ts';
import { INITIATIVE_KINDS } from './decisions.ts';
import type { CouncilService } from './service.ts';
import { type VoteView, voteBoard } from './votes.ts';

const tags = ['council'];
const security = [{ session: [] }];
const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Text = (max: number, description?: string) => Type.String({ maxLength: max, ...(description ? { description } : {}) });
const Day = (description: string) => Type.String({ maxLength: 10, description: `${description} (YYYY-MM-DD, Asia/Almaty)` });
const enumOf = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const MemberIds = (description: string) => Type.Array(Text(64), { maxItems: 200, description });
const body = <T extends Record<string, unknown>>(props: T) => Type.Object(props as never, { additionalProperties: false });

const staff = { preHandler: requireRole('secretariat', 'council_chair') };
const secretariat = { preHandler: requireRole('secretariat') };
const member = { preHandler: requireRole('council_member') };
const memberOrSecretariat = { preHandler: requireRole('council_member', 'secretariat') };

const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;
const userOf = (req: FastifyRequest) => req.user as SessionUser;

/** What the live board sends: the counts as they stand, the quorum, the majority's arithmetic. */
export function boardOf(v: VoteView) {
  return { voteId: v.id, question: v.question, state: v.state, counts: v.counts, byBlock: v.byBlock, quorum: v.quorum, majority: v.majority, outcome: v.outcome, code: v.code };
}

export function registerCouncilApi(app: FastifyInstance, svc: CouncilService) {
  // ---- public reads ----
  app.get(
    '/api/v1/council/sessions',
    { config: { access: 'public' }, schema: { tags, summary: 'Council sessions with their agendas, newest first', querystring: Type.Object({ state: Type.Optional(enumOf(SESSION_STATES)), year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2200 })) }) } },
    async (req) => ({ sessions: await svc.sessions(req.query as { state?: string; year?: number }) }),
  );

  app.get('/api/v1/council/sessions/:id', { config: { access: 'public' }, schema: { tags, summary: 'One session: agenda in order, attendance and quorum, each vote with its result and roll call, minutes state', params: Id } }, async (req) => {
    const s = await svc.session(idOf(req));
    if (!s) throw new HttpProblem(404, 'no such session');
    return s;
  });

  app.get('/api/v1/council/sessions/:id/attendance', { config: { access: 'public' }, schema: { tags, summary: 'Who is registered at the sitting, who is absent, and the quorum of the members sitting that day', params: Id } }, async (req) => svc.attendance(idOf(req)));

  app.get('/api/v1/council/sessions/:id/minutes', { config: { access: 'public' }, schema: { tags, summary: 'The minutes: the draft generated from the record, the secretariat’s text, approval', params: Id } }, async (req) => {
    const m = await svc.minutes(idOf(req));
    if (!m) throw new HttpProblem(404, 'no minutes for this session yet');
    return m;
  });

  app.get('/api/v1/council/queue', { config: { access: 'public' }, schema: { tags, summary: 'Succeeded citizens’ proposals waiting for a session, each with its agenda clock' } }, async () => ({ items: await svc.queue() }));

  app.get('/api/v1/council/items/:id', { config: { access: 'public' }, schema: { tags, summary: 'An agenda item: its source, text with every version, amendments, votes', params: Id } }, async (req) => {
    const i = await svc.item(idOf(req));
    if (!i) throw new HttpProblem(404, 'no such agenda item');
    return i;
  });

  app.get('/api/v1/council/votes/:id', { config: { access: 'public' }, schema: { tags, summary: 'A roll-call vote: the question, the majority applied with its arithmetic, counts (per block) and each member’s vote', params: Id } }, async (req) => {
    const v = await svc.vote(idOf(req));
    if (!v) throw new HttpProblem(404, 'no such vote');
    return v;
  });

  registerBoard(app, svc, app.ctx.config.boardPollMs);

  app.get(
    '/api/v1/council/decisions',
    { config: { access: 'public' }, schema: { tags, summary: 'Adopted decisions, each with its kind and track (the Kurultai, the President, or the response item of a recommendation)', querystring: Type.Object({ kind: Type.Optional(enumOf(MOTION_KINDS)) }) } },
    async (req) => ({ decisions: await svc.decisions(req.query as { kind?: string }) }),
  );

  app.get(
    '/api/v1/initiatives',
    { config: { access: 'public' },
      schema: {
        tags,
        summary: 'Legislative and referendum initiatives of the People’s Council and of the Kurultai, with their stages and the time in each',
        querystring: Type.Object({ body: Type.Optional(enumOf(['council', 'kurultai'])), kind: Type.Optional(enumOf(INITIATIVE_KINDS)), stage: Type.Optional(Text(20)) }),
      },
    },
    async (req) => ({ initiatives: await svc.initiatives(req.query as { body?: string; kind?: string; stage?: string }) }),
  );

  app.get('/api/v1/initiatives/:id', { config: { access: 'public' }, schema: { tags, summary: 'One initiative with its dated steps', params: Id } }, async (req) => {
    const i = await svc.initiative(idOf(req));
    if (!i) throw new HttpProblem(404, 'no such initiative');
    return i;
  });

  app.get('/api/v1/council/members/:id/record', { config: { access: 'public' }, schema: { tags, summary: 'A member’s record: sittings attended, every ballot, motions sponsored (id: the registry’s membership id)', params: Id } }, async (req) => svc.memberRecord(idOf(req)));

  // ---- sessions (secretariat or chair) ----
  app.post(
    '/api/v1/council/sessions',
    { ...staff, schema: { tags, summary: 'Plan a session (secretariat or chair); queued citizens’ proposals go on its agenda', security, body: body({ kind: enumOf(SESSION_KINDS), date: Day('The sitting day'), place: Text(300) }) } },
    async (req, reply) => reply.status(201).send(await svc.session((await svc.planSession(req.body as { kind: string; date: string; place: string }, req.user)).id)),
  );

  const sessionStep = (path: string, summary: string, run: (id: string, req: FastifyRequest) => Promise<unknown>, guard: typeof staff = staff, bodySchema = body({})) =>
    app.post(`/api/v1/council/sessions/:id/${path}`, { ...guard, schema: { tags, summary, security, params: Id, body: Type.Optional(bodySchema) } }, async (req) => {
      await run(idOf(req), req);
      return svc.session(idOf(req));
    });

  sessionStep('convene', 'Convene a planned session (its date at least the charter’s notice in working days ahead) and publish its agenda', (id, req) => svc.convene(id, req.user));
  sessionStep('reschedule', 'Move a convened session to another date (notice counted again)', (id, req) => svc.reschedule(id, req.body as { date: string; place?: string }, req.user), staff, body({ date: Day('The new sitting day'), place: Type.Optional(Text(300)) }));
  sessionStep('cancel', 'Cancel a planned or convened session', (id, req) => svc.cancel(id, req.user));
  sessionStep('open', 'Open the sitting (on its date or later)', (id, req) => svc.openSession(id, req.user));
  sessionStep('adjourn', 'Adjourn the sitting to another day (the chair; no vote open)', (id, req) => svc.adjourn(id, req.user));
  sessionStep('resume', 'Resume an adjourned sitting', (id, req) => svc.resume(id, req.user));
  sessionStep('close', 'Close the sitting (no vote open)', (id, req) => svc.closeSession(id, req.user));

  // ---- attendance ----
  app.post(
    '/api/v1/council/sessions/:id/attendance',
    { ...memberOrSecretariat, schema: { tags, summary: 'Register attendance: a member as themselves, or the secretariat naming the member', security, params: Id, body: Type.Optional(body({ memberId: Type.Optional(Text(64)) })) } },
    async (req, reply) => {
      const r = await svc.registerAttendance(idOf(req), userOf(req), (req.body as { memberId?: string } | undefined)?.memberId);
      return reply.status(201).send({ ...r, attendance: await svc.attendance(idOf(req)) });
    },
  );
  app.post(
    '/api/v1/council/sessions/:id/attendance/leave',
    { ...memberOrSecretariat, schema: { tags, summary: 'A member leaves the sitting', security, params: Id, body: Type.Optional(body({ memberId: Type.Optional(Text(64)) })) } },
    async (req) => {
      const r = await svc.leaveSitting(idOf(req), userOf(req), (req.body as { memberId?: string } | undefined)?.memberId);
      return { ...r, attendance: await svc.attendance(idOf(req)) };
    },
  );

  // ---- agenda ----
  app.post(
    '/api/v1/council/sessions/:id/motions',
    {
      ...member,
      schema: {
        tags,
        summary: 'File a motion as its mover (a council member): a draft legislative initiative, a referendum proposal or a recommendation, with the charter’s number of co-sponsors',
        security,
        params: Id,
        body: body({
          motionKind: enumOf(MOTION_KINDS),
          title: Text(300),
          text: Text(50_000),
          lang: Type.Optional(enumOf(LANGS)),
          coSponsorIds: MemberIds('Co-sponsors: the registry’s membership ids, sitting today'),
          subjects: Type.Optional(Type.Array(Text(100), { maxItems: 20, description: 'The subjects a referendum proposal addresses (the charter’s excluded subjects are refused)' })),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await svc.item((await svc.fileMotion(userOf(req), { ...(req.body as Parameters<CouncilService['fileMotion']>[1]), sessionId: idOf(req) })).id)),
  );
  app.post(
    '/api/v1/council/sessions/:id/referrals',
    {
      ...staff,
      schema: {
        tags,
        summary: 'Put an item referred by the President or the Kurultai on the agenda (secretariat or chair)',
        security,
        params: Id,
        body: body({ body: enumOf(REFERRING_BODIES), reference: Text(100), decisionKind: enumOf(MOTION_KINDS), title: Text(300), text: Text(50_000), lang: Type.Optional(enumOf(LANGS)), receivedOn: Day('Day received'), subjects: Type.Optional(Type.Array(Text(100), { maxItems: 20 })) }),
      },
    },
    async (req, reply) => reply.status(201).send(await svc.item((await svc.addReferral(req.user, idOf(req), req.body as Parameters<CouncilService['addReferral']>[2])).id)),
  );
  app.post(
    '/api/v1/council/sessions/:id/reports',
    { ...staff, schema: { tags, summary: 'Hear a government report: an overdue or answered response item (secretariat or chair)', security, params: Id, body: body({ responseItemId: Type.Integer({ minimum: 1 }) }) } },
    async (req, reply) => reply.status(201).send(await svc.item((await svc.addGovernmentReport(req.user, idOf(req), req.body as { responseItemId: number })).id)),
  );
  app.post(
    '/api/v1/council/sessions/:id/minutes-approval',
    { ...staff, schema: { tags, summary: 'Put the approval of an earlier session’s draft minutes on this agenda (a procedural vote)', security, params: Id, body: body({ minutesOf: Text(64, 'The earlier session’s id') }) } },
    async (req, reply) => reply.status(201).send(await svc.item((await svc.addMinutesApproval(req.user, idOf(req), req.body as { minutesOf: string })).id)),
  );
  app.post(
    '/api/v1/council/items/:id/place',
    { ...staff, schema: { tags, summary: 'Place a queued citizens’ proposal on a session whose agenda takes it', security, params: Id, body: body({ sessionId: Text(64) }) } },
    async (req) => svc.item((await svc.placeItem(idOf(req), (req.body as { sessionId: string }).sessionId, req.user)).id),
  );
  app.post(
    '/api/v1/council/items/:id/amendments',
    { ...member, schema: { tags, summary: 'Move an amendment to a motion’s text (the whole new text), with the charter’s co-sponsors', security, params: Id, body: body({ text: Text(50_000), coSponsorIds: MemberIds('Co-sponsors: the registry’s membership ids') }) } },
    async (req, reply) => {
      const a = await svc.fileAmendment(userOf(req), idOf(req), req.body as { text: string; coSponsorIds: string[] });
      return reply.status(201).send({ amendmentId: a.id, number: Number(a.number), item: await svc.item(idOf(req)) });
    },
  );
  app.post('/api/v1/council/items/:id/heard', { ...staff, schema: { tags, summary: 'Record that a government report was heard', security, params: Id, body: Type.Optional(body({})) } }, async (req) => {
    await svc.markHeard(req.user, idOf(req));
    return svc.item(idOf(req));
  });

  // ---- votes ----
  app.post(
    '/api/v1/council/sessions/:id/votes',
    { ...staff, schema: { tags, summary: 'Open a roll-call vote on an item or an amendment (secretariat or chair); refused without quorum', security, params: Id, body: body({ itemId: Text(64), amendmentId: Type.Optional(Text(64)), question: Type.Optional(Text(500)) }) } },
    async (req, reply) => reply.status(201).send(await svc.openVote(idOf(req), req.body as { itemId: string; amendmentId?: string }, req.user)),
  );
  // A named co-sponsor confirms as themselves; only confirmed co-sponsors count (docs/adr/0905).
  app.post(
    '/api/v1/council/items/:id/co-sponsorship',
    { ...member, schema: { tags, summary: 'Confirm, as yourself, that you co-sponsor this motion (you must be named on it); its vote opens only once the charter’s number have confirmed', security, params: Id, body: Type.Optional(body({})) } },
    async (req, reply) => reply.status(201).send(await svc.confirmCoSponsorship(userOf(req), { itemId: idOf(req) })),
  );
  app.post(
    '/api/v1/council/amendments/:id/co-sponsorship',
    { ...member, schema: { tags, summary: 'Confirm, as yourself, that you co-sponsor this amendment (you must be named on it)', security, params: Id, body: Type.Optional(body({})) } },
    async (req, reply) => reply.status(201).send(await svc.confirmCoSponsorship(userOf(req), { amendmentId: idOf(req) })),
  );
  const Choice = body({ choice: enumOf(CHOICES) });
  app.post('/api/v1/council/votes/:id/ballot', { ...member, schema: { tags, summary: 'Cast your ballot (a sitting member, present): once per question', security, params: Id, body: Choice } }, async (req, reply) =>
    reply.status(201).send(await svc.castBallot(idOf(req), userOf(req), (req.body as { choice: string }).choice)),
  );
  app.put('/api/v1/council/votes/:id/ballot', { ...member, schema: { tags, summary: 'Change your ballot while the vote is open', security, params: Id, body: Choice } }, async (req) => svc.changeBallot(idOf(req), userOf(req), (req.body as { choice: string }).choice));
  app.post(
    '/api/v1/council/votes/:id/recusal',
    { ...member, schema: { tags, summary: 'Declare a conflict of interest: you take no part in this question, for the reason stated', security, params: Id, body: body({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }) } },
    async (req, reply) => reply.status(201).send(await svc.declareRecusal(idOf(req), userOf(req), (req.body as { reason: string }).reason)),
  );
  app.post('/api/v1/council/votes/:id/close', { ...staff, schema: { tags, summary: 'Close the vote: the result by the charter’s majority, the roll call, and the decision’s track', security, params: Id, body: Type.Optional(body({})) } }, async (req) =>
    svc.closeVote(idOf(req), req.user),
  );

  // ---- tracks ----
  app.post(
    '/api/v1/initiatives',
    { ...secretariat, schema: { tags, summary: 'Record an initiative of the Kurultai itself (secretariat): a bill registered there, or its referendum proposal', security, body: body({ kind: enumOf(INITIATIVE_KINDS), title: Text(300), on: Day('Registered on'), reference: Type.Optional(Text(100)), documentUrl: Type.Optional(Text(1000)) }) } },
    async (req, reply) => reply.status(201).send(await svc.recordKurultaiInitiative(req.user, req.body as Parameters<CouncilService['recordKurultaiInitiative']>[1])),
  );
  app.post(
    '/api/v1/initiatives/:id/steps',
    {
      ...secretariat,
      schema: {
        tags,
        summary: 'Record the next dated step of a track (secretariat), in its order: initiative.registered, initiative.in-committee, initiative.reading, initiative.adopted, initiative.rejected, initiative.returned; referendum-proposal.called, referendum-proposal.declined, referendum-proposal.held',
        security,
        params: Id,
        body: body({ event: Text(60), on: Day('The step’s date'), documentUrl: Type.Optional(Text(1000)), note: Type.Optional(Text(2000)), referendumDate: Type.Optional(Day('The referendum day, when called')) }),
      },
    },
    async (req) => svc.trackStep(idOf(req), req.body as Parameters<CouncilService['trackStep']>[1], req.user),
  );

  // ---- minutes ----
  app.post('/api/v1/council/sessions/:id/minutes', { ...secretariat, schema: { tags, summary: 'Generate the draft minutes from the record of a closed session (secretariat)', security, params: Id, body: Type.Optional(body({})) } }, async (req, reply) =>
    reply.status(201).send(await svc.draftMinutes(idOf(req), req.user)),
  );
  app.put('/api/v1/council/sessions/:id/minutes', { ...secretariat, schema: { tags, summary: 'Edit the text of draft minutes (secretariat); approved minutes are frozen', security, params: Id, body: body({ text: Text(200_000) }) } }, async (req) =>
    svc.editMinutes(idOf(req), req.body as { text: string }, req.user),
  );
}

/**
 * The live vote board: the counts on connect and after every change. Changes of this process arrive
 * by the in-process emitter and are coalesced (one read per burst, sent to every viewer); a slow poll
 * catches changes made by another process. A send to a thousand viewers is a thousand socket writes
 * (about 70 µs each on loopback): they go out in slices, yielding between them, so ballots arriving
 * meanwhile are answered between slices instead of after the whole fan-out; one fan-out per board at
 * a time, so a viewer never gets an older count after a newer one.
 */
function registerBoard(app: FastifyInstance, svc: CouncilService, pollMs: number) {
  interface Board {
    clients: Set<(frame: Buffer) => void>;
    timer: NodeJS.Timeout | null;
    last: string;
    sending: boolean;
    again: boolean;
  }
  const boards = new Map<string, Board>();
  const frameOf = (data: string) => Buffer.from(`event: counts\ndata: ${data}\n\n`);
  const COALESCE_MS = 200;
  const SLICE = 100;

  async function publish(voteId: string) {
    const b = boards.get(voteId);
    if (!b) return;
    b.timer = null;
    if (b.sending) {
      b.again = true;
      return;
    }
    b.sending = true;
    try {
      const v = await svc.vote(voteId).catch(() => null);
      if (!v) return;
      const data = JSON.stringify(boardOf(v));
      if (data === b.last) return;
      b.last = data;
      // One frame, encoded once, written to every viewer.
      const frame = frameOf(data);
      const viewers = [...b.clients];
      for (let i = 0; i < viewers.length; i += SLICE) {
        if (i > 0) await new Promise<void>((r) => setImmediate(r));
        for (const send of viewers.slice(i, i + SLICE)) if (b.clients.has(send)) send(frame);
      }
    } finally {
      b.sending = false;
      if (b.again) {
        b.again = false;
        onChange(voteId);
      }
    }
  }
  const onChange = (voteId: string) => {
    const b = boards.get(voteId);
    if (b && !b.timer) b.timer = setTimeout(() => void publish(voteId), COALESCE_MS);
  };
  voteBoard.on('change', onChange);
  const poll = setInterval(() => {
    for (const id of boards.keys()) onChange(id);
  }, pollMs);
  poll.unref();
  app.addHook('onClose', async () => {
    voteBoard.off('change', onChange);
    clearInterval(poll);
  });

  app.get('/api/v1/council/votes/:id/events', { config: { access: 'public' }, schema: { tags, summary: 'The live vote board as server-sent events (`counts`): the counts on connect and after every change', params: Id } }, async (req, reply) => {
    const id = idOf(req);
    // A board already followed has its latest counts at hand: a crowd arriving when a vote opens
    // costs one read, not one per viewer (a change since is on its way to every viewer anyway).
    let b = boards.get(id);
    let first = b?.last;
    if (first === undefined) {
      const v = await svc.vote(id);
      if (!v) throw new HttpProblem(404, 'no such vote');
      first = JSON.stringify(boardOf(v));
      b = boards.get(id);
    }
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-request-id': req.id });
    const send = (frame: Buffer) => res.write(frame);
    send(frameOf(first));
    if (!b) {
      b = { clients: new Set(), timer: null, last: first, sending: false, again: false };
      boards.set(id, b);
    }
    b.clients.add(send);
    req.raw.on('close', () => {
      const cur = boards.get(id);
      if (!cur) return;
      cur.clients.delete(send);
      if (cur.clients.size === 0) {
        if (cur.timer) clearTimeout(cur.timer);
        boards.delete(id);
      }
    });
  });
}
