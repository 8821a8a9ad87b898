// Public pages of the ledger: the browser (latest entries, filter by kind), one entry with its
// inclusion proof, and "verify it yourself" with the exact commands (verifyPages.tsx). Server-rendered;
// only the in-browser check runs a script, served from /static.
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { When } from '../../web/components/index.ts';
import type { AppContext } from '../../web/context.ts';
import { sendPage } from '../../web/layout.tsx';
import { feedLink } from '../notifications/api.ts';
import { HttpProblem } from '../../web/problem.ts';
import { kindCounts, latestHead, listEntries, treeSize } from './repository.ts';
import { entryWithProof } from './routes.ts';
import type { SignedHead } from '../../core/ledger/signing.ts';
import { SourceLinks, verifyPages } from './verifyPages.tsx';

const PAGE_SIZE = 50;
const CSS = readFileSync(new URL('./ledger.css', import.meta.url), 'utf8');

function Styles() {
  return <link rel="stylesheet" href="/ledger/static/ledger.css" />;
}

/** The words for a code, or the code itself when it has no label yet. */
function label(req: FastifyRequest, key: string, code: string, params?: Record<string, string>): string {
  const text = req.t(key, params);
  return text === key ? code : text;
}

/** An event kind in words, its code beside it for those who compare with the JSON. */
export function KindLabel(props: { req: FastifyRequest; kind: string }) {
  const text = label(props.req, `ledger.kind.${props.kind}`, props.kind);
  if (text === props.kind) return <code>{props.kind}</code>;
  return (
    <>
      {text} <code class="ledger-code">{props.kind}</code>
    </>
  );
}

/** What an entry is about, in words, linked to its page when its module has one. */
export function SubjectLink(props: { req: FastifyRequest; subject: string }) {
  const { req, subject } = props;
  const slash = subject.indexOf('/');
  const prefix = slash > 0 ? subject.slice(0, slash) : subject;
  const id = slash > 0 ? subject.slice(slash + 1) : '';
  const text = label(req, `ledger.subject.${prefix}`, subject, { id });
  const route = req.server.kenes.modules.flatMap((m) => m.subjects ?? []).find((r) => r.prefix === prefix);
  // A person's account has no public page (and its id is nobody's business on the page).
  return route && id ? <a href={route.href(id)}>{text}</a> : text;
}

function HeadFacts(props: { head: SignedHead | undefined; t: (k: string) => string; req: FastifyRequest }) {
  const { head, t } = props;
  if (!head) return <p>{t('ledger.noHead')}</p>;
  return (
    <dl class="ledger-head">
      <dt>{t('ledger.size')}</dt>
      <dd>{head.size}</dd>
      <dt>{t('ledger.root')}</dt>
      <dd>
        <code class="hash">{head.root_hash}</code>
      </dd>
      <dt>{t('ledger.signedAt')}</dt>
      <dd>
        <When lang={props.req.lang} iso={head.timestamp} />
      </dd>
      <dt>{t('ledger.signature')}</dt>
      <dd>
        <code class="hash">{head.signature}</code>
      </dd>
    </dl>
  );
}

/** A positive integer from a query or path string, or undefined. */
function intParam(v: unknown): number | undefined {
  if (typeof v !== 'string' || !/^\d{1,15}$/.test(v)) return undefined;
  return Number(v);
}

