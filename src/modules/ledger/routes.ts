// JSON API of the public ledger under /api/v1/ledger (documented in OpenAPI by the schemas). Public:
// the ledger holds no personal data, and anyone may check it.
import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { consistencyProof, hashLeaf, inclusionProof, toHex, treeRoot } from '../../core/merkle/index.ts';
import type { AppContext } from '../../web/context.ts';
import { badRequest, HttpProblem } from '../../web/problem.ts';
import { exportLines } from './export.ts';
import { entryAt, headAt, latestHead, type LedgerDb, listEntries, treeSize, withNodes } from './repository.ts';
import type { SignedHead } from '../../core/ledger/signing.ts';
import { cosignaturesOf } from './witnesses.ts';
import { witnessRoutes } from './witnessRoutes.ts';
import { Head } from './apiSchemas.ts';

export { CosignatureSchema, Head } from './apiSchemas.ts';

async function withCosignatures(db: LedgerDb, h: SignedHead) {
  return { ...h, cosignatures: (await cosignaturesOf(db, [h.size])).get(h.size) ?? [] };
}

const Problem = Type.Object({ type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.Optional(Type.String()) }, { additionalProperties: true });
const HexHash = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256, hex' });
const Entry = Type.Object({
  index: Type.Integer({ minimum: 0 }),
  kind: Type.String(),
  subject: Type.String(),
  time: Type.String({ description: 'Log-assigned time: never decreases along the index' }),
  event_time: Type.String({ description: 'The event’s own time' }),
  entry: Type.String({ description: 'The canonical JSON whose leaf hash H(0x00 ‖ entry) is in the tree' }),
  leaf_hash: HexHash,
});
const EntryList = Type.Object({ size: Type.Integer(), entries: Type.Array(Entry), next_before: Type.Union([Type.Integer(), Type.Null()]) });
const EntryWithProof = Type.Object({
  ...Entry.properties,
  tree_size: Type.Integer({ description: 'The tree size the proof is for: the latest signed head when it covers the entry' }),
  root_hash: HexHash,
  inclusion_proof: Type.Array(HexHash, { description: 'RFC 9162 §2.1.3 audit path, leaf to root' }),
  head: Type.Union([Head, Type.Null()], { description: 'The signed head of tree_size, if one exists' }),
});
const Consistency = Type.Object({
  first: Type.Integer(),
  second: Type.Integer(),
  first_root: HexHash,
  second_root: HexHash,
  proof: Type.Array(HexHash, { description: 'RFC 9162 §2.1.4 consistency proof' }),
});
const errors = { 400: Problem, 404: Problem };
const tags = ['ledger'];

