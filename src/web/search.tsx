// One search over every section (issue 15, ADR 0508): `/search?q=` and `GET /api/v1/search?q=`. Each
// module offers its part through the `search` sources of its manifest (proposals, response items and
// agencies, ledger entries); the shell only asks them in the module list's order, with the folded
// stems of the query (ADR 0506), and highlights the matching words with the same fold.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { highlightParts, queryStems } from '../core/search/fold.ts';
import { When } from './components/When.tsx';
import type { AppContext } from './context.ts';
import type { Lang, Translate } from './i18n.ts';
import { sendPage } from './layout.tsx';
import { problemBody } from './problem.ts';

export interface SearchRequest {
  /** The query as typed (trimmed). */
  q: string;
  /** Its folded stems (ADR 0506): what a source matches against the start of folded words. */
  stems: string[];
  lang: Lang;
  t: Translate;
  limit: number;
  offset: number;
}

export interface SearchHit {
  /** In the reader's language where the thing has one. */
  title: string;
  href: string;
  /** The language of `title` when it is the text's own (a proposal's), for `lang=` on the page. */
  lang?: Lang;
  /** A line of plain words under the title (a summary, a status, what an entry is about). */
  detail?: string;
  /** ISO time or date the hit is about, shown in the reader's language. */
  at?: string;
}

export interface SearchSource {
  /** Section name, lower case: `proposals`, `responses`, `agencies`, `ledger`. */
  section: string;
  /** Message key of the section's heading. */
  titleKey: string;
  /** Hits from `offset`, at most `limit`, and whether more follow. */
  run(ctx: AppContext, req: SearchRequest): Promise<{ hits: SearchHit[]; more: boolean }>;
}

/** Hits per section on the page of all sections, and at most per page of one section. */
const PER_SECTION = 5;
const MAX_LIMIT = 50;

const Query = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 200, description: 'words in any of kk, ru, en, Cyrillic or Latin letters' }),
    section: Type.Optional(Type.String({ maxLength: 32, description: 'one section only: proposals, responses, agencies or ledger' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
);

interface SectionResult {
  section: string;
  title: string;
  hits: SearchHit[];
  more: boolean;
}

async function runSearch(app: FastifyInstance, ctx: AppContext, req: FastifyRequest, q: string, section: string | undefined, limit: number, offset: number): Promise<SectionResult[]> {
  const stems = queryStems(q);
  const sources = app.kenes.search.filter((s) => !section || s.section === section);
  const sreq: SearchRequest = { q, stems, lang: req.lang, t: req.t, limit, offset };
  // Sequential: each source is one or two indexed queries; in parallel they would only queue for
  // the one SQLite connection.
  const out: SectionResult[] = [];
  for (const s of sources) {
    const r = stems.length ? await s.run(ctx, sreq) : { hits: [], more: false };
    out.push({ section: s.section, title: req.t(s.titleKey), hits: r.hits, more: r.more });
  }
  return out;
}

function badSection(reply: FastifyReply, app: FastifyInstance, section: string) {
  const known = app.kenes.search.map((s) => s.section).join(', ');
  const message = `unknown section "${section}"; known: ${known}`;
  return reply.status(400).type('application/problem+json').send(problemBody(400, `querystring.section: ${message}`, { errors: [{ field: 'querystring.section', message }] }));
}

export async function searchModule(app: FastifyInstance, ctx: AppContext) {
  app.get(
    '/api/v1/search',
    {
      config: { access: 'public' },
      schema: {
        tags: ['search'],
        summary: 'Search proposals, government response items, agencies and ledger entries in kk, ru and en (Latin or Cyrillic letters)',
        querystring: Query,
      },
    },
    async (req, reply) => {
      const { q, section, limit, offset } = req.query as { q: string; section?: string; limit?: number; offset?: number };
      if (section && !app.kenes.search.some((s) => s.section === section)) return badSection(reply, app, section);
      const query = q.trim();
      if (!query) {
        const message = 'must contain a word';
        return reply.status(400).type('application/problem+json').send(problemBody(400, `querystring.q: ${message}`, { errors: [{ field: 'querystring.q', message }] }));
      }
      const results = await runSearch(app, ctx, req, query, section, limit ?? (section ? 20 : PER_SECTION), offset ?? 0);
      return { q: query, stems: queryStems(query), sections: results.map(({ section: s, hits, more }) => ({ section: s, hits, more })) };
    },
  );

  app.get('/search', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const raw = req.query as Record<string, unknown>;
    const q = typeof raw.q === 'string' ? raw.q.trim().slice(0, 200) : '';
    const sectionRaw = typeof raw.section === 'string' ? raw.section : undefined;
    const section = sectionRaw && app.kenes.search.some((s) => s.section === sectionRaw) ? sectionRaw : undefined;
    const page = Math.max(1, Math.min(200, Number.parseInt(typeof raw.page === 'string' ? raw.page : '1', 10) || 1));
    const limit = section ? 20 : PER_SECTION;
    const results = q ? await runSearch(app, ctx, req, q, section, limit, (page - 1) * limit) : [];
    return sendPage(reply, q ? req.t('search.titleFor', { q }) : req.t('search.title'), <SearchPage req={req} q={q} section={section} page={page} results={results} />);
  });
}

function Marked(props: { text: string; stems: string[] }) {
  return (
    <>
      {highlightParts(props.text, props.stems).map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : p.text))}
    </>
  );
}