export function ledgerPages(app: FastifyInstance, ctx: AppContext) {
  const db = ctx.db.db;

  app.get('/ledger/static/ledger.css', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS),
  );

  app.get('/ledger', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const t = req.t;
    const q = req.query as Record<string, unknown>;
    const kind = typeof q.kind === 'string' && q.kind && q.kind.length <= 64 ? q.kind : undefined;
    const before = intParam(q.before);
    const [rows, kinds, head, size] = await Promise.all([listEntries(db, { kind, before, limit: PAGE_SIZE }), kindCounts(db), latestHead(db), treeSize(db)]);
    const older = rows.length === PAGE_SIZE ? rows[rows.length - 1].index : undefined;
    const kindQuery = kind ? `kind=${encodeURIComponent(kind)}&` : '';
    return sendPage(
      reply,
      t('ledger.title'),
      <section class="ledger">
        <Styles />
        <h1>{t('ledger.title')}</h1>
        <p>{t('ledger.intro')}</p>
        <p>
          <a href="/ledger/verify">{t('ledger.verifyLink')}</a>
        </p>
        <h2>{t('ledger.head')}</h2>
        <HeadFacts head={head} t={t} req={req} />
        <form method="get" action="/ledger" class="ledger-filter">
          <label for="ledger-kind">{t('ledger.filter.kind')}</label>{' '}
          <select id="ledger-kind" name="kind">
            <option value="">{t('ledger.filter.all')}</option>
            {kinds.map((k) => (
              <option key={k.kind} value={k.kind} selected={k.kind === kind}>
                {`${label(req, `ledger.kind.${k.kind}`, k.kind)} (${k.entries})`}
              </option>
            ))}
          </select>{' '}
          <button type="submit">{t('ledger.filter.submit')}</button>
        </form>
        <p>
          {t('ledger.size')}: {size}
        </p>
        {rows.length === 0 ? (
          <p>{t('ledger.empty')}</p>
        ) : (
          <div class="ledger-table-wrap" role="region" aria-label={t('ledger.title')}>
          <table class="ledger-entries">
            <thead>
              <tr>
                <th scope="col">{t('ledger.col.index')}</th>
                <th scope="col">{t('ledger.col.time')}</th>
                <th scope="col">{t('ledger.col.kind')}</th>
                <th scope="col">{t('ledger.col.subject')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.index}>
                  <td>
                    <a href={`/ledger/entries/${e.index}`}>{e.index}</a>
                  </td>
                  <td>
                    <When lang={req.lang} iso={e.time} />
                  </td>
                  <td>
                    <KindLabel req={req} kind={e.kind} />
                  </td>
                  <td>
                    <SubjectLink req={req} subject={e.subject} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
        <p>
          {before !== undefined && <a href={`/ledger${kind ? `?kind=${encodeURIComponent(kind)}` : ''}`}>{t('ledger.newest')}</a>}{' '}
          {older !== undefined && <a href={`/ledger?${kindQuery}before=${older}`}>{t('ledger.older')}</a>}
        </p>
        <SourceLinks t={t} />
      </section>,
      200,
      { feeds: [feedLink(req, 'ledger')] },
    );
  });

  app.get('/ledger/entries/:index', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const t = req.t;
    const index = intParam((req.params as { index: string }).index);
    if (index === undefined) throw new HttpProblem(404, 'no such entry');
    const e = await entryWithProof(ctx, index);
    let pretty = e.entry;
    try {
      pretty = JSON.stringify(JSON.parse(e.entry), null, 2);
    } catch {
      // show the stored text as is
    }
    return sendPage(
      reply,
      t('ledger.entry.title', { index: String(e.index) }),
      <section class="ledger-entry">
        <Styles />
        <h1>{t('ledger.entry.title', { index: String(e.index) })}</h1>
        <dl class="ledger-head">
          <dt>{t('ledger.col.kind')}</dt>
          <dd>
            <KindLabel req={req} kind={e.kind} />
          </dd>
          <dt>{t('ledger.col.subject')}</dt>
          <dd>
            <SubjectLink req={req} subject={e.subject} />
          </dd>
          <dt>{t('ledger.col.time')}</dt>
          <dd>
            <When lang={req.lang} iso={e.time} />
          </dd>
          {e.event_time !== e.time && (
            <>
              <dt>{t('ledger.col.eventTime')}</dt>
              <dd>
                <When lang={req.lang} iso={e.event_time} />
              </dd>
            </>
          )}
          <dt>{t('ledger.entry.leafHash')}</dt>
          <dd>
            <code class="hash">{e.leaf_hash}</code>
          </dd>
        </dl>
        <h2>{t('ledger.entry.canonical', { bytes: String(Buffer.byteLength(e.entry)) })}</h2>
        <pre class="ledger-canonical">
          <code id="ledger-entry-canonical">{e.entry}</code>
        </pre>
        <h2>{t('ledger.entry.indented')}</h2>
        <pre>
          <code>{pretty}</code>
        </pre>
        <h2>{t('ledger.entry.proof')}</h2>
        <p>{t('ledger.entry.proofIntro', { size: String(e.tree_size) })}</p>
        {e.head ? <HeadFacts head={e.head} t={t} req={req} /> : <p>{t('ledger.entry.unsigned')}</p>}
        <p>
          {t('ledger.root')}: <code class="hash">{e.root_hash}</code>
        </p>
        <ol start={0}>
          {e.inclusion_proof.map((h) => (
            <li key={h}>
              <code class="hash">{h}</code>
            </li>
          ))}
        </ol>
        <p>
          <a href={`/api/v1/ledger/entries/${e.index}`}>{t('ledger.entry.json')}</a> · <a href="/ledger/verify">{t('ledger.verifyLink')}</a>
        </p>
        <SourceLinks t={t} />
      </section>,
    );
  });
  verifyPages(app, ctx);
}