export function ledgerRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = ctx.db.db;

  r.get(
    '/api/v1/ledger/entries',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Latest ledger entries, newest first',
        querystring: Type.Object({
          kind: Type.Optional(Type.String({ maxLength: 64 })),
          before: Type.Optional(Type.Integer({ minimum: 0, description: 'Only entries with a smaller index (pagination)' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
        }),
        response: { 200: EntryList, ...errors },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 50;
      const rows = await listEntries(db, { kind: req.query.kind, before: req.query.before, limit });
      return {
        size: await treeSize(db),
        entries: rows.map((e) => ({ ...e, leaf_hash: toHex(hashLeaf(e.entry)) })),
        next_before: rows.length === limit ? rows[rows.length - 1].index : null,
      };
    },
  );

  r.get(
    '/api/v1/ledger/entries/:index',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'One entry with its inclusion proof',
        params: Type.Object({ index: Type.Integer({ minimum: 0 }) }),
        querystring: Type.Object({ size: Type.Optional(Type.Integer({ minimum: 1, description: 'Prove against this tree size instead' })) }),
        response: { 200: EntryWithProof, ...errors },
      },
    },
    async (req) => entryWithProof(ctx, req.params.index, req.query.size),
  );

  r.get(
    '/api/v1/ledger/heads/latest',
    { config: { access: 'public' }, schema: { tags, summary: 'The latest signed tree head', response: { 200: Head, ...errors } } },
    async () => {
      const h = await latestHead(db);
      if (!h) throw new HttpProblem(404, 'no tree head has been signed yet', { code: 'no-head' });
      return h;
    },
  );

  r.get(
    '/api/v1/ledger/heads/:size',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'The signed tree head of a given size', params: Type.Object({ size: Type.Integer({ minimum: 0 }) }), response: { 200: Head, ...errors } },
    },
    async (req) => {
      const h = await headAt(db, req.params.size);
      if (!h) throw new HttpProblem(404, `no head was signed at size ${req.params.size}`, { code: 'no-head' });
      return h;
    },
  );

  r.get(
    '/api/v1/ledger/heads/:size/cosigned',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The signed tree head of a given size with the witnesses’ cosignatures',
        params: Type.Object({ size: Type.Integer({ minimum: 0 }) }),
        response: { 200: Head, ...errors },
      },
    },
    async (req) => {
      const h = await headAt(db, req.params.size);
      if (!h) throw new HttpProblem(404, `no head was signed at size ${req.params.size}`, { code: 'no-head' });
      return withCosignatures(db, h);
    },
  );

  r.get(
    '/api/v1/ledger/consistency',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Consistency proof between two tree sizes',
        querystring: Type.Object({ first: Type.Integer({ minimum: 1 }), second: Type.Integer({ minimum: 1 }) }),
        response: { 200: Consistency, ...errors },
      },
    },
    async (req) => {
      const { first, second } = req.query;
      const size = await treeSize(db);
      if (second > size) throw badRequest('querystring.second', `must be at most the tree size ${size}`);
      if (first > second) throw badRequest('querystring.first', 'must be at most second');
      const [proof, firstRoot, secondRoot] = await withNodes(db, (read) => [consistencyProof(read, first, second), treeRoot(read, first), treeRoot(read, second)] as const);
      return { first, second, first_root: toHex(firstRoot), second_root: toHex(secondRoot), proof: proof.map(toHex) };
    },
  );

  r.get(
    '/api/v1/ledger/export',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The whole ledger as JSON lines, up to the latest signed head',
        description:
          'Line 1 is the signed head with a block skeleton; then one line {"index":i,"entry":…} per entry. Check it with `kenes ledger verify URL --key PUBKEY`.',
        produces: ['application/x-ndjson'],
        response: { 200: { type: 'string', description: 'JSON lines' } },
      },
    },
    async (_req, reply) => {
      reply.type('application/x-ndjson; charset=utf-8').header('content-disposition', 'attachment; filename="kenes-ledger.jsonl"');
      // A stream, not a string: the schema only documents the body for OpenAPI.
      return reply.send(Readable.from(exportLines(db)) as unknown as string);
    },
  );
  witnessRoutes(app, ctx);
}

export interface EntryProof {
  index: number;
  kind: string;
  subject: string;
  time: string;
  event_time: string;
  entry: string;
  leaf_hash: string;
  tree_size: number;
  root_hash: string;
  inclusion_proof: string[];
  head: SignedHead | null;
}

/** An entry and its audit path, against the latest signed head when it covers the entry. */
export async function entryWithProof(ctx: AppContext, index: number, size?: number): Promise<EntryProof> {
  const db = ctx.db.db;
  const current = await treeSize(db);
  if (index >= current) throw new HttpProblem(404, `no entry ${index}: the ledger has ${current} entries`, { code: 'no-entry' });
  if (size !== undefined && (size > current || size <= index)) throw badRequest('querystring.size', `must be between ${index + 1} and ${current}`);
  const e = (await entryAt(db, index))!;
  const latest = await latestHead(db);
  const treeSizeUsed = size ?? (latest && latest.size > index ? latest.size : current);
  const [proof, root] = await withNodes(db, (read) => [inclusionProof(read, index, treeSizeUsed), treeRoot(read, treeSizeUsed)] as const);
  const head = latest?.size === treeSizeUsed ? latest : ((await headAt(db, treeSizeUsed)) ?? null);
  return { ...e, leaf_hash: toHex(hashLeaf(e.entry)), tree_size: treeSizeUsed, root_hash: toHex(root), inclusion_proof: proof.map(toHex), head };
}
