// Routes of the proposals pages, server-rendered and working without JavaScript: the list, the
// proposal page, create/edit forms, the action group, the moderation queue and "my proposals". Each
// route reads its parameters, asks the service, and renders a view from ./views; posts answer with a
// redirect (303) or the page again with the reason.
import { readFileSync } from 'node:fs';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type FieldError, PROPOSAL_STATUSES, PUBLISHED_STATUSES, type ProposalStatus, SIGNABLE_STATUSES } from '../../core/proposals/rules.ts';
import type { AppContext } from '../../web/context.ts';
import { formText as str } from '../../web/form.ts';
import type { Translate } from '../../web/i18n.ts';
import { sendPage } from '../../web/layout.tsx';
import { feedLink, followButton } from '../notifications/api.ts';
import { HttpProblem } from '../../web/problem.ts';
import { problemOf } from '../../web/domainProblems.ts';
import { DomainError, DomainErrors } from '../../core/errors.ts';
import { FIELD_CODES, proposalsCatalog } from './problems.ts';
import { requireRole, requireUser } from '../identity/api.ts';
import type { ProposalLimits } from './rateLimit.ts';
import { signOutcomeProblem, user } from './routes.ts';
import type { DraftInput, ProposalRow, ProposalsService } from './service.ts';
import { removerOf, removeTranslation, setTranslation, translationsFor, translationsOf, translatorOf } from './translations.ts';
import type { TranslationForm } from './views/Translations.tsx';
import { EditPage, NewPage } from './views/DraftPages.tsx';
import { GroupPage, JoinPage } from './views/GroupPages.tsx';
import { ListPage } from './views/ListPage.tsx';
import { MinePage } from './views/MinePage.tsx';
import { canEditDraft } from './views/ProposalActions.tsx';
import { ProposalPage, proposalTitle } from './views/ProposalPage.tsx';
import { QueuePage } from './views/QueuePage.tsx';

const CSS = readFileSync(new URL('./proposals.css', import.meta.url), 'utf8');

const FormBody = Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 500_000 }), Type.Array(Type.String())]));
const RefParams = Type.Object({ ref: Type.String({ maxLength: 64 }) });
const JoinParams = Type.Object({ ref: Type.String({ maxLength: 64 }), token: Type.String({ maxLength: 64 }) });
const ListParams = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  kind: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(Type.String({ maxLength: 32 })),
  region: Type.Optional(Type.String({ maxLength: 16 })),
  topic: Type.Optional(Type.String({ maxLength: 64 })),
  sort: Type.Optional(Type.String({ maxLength: 32 })),
  done: Type.Optional(Type.String({ maxLength: 32 })),
});

/** The `?done=` notices a proposal page shows after a successful post. */
const NOTICES = new Set(['created', 'saved', 'submitted', 'signed', 'withdrawn', 'joined', 'decided', 'translated', 'untranslated']);

const TranslationParams = Type.Object({ ref: Type.String({ minLength: 1, maxLength: 64 }), lang: Type.String({ maxLength: 8 }) });

/** A translation's field problems in the reader's words, by field (lang, title, summary). */
function translationFieldErrors(t: Translate, err: DomainError): FieldErrors {
  const list = err instanceof DomainErrors ? err.list : [err];
  return list.map((e) => {
    const key = (FIELD_CODES as Record<string, string>)[e.code];
    return { field: e.field ?? 'lang', message: key ? t(`proposals.${key}`, e.params as Record<string, string | number>) : problemMessage(t, e) };
  });
}

type FieldErrors = { field: string; message: string }[];

function problemMessage(t: Translate, err: unknown): string {
  const problem = problemOf(err, proposalsCatalog);
  if (problem) {
    const code = typeof problem.extra.code === 'string' ? problem.extra.code : '';
    const key = `proposals.problem.${code}`;
    const text = t(key);
    return text === key ? problem.message : text;
  }
  throw err;
}

/** The HTTP status of a refusal, whichever way it was raised. */
function statusOf(err: unknown): number {
  return problemOf(err, proposalsCatalog)?.status ?? 500;
}

