// JSON API of the listening state under /api/v1/responses, and open data under /open-data/responses.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LANGS, perLang } from '../../core/lang.ts';
import { ITEM_STATUSES, MEASURE_STATUSES, OUTCOMES } from '../../core/responses/types.ts';
import { DomainError } from '../../core/errors.ts';
import { agencyScoped } from '../../core/access.ts';
import { hasRole, requireRole } from '../identity/api.ts';
import { AGENCY_COLUMNS, agencyRecords, ITEM_COLUMNS, itemRecord, toCsv } from './opendata.ts';
import type { Actor, ResponsesService } from './service.ts';
import { csvHeaderLabels, LabelsParam } from '../../web/csvHeader.ts';

const CsvQuery = Type.Object({ labels: LabelsParam, lang: Type.Optional(Type.String({ maxLength: 2 })) });

const tags = ['responses'];
const secured = [{ session: [] }];
const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const ItemMeasure = Type.Object({ id: Type.Integer({ minimum: 1 }), measureId: Type.Integer({ minimum: 1 }) });
const Text = (max: number, description?: string) => Type.String({ maxLength: max, description });
const Date_ = (description: string) => Type.String({ maxLength: 10, description: `${description} (YYYY-MM-DD, Asia/Almaty)` });
const enumOf = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const AgencyBody = Type.Object(
  {
    id: Text(64, 'Stable slug, e.g. min-health'),
    name: Type.Object(perLang(() => Text(300)), { additionalProperties: false }),
    parentId: Type.Optional(Type.Union([Text(64), Type.Null()])),
    region: Type.Optional(Type.Union([Text(16, 'ISO 3166-2 code of a charter region'), Type.Null()])),
    level: enumOf(['central', 'local']),
  },
  { additionalProperties: false },
);
export const ItemBody = Type.Object(
  { title: Text(500), lang: enumOf(LANGS), sourceRef: Text(80, 'proposal/…, decision/… or kurultai/…'), receivedOn: Date_('Date the platform received it') },
  { additionalProperties: false },
);
export const AssignBody = Type.Object(
  {
    leadAgencyId: Text(64),
    coExecutorIds: Type.Optional(Type.Array(Text(64), { maxItems: 20 })),
    receivedOn: Type.Optional(Date_('Date the agency received it; default today')),
  },
  { additionalProperties: false },
);
export const ForwardBody = Type.Object({ toAgencyId: Text(64), reason: Text(4000, 'Why the item is misrouted; published') }, { additionalProperties: false });
export const ExtendBody = Type.Object({ newDueDate: Date_('The new deadline'), reason: Text(4000, 'Published reason; required by the charter') }, { additionalProperties: false });
export const AnswerBody = Type.Object(
  {
    outcome: enumOf(OUTCOMES),
    reasons: Text(4000),
    measures: Type.Array(Type.Object({ description: Text(4000), responsibleAgencyId: Text(64), dueDate: Date_('Due date of the measure') }, { additionalProperties: false }), {
      maxItems: 20,
    }),
  },
  { additionalProperties: false },
);
export const MeasureBody = Type.Object(
  {
    status: enumOf(MEASURE_STATUSES),
    progress: Type.Integer({ minimum: 0, maximum: 100 }),
    note: Type.Optional(Text(4000)),
    dropReason: Type.Optional(Text(4000, 'Required when status is dropped')),
  },
  { additionalProperties: false },
);
const ListQuery = Type.Object({
  agency: Type.Optional(Text(64)),
  status: Type.Optional(enumOf(ITEM_STATUSES)),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
});

/** Who the signed-in user acts as. */
export function actorOf(req: FastifyRequest): Actor {
  const u = req.user;
  return { secretariat: hasRole(u, 'secretariat'), agencyId: u?.roles.includes('agency_officer') ? u.agencyId : null };
}

async function found<T>(p: Promise<T | null>, what: string): Promise<T> {
  const v = await p;
  if (!v) throw new DomainError('not-found', undefined, { what });
  return v;
}

