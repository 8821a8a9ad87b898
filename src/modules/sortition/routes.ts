// The sortition API: a public draw is committed (anonymised pool, quotas, named entropy sources and
// their date; signed ledger head at once), then revealed after that date and drawn in a worker thread;
// progress streams as server-sent events; the public files of every draw are downloadable.
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../web/context.ts';
import { HttpProblem } from '../../web/problem.ts';
import { requireRole } from '../identity/api.ts';
import { sortitionDraws, sortitionRunnerOf, stopSortitionDraws } from './draws.ts';
import { sortitionPages } from './pages.tsx';
import { sendReportPage } from './reportPage.tsx';
import { publicFileRoutes, runLinks } from './publicFiles.ts';
import type { WorkerMessage } from './protocol.ts';
import type { CommitCsvRequest } from './service.ts';

const CSV = Type.String({ maxLength: 64 * 1024 * 1024, description: 'CSV text' });
export const CommitBody = Type.Object(
  {
    format: Type.Union([Type.Literal('panelot'), Type.Literal('sortition-foundation')]),
    categoriesCsv: Type.Optional(CSV),
    respondentsCsv: Type.Optional(CSV),
    featuresCsv: Type.Optional(CSV),
    peopleCsv: Type.Optional(CSV),
    k: Type.Integer({ minimum: 1 }),
    idColumn: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Source id column. Its values are never published: each person gets a random public candidate number (ADR 0112). Values that pass the IIN/BIN check are refused.' })),
    households: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 10 })),
    algorithm: Type.Optional(Type.Union([Type.Literal('leximin'), Type.Literal('maximin'), Type.Literal('nash')])),
    lotterySize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    entropySources: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { minItems: 1, maxItems: 10, description: 'Named public sources whose values do not exist yet' }),
    entropyAfter: Type.String({ minLength: 1, maxLength: 40, description: 'ISO-8601 time after which every source has its value; must be in the future' }),
    seed: Type.Optional(Type.String({ description: 'Refused: an operator-chosen seed is not accepted for a public draw' })),
    entropy: Type.Optional(Type.String({ description: 'Refused at commit: the entropy is revealed after the date' })),
  },
  { additionalProperties: false },
);
/** The check before a commit reads the pool fields of a commit only. */
const PreviewBody = Type.Pick(CommitBody, ['format', 'categoriesCsv', 'respondentsCsv', 'featuresCsv', 'peopleCsv', 'k', 'idColumn', 'households'], { additionalProperties: false });
const RevealBody = Type.Object(
  {
    entropy: Type.String({ minLength: 1, maxLength: 4000, description: 'The values of the named sources; seed = SHA-256 of its canonical form' }),
    seed: Type.Optional(Type.String({ description: 'Refused: the seed comes from the entropy' })),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** Pools of tens of thousands of people arrive as CSV text in the body (after the role check). */
const RUN_BODY_LIMIT = 64 * 1024 * 1024;

const FILE_PARTS = new Set(['categoriesCsv', 'respondentsCsv', 'featuresCsv', 'peopleCsv']);
const LIST_FIELDS = new Set(['entropySources', 'households']);
const NUMBER_FIELDS = new Set(['k', 'lotterySize']);

/**
 * A multipart commit: the CSV files as file parts, streamed from the socket part by part (each at
 * most RUN_BODY_LIMIT), the other fields as form fields (`entropySources` and `households` repeated).
 * Refused input names the field, as the JSON route does.
 */
async function readMultipartCommit(req: FastifyRequest): Promise<CommitCsvRequest> {
  const out: Record<string, unknown> = {};
  const bad = (field: string, message: string) => new HttpProblem(400, `${field}: ${message}`, { errors: [{ field, message }] });
  for await (const part of req.parts({ limits: { fileSize: RUN_BODY_LIMIT, files: 4, fields: 40, fieldSize: 4000, parts: 44 } })) {
    const name = part.fieldname;
    if (part.type === 'file') {
      if (!FILE_PARTS.has(name)) throw bad(`body.${name}`, 'not a file part of a commit (categoriesCsv, respondentsCsv, featuresCsv, peopleCsv)');
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      if (part.file.truncated) throw bad(`body.${name}`, `larger than ${RUN_BODY_LIMIT} bytes`);
      out[name] = Buffer.concat(chunks).toString('utf8');
    } else {
      const value = String(part.value);
      if (LIST_FIELDS.has(name)) out[name] = [...((out[name] as string[] | undefined) ?? []), value];
      else if (NUMBER_FIELDS.has(name)) out[name] = /^\d{1,9}$/.test(value) ? Number(value) : value;
      else out[name] = value;
    }
  }
  const errors = [...Value.Errors(CommitBody, out)].map((e) => ({ field: `body${e.path.replace(/\//g, '.')}`, message: e.message }));
  if (errors.length) throw new HttpProblem(400, errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
  return out as unknown as CommitCsvRequest;
}

export async function sortitionRoutes(app: FastifyInstance, ctx: AppContext) {
  const svc = sortitionDraws(ctx);
  const runner = sortitionRunnerOf(ctx);
  app.addHook('onClose', async () => stopSortitionDraws(ctx));
  sortitionPages(app, svc);
  publicFileRoutes(app, svc);

  app.post(
    '/api/v1/sortition/draws',
    {
      bodyLimit: RUN_BODY_LIMIT,
      // The role is checked before the (large) body is read.
      onRequest: requireRole('secretariat'),
      schema: {
        tags: ['sortition'],
        summary: 'Commit a public draw (secretariat): anonymised pool, quotas and named future entropy sources go on the ledger under a signed head at once',
        description: 'Public afterwards: the pool with random candidate numbers and only the category values, the quotas, k, algorithm, lottery size, the entropy sources and their date, the commitment. Staff-only: the source files and the map from candidate numbers to source ids.',
        security: [{ session: [] }],
        body: CommitBody,
      },
    },
    async (req, reply) => {
      const c = await svc.commitCsv(req.user!.id, req.body as CommitCsvRequest);
      return reply.status(201).send({ id: c.id, stage: 'committed', commitment: c.commitment, ledger: { index: c.ledgerIndex, entryHash: c.entryHash }, head: c.head, links: runLinks(c.id) });
    },
  );

  app.post(
    '/api/v1/sortition/draws/preview',
    {
      bodyLimit: RUN_BODY_LIMIT,
      onRequest: requireRole('secretariat'),
      schema: {
        tags: ['sortition'],
        summary: 'Check a pool against its quotas before committing (secretariat): counts per quota value, feasibility, and when no panel exists the conflicting bounds and the smallest relaxation; nothing is stored',
        security: [{ session: [] }],
        body: PreviewBody,
      },
    },
    async (req) => (await svc.previewCsv(req.body as CommitCsvRequest)).preview,
  );

  // Large pools as a streamed multipart upload; the parser exists only in this module's scope.
  await app.register(multipart, { limits: { fileSize: RUN_BODY_LIMIT } });
  app.post(
    '/api/v1/sortition/draws/upload',
    {
      // The role is checked before any part is read.
      onRequest: requireRole('secretariat'),
      schema: {
        tags: ['sortition'],
        summary: 'Commit a public draw from uploaded CSV files (secretariat): multipart/form-data, the same fields as the JSON commit',
        description:
          'File parts: categoriesCsv and respondentsCsv (panelot) or featuresCsv and peopleCsv (sortition-foundation), each up to 64 MiB, read as a stream. Form fields: format, k, idColumn, algorithm, lotterySize, entropyAfter, and entropySources and households repeated. What becomes public is as for the JSON commit.',
        consumes: ['multipart/form-data'],
        security: [{ session: [] }],
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new HttpProblem(415, 'send multipart/form-data', { errors: [{ field: 'headers.content-type', message: 'must be multipart/form-data' }] });
      const c = await svc.commitCsv(req.user!.id, await readMultipartCommit(req));
      return reply.status(201).send({ id: c.id, stage: 'committed', commitment: c.commitment, ledger: { index: c.ledgerIndex, entryHash: c.entryHash }, head: c.head, links: runLinks(c.id) });
    },
  );

  app.post(
    '/api/v1/sortition/draws/:id/reveal',
    {
      onRequest: requireRole('secretariat'),
      schema: {
        tags: ['sortition'],
        summary: "Reveal the entropy of a committed draw (secretariat), after its sources' date, once; the draw then runs in a worker",
        security: [{ session: [] }],
        params: IdParams,
        body: RevealBody,
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const r = await svc.reveal(id, req.body as { entropy: string; seed?: string });
      return reply.status(202).send({ id, stage: 'revealed', status: 'running', seed: r.seed, links: runLinks(id) });
    },
  );

  app.get('/api/v1/sortition/runs', { config: { access: 'public' }, schema: { tags: ['sortition'], summary: 'Recent draws' } }, async () => ({ runs: await svc.list() }));

  for (const path of ['/api/v1/sortition/runs/:id', '/api/v1/sortition/draws/:id']) {
    app.get(path, { config: { access: 'public' }, schema: { tags: ['sortition'], summary: 'A draw: stage, commitment, entropy plan, progress, the report when drawn, and its public files', params: IdParams } }, async (req) => {
      const run = await svc.get((req.params as { id: string }).id);
      if (!run) throw new HttpProblem(404, 'no such sortition run');
      return { ...run, links: runLinks(run.id) };
    });
  }

  app.get(
    '/api/v1/sortition/runs/:id/inputs',
    { preHandler: requireRole('secretariat', 'auditor'), schema: { tags: ['sortition'], summary: 'The source inputs of a draw and the map from public candidate numbers to source ids (staff and auditors only: personal data)', security: [{ session: [] }], params: IdParams } },
    async (req) => {
      const inputs = await svc.inputs((req.params as { id: string }).id);
      if (!inputs) throw new HttpProblem(404, 'no such sortition run');
      return inputs;
    },
  );

  app.get('/api/v1/sortition/runs/:id/events', { config: { access: 'public' }, schema: { tags: ['sortition'], summary: 'Progress as server-sent events: progress, then done or failed', params: IdParams } }, async (req, reply) => {
    const id = (req.params as { id: string }).id;
    const run = await svc.get(id);
    if (!run) throw new HttpProblem(404, 'no such sortition run');
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-request-id': req.id });
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    if (run.status === 'done' || run.status === 'failed') {
      send(run.status, { id, status: run.status, error: run.error });
      res.end();
      return;
    }
    if (run.status === 'committed') send('committed', { id, status: run.status, entropyAfter: run.entropyPlan?.after ?? null });
    if (run.progress) send('progress', run.progress);
    const onMessage = (m: WorkerMessage) => {
      if (m.type === 'progress') send('progress', m.event);
      else {
        send(m.type, { id, status: m.type, error: m.type === 'failed' ? { message: m.message, diagnosis: m.diagnosis } : null });
        cleanup();
        res.end();
      }
    };
    // A run started by another process has no local emitter: poll its row instead.
    const poll = setInterval(async () => {
      const now = await svc.get(id).catch(() => null);
      if (now && (now.status === 'done' || now.status === 'failed')) onMessage(now.status === 'done' ? ({ type: 'done' } as WorkerMessage) : { type: 'failed', message: String((now.error as { message?: string })?.message ?? 'failed') });
    }, 2000);
    const cleanup = () => {
      clearInterval(poll);
      runner.events.off(id, onMessage);
    };
    runner.events.on(id, onMessage);
    req.raw.on('close', cleanup);
  });

  app.get('/sortition/runs/:id/report.html', { config: { access: 'public' }, schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const run = await svc.get((req.params as { id: string }).id);
    if (!run?.report) throw new HttpProblem(404, 'no finished report for this run');
    // A page of the site in the reader's language; `kenes select --html` writes the standalone file.
    return sendReportPage(req, reply, run.id, run.report);
  });
}
