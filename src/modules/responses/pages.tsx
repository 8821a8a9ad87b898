// Routes of the listening state's pages, server-rendered and working without JavaScript: the public
// dashboard, an agency's page, an item's page (with, for officers, the forms that act on it), and the
// console. Each route reads its parameters, asks the service, and renders a view from ./views.
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type FormBody, formList, formText as str, formValues } from '../../web/form.ts';
import { sendPage } from '../../web/layout.tsx';
import { HttpProblem } from '../../web/problem.ts';
import { problemOf } from '../../web/domainProblems.ts';
import { responsesCatalog } from './problems.ts';
import { hasRole, requireRole } from '../identity/api.ts';
import { FeedLinks, feedLink, followButton } from '../notifications/api.ts';
import { cachedBody } from './bodyCache.tsx';
import { actorOf } from './routes.ts';
import type { MeasureInput, ResponsesService } from './service.ts';
import { AgencyPage } from './views/AgencyPage.tsx';
import type { FormError } from './views/common.tsx';
import { ConsolePage } from './views/ConsolePage.tsx';
import { DashboardPage } from './views/DashboardPage.tsx';
import { ItemPage } from './views/ItemPage.tsx';

const CSS = readFileSync(new URL('./responses.css', import.meta.url), 'utf8');

/** Measures from the answer form's fixed rows; a row with no description is an empty row. */
export function measuresFromForm(body: FormBody): MeasureInput[] {
  const out: MeasureInput[] = [];
  for (let n = 1; n <= 20; n++) {
    const description = str(body, `m${n}_description`).trim();
    if (!description) continue;
    out.push({ description, responsibleAgencyId: str(body, `m${n}_agency`), dueDate: str(body, `m${n}_due`) });
  }
  return out;
}

function itemId(req: FastifyRequest): number {
  const raw = (req.params as { id: string }).id;
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) throw new HttpProblem(404, `item ${raw} not found`);
  return id;
}

const regionsOf = (req: FastifyRequest) => req.server.ctx.charter.regions;

