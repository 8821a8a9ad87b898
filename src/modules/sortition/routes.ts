// The sortition API: secretariat starts a draw, which runs in a worker thread; progress streams as
// server-sent events; anyone may read the finished report (the inputs stay with staff).
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { renderHtmlReport } from '../../core/sortition/index.ts';
import type { AppContext } from '../../web/context.ts';
import { HttpProblem } from '../../web/problem.ts';
import { requireRole } from '../identity/api.ts';
import type { WorkerMessage } from './protocol.ts';
import { SortitionRunner } from './runner.ts';
import { sortitionPages } from './pages.tsx';
import { type RunRequest, sortitionService } from './service.ts';

const CSV = Type.String({ maxLength: 64 * 1024 * 1024, description: 'CSV text' });
const RunBody = Type.Object(
  {
    format: Type.Union([Type.Literal('panelot'), Type.Literal('sortition-foundation')]),
    categoriesCsv: Type.Optional(CSV),
    respondentsCsv: Type.Optional(CSV),
    featuresCsv: Type.Optional(CSV),
    peopleCsv: Type.Optional(CSV),
    k: Type.Integer({ minimum: 1 }),
    idColumn: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    households: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 10 })),
    algorithm: Type.Optional(Type.Union([Type.Literal('leximin'), Type.Literal('maximin'), Type.Literal('nash')])),
    seed: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })),
    entropy: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })),
    lotterySize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    timeLimitSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 3600 })),
    legacyComparisonRuns: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** Pools of tens of thousands of people arrive as CSV text in the body. */
const RUN_BODY_LIMIT = 64 * 1024 * 1024;

export async function sortitionRoutes(app: FastifyInstance, ctx: AppContext) {
  const runner = new SortitionRunner();
  const svc = sortitionService(ctx, runner);
  app.addHook('onClose', async () => runner.stop());
  sortitionPages(app, svc);

  app.post(
    '/api/v1/sortition/runs',
    {
      bodyLimit: RUN_BODY_LIMIT,
      preHandler: requireRole('secretariat'),
      schema: {
        tags: ['sortition'],
        summary: 'Start a stratified lottery (secretariat). Runs in a worker; follow /events for progress.',
        body: RunBody,
      },
    },
    async (req, reply) => {
      const { id, inputHash } = await svc.create(req.user!.id, req.body as RunRequest);
      return reply.status(202).send({ id, status: 'running', inputHash, links: { self: `/api/v1/sortition/runs/${id}`, events: `/api/v1/sortition/runs/${id}/events`, html: `/sortition/runs/${id}/report.html` } });
    },
  );

  app.get('/api/v1/sortition/runs', { schema: { tags: ['sortition'], summary: 'Recent runs' } }, async () => ({ runs: await svc.list() }));

  app.get('/api/v1/sortition/runs/:id', { schema: { tags: ['sortition'], summary: 'A run: status, progress, and the report when done', params: IdParams } }, async (req) => {
    const run = await svc.get((req.params as { id: string }).id);
    if (!run) throw new HttpProblem(404, 'no such sortition run');
    return run;
  });

  app.get(
    '/api/v1/sortition/runs/:id/inputs',
    { preHandler: requireRole('secretariat', 'auditor'), schema: { tags: ['sortition'], summary: 'The inputs of a run (staff and auditors only: the pool is personal data)', params: IdParams } },
    async (req) => {
      const inputs = await svc.inputs((req.params as { id: string }).id);
      if (!inputs) throw new HttpProblem(404, 'no such sortition run');
      return inputs;
    },
  );

  app.get('/api/v1/sortition/runs/:id/events', { schema: { tags: ['sortition'], summary: 'Progress as server-sent events: progress, then done or failed', params: IdParams } }, async (req, reply) => {
    const id = (req.params as { id: string }).id;
    const run = await svc.get(id);
    if (!run) throw new HttpProblem(404, 'no such sortition run');
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-request-id': req.id });
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    if (run.status !== 'running') {
      send(run.status, { id, status: run.status, error: run.error });
      res.end();
      return;
    }
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
      if (now && now.status !== 'running') onMessage(now.status === 'done' ? ({ type: 'done' } as WorkerMessage) : { type: 'failed', message: String((now.error as { message?: string })?.message ?? 'failed') });
    }, 2000);
    const cleanup = () => {
      clearInterval(poll);
      runner.events.off(id, onMessage);
    };
    runner.events.on(id, onMessage);
    req.raw.on('close', cleanup);
  });

  app.get('/sortition/runs/:id/report.html', { schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const run = await svc.get((req.params as { id: string }).id);
    if (!run?.report) throw new HttpProblem(404, 'no finished report for this run');
    // The report is self-contained (one <style> element, no script), so that it can be saved and
    // published as a single file; allow that style and nothing else.
    reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    return reply.type('text/html; charset=utf-8').send(renderHtmlReport(run.report));
  });
}