/**
 * Field errors in the reader's words. The service lists the valid choices as codes (for the API);
 * a page names them: topics and kinds by their labels.
 */
const localErrors = (t: Translate, errors: FieldError[], kindName: (id: string) => string = (id) => id): FieldErrors =>
  errors.map((e) => {
    const params = { ...e.params };
    const list = (codes: string, name: (c: string) => string) => codes.split(', ').map(name).join(', ');
    if (e.key === 'err.unknownTopic' && typeof params.known === 'string') params.known = list(params.known, (c) => t(`proposals.topic.${c}`));
    if (e.key === 'err.unknownKind' && typeof params.known === 'string') params.known = list(params.known, kindName);
    return { field: e.field, message: t(`proposals.${e.key}`, params) };
  });
const readDraft = (body: unknown): DraftInput => ({ kind: str(body, 'kind'), title: str(body, 'title'), summary: str(body, 'summary'), body: str(body, 'body'), topic: str(body, 'topic'), scope: str(body, 'scope') || 'national', language: str(body, 'language') });

export function registerProposalPages(appIn: FastifyInstance, ctx: AppContext, svc: ProposalsService, limits: ProposalLimits): void {
  const app = appIn.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/proposals/static/proposals.css', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS));

  // ---- list ----
  app.get('/proposals', { config: { access: 'public' }, schema: { hide: true, querystring: ListParams } }, async (req, reply) => {
    const q = req.query;
    const status = (PROPOSAL_STATUSES as readonly string[]).includes(q.status ?? '') ? q.status : undefined;
    const sort = q.sort === 'mostSigned' || q.sort === 'closingSoon' ? q.sort : 'newest';
    const { rows, totals } = await svc.list({ q: q.q, kind: q.kind || undefined, status, region: q.region || undefined, topic: q.topic || undefined, sort, limit: 100 });
    const csvQuery = new URLSearchParams(Object.entries({ ...q, format: 'csv', labels: '1', lang: req.lang }).filter(([k, v]) => v && k !== 'done') as [string, string][]).toString();
    const shown = await translationsFor(svc, rows.filter((r) => r.language !== req.lang).map((r) => r.id), req.lang);
    const cards = rows.map((row) => ({ row, total: totals.get(row.id)?.total ?? 0, withheld: svc.textsWithheld(row), shown: shown.get(row.id) }));
    return sendPage(reply, req.t('proposals.list.title'), <ListPage req={req} cat={svc} query={{ ...q, status, sort }} cards={cards} csvQuery={csvQuery} />, 200, { feeds: [feedLink(req, 'proposals')] });
  });

  // ---- create / edit forms ----
  const newPage = async (req: FastifyRequest, reply: FastifyReply, values: Partial<DraftInput>, errors: FieldErrors, status = 200) => {
    // The hint against duplicates: public proposals that share words with what was typed so far.
    const typed = `${values.title ?? ''} ${values.summary ?? ''}`.trim();
    const similar = typed ? await svc.similar(typed) : [];
    return sendPage(reply, req.t('proposals.new.title'), <NewPage req={req} cat={svc} values={values} errors={errors} similar={similar} />, status);
  };

  app.get('/proposals/new', { preHandler: requireUser, schema: { hide: true } }, async (req, reply) => newPage(req, reply, { language: req.lang }, []));

  app.post('/proposals', { preHandler: requireUser, schema: { hide: true, body: FormBody } }, async (req, reply) => {
    const input = readDraft(req.body);
    const { errors } = svc.checkDraft(input);
    if (errors.length > 0) return newPage(req, reply, input, localErrors(req.t, errors, (id) => svc.kind(id)?.name[req.lang] ?? id), 400);
    try {
      await limits.perAddress.hit(req.ip, 'requests from your address');
      await limits.createPerCitizen.hit(user(req).pseudonym, 'new proposals');
      const row = await svc.createDraft(user(req), input);
      return reply.redirect(`/proposals/${row.ref}?done=created`, 303);
    } catch (err) {
      return newPage(req, reply, input, [{ field: 'title', message: problemMessage(req.t, err) }], statusOf(err));
    }
  });

  const editPage = (req: FastifyRequest, reply: FastifyReply, row: ProposalRow, values: Partial<DraftInput>, errors: FieldErrors, status = 200) =>
    sendPage(reply, req.t('proposals.edit.title'), <EditPage req={req} cat={svc} row={row} values={values} errors={errors} />, status);

  app.get('/proposals/:ref/edit', { preHandler: requireUser, config: { access: { user: true, scope: 'owner' } }, schema: { hide: true, params: RefParams } }, async (req, reply) => {
    const row = await svc.visible(req.params.ref, req.user);
    if (!canEditDraft(row, row.author_pseudonym === user(req).pseudonym)) throw new HttpProblem(404, 'not editable');
    return editPage(req, reply, row, row, []);
  });

  app.post('/proposals/:ref/edit', { preHandler: requireUser, config: { access: { user: true, scope: 'owner' } }, schema: { hide: true, params: RefParams, body: FormBody } }, async (req, reply) => {
    const row = await svc.visible(req.params.ref, req.user);
    const input = { ...readDraft(req.body), kind: row.kind };
    const { errors } = svc.checkDraft(input);
    if (errors.length > 0) return editPage(req, reply, row, input, localErrors(req.t, errors, (id) => svc.kind(id)?.name[req.lang] ?? id), 400);
    try {
      await svc.updateDraft(user(req), row.ref, input);
    } catch (err) {
      return editPage(req, reply, row, input, [{ field: 'title', message: problemMessage(req.t, err) }], statusOf(err));
    }
    return reply.redirect(`/proposals/${row.ref}?done=saved`, 303);
  });

  // ---- the proposal page ----
  // Anonymous views are the same for everyone: keep the rendered page for a second, so a viral
  // proposal's page costs one render a second however many read it (counts stay within 2 s).
  const pageCache = new Map<string, { at: number; html: string }>();
  const fromCache = new WeakSet<FastifyRequest>();

  async function sendProposal(req: FastifyRequest, reply: FastifyReply, row: ProposalRow, notice: { text: string; error: boolean } | null, status = 200, translationForm: TranslationForm | null = null) {
    const me = req.user;
    const isAuthor = me?.pseudonym === row.author_pseudonym;
    const stats = await svc.stats(row.id);
    const timeline = await svc.timeline(row.id);
    const mine = me ? await svc.mySignature(row.id, me.pseudonym) : undefined;
    const signers = await svc.publicSigners(row.id, 30);
    const group = row.invite_token ? await svc.groupStatus(row) : null;
    const withheld = svc.textsWithheld(row);
    const open = SIGNABLE_STATUSES.includes(row.status as ProposalStatus) && !!row.closes_at && row.closes_at > new Date().toISOString();
    const similar = canEditDraft(row, isAuthor) ? await svc.similar(`${row.title} ${row.summary}`, row.ref) : [];
    const translations = withheld ? [] : await translationsOf(svc, row.id);
    const mayTranslate = translatorOf(svc, row, me) !== null;
    const mayRemoveTranslations = removerOf(svc, row, me) !== null;
    const view = { row, kind: svc.kind(row.kind), stats, timeline, mine, signers, group, withheld, open, needsRegion: !!me && !(await svc.regionOf(me)), similar, notice, translations, mayTranslate, mayRemoveTranslations, translationForm };
    const follow = PUBLISHED_STATUSES.includes(row.status as ProposalStatus) ? await followButton(req, 'proposal', row.ref) : null;
    return sendPage(reply, proposalTitle(req.t, row, withheld), <>{follow}<ProposalPage req={req} cat={svc} {...view} /></>, status, { feeds: PUBLISHED_STATUSES.includes(row.status as ProposalStatus) ? [feedLink(req, 'proposal', row.ref)] : [] });
  }

  app.get('/proposals/:ref', { config: { access: 'public' }, schema: { hide: true, params: RefParams, querystring: ListParams } }, async (req, reply) => {
    const done = req.query.done && NOTICES.has(req.query.done) ? req.query.done : null;
    const cacheable = !req.user && !done;
    const key = `${req.params.ref}\u0000${req.lang}`;
    if (cacheable) {
      const hit = pageCache.get(key);
      if (hit && Date.now() - hit.at < 1000) {
        // Sent as it was rendered: the onSend below must not re-date it, or a page read more than
        // once a second would never be rendered again.
        fromCache.add(req);
        return reply.type('text/html; charset=utf-8').send(hit.html);
      }
    }
    const row = await svc.visible(req.params.ref, req.user);
    await sendProposal(req, reply, row, done ? { text: req.t(`proposals.done.${done}`), error: false } : null);
    return reply;
  });
  // Fill the cache from what was sent (the layout renders inside sendPage).
  // Callback-style: it runs on every response, and a promise per response is not free (docs/adr/0704).
  app.addHook('onSend', (req, reply, payload, done) => {
    if (req.method === 'GET' && !req.user && reply.statusCode === 200 && typeof payload === 'string' && /^\/proposals\/[\w-]+(\?lang=\w+)?$/.test(req.url) && req.routeOptions.url === '/proposals/:ref' && !fromCache.has(req)) {
      const ref = (req.params as { ref: string }).ref;
      pageCache.set(`${ref}\u0000${req.lang}`, { at: Date.now(), html: payload });
      if (pageCache.size > 2000) pageCache.delete(pageCache.keys().next().value!);
    }
    done(null, payload);
  });

  /** Runs a page action; on a refused action shows the proposal page again with the reason. */
  async function act(req: FastifyRequest, reply: FastifyReply, ref: string, fn: () => Promise<string | null>) {
    try {
      const done = await fn();
      return reply.redirect(`/proposals/${ref}${done ? `?done=${done}` : ''}`, 303);
    } catch (err) {
      const text = problemMessage(req.t, err);
      if (statusOf(err) === 429) reply.header('retry-after', String((err as HttpProblem).extra.retryAfter ?? 60));
      const row = await svc.visible(ref, req.user);
      return sendProposal(req, reply, row, { text, error: true }, statusOf(err));
    }
  }

  app.post('/proposals/:ref/submit', { preHandler: requireUser, config: { access: { user: true, scope: 'owner' } }, schema: { hide: true, params: RefParams, body: Type.Optional(FormBody) } }, async (req, reply) =>
    act(req, reply, req.params.ref, async () => {
      await svc.submit(user(req), req.params.ref);
      return 'submitted';
    }),
  );

  app.post('/proposals/:ref/sign', { preHandler: requireUser, schema: { hide: true, params: RefParams, body: Type.Optional(FormBody) } }, async (req, reply) =>
    act(req, reply, req.params.ref, async () => {
      await limits.perAddress.hit(req.ip, 'requests from your address');
      await limits.signPerCitizen.hit(user(req).pseudonym, 'signatures');
      const outcome = await svc.sign(user(req), req.params.ref, { region: str(req.body, 'region') || undefined, showName: str(req.body, 'showName') === 'on' });
      const p = signOutcomeProblem(outcome);
      if (p) throw p;
      return 'signed';
    }),
  );

  app.post('/proposals/:ref/withdraw', { preHandler: requireUser, schema: { hide: true, params: RefParams, body: Type.Optional(FormBody) } }, async (req, reply) =>
    act(req, reply, req.params.ref, async () => {
      const p = signOutcomeProblem(await svc.withdraw(user(req), req.params.ref));
      if (p) throw p;
      return 'withdrawn';
    }),
  );

  // ---- translations of the title and summary (ADR 0511) ----

  app.post('/proposals/:ref/translations', { preHandler: requireUser, config: { access: { user: true, scope: 'owner' } }, schema: { hide: true, params: RefParams, body: FormBody } }, async (req, reply) => {
    const ref = req.params.ref;
    const values = { lang: str(req.body, 'lang'), title: str(req.body, 'title'), summary: str(req.body, 'summary') };
    try {
      await setTranslation(svc, user(req), ref, values.lang, values);
      return reply.redirect(`/proposals/${ref}?done=translated`, 303);
    } catch (err) {
      const fields = err instanceof DomainErrors || (err instanceof DomainError && err.field) ? translationFieldErrors(req.t, err) : null;
      if (!fields) return act(req, reply, ref, () => Promise.reject(err));
      return sendProposal(req, reply, await svc.visible(ref, req.user), null, 400, { values, errors: fields });
    }
  });

  app.post('/proposals/:ref/translations/:lang/delete', { preHandler: requireUser, config: { access: { user: true, scope: 'owner' } }, schema: { hide: true, params: TranslationParams, body: Type.Optional(FormBody) } }, async (req, reply) =>
    act(req, reply, req.params.ref, async () => {
      await removeTranslation(svc, user(req), req.params.ref, req.params.lang);
      return 'untranslated';
    }),
  );

  app.post('/proposals/:ref/moderate', { preHandler: requireRole('moderator'), schema: { hide: true, params: RefParams, body: FormBody } }, async (req, reply) =>
    act(req, reply, req.params.ref, async () => {
      const decision = str(req.body, 'decision');
      if (decision !== 'publish' && decision !== 'reject' && decision !== 'return') throw new HttpProblem(400, req.t('proposals.mod.chooseDecision'), { code: 'decision-required' });
      await svc.moderate(user(req), req.params.ref, decision, str(req.body, 'reasonCode') || undefined, str(req.body, 'explanation') || undefined);
      return 'decided';
    }),
  );

  // ---- action group ----
  app.get('/proposals/:ref/group', { config: { access: 'public' }, schema: { hide: true, params: RefParams } }, async (req, reply) => {
    const row = await svc.visible(req.params.ref, req.user);
    if (!row.invite_token) throw new HttpProblem(404, 'this proposal has no action group');
    const group = await svc.groupStatus(row);
    const invite = `${ctx.config.baseUrl}/proposals/${row.ref}/join/${row.invite_token}`;
    return sendPage(reply, req.t('proposals.group.title'), <GroupPage req={req} cat={svc} row={row} group={group} invite={invite} />);
  });

  const joinPage = async (req: FastifyRequest, reply: FastifyReply, ref: string, token: string, error: string | null, status = 200) => {
    const row = await svc.byRef(ref);
    if (!row || row.invite_token !== token) throw new HttpProblem(404, 'no such invitation');
    const needsRegion = !(await svc.regionOf(user(req)));
    return sendPage(reply, req.t('proposals.group.joinTitle'), <JoinPage req={req} cat={svc} row={row} token={token} needsRegion={needsRegion} error={error} />, status);
  };
  app.get('/proposals/:ref/join/:token', { preHandler: requireUser, schema: { hide: true, params: JoinParams } }, async (req, reply) => joinPage(req, reply, req.params.ref, req.params.token, null));
  app.post('/proposals/:ref/join/:token', { preHandler: requireUser, schema: { hide: true, params: JoinParams, body: Type.Optional(FormBody) } }, async (req, reply) => {
    try {
      await svc.joinGroup(user(req), req.params.ref, req.params.token, str(req.body, 'region') || undefined);
    } catch (err) {
      return joinPage(req, reply, req.params.ref, req.params.token, problemMessage(req.t, err), statusOf(err));
    }
    return reply.redirect(`/proposals/${req.params.ref}/group`, 303);
  });

  // ---- moderation queue, mine ----
  app.get('/moderation/proposals', { preHandler: requireRole('moderator'), schema: { hide: true } }, async (req, reply) => sendPage(reply, req.t('proposals.mod.title'), <QueuePage req={req} cat={svc} items={await svc.queue()} />));

  app.get('/me/proposals', { preHandler: requireUser, schema: { hide: true } }, async (req, reply) => sendPage(reply, req.t('proposals.mine.title'), <MinePage req={req} mine={await svc.mine(user(req))} />));
}
