// The Council's membership API: the secretariat's steps of a selection cycle, and the public registry.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { NominationInput } from '../../core/membership/index.ts';
import { HttpProblem } from '../../web/problem.ts';
import { requireRole, requireUser } from '../identity/api.ts';
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
const signedIn = { onRequest: requireUser };
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

  app.post(
    '/api/v1/council/cycles/:n/relaxation/accept',
    {
      ...secretariat,
      schema: {
        tags,
        summary: "Accept the quota relaxation the cycle's draws were committed under (the pool could not meet the quotas); then the drawn members are recorded and called (secretariat)",
        security: [{ session: [] }],
        params: CycleParams,
        body: Type.Optional(Type.Object({}, { additionalProperties: false })),
      },
    },
    async (req) => {
      const n = (req.params as { n: number }).n;
      return { cycle: n, ...(await svc.acceptRelaxation(n, req.user!.id)) };
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
        summary: 'Record that a member leaves during the term (secretariat): resigned, died or ineligible; the highest-ranked alternate who keeps the quotas is called for the rest of the term, or a vacancy opens for a replacement draw',
        security: [{ session: [] }],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: Type.Object({ on: Type.String({ maxLength: 10, description: 'Last day as a member' }), reason: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      },
    },
    async (req) => svc.leave((req.params as { id: string }).id, req.body as { on: string; reason: string }),
  );

  const Str = (max: number) => Type.String({ maxLength: max });
  const Id = Type.Object({ id: Type.String({ maxLength: 100 }) });
  const Declaration = {
    region: Type.String({ maxLength: 20, description: 'ISO 3166-2 code of the region of residence' }),
    declared: Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 100 }), { description: 'The charter dimensions the IIN does not give (e.g. settlement: urban | rural)' }),
    offices: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20, description: "The charter's incompatible offices the candidate holds (empty: none)" }),
    confirm: Type.Boolean({ description: 'The candidate confirms the declaration and consents to be drawn' }),
  };
  const Person = { iin: Type.String({ maxLength: 20, description: 'Read for birth date, sex and pseudonym, then dropped' }), firstName: Str(200), lastName: Str(200) };

  app.get('/api/v1/council/organisations', { config: { access: 'public' }, schema: { tags, summary: 'The nominating organisations registered by the secretariat, by block' } }, async () => ({
    organisations: (await svc.organisations()).map(({ representatives: _r, ...o }) => o),
  }));

  app.post(
    '/api/v1/council/organisations',
    {
      ...secretariat,
      schema: {
        tags,
        summary: "Register a nominating organisation of a block's kind (secretariat): BIN, names in kk/ru/en, region",
        security: [{ session: [] }],
        body: Type.Object({ bin: Str(40), name: Type.Object({ kk: Str(400), ru: Str(400), en: Str(400) }, { additionalProperties: false }), region: Str(20), block: Str(100) }, { additionalProperties: false }),
      },
    },
    async (req, reply) => reply.status(201).send(await svc.registerOrganisation(req.body as never)),
  );

  app.post(
    '/api/v1/council/organisations/:id/representatives',
    { ...secretariat, schema: { tags, summary: 'Link a signed-in user as a representative of the organisation (secretariat)', security: [{ session: [] }], params: Id, body: Type.Object({ userId: Str(100) }, { additionalProperties: false }) } },
    async (req, reply) => reply.status(201).send(await svc.linkRepresentative((req.params as { id: string }).id, (req.body as { userId: string }).userId)),
  );

  app.post(
    '/api/v1/council/cycles/:n/nominations',
    {
      ...signedIn,
      schema: { tags, summary: "Nominate a person for the organisation's block (its representative), up to the charter's limit per organisation; the person consents by signing in", security: [{ session: [] }], params: CycleParams, body: Type.Object({ organisationId: Str(100), ...Person }, { additionalProperties: false }) },
    },
    async (req, reply) => reply.status(201).send({ candidate: await svc.nominate((req.params as { n: number }).n, req.user!, req.body as never) }),
  );

  app.post(
    '/api/v1/council/cycles/:n/self-nominations',
    {
      ...signedIn,
      schema: { tags, summary: 'Nominate yourself in a block that takes self-nominations, declaring and consenting at once', security: [{ session: [] }], params: CycleParams, body: Type.Object({ block: Str(100), ...Person, ...Declaration }, { additionalProperties: false }) },
    },
    async (req, reply) => reply.status(201).send({ candidate: await svc.selfNominate((req.params as { n: number }).n, req.user!, req.body as never) }),
  );

  app.get('/api/v1/council/me', { ...signedIn, schema: { tags, summary: "The signed-in person's nominations and selections", security: [{ session: [] }] } }, async (req) => ({
    nominations: await svc.nominationsOf(req.user!),
    selections: await svc.selectionsOf(req.user!),
  }));

  app.post(
    '/api/v1/council/nominations/:id/consent',
    { ...signedIn, schema: { tags, summary: 'Consent to your nomination, declaring region, the other charter dimensions and any incompatible office', security: [{ session: [] }], params: Id, body: Type.Object(Declaration, { additionalProperties: false }) } },
    async (req) => svc.consent((req.params as { id: string }).id, req.user!, req.body as never),
  );

  app.get('/api/v1/council/cycles/:n/selections', { ...secretariat, schema: { tags, summary: 'The drawn and called members of a cycle with their answers and deadlines (secretariat)', security: [{ session: [] }], params: CycleParams } }, async (req) => ({
    selections: await svc.selections((req.params as { n: number }).n),
  }));

  const Answer = Type.Object({ answer: Type.String({ maxLength: 20, description: 'accepted | declined' }) }, { additionalProperties: false });
  app.post(
    '/api/v1/council/selections/:id/answer',
    { ...signedIn, schema: { tags, summary: 'Accept or decline your selection by the answer date; a decline calls the next alternate', security: [{ session: [] }], params: Id, body: Answer } },
    async (req) => svc.answer((req.params as { id: string }).id, req.user!, (req.body as { answer: 'accepted' }).answer),
  );
  app.post(
    '/api/v1/council/members/:id/confirmation',
    { ...secretariat, schema: { tags, summary: "Record a selected candidate's answer received otherwise (secretariat)", security: [{ session: [] }], params: Id, body: Answer } },
    async (req) => svc.recordAnswer((req.params as { id: string }).id, req.user!.id, (req.body as { answer: 'accepted' }).answer),
  );

  app.get('/api/v1/council/vacancies', { ...secretariat, schema: { tags, summary: 'Seats no ranked alternate could fill, each for a replacement draw (secretariat)', security: [{ session: [] }] } }, async () => ({ vacancies: await svc.vacancies() }));
  app.post(
    '/api/v1/council/vacancies/:id/commit',
    {
      ...secretariat,
      schema: {
        tags,
        summary: "Commit a vacancy's replacement draw through the public draw ceremony (secretariat)",
        security: [{ session: [] }],
        params: Id,
        body: Type.Object({ entropySources: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { minItems: 1, maxItems: 10 }), entropyAfter: Str(40) }, { additionalProperties: false }),
      },
    },
    async (req, reply) => reply.status(201).send(await svc.commitVacancy((req.params as { id: string }).id, req.user!.id, req.body as never)),
  );
  app.post(
    '/api/v1/council/vacancies/:id/reveal',
    { ...secretariat, schema: { tags, summary: "Reveal a vacancy's entropy and draw; the one drawn is called to answer (secretariat)", security: [{ session: [] }], params: Id, body: Type.Object({ entropy: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false }) } },
    async (req) => svc.revealVacancy((req.params as { id: string }).id, req.body as { entropy: string }),
  );
}
