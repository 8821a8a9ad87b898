// The public files of a draw, at stable paths under its page (ADR 0111), so that a verifier given the
// page's URL finds them: pool.csv, quotas.csv, commitment.json, report.json, and ledger.json (the
// indexes of its committed, revealed and drawn entries).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpProblem } from '../../web/problem.ts';
import type { SortitionService } from './service.ts';

export const PUBLIC_FILES = ['pool.csv', 'quotas.csv', 'commitment.json', 'report.json', 'ledger.json'] as const;

export function runLinks(id: string) {
  const page = `/sortition/runs/${id}`;
  return {
    self: `/api/v1/sortition/runs/${id}`,
    page,
    reveal: `/api/v1/sortition/draws/${id}/reveal`,
    events: `/api/v1/sortition/runs/${id}/events`,
    html: `${page}/report.html`,
    ...Object.fromEntries(PUBLIC_FILES.map((f) => [f.replace(/\.(csv|json)$/, ''), `${page}/${f}`])),
  };
}

/** The address the reader used (the request's scheme and host, which honour the configured proxy). */
export function readerBase(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

export function publicFileRoutes(app: FastifyInstance, svc: SortitionService) {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  app.get('/sortition/runs/:id/:file', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const { id, file } = req.params as { id: string; file: string };
    if (!uuid.test(id) || !(PUBLIC_FILES as readonly string[]).includes(file)) throw new HttpProblem(404, 'no such file');
    const disposition = (name: string) => reply.header('content-disposition', `attachment; filename="${name}"`);
    if (file === 'report.json') {
      const run = await svc.get(id);
      if (!run?.report) throw new HttpProblem(404, 'this draw has no report yet');
      disposition(file);
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(run.report));
    }
    if (file === 'ledger.json') {
      const run = await svc.get(id);
      if (!run?.commitment) throw new HttpProblem(404, 'this draw has no commitment');
      const entries = await svc.ledgerEntries(id);
      const commitHead = run.ledger.committed === null ? null : await svc.commitHead(run.ledger.committed);
      return reply.type('application/json; charset=utf-8').send({ run: id, commitment: run.commitment, entries, commitHead });
    }
    const files = await svc.publicFiles(id);
    if (!files) throw new HttpProblem(404, 'this draw has no published inputs');
    disposition(file);
    if (file === 'pool.csv') return reply.type('text/csv; charset=utf-8').send(files.poolCsv);
    if (file === 'quotas.csv') return reply.type('text/csv; charset=utf-8').send(files.quotasCsv);
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(files.commitmentFile, null, 1));
  });
}
