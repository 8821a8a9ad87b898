// The Council's membership API: the secretariat's steps of a selection cycle, and the public registry.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { NominationInput } from '../../core/membership/index.ts';
import { HttpProblem } from '../../web/problem.ts';
import { requireRole } from '../identity/api.ts';
import type { MembershipService } from './service.ts';

const CycleParams = Type.Object({ n: Type.Integer({ minimum: 0 }) });
const Name = Type.String({ maxLength: 200 });
const CandidateBody = Type.Object(
  {
    iin: Type.String({ maxLength: 20, description: 'Used for the birth date, sex and pseudonym, then dropped: the raw IIN is never stored' }),
    firstName: Name,
    lastName: Type.String({ maxLength: 200, description: 'Only its initial is ever shown' }),
    block: Type.String({ maxLength: 100 }),
    region: Type.String({ maxLength: 20, description: 'ISO 3166-2 code of the region of residence' }),
    organisationId: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
    organisation: Type.Optional(Type.Union([Type.String({ maxLength: 400 }), Type.Null()])),
    declared: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 100 }))),
    offices: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20 })),
  },
  { additionalProperties: false },
);
const secretariat = { onRequest: requireRole('secretariat') };
const tags = ['council'];

export function registerMembershipApi(app: FastifyInstance, svc: MembershipService) {
  app.get('/api/v1/council/cycles', { config: { access: 'public' }, schema: { tags, summary: 'Selection cycles with their dated stages' } }, async () => ({ cycles: await svc.cycles() }));

  app.post('/api/v1/council/cycles', { ...secretariat, schema: { tags, summary: 'Open the next selection cycle (secretariat): its stages dated from the charter', security: [{ session: [] }] } }, async (_req, reply) => {
    return reply.status(201).send(await svc.openCycle());
  });

  app.get('/api/v1/council/cycles/:n', { config: { access: 'public' }, schema: { tags, summary: 'One cycle: timeline, blocks, pools, draws, alternates', params: CycleParams } }, async (req) => {
    const c = await svc.cycle((req.params as { n: number }).n);
    if (!c) throw new HttpProblem(404, 'no such cycle');
    return { ...c, blocks: c.blocks.map((b) => ({ ...b, draw: b.draw ? { ...b.draw, links: { page: `/sortition/runs/${b.draw.runId}`, api: `/api/v1/sortition/draws/${b.draw.runId}` } } : null })) };
  });

  app.get('/api/v1/council/cycles/:n/candidates', { ...secretariat, schema: { tags, summary: 'The cycle’s nominations with eligibility and its reasons (secretariat)', security: [{ session: [] }], params: CycleParams } }, async (req) => ({
    candidates: await svc.candidates((req.params as { n: number }).n),
  }));

  app.post(
    '/api/v1/council/cycles/:n/candidates',
    {
      ...secretariat,
      schema: {
        tags,
        summary: 'Add nominations (secretariat): JSON candidates, or a CSV; all or nothing',
        security: [{ session: [] }],
        params: CycleParams,
        body: Type.Union([
          Type.Object({ candidates: Type.Array(CandidateBody, { minItems: 1, maxItems: 5000 }) }, { additionalProperties: false }),
          Type.Object({ csv: Type.String({ minLength: 1, maxLength: 16 * 1024 * 1024 }) }, { additionalProperties: false }),
        ]),
      },
    },
    async (req, reply) => {
      const n = (req.params as { n: number }).n;
      const body = req.body as { candidates?: NominationInput[]; csv?: string };
      const ids = body.csv !== undefined ? await svc.importCandidatesCsv(n, body.csv) : await svc.addCandidates(n, body.candidates!);
      return reply.status(201).send({ added: ids.length, ids, candidates: `/api/v1/council/cycles/${n}/candidates` });
    },
  );

  app.post(
    '/api/v1/council/cycles/:n/transitions',
    { ...secretariat, schema: { tags, summary: 'Move the cycle one step (secretariat): council.nominationsOpened, council.nominationsClosed, council.confirmationsClosed', security: [{ session: [] }], params: CycleParams, body: Type.Object({ event: Type.String({ maxLength: 100 }) }, { additionalProperties: false }) } },
    async (req) => {
      const n = (req.params as { n: number }).n;
      await svc.advance(n, (req.body as { event: string }).event);
      return svc.cycle(n);
    },
  );

  app.post(
    '/api/v1/council/cycles/:n/commit',
    {
      ...secretariat,
      schema: {
        tags,
        summary: "Commit every block's anonymised pool and quotas through the public draw ceremony (secretariat)",
        security: [{ session: [] }],
        params: CycleParams,
        body: Type.Object({ entropySources: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { minItems: 1, maxItems: 10 }) }, { additionalProperties: false }),
      },
    },
    async (req, reply) => {
      const n = (req.params as { n: number }).n;
      const draws = await svc.commit(n, req.user!.id, req.body as { entropySources: string[] });
      return reply.status(201).send({ cycle: n, draws: draws.map((d) => ({ ...d, links: { page: `/sortition/runs/${d.runId}` } })) });
    },
  );

  app.post(
    '/api/v1/council/cycles/:n/reveal',
    { ...secretariat, schema: { tags, summary: "Reveal the entropy after its sources' date, run every block's draw and record the selected members and alternates (secretariat)", security: [{ session: [] }], params: CycleParams, body: Type.Object({ entropy: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false }) } },
    async (req) => {
      const n = (req.params as { n: number }).n;
      return { cycle: n, ...(await svc.reveal(n, req.body as { entropy: string })) };
    },
  );

  app.get(
    '/api/v1/council/members',
    { config: { access: 'public' }, schema: { tags, summary: 'Who sits on the Council on a date (default today): public name, block, region, term and the draw that chose them', querystring: Type.Object({ date: Type.Optional(Type.String({ maxLength: 10 })) }) } },
    async (req) => {
      const date = (req.query as { date?: string }).date;
      const members = await svc.membersOn(date);
      return { date: date ?? svc.today(), count: members.length, members: members.map((m) => ({ ...m, links: { draw: `/sortition/runs/${m.draw}` } })) };
    },
  );

  app.post(
    '/api/v1/council/members/:id/departure',
    {
      ...secretariat,
      schema: {
        tags,
        summary: 'Record that a member leaves (secretariat); the highest-ranked alternate who keeps the quotas takes the seat the next day',
        security: [{ session: [] }],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: Type.Object({ on: Type.String({ maxLength: 10, description: 'Last day as a member' }), reason: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      },
    },
    async (req) => svc.leave((req.params as { id: string }).id, req.body as { on: string; reason: string }),
  );
}
