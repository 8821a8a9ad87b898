// JSON API of proposals and signatures under /api/v1 (documented in OpenAPI by the schemas).
import { csvHeaderLabels, LabelsParam } from '../../web/csvHeader.ts';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { PROPOSAL_STATUSES } from '../../core/proposals/rules.ts';
import type { AppContext, SessionUser } from '../../web/context.ts';
import type { Lang } from '../../core/lang.ts';
import { HttpProblem } from '../../web/problem.ts';
import { requireRole, requireUser } from '../identity/api.ts';
import { proposalJson, ProposalJson, proposalsCsv } from './json.ts';
import type { ProposalLimits } from './rateLimit.ts';
import type { ProposalsService } from './service.ts';
import { removeTranslation, setTranslation, translationsOf } from './translations.ts';

const Problem = Type.Object({ type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.Optional(Type.String()) }, { additionalProperties: true });
const Ref = Type.Object({ ref: Type.String({ minLength: 1, maxLength: 64 }) });
const Texts = {
  title: Type.String({ maxLength: 100_000 }),
  summary: Type.String({ maxLength: 100_000 }),
  body: Type.String({ maxLength: 500_000 }),
  topic: Type.String({ maxLength: 64 }),
  scope: Type.String({ maxLength: 64, description: '`national` or a region code such as KZ-75' }),
  language: Type.String({ maxLength: 8, description: 'kk, ru or en' }),
};
export const DraftBody = Type.Object({ kind: Type.String({ maxLength: 64, description: 'A proposal kind of the charter' }), ...Texts }, { additionalProperties: false });
export const EditBody = Type.Object(Texts, { additionalProperties: false });
export const SignBody = Type.Object(
  {
    region: Type.Optional(Type.String({ maxLength: 16, description: 'Only when the sign-in did not give a region; declared once' })),
    showName: Type.Optional(Type.Boolean({ description: 'Show my first name and surname initial publicly' })),
  },
  { additionalProperties: false },
);
export const ModerationBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('publish'), Type.Literal('reject'), Type.Literal('return')]),
    reasonCode: Type.Optional(Type.String({ maxLength: 64, description: 'A charter rejection reason code (for reject)' })),
    explanation: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);
export const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  kind: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(Type.Union(PROPOSAL_STATUSES.map((s) => Type.Literal(s)))),
  region: Type.Optional(Type.String({ maxLength: 16 })),
  topic: Type.Optional(Type.String({ maxLength: 64 })),
  sort: Type.Optional(Type.Union([Type.Literal('newest'), Type.Literal('mostSigned'), Type.Literal('closingSoon')])),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
  labels: LabelsParam,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
});

const tags = ['proposals'];
const secured = [{ session: [] }];

/** Region code → name in `lang`, for the labels row of the proposals CSV (one column per region). */
function regionNames(charter: AppContext['charter'], lang: Lang): Record<string, string> {
  return Object.fromEntries(charter.regions.map((r) => [r.code, r.name[lang]]));
}

export function user(req: FastifyRequest): SessionUser {
  if (!req.user) throw new HttpProblem(401, 'sign in first', { code: 'unauthenticated' });
  return req.user;
}

/** Rate limits on writes: per citizen and per address; 429 with Retry-After. */
export async function limit(reply: FastifyReply, fn: () => void | Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof HttpProblem && err.status === 429) reply.header('retry-after', String(err.extra.retryAfter ?? 60));
    throw err;
  }
}

export function signOutcomeProblem(outcome: string): HttpProblem | null {
  switch (outcome) {
    case 'duplicate':
      return new HttpProblem(409, 'you have already signed this proposal', { code: 'already-signed' });
    case 'closed':
      return new HttpProblem(409, 'this proposal is not open for signatures', { code: 'not-open' });
    case 'notSigned':
      return new HttpProblem(409, 'you have not signed this proposal', { code: 'not-signed' });
    default:
      return null;
  }
}