function SearchPage(props: { req: FastifyRequest; q: string; section?: string; page: number; results: SectionResult[] }) {
  const { req, q, section, page, results } = props;
  const t = req.t;
  const stems = queryStems(q);
  const sections = req.server.kenes.search;
  const href = (p: Record<string, string | number | undefined>) =>
    `/search?${new URLSearchParams(Object.entries({ q, ...p }).filter((e): e is [string, string] => e[1] !== undefined).map(([k, v]) => [k, String(v)])).toString()}`;
  const total = results.reduce((n, r) => n + r.hits.length, 0);
  return (
    <>
      <h1>{t('search.title')}</h1>
      <form method="get" action="/search" role="search" class="search-form">
        <label for="search-q">{t('search.label')}</label>
        <p class="hint" id="search-q-hint">
          {t('search.hint')}
        </p>
        <div class="search-row">
          <input id="search-q" type="search" name="q" value={q} maxLength={200} aria-describedby="search-q-hint" autocomplete="off" />
          {section && <input type="hidden" name="section" value={section} />}
          <button type="submit">{t('search.submit')}</button>
        </div>
      </form>
      {q && (
        <nav aria-label={t('search.sections')} class="search-sections">
          <ul>
            <li>
              <a href={href({})} aria-current={!section ? 'page' : undefined}>
                {t('search.all')}
              </a>
            </li>
            {sections.map((s) => (
              <li key={s.section}>
                <a href={href({ section: s.section })} aria-current={section === s.section ? 'page' : undefined}>
                  {t(s.titleKey)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {q && (
        <p role="status" class="search-summary">
          {total ? t('search.found', { q }) : t('search.nothing', { q })}
        </p>
      )}
      {results
        .filter((r) => r.hits.length || section)
        .map((r) => (
          <section key={r.section} aria-labelledby={`search-${r.section}`} class="search-results">
            <h2 id={`search-${r.section}`}>{r.title}</h2>
            {r.hits.length ? (
              <ol class="search-hits">
                {r.hits.map((h) => (
                  <li key={h.href}>
                    <a href={h.href} lang={h.lang && h.lang !== req.lang ? h.lang : undefined}>
                      <Marked text={h.title} stems={stems} />
                    </a>
                    {h.detail && (
                      <p class="search-detail">
                        <Marked text={h.detail} stems={stems} />
                      </p>
                    )}
                    {h.at && (
                      <p class="search-detail muted">
                        <When lang={req.lang} iso={h.at} />
                      </p>
                    )}
                  </li>
                ))}
              </ol>
            ) : (
              <p>{t('search.sectionNothing')}</p>
            )}
            {!section && r.more && (
              <p>
                <a href={href({ section: r.section })}>{t('search.moreIn', { section: r.title })}</a>
              </p>
            )}
            {section && (page > 1 || r.more) && (
              <nav class="pagination" aria-label={t('ui.pagination.label')}>
                <ul>
                  {page > 1 && (
                    <li>
                      <a href={href({ section, page: page - 1 })} rel="prev">
                        {t('ui.pagination.previous')}
                      </a>
                    </li>
                  )}
                  <li>
                    <span aria-current="page">{t('ui.pagination.page', { page })}</span>
                  </li>
                  {r.more && (
                    <li>
                      <a href={href({ section, page: page + 1 })} rel="next">
                        {t('ui.pagination.next')}
                      </a>
                    </li>
                  )}
                </ul>
              </nav>
            )}
          </section>
        ))}
    </>
  );
}
