// Open data of the Council's membership: the Popolo document (persons, organizations, areas, posts,
// memberships with role member or alternate) as JSON, and its memberships as CSV.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { POPOLO_CSV_COLUMNS, type PopoloLang, popoloCsv } from '../../core/membership/popolo.ts';
import { csvHeaderLabels, LabelsParam } from '../../web/csvHeader.ts';
import type { MembershipReads } from './readModels.ts';

const tags = ['council'];
const Lang = Type.Optional(Type.Union([Type.Literal('kk'), Type.Literal('ru'), Type.Literal('en')], { description: 'Language of the names (the others are in other_names); default: the request’s language' }));

export function registerOpenData(app: FastifyInstance, reads: MembershipReads) {
  const langOf = (q: { lang?: PopoloLang }, fallback: string): PopoloLang => q.lang ?? (['kk', 'ru', 'en'].includes(fallback) ? (fallback as PopoloLang) : 'en');

  app.get(
    '/api/v1/council/popolo',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The Council’s membership as open data in the Popolo shape: persons (names of members who accepted only), organizations (the Council and its blocks), areas (regions), posts (seats), memberships (member and alternate, dates, replacements)',
        querystring: Type.Object({ lang: Lang }, { additionalProperties: false }),
      },
    },
    async (req, reply) => {
      const doc = await reads.popolo(langOf(req.query as { lang?: PopoloLang }, req.lang));
      return reply.header('cache-control', 'public, max-age=60').send(doc);
    },
  );

  app.get(
    '/api/v1/council/popolo.csv',
    { config: { access: 'public' }, schema: { tags, summary: 'The Popolo memberships as CSV, one row each with the member’s public name', querystring: Type.Object({ lang: Lang, labels: LabelsParam }, { additionalProperties: false }) } },
    async (req, reply) => {
      const doc = await reads.popolo(langOf(req.query as { lang?: PopoloLang }, req.lang));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'inline; filename="council-memberships.csv"')
        .header('cache-control', 'public, max-age=60')
        .serializer((x: unknown) => x as string)
        .send(popoloCsv(doc, csvHeaderLabels(req, POPOLO_CSV_COLUMNS)) as never);
    },
  );
}