export function registerResponsesApi(app: FastifyInstance, svc: ResponsesService): void {
  const officer = requireRole('agency_officer');
  const secretariat = requireRole('secretariat');

  app.get('/api/v1/responses/agencies', { config: { access: 'public' }, schema: { tags, summary: 'Agencies that answer the Council' } }, async () => svc.listAgencies());

  app.post(
    '/api/v1/responses/agencies',
    { preHandler: requireRole('secretariat', 'admin'), schema: { tags, security: secured, summary: 'Add an agency to the registry', body: AgencyBody } },
    async (req, reply) => reply.status(201).send(await svc.createAgency(req.body as never)),
  );

  app.get('/api/v1/responses/agencies/:agencyId', { config: { access: 'public' }, schema: { tags, summary: 'One agency with its public figures', params: Type.Object({ agencyId: Text(64) }) } }, async (req) => {
    const { agencyId } = req.params as { agencyId: string };
    const agency = await found(svc.getAgency(agencyId), `agency ${agencyId}`);
    const stats = await svc.agencyStats(agencyId);
    return { ...agency, stats };
  });

  app.get('/api/v1/responses/items', { config: { access: 'public' }, schema: { tags, summary: 'Items sent to the government, soonest deadline first', querystring: ListQuery } }, async (req) => {
    const q = req.query as { agency?: string; status?: (typeof ITEM_STATUSES)[number]; limit?: number; offset?: number };
    return svc.listItems({ agencyId: q.agency, status: q.status ? [q.status] : undefined, limit: q.limit, offset: q.offset });
  });

  app.post(
    '/api/v1/responses/items',
    { preHandler: secretariat, schema: { tags, security: secured, summary: 'Register an item sent to the government', body: ItemBody } },
    async (req, reply) => reply.status(201).send(await svc.createItem(req.body as never)),
  );

  app.get('/api/v1/responses/items/:id', { config: { access: 'public' }, schema: { tags, summary: 'An item with its clock, answer, measures and timeline', params: Id } }, async (req) => {
    const { id } = req.params as { id: number };
    return found(svc.getItem(id), `item ${id}`);
  });

  const act = (path: string, summary: string, body: unknown, guard: ReturnType<typeof requireRole>, run: (req: FastifyRequest) => Promise<unknown>) =>
    app.post(path, { preHandler: guard, config: { access: agencyScoped(guard) }, schema: { tags, security: secured, summary, params: path.includes(':measureId') ? ItemMeasure : Id, body: body as never } }, run);

  act('/api/v1/responses/items/:id/assign', 'Assign to a lead agency and co-executors (secretariat)', AssignBody, secretariat, (req) =>
    svc.assign((req.params as { id: number }).id, req.body as never, actorOf(req)),
  );
  act('/api/v1/responses/items/:id/forward', 'Forward a misrouted item (lead agency, within the charter limit)', ForwardBody, officer, (req) =>
    svc.forward((req.params as { id: number }).id, req.body as never, actorOf(req)),
  );
  act('/api/v1/responses/items/:id/extend', 'Extend the deadline once, with a public reason (lead agency)', ExtendBody, officer, (req) =>
    svc.extend((req.params as { id: number }).id, req.body as never, actorOf(req)),
  );
  act('/api/v1/responses/items/:id/answer', 'Publish the answer with planned measures (lead agency)', AnswerBody, officer, (req) =>
    svc.answer((req.params as { id: number }).id, req.body as never, actorOf(req)),
  );
  act('/api/v1/responses/items/:id/measures/:measureId', 'Report progress on a measure (responsible or lead agency)', MeasureBody, officer, (req) => {
    const p = req.params as { id: number; measureId: number };
    return svc.updateMeasure(p.id, p.measureId, req.body as never, actorOf(req));
  });
  act('/api/v1/responses/items/:id/close', 'Close an item whose measures are all finished', Type.Optional(Type.Object({}, { additionalProperties: false })), requireRole('agency_officer', 'secretariat'), (req) =>
    svc.close((req.params as { id: number }).id, actorOf(req)),
  );

  app.get(
    '/api/v1/responses/notifications',
    { preHandler: secretariat, schema: { tags, security: secured, summary: 'Authors still to be told of an extension, soonest first (secretariat)' } },
    async () => svc.pendingNotifications(),
  );

  app.get('/api/v1/responses/dashboard', { config: { access: 'public' }, schema: { tags, summary: 'National and per-agency figures' } }, async () => svc.dashboard());

  // Open data: the same records as CSV (for spreadsheets) and JSON.
  app.get('/open-data/responses/items.json', { config: { access: 'public' }, schema: { tags, summary: 'Every item (open data, JSON)' } }, async (_req, reply) =>
    reply.header('cache-control', 'public, max-age=60').send((await svc.allItems()).map(itemRecord)),
  );
  app.get('/open-data/responses/items.csv', { config: { access: 'public' }, schema: { tags, summary: 'Every item (open data, CSV)', querystring: CsvQuery } }, async (req, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="kenes-responses-items.csv"')
      .header('cache-control', 'public, max-age=60')
      .send(toCsv(ITEM_COLUMNS, (await svc.allItems()).map(itemRecord), csvHeaderLabels(req, ITEM_COLUMNS))),
  );
  app.get('/open-data/responses/agencies.json', { config: { access: 'public' }, schema: { tags, summary: 'Every agency with its figures (open data, JSON)' } }, async (_req, reply) =>
    reply.header('cache-control', 'public, max-age=60').send(agencyRecords(await svc.listAgencies(), await svc.dashboard())),
  );
  app.get('/open-data/responses/agencies.csv', { config: { access: 'public' }, schema: { tags, summary: 'Every agency with its figures (open data, CSV)', querystring: CsvQuery } }, async (req, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="kenes-responses-agencies.csv"')
      .header('cache-control', 'public, max-age=60')
      .send(toCsv(AGENCY_COLUMNS, agencyRecords(await svc.listAgencies(), await svc.dashboard()), csvHeaderLabels(req, AGENCY_COLUMNS))),
  );
}

