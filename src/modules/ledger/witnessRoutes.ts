// Routes for outsiders beyond the tree itself: witnesses post cosignatures, anyone reads the feed of
// signed heads, and the stand-alone verifier is served at a stable path.
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../web/context.ts';
import { HttpProblem } from '../../web/problem.ts';
import { publicBase } from './publicBase.ts';
import { CosignatureSchema, Head } from './apiSchemas.ts';
import { keyFingerprint } from '../../core/ledger/signing.ts';
import { VERIFIER_PATH, verifierFile } from './verifierFile.ts';
import { acceptCosignature, cosignaturesOf } from './witnesses.ts';

const Problem = Type.Object({ type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.Optional(Type.String()) }, { additionalProperties: true });
const HexHash = Type.String({ pattern: '^[0-9a-f]{64}$' });
const tags = ['ledger'];
const FEED_PAGE = 100;

const FeedItem = Type.Object({
  id: Type.String(),
  url: Type.String(),
  title: Type.String(),
  content_text: Type.String(),
  date_published: Type.String(),
  _kenes_head: Head,
});
const Feed = Type.Object({
  version: Type.String(),
  title: Type.String(),
  home_page_url: Type.String(),
  feed_url: Type.String(),
  next_url: Type.Optional(Type.String()),
  items: Type.Array(FeedItem),
});

export function witnessRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = ctx.db.db;

  r.post(
    '/api/v1/ledger/cosignatures',
    {
      config: { access: 'public', csrf: false },
      schema: {
        tags,
        summary: 'A witness submits its cosignature of a signed head',
        description: 'Accepted only from witnesses named in the charter (ledger.witnesses), for a head this instance signed, with a signature that verifies.',
        body: Type.Object(
          {
            size: Type.Integer({ minimum: 1 }),
            root_hash: HexHash,
            witness_key: Type.String({ minLength: 1, maxLength: 200 }),
            cosigned_at: Type.String({ format: 'date-time' }),
            signature: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: CosignatureSchema, 400: Problem, 403: Problem, 404: Problem, 409: Problem },
      },
    },
    async (req, reply) => reply.code(201).send(await acceptCosignature(ctx, req.body)),
  );

  r.get(
    '/api/v1/ledger/heads',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Every signed tree head, newest first, as a JSON Feed 1.1 (with cosignatures)',
        querystring: Type.Object({ before: Type.Optional(Type.Integer({ minimum: 1, description: 'Only heads of a smaller size (pagination)' })) }),
        response: { 200: Feed },
      },
    },
    async (req, reply) => {
      const base = publicBase(req, ctx.config);
      let q = db.selectFrom('ledger_head').selectAll();
      if (req.query.before !== undefined) q = q.where('size', '<', req.query.before);
      const rows = await q.orderBy('size', 'desc').limit(FEED_PAGE).execute();
      const cosigs = await cosignaturesOf(db, rows.map((h) => Number(h.size)));
      const items = rows.map((row) => {
        const h = { size: Number(row.size), root_hash: row.root_hash, timestamp: row.timestamp, signature: row.signature, public_key: row.public_key };
        const c = cosigs.get(h.size) ?? [];
        return {
          id: `${base}/api/v1/ledger/heads/${h.size}`,
          url: `${base}/api/v1/ledger/heads/${h.size}/cosigned`,
          title: `Tree head: ${h.size} entries`,
          content_text: `Root ${h.root_hash}, signed ${h.timestamp} by key ${keyFingerprint(h.public_key)}; ${c.length} witness cosignature(s).`,
          date_published: h.timestamp,
          _kenes_head: { ...h, cosignatures: c },
        };
      });
      const last = rows.at(-1);
      reply.type('application/feed+json; charset=utf-8');
      return {
        version: 'https://jsonfeed.org/version/1.1',
        title: 'Kenes public ledger: signed tree heads',
        home_page_url: `${base}/ledger`,
        feed_url: `${base}/api/v1/ledger/heads`,
        ...(rows.length === FEED_PAGE && last ? { next_url: `${base}/api/v1/ledger/heads?before=${Number(last.size)}` } : {}),
        items,
      };
    },
  );

  app.get(VERIFIER_PATH, { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    const file = verifierFile();
    if (!file) throw new HttpProblem(404, 'this instance was deployed without dist/kenes-verify.mjs: run `npm run build:verifier`', { code: 'no-verifier' });
    return reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('x-content-sha256', file.sha256)
      .send(file.bytes);
  });
}