export function registerResponsesPages(app: FastifyInstance, svc: ResponsesService): void {
  app.get('/responses/static/responses.css', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS),
  );

  app.get('/responses', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const body = await cachedBody(svc, `dashboard:${req.lang}`, async () => {
      const [dash, agencies] = await Promise.all([svc.dashboard(), svc.listAgencies()]);
      return <DashboardPage req={req} dash={dash} agencies={agencies} />;
    });
    return sendPage(reply, req.t('responses.nav'), body, 200, { feeds: [feedLink(req, 'overdue')] });
  });

  app.get('/responses/agencies/:agencyId', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const { agencyId } = req.params as { agencyId: string };
    const agency = await svc.getAgency(agencyId);
    if (!agency) throw new HttpProblem(404, `agency ${agencyId} not found`);
    const body = await cachedBody(svc, `agency:${agencyId}:${req.lang}`, async () => {
      const [stats, dash, agencies, items] = await Promise.all([svc.agencyStats(agencyId), svc.dashboard(), svc.listAgencies(), svc.listItems({ agencyId })]);
      const overdueMeasures = dash.overdueMeasures.byAgency[agencyId] ?? 0;
      const region = agency.region ? regionsOf(req).find((r) => r.code === agency.region) : undefined;
      return <AgencyPage req={req} agency={agency} region={region} stats={stats} overdueMeasures={overdueMeasures} items={items} agencies={new Map(agencies.map((a) => [a.id, a]))} />;
    });
    return sendPage(reply, agency.name[req.lang], <>{await followButton(req, 'agency', agencyId)}<FeedLinks req={req} which="agency" id={agencyId} />{body}</>, 200, { feeds: [feedLink(req, 'agency', agencyId)] });
  });

  const showItem = async (req: FastifyRequest, reply: FastifyReply, id: number, error: FormError | null, status = 200) => {
    const item = await svc.getItem(id);
    if (!item) throw new HttpProblem(404, `item ${id} not found`);
    const agencies = await svc.listAgencies();
    return sendPage(reply, item.title, <ItemPage req={req} item={item} agencies={agencies} error={error} actor={actorOf(req)} rules={svc.rules} today={svc.today()} />, status);
  };

  app.get('/responses/items/:id', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => showItem(req, reply, itemId(req), null));

  // The item of a source (a succeeded proposal, a Council decision): other pages link here without
  // knowing the item's number. 404 while the source has no item yet.
  app.get('/responses/sources/:kind/:ref', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const { kind, ref } = req.params as { kind: string; ref: string };
    const id = /^(proposal|decision|kurultai)$/.test(kind) && /^[A-Za-z0-9._-]{1,64}$/.test(ref) ? await svc.itemIdForSource(`${kind}/${ref}`) : null;
    if (id === null) throw new HttpProblem(404, `no response item for ${kind}/${ref}`);
    return reply.redirect(`/responses/items/${id}`, 303);
  });

  const showConsole = async (req: FastifyRequest, reply: FastifyReply, error: FormError | null, status = 200) => {
    const actor = actorOf(req);
    const agency = actor.agencyId ? await svc.getAgency(actor.agencyId) : null;
    const [inbox, implementing, unassigned, notifications, agencies] = await Promise.all([
      agency ? svc.listItems({ agencyId: agency.id, status: ['assigned'] }) : Promise.resolve([]),
      agency ? svc.listItems({ agencyId: agency.id, status: ['answered'] }) : Promise.resolve([]),
      actor.secretariat ? svc.listItems({ status: ['received'] }) : Promise.resolve(null),
      actor.secretariat ? svc.pendingNotifications() : Promise.resolve([]),
      svc.listAgencies(),
    ]);
    const view = { agency, inbox, implementing, unassigned, notifications, agencies, regions: regionsOf(req), error, today: svc.today(), addsAgencies: hasRole(req.user, 'admin') };
    return sendPage(reply, req.t('responses.console.title'), <ConsolePage req={req} {...view} />, status);
  };

  app.get('/responses/console', { schema: { hide: true }, preHandler: requireRole('agency_officer', 'secretariat', 'admin') }, async (req, reply) => showConsole(req, reply, null));

  /**
   * Runs a form's action; on a refused request shows the page again with the problem and the typed
   * values. `run` returns the item id to show next, or the path to go to.
   */
  const formAction = (path: string, form: (req: FastifyRequest) => string, roles: Parameters<typeof requireRole>, run: (req: FastifyRequest, body: FormBody) => Promise<number | string>, onError: 'item' | 'console') =>
    app.post(path, { schema: { hide: true }, preHandler: requireRole(...roles), config: { access: { roles, scope: roles.includes('agency_officer') ? 'agency' : undefined } } }, async (req, reply) => {
      const body = (req.body ?? {}) as FormBody;
      try {
        const next = await run(req, body);
        return reply.redirect(typeof next === 'number' ? `/responses/items/${next}` : next, 303);
      } catch (err) {
        const problem = problemOf(err, responsesCatalog);
        if (!problem || problem.status >= 500 || problem.status === 404) throw err;
        const error: FormError = { form: form(req), detail: problem.message, errors: problem.extra.errors ?? [], values: formValues(body) };
        return onError === 'item' ? showItem(req, reply, itemId(req), error, problem.status) : showConsole(req, reply, error, problem.status);
      }
    });

  formAction(
    '/responses/agencies',
    () => 'agency',
    ['secretariat', 'admin'],
    async (_req, b) => {
      const level = str(b, 'level') as 'central' | 'local';
      const agency = await svc.createAgency({
        id: str(b, 'id').trim(),
        name: { kk: str(b, 'name_kk'), ru: str(b, 'name_ru'), en: str(b, 'name_en') },
        level,
        region: str(b, 'region') || null,
        parentId: str(b, 'parentId') || null,
      });
      return `/responses/agencies/${agency.id}`;
    },
    'console',
  );
  formAction('/responses/items', () => 'create', ['secretariat'], async (_req, b) => (await svc.createItem({ title: str(b, 'title'), lang: str(b, 'lang'), sourceRef: str(b, 'sourceRef'), receivedOn: str(b, 'receivedOn') })).id, 'console');
  formAction(
    '/responses/items/:id/assign',
    () => 'assign',
    ['secretariat'],
    async (req, b) => (await svc.assign(itemId(req), { leadAgencyId: str(b, 'leadAgencyId'), coExecutorIds: formList(b, 'coExecutorIds'), receivedOn: str(b, 'receivedOn') || undefined }, actorOf(req))).id,
    'item',
  );
  formAction('/responses/items/:id/forward', () => 'forward', ['agency_officer'], async (req, b) => (await svc.forward(itemId(req), { toAgencyId: str(b, 'toAgencyId'), reason: str(b, 'reason') }, actorOf(req))).id, 'item');
  formAction('/responses/items/:id/extend', () => 'extend', ['agency_officer'], async (req, b) => (await svc.extend(itemId(req), { newDueDate: str(b, 'newDueDate'), reason: str(b, 'reason') }, actorOf(req))).id, 'item');
  formAction(
    '/responses/items/:id/answer',
    () => 'answer',
    ['agency_officer'],
    async (req, b) => (await svc.answer(itemId(req), { outcome: str(b, 'outcome'), reasons: str(b, 'reasons'), measures: measuresFromForm(b) }, actorOf(req))).id,
    'item',
  );
  formAction(
    '/responses/items/:id/measures/:measureId',
    (req) => `measure-${Number((req.params as { measureId: string }).measureId)}`,
    ['agency_officer'],
    async (req, b) => {
      const measureId = Number((req.params as { measureId: string }).measureId);
      const progress = str(b, 'progress').trim();
      const update = { status: str(b, 'status'), progress: progress === '' ? Number.NaN : Number(progress), note: str(b, 'note'), dropReason: str(b, 'dropReason') };
      return (await svc.updateMeasure(itemId(req), measureId, update, actorOf(req))).id;
    },
    'item',
  );
  formAction('/responses/items/:id/close', () => 'close', ['agency_officer', 'secretariat'], async (req) => (await svc.close(itemId(req), actorOf(req))).id, 'item');
}