export function registerProposalApi(appIn: FastifyInstance, _ctx: AppContext, svc: ProposalsService, limits: ProposalLimits): void {
  const app = appIn.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/proposals',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Public proposals with per-region signature counts (JSON, or CSV with format=csv or Accept: text/csv)',
        querystring: ListQuery,
        response: { 200: Type.Object({ items: Type.Array(ProposalJson) }), 400: Problem },
      },
    },
    async (req, reply) => {
      const { format, labels: _labels, ...f } = req.query;
      const { rows, totals } = await svc.list(f);
      const items = rows.map((r) => proposalJson(svc, r, totals.get(r.id)!));
      const csv = format === 'csv' || (!format && String(req.headers.accept ?? '').startsWith('text/csv'));
      if (csv) return reply.type('text/csv; charset=utf-8').header('content-disposition', 'inline; filename="proposals.csv"').serializer((x: unknown) => x as string).send(proposalsCsv(svc.charter, items, (codes) => csvHeaderLabels(req, codes, regionNames(svc.charter, req.lang))) as never);
      return { items };
    },
  );

  app.get(
    '/api/v1/proposals/similar',
    { config: { access: 'public' }, schema: { tags, summary: 'Public proposals similar to a text (the hint shown before creating one)', querystring: Type.Object({ q: Type.String({ maxLength: 1000 }) }) } },
    async (req) => ({ items: await svc.similar(req.query.q) }),
  );

  app.post(
    '/api/v1/proposals',
    { preHandler: requireUser, schema: { tags, security: secured, summary: 'Create a draft', body: DraftBody, response: { 201: ProposalJson, 400: Problem, 401: Problem, 429: Problem } } },
    async (req, reply) => {
      const u = user(req);
      await limit(reply, async () => {
        await limits.perAddress.hit(req.ip, 'requests from your address');
        await limits.createPerCitizen.hit(u.pseudonym, 'new proposals');
      });
      const row = await svc.createDraft(u, req.body);
      return reply.status(201).header('location', `/api/v1/proposals/${row.ref}`).send(proposalJson(svc, row, { total: 0, byRegion: {} }, { body: true }));
    },
  );

  app.get(
    '/api/v1/proposals/:ref',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'One proposal: texts, counts, timeline, action group, public signers and your own signature',
        params: Ref,
        response: { 200: Type.Any({ description: 'The proposal with signaturesOverTime, timeline, actionGroup, publicSigners and mySignature' }), 404: Problem },
      },
    },
    async (req) => {
      const row = await svc.visible(req.params.ref, req.user);
      const stats = await svc.stats(row.id);
      const isAuthor = req.user?.pseudonym === row.author_pseudonym;
      const mine = req.user ? await svc.mySignature(row.id, req.user.pseudonym) : undefined;
      const group = row.invite_token ? await svc.groupStatus(row) : null;
      return {
        ...proposalJson(svc, row, stats, { body: true, decisionVisible: isAuthor || !!req.user?.roles.includes('moderator') }),
        signaturesOverTime: stats.hours,
        timeline: (await svc.timeline(row.id)).map((e) => ({ kind: e.kind, at: e.at, code: e.code, ...(isAuthor || e.kind === 'rejected' ? { note: e.note } : {}) })),
        actionGroup: group && {
          members: group.members.map((m) => ({ name: m.public_name, region: m.region })),
          missingRegions: group.missing,
          ...(isAuthor && row.invite_token ? { inviteUrl: `/proposals/${row.ref}/join/${row.invite_token}` } : {}),
        },
        publicSigners: (await svc.publicSigners(row.id)).map((s) => ({ name: s.public_name, region: s.region, signedAt: s.signed_at })),
        mySignature: mine ? { signedAt: mine.signed_at, region: mine.region, showName: mine.public_name !== null } : null,
        translations: svc.textsWithheld(row) ? {} : Object.fromEntries((await translationsOf(svc, row.id)).map(({ lang, ...tr }) => [lang, tr])),
      };
    },
  );

  // Translations of the title and summary (ADR 0511): the author, or the secretariat once the proposal is public.
  const TranslationParams = Type.Object({ ref: Ref.properties.ref, lang: Type.String({ maxLength: 8, description: 'kk, ru or en, not the proposal’s own language' }) });
  const TranslationJson = Type.Object({ lang: Type.String(), title: Type.String(), summary: Type.String(), translator: Type.String({ description: 'author or secretariat' }), updatedAt: Type.String() });
  app.put(
    '/api/v1/proposals/:ref/translations/:lang',
    {
      preHandler: requireUser,
      config: { access: { user: true, scope: 'owner' } },
      schema: {
        tags,
        security: secured,
        summary: 'Add or replace the translation of the title and summary into another language (the author; the secretariat once public); search covers it, pages show it to readers of that language',
        params: TranslationParams,
        body: Type.Object({ title: Texts.title, summary: Texts.summary }, { additionalProperties: false }),
        response: { 200: TranslationJson, 400: Problem, 403: Problem, 404: Problem, 409: Problem },
      },
    },
    async (req) => setTranslation(svc, user(req), req.params.ref, req.params.lang, req.body),
  );
  app.delete(
    '/api/v1/proposals/:ref/translations/:lang',
    {
      preHandler: requireUser,
      config: { access: { user: true, scope: 'owner' } },
      schema: { tags, security: secured, summary: 'Remove a translation (its author, the secretariat, or a moderator)', params: TranslationParams, response: { 204: Type.Null(), 403: Problem, 404: Problem } },
    },
    async (req, reply) => {
      await removeTranslation(svc, user(req), req.params.ref, req.params.lang);
      return reply.status(204).send(null);
    },
  );

  app.patch(
    '/api/v1/proposals/:ref',
    { preHandler: requireUser, config: { access: { user: true, scope: 'owner' } }, schema: { tags, security: secured, summary: 'Edit a draft or a returned proposal (author only)', params: Ref, body: EditBody, response: { 200: ProposalJson, 400: Problem, 403: Problem, 404: Problem, 409: Problem } } },
    async (req) => proposalJson(svc, await svc.updateDraft(user(req), req.params.ref, req.body), { total: 0, byRegion: {} }, { body: true, decisionVisible: true }),
  );

  app.post(
    '/api/v1/proposals/:ref/submit',
    { preHandler: requireUser, config: { access: { user: true, scope: 'owner' } }, schema: { tags, security: secured, summary: 'Submit for moderation; refused while the action group misses regions', params: Ref, response: { 200: ProposalJson, 400: Problem, 403: Problem, 404: Problem, 409: Problem } } },
    async (req) => proposalJson(svc, await svc.submit(user(req), req.params.ref), { total: 0, byRegion: {} }, { body: true, decisionVisible: true }),
  );

  app.post(
    '/api/v1/proposals/:ref/action-group',
    {
      preHandler: requireUser,
      schema: {
        tags,
        security: secured,
        summary: 'Join the action group with the invitation token',
        params: Ref,
        body: Type.Object({ token: Type.String({ maxLength: 64 }), region: Type.Optional(Type.String({ maxLength: 16 })) }, { additionalProperties: false }),
        response: { 201: Type.Object({ members: Type.Integer(), missingRegions: Type.Array(Type.Object({ region: Type.String(), have: Type.Integer(), need: Type.Integer() })) }), 400: Problem, 404: Problem, 409: Problem },
      },
    },
    async (req, reply) => {
      await svc.joinGroup(user(req), req.params.ref, req.body.token, req.body.region);
      const row = (await svc.byRef(req.params.ref))!;
      const g = await svc.groupStatus(row);
      return reply.status(201).send({ members: g.members.length, missingRegions: g.missing });
    },
  );

  app.get(
    '/api/v1/moderation/proposals',
    { preHandler: requireRole('moderator'), schema: { tags, security: secured, summary: 'Moderation queue, oldest first, with the charter deadline in working days', response: { 200: Type.Any(), 401: Problem, 403: Problem } } },
    async () => ({
      items: (await svc.queue()).map((q) => ({ ...proposalJson(svc, q.row, { total: 0, byRegion: {} }), due: q.due, workingDaysLeft: q.workingDaysLeft, overdue: q.overdue })),
    }),
  );

  app.post(
    '/api/v1/proposals/:ref/moderation',
    { preHandler: requireRole('moderator'), schema: { tags, security: secured, summary: 'Publish, reject with a charter reason code, or send back for changes', params: Ref, body: ModerationBody, response: { 200: ProposalJson, 400: Problem, 403: Problem, 404: Problem, 409: Problem } } },
    async (req) => {
      const row = await svc.moderate(user(req), req.params.ref, req.body.decision, req.body.reasonCode, req.body.explanation);
      return proposalJson(svc, row, { total: 0, byRegion: {} }, { body: true, decisionVisible: true });
    },
  );

  app.post(
    '/api/v1/proposals/:ref/signatures',
    {
      preHandler: requireUser,
      schema: {
        tags,
        security: secured,
        summary: 'Sign once (201); 409 when already signed or not open',
        params: Ref,
        body: Type.Optional(SignBody),
        response: { 201: Type.Object({ ref: Type.String(), signed: Type.Boolean() }), 400: Problem, 401: Problem, 404: Problem, 409: Problem, 429: Problem },
      },
    },
    async (req, reply) => {
      const u = user(req);
      await limit(reply, async () => {
        // req.ip walks X-Forwarded-For (trustProxy): only when the per-address limit is on.
        if (limits.perAddress.enabled) await limits.perAddress.hit(req.ip, 'requests from your address');
        await limits.signPerCitizen.hit(u.pseudonym, 'signatures');
      });
      const outcome = await svc.sign(u, req.params.ref, req.body ?? {});
      const problem = signOutcomeProblem(outcome);
      if (problem) throw problem;
      return reply.status(201).send({ ref: req.params.ref, signed: true });
    },
  );

  app.delete(
    '/api/v1/proposals/:ref/signatures/mine',
    { preHandler: requireUser, schema: { tags, security: secured, summary: 'Withdraw my signature while the window is open', params: Ref, response: { 200: Type.Object({ ref: Type.String(), signed: Type.Boolean() }), 401: Problem, 404: Problem, 409: Problem } } },
    async (req) => {
      const outcome = await svc.withdraw(user(req), req.params.ref);
      const problem = signOutcomeProblem(outcome);
      if (problem) throw problem;
      return { ref: req.params.ref, signed: false };
    },
  );

  app.get('/api/v1/me/proposals', { preHandler: requireUser, schema: { tags, security: secured, summary: 'My proposals, action groups and signatures', response: { 200: Type.Any(), 401: Problem } } }, async (req) => {
    const m = await svc.mine(user(req));
    const zero = { total: 0, byRegion: {} };
    const totals = await svc.totals([...m.authored, ...m.groups].map((r) => r.id));
    return {
      authored: m.authored.map((r) => proposalJson(svc, r, totals.get(r.id) ?? zero, { decisionVisible: true })),
      actionGroups: m.groups.map((r) => proposalJson(svc, r, totals.get(r.id) ?? zero)),
      signatures: m.signed.map((s) => ({ ref: s.ref, title: s.title, status: s.status, closesAt: s.closes_at, signedAt: s.signed_at, showName: s.public_name !== null })),
    };
  });
}
