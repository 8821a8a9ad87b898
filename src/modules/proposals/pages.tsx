// Pages of proposals, server-rendered and working without JavaScript: the list with search, filters
// and sorting; the proposal page (progress, region map and table, chart, timeline, sign/withdraw,
// author and moderator actions); create/edit forms with inline errors; the action group; the
// moderation queue; "my proposals and signatures". User text is rendered as text by JSX.
import { readFileSync } from 'node:fs';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ComponentChildren } from 'preact';
import { type FieldError, PROPOSAL_STATUSES, SIGNABLE_STATUSES, type ProposalStatus, EDITABLE_STATUSES } from '../../core/proposals/rules.ts';
import { TOPICS } from '../../core/proposals/topics.ts';
import { ErrorSummary, FormField, formatDate, formatNumber, StatusBadge, type Tone } from '../../web/components/index.ts';
import type { AppContext } from '../../web/context.ts';
import { LANGS, type Lang, type Translate } from '../../web/i18n.ts';
import { CsrfField, sendPage } from '../../web/layout.tsx';
import { HttpProblem } from '../../web/problem.ts';
import { can } from '../../core/lifecycle/table.ts';
import { proposalLifecycle } from '../../core/proposals/lifecycle.ts';
import { problemOf } from '../../web/domainProblems.ts';
import { proposalsCatalog } from './problems.ts';
import { requireRole, requireUser } from '../identity/api.ts';
import { RegionMap, SignaturesChart } from './charts.tsx';
import type { ProposalLimits } from './rateLimit.ts';
import { signOutcomeProblem, user } from './routes.ts';
import { type DraftInput, isPublic, type ProposalRow, type ProposalsService } from './service.ts';

const CSS = readFileSync(new URL('./proposals.css', import.meta.url), 'utf8');

const TONES: Record<string, Tone> = { draft: 'neutral', submitted: 'info', returned: 'warning', rejected: 'danger', open: 'info', reached: 'success', succeeded: 'success', expired: 'neutral' };

const FormBody = Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 500_000 }), Type.Array(Type.String())]));
const RefParams = Type.Object({ ref: Type.String({ maxLength: 64 }) });
const ListParams = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  kind: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(Type.String({ maxLength: 32 })),
  region: Type.Optional(Type.String({ maxLength: 16 })),
  topic: Type.Optional(Type.String({ maxLength: 64 })),
  sort: Type.Optional(Type.String({ maxLength: 32 })),
  done: Type.Optional(Type.String({ maxLength: 32 })),
});

function Styles() {
  return <link rel="stylesheet" href="/proposals/static/proposals.css" />;
}

function str(body: unknown, key: string): string {
  const v = (body as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '';
}

function problemMessage(t: Translate, err: unknown): string {
  const problem = problemOf(err, proposalsCatalog);
  if (problem) {
    const code = typeof problem.extra.code === 'string' ? problem.extra.code : '';
    const key = `proposals.problem.${code}`;
    const text = t(key);
    return text === key ? problem.message : text;
  }
  throw err;
}

/** The HTTP status of a refusal, whichever way it was raised. */
function statusOf(err: unknown): number {
  return problemOf(err, proposalsCatalog)?.status ?? 500;
}

export function registerProposalPages(appIn: FastifyInstance, ctx: AppContext, svc: ProposalsService, limits: ProposalLimits): void {
  const app = appIn.withTypeProvider<TypeBoxTypeProvider>();
  const charter = svc.charter;

  app.get('/proposals/static/proposals.css', { schema: { hide: true } }, async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS));

  const kindName = (lang: Lang, id: string) => svc.kind(id)?.name[lang] ?? id;
  const regionName = (lang: Lang, code: string) => (code === 'national' ? null : (charter.regions.find((r) => r.code === code)?.name[lang] ?? code));
  const scopeName = (req: FastifyRequest, code: string) => regionName(req.lang, code) ?? req.t('proposals.scope.national');

  // ---- list ----
  app.get('/proposals', { schema: { hide: true, querystring: ListParams } }, async (req, reply) => {
    const { t, lang } = req;
    const q = req.query;
    const status = (PROPOSAL_STATUSES as readonly string[]).includes(q.status ?? '') ? q.status : undefined;
    const sort = q.sort === 'mostSigned' || q.sort === 'closingSoon' ? q.sort : 'newest';
    const { rows, totals } = await svc.list({ q: q.q, kind: q.kind || undefined, status, region: q.region || undefined, topic: q.topic || undefined, sort, limit: 100 });
    const listable = ['open', 'reached', 'succeeded', 'expired', 'rejected'];
    const csvQuery = new URLSearchParams(Object.entries({ ...q, format: 'csv' }).filter(([k, v]) => v && k !== 'done') as [string, string][]).toString();
    return sendPage(
      reply,
      t('proposals.list.title'),
      <section class="proposals">
        <Styles />
        <h1>{t('proposals.list.title')}</h1>
        <p>{t('proposals.list.intro')}</p>
        <p class="actions">
          <a class="button" href="/proposals/new">
            {t('proposals.list.new')}
          </a>{' '}
          {req.user && <a href="/me/proposals">{t('proposals.mine.title')}</a>}{' '}
          {req.user?.roles.includes('moderator') && <a href="/moderation/proposals">{t('proposals.mod.title')}</a>}
        </p>
        <form method="get" action="/proposals" class="filters" role="search" aria-label={t('proposals.list.filters')}>
          <FormField name="q" type="search" label={t('proposals.list.search')} value={q.q ?? ''} />
          <FormField name="kind" type="select" label={t('proposals.field.kind')} value={q.kind ?? ''} options={[{ value: '', label: t('proposals.list.any') }, ...charter.proposalKinds.map((k) => ({ value: k.id, label: k.name[lang] }))]} />
          <FormField name="status" type="select" label={t('proposals.list.status')} value={status ?? ''} options={[{ value: '', label: t('proposals.list.any') }, ...listable.map((s) => ({ value: s, label: t(`proposals.status.${s}`) }))]} />
          <FormField name="region" type="select" label={t('proposals.field.scope')} value={q.region ?? ''} options={[{ value: '', label: t('proposals.list.any') }, { value: 'national', label: t('proposals.scope.national') }, ...charter.regions.map((r) => ({ value: r.code, label: r.name[lang] }))]} />
          <FormField name="topic" type="select" label={t('proposals.field.topic')} value={q.topic ?? ''} options={[{ value: '', label: t('proposals.list.any') }, ...TOPICS.map((x) => ({ value: x, label: t(`proposals.topic.${x}`) }))]} />
          <FormField name="sort" type="select" label={t('proposals.list.sort')} value={sort} options={['newest', 'mostSigned', 'closingSoon'].map((s) => ({ value: s, label: t(`proposals.sort.${s}`) }))} />
          <button type="submit">{t('proposals.list.apply')}</button>
        </form>
        <p class="result-count" aria-live="polite">
          {t('proposals.list.count', { count: rows.length })} · <a href={`/api/v1/proposals?${csvQuery}`}>{t('proposals.list.csv')}</a>
        </p>
        {rows.length === 0 ? (
          <p>{t('proposals.list.empty')}</p>
        ) : (
          <ul class="proposal-list">
            {rows.map((r) => {
              const total = totals.get(r.id)?.total ?? 0;
              const kind = svc.kind(r.kind);
              const withheld = svc.textsWithheld(r);
              return (
                <li key={r.ref} class="proposal-card">
                  <h2>
                    <a href={`/proposals/${r.ref}`}>{withheld ? t('proposals.withheld') : r.title}</a>
                  </h2>
                  <p class="meta">
                    <StatusBadge tone={TONES[r.status]} label={t(`proposals.status.${r.status}`)} /> {kindName(lang, r.kind)} · {t(`proposals.topic.${r.topic}`)} · {scopeName(req, r.scope)}
                  </p>
                  {!withheld && <p>{r.summary}</p>}
                  {r.status !== 'rejected' && kind && (
                    <p class="progress-line">
                      <progress max={kind.signatureThreshold} value={Math.min(total, kind.signatureThreshold)} aria-label={t('proposals.progress', { n: total, threshold: formatNumber(lang, kind.signatureThreshold) })} />{' '}
                      {t('proposals.progress', { n: total, threshold: formatNumber(lang, kind.signatureThreshold) })}
                      {r.closes_at && SIGNABLE_STATUSES.includes(r.status as ProposalStatus) ? ` · ${t('proposals.closes', { date: formatDate(lang, r.closes_at) })}` : ''}
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>,
    );
  });

  // ---- create / edit forms ----
  function DraftForm(props: { req: FastifyRequest; action: string; values: Partial<DraftInput>; errors: { field: string; message: string }[]; kindFixed?: string }) {
    const { req, values, errors } = props;
    const { t, lang } = req;
    const err = (f: string) => errors.find((e) => e.field === f)?.message;
    const kind = svc.kind(props.kindFixed ?? values.kind ?? 'petition') ?? charter.proposalKinds[0]!;
    const limitHint = (f: 'title' | 'summary' | 'body') => t('proposals.hint.length', { min: kind.text[f].min, max: kind.text[f].max });
    return (
      <form method="post" action={props.action} class="proposal-form" novalidate>
        <CsrfField req={req} />
        <ErrorSummary t={t} errors={errors} />
        {props.kindFixed ? (
          <p>
            {t('proposals.field.kind')}: <strong>{kindName(lang, props.kindFixed)}</strong>
          </p>
        ) : (
          <FormField name="kind" type="select" required label={t('proposals.field.kind')} value={values.kind ?? 'petition'} error={err('kind')} hint={t('proposals.hint.kind')} options={charter.proposalKinds.map((k) => ({ value: k.id, label: k.name[lang] }))} />
        )}
        <FormField name="title" required label={t('proposals.field.title')} value={values.title ?? ''} error={err('title')} hint={limitHint('title')} />
        <FormField name="summary" type="textarea" required label={t('proposals.field.summary')} value={values.summary ?? ''} error={err('summary')} hint={limitHint('summary')} attrs={{ rows: 4 }} />
        <FormField name="body" type="textarea" required label={t('proposals.field.body')} value={values.body ?? ''} error={err('body')} hint={limitHint('body')} attrs={{ rows: 12 }} />
        <FormField name="topic" type="select" required label={t('proposals.field.topic')} value={values.topic ?? ''} error={err('topic')} options={[{ value: '', label: t('proposals.choose') }, ...TOPICS.map((x) => ({ value: x, label: t(`proposals.topic.${x}`) }))]} />
        <FormField name="scope" type="select" required label={t('proposals.field.scope')} value={values.scope ?? 'national'} error={err('scope')} options={[{ value: 'national', label: t('proposals.scope.national') }, ...charter.regions.map((r) => ({ value: r.code, label: r.name[lang] }))]} />
        <FormField name="language" type="select" required label={t('proposals.field.language')} value={values.language ?? lang} error={err('language')} options={LANGS.map((l) => ({ value: l, label: t(`proposals.lang.${l}`) }))} />
        <button type="submit">{t('proposals.form.save')}</button>
      </form>
    );
  }

  const localErrors = (t: Translate, errors: FieldError[]) => errors.map((e) => ({ field: e.field, message: t(`proposals.${e.key}`, e.params) }));
  const readDraft = (body: unknown): DraftInput => ({ kind: str(body, 'kind'), title: str(body, 'title'), summary: str(body, 'summary'), body: str(body, 'body'), topic: str(body, 'topic'), scope: str(body, 'scope') || 'national', language: str(body, 'language') });

  const newPage = async (req: FastifyRequest, reply: FastifyReply, values: Partial<DraftInput>, errors: { field: string; message: string }[], status = 200) => {
    // The hint against duplicates: public proposals that share words with what was typed so far.
    const typed = `${values.title ?? ''} ${values.summary ?? ''}`.trim();
    const similar = typed ? await svc.similar(typed) : [];
    return sendPage(
      reply,
      req.t('proposals.new.title'),
      <section class="proposals">
        <Styles />
        <h1>{req.t('proposals.new.title')}</h1>
        <p>{req.t('proposals.new.intro')}</p>
        <SimilarProposals req={req} similar={similar} />
        <DraftForm req={req} action="/proposals" values={values} errors={errors} />
      </section>,
      status,
    );
  };

  app.get('/proposals/new', { preHandler: requireUser, schema: { hide: true } }, async (req, reply) => newPage(req, reply, { language: req.lang }, []));

  app.post('/proposals', { preHandler: requireUser, schema: { hide: true, body: FormBody } }, async (req, reply) => {
    const input = readDraft(req.body);
    const { errors } = svc.checkDraft(input);
    if (errors.length > 0) return newPage(req, reply, input, localErrors(req.t, errors), 400);
    try {
      limits.perAddress.hit(req.ip, 'requests from your address');
      limits.createPerCitizen.hit(user(req).pseudonym, 'new proposals');
      const row = await svc.createDraft(user(req), input);
      return reply.redirect(`/proposals/${row.ref}?done=created`, 303);
    } catch (err) {
      return newPage(req, reply, input, [{ field: 'title', message: problemMessage(req.t, err) }], statusOf(err));
    }
  });

  app.get('/proposals/:ref/edit', { preHandler: requireUser, schema: { hide: true, params: RefParams } }, async (req, reply) => {
    const row = await svc.visible(req.params.ref, req.user);
    if (row.author_pseudonym !== user(req).pseudonym || !EDITABLE_STATUSES.includes(row.status as ProposalStatus)) throw new HttpProblem(404, 'not editable');
    return editPage(req, reply, row, row, []);
  });

  const editPage = (req: FastifyRequest, reply: FastifyReply, row: ProposalRow, values: Partial<DraftInput>, errors: { field: string; message: string }[], status = 200) =>
    sendPage(
      reply,
      req.t('proposals.edit.title'),
      <section class="proposals">
        <Styles />
        <h1>{req.t('proposals.edit.title')}</h1>
        {row.decision_note && (
          <div class="notice" role="note">
            <h2>{req.t('proposals.decision')}</h2>
            <p>{row.decision_note}</p>
          </div>
        )}
        <DraftForm req={req} action={`/proposals/${row.ref}/edit`} values={values} errors={errors} kindFixed={row.kind} />
      </section>,
      status,
    );

  app.post('/proposals/:ref/edit', { preHandler: requireUser, schema: { hide: true, params: RefParams, body: FormBody } }, async (req, reply) => {
    const row = await svc.visible(req.params.ref, req.user);
    const input = { ...readDraft(req.body), kind: row.kind };
    const { errors } = svc.checkDraft(input);
    if (errors.length > 0) return editPage(req, reply, row, input, localErrors(req.t, errors), 400);
    try {
      await svc.updateDraft(user(req), row.ref, input);
    } catch (err) {
      return editPage(req, reply, row, input, [{ field: 'title', message: problemMessage(req.t, err) }], statusOf(err));
    }
    return reply.redirect(`/proposals/${row.ref}?done=saved`, 303);
  });

  // ---- the proposal page ----
  // Anonymous views are the same for everyone: keep the rendered page for a second, so a viral
  // proposal's page costs one render a second however many read it (counts stay within 2 s).
  const pageCache = new Map<string, { at: number; html: string }>();

  async function renderProposal(req: FastifyRequest, row: ProposalRow, notice: { text: string; error: boolean } | null): Promise<{ title: string; body: ComponentChildren }> {
    const { t, lang } = req;
    const me = req.user;
    const kind = svc.kind(row.kind);
    const stats = await svc.stats(row.id);
    const timeline = await svc.timeline(row.id);
    const isAuthor = me?.pseudonym === row.author_pseudonym;
    const isModerator = !!me?.roles.includes('moderator');
    const mine = me ? await svc.mySignature(row.id, me.pseudonym) : undefined;
    const signers = await svc.publicSigners(row.id, 30);
    const group = row.invite_token ? await svc.groupStatus(row) : null;
    const withheld = svc.textsWithheld(row);
    const title = withheld ? t('proposals.withheld') : row.title;
    const open = SIGNABLE_STATUSES.includes(row.status as ProposalStatus) && !!row.closes_at && row.closes_at > new Date().toISOString();
    const needsRegion = !!me && !(await svc.regionOf(me));
    const similar = isAuthor && EDITABLE_STATUSES.includes(row.status as ProposalStatus) ? await svc.similar(`${row.title} ${row.summary}`, row.ref) : [];
    const threshold = kind?.signatureThreshold ?? 0;
    const body = (
      <article class="proposals proposal">
        <Styles />
        {notice && (
          <div class={notice.error ? 'notice notice-error' : 'notice'} role={notice.error ? 'alert' : 'status'}>
            {notice.text}
          </div>
        )}
        <p class="meta">
          <StatusBadge tone={TONES[row.status]} label={t(`proposals.status.${row.status}`)} /> {kindName(lang, row.kind)} · {t(`proposals.topic.${row.topic}`)} · {scopeName(req, row.scope)}
        </p>
        <h1 lang={row.language}>{title}</h1>
        <p class="author">{t('proposals.author', { name: row.author_public_name })}</p>
        {isPublic(row.status) && !row.listed_at && row.status !== 'rejected' && kind && <p class="notice">{t('proposals.linkOnly', { count: kind.linkOnlyUntilSignatures })}</p>}
        {(row.status === 'rejected' || ((isAuthor || isModerator) && row.decision_note)) && (
          <section class="decision" aria-labelledby="decision-h">
            <h2 id="decision-h">{t('proposals.decision')}</h2>
            {row.decision_code && <p>{t('proposals.decision.reason', { reason: charter.rejectionReasons.find((r) => r.code === row.decision_code)?.name[lang] ?? row.decision_code })}</p>}
            {row.decision_note && <p>{row.decision_note}</p>}
          </section>
        )}

        {isAuthor && EDITABLE_STATUSES.includes(row.status as ProposalStatus) && (
          <section class="author-actions" aria-labelledby="author-h">
            <h2 id="author-h">{t('proposals.author.actions')}</h2>
            <SimilarProposals req={req} similar={similar} />
            <p class="actions">
              <a class="button secondary" href={`/proposals/${row.ref}/edit`}>
                {t('proposals.author.edit')}
              </a>
              {group && (
                <a class="button secondary" href={`/proposals/${row.ref}/group`}>
                  {t('proposals.group.title')}
                </a>
              )}
            </p>
            <form method="post" action={`/proposals/${row.ref}/submit`}>
              <CsrfField req={req} />
              <button type="submit">{t('proposals.author.submit')}</button>
            </form>
          </section>
        )}

        {can(proposalLifecycle, row.status, 'proposal.published', isModerator ? ['moderator'] : [], { moderatorIsAuthor: isAuthor }) && (
          <section class="moderation" aria-labelledby="mod-h">
            <h2 id="mod-h">{t('proposals.mod.decide')}</h2>
            <p>{t('proposals.mod.due', { date: row.moderation_due ?? '' })}</p>
            <form method="post" action={`/proposals/${row.ref}/moderate`}>
              <CsrfField req={req} />
              <fieldset>
                <legend>{t('proposals.mod.decision')}</legend>
                {(['publish', 'return', 'reject'] as const).map((d) => (
                  <label key={d} class="choice">
                    <input type="radio" name="decision" value={d} required /> {t(`proposals.mod.${d}`)}
                  </label>
                ))}
              </fieldset>
              <FormField name="reasonCode" type="select" label={t('proposals.mod.reasonCode')} options={[{ value: '', label: t('proposals.choose') }, ...charter.rejectionReasons.map((r) => ({ value: r.code, label: r.name[lang] }))]} />
              <FormField name="explanation" type="textarea" label={t('proposals.mod.explanation')} hint={t('proposals.mod.explanationHint')} attrs={{ rows: 3 }} />
              <button type="submit">{t('proposals.mod.record')}</button>
            </form>
          </section>
        )}

        {!withheld && (
          <>
            <section aria-labelledby="summary-h">
              <h2 id="summary-h">{t('proposals.field.summary')}</h2>
              <p lang={row.language}>{row.summary}</p>
            </section>
            <section aria-labelledby="body-h">
              <h2 id="body-h">{t('proposals.field.body')}</h2>
              <div class="proposal-body" lang={row.language}>
                {row.body.split(/\n{2,}/).map((para, i) => (
                  <p key={i}>{para}</p>
                ))}
              </div>
            </section>
          </>
        )}

        {isPublic(row.status) && row.status !== 'rejected' && (
          <>
            <section class="signing" aria-labelledby="sign-h">
              <h2 id="sign-h">{t('proposals.signatures.heading')}</h2>
              <p class="progress-line">
                <progress max={threshold} value={Math.min(stats.total, threshold)} aria-labelledby="progress-text" /> <span id="progress-text">{t('proposals.progress', { n: stats.total, threshold: formatNumber(lang, threshold) })}</span>
              </p>
              {row.reached_at && <p>{t('proposals.reachedAt', { date: formatDate(lang, row.reached_at) })}</p>}
              {row.closes_at && <p>{open ? t('proposals.closes', { date: formatDate(lang, row.closes_at) }) : t('proposals.closed', { date: formatDate(lang, row.closes_at) })}</p>}
              {!me && open && (
                <p>
                  <a class="button" href={`/auth/login?return=${encodeURIComponent(`/proposals/${row.ref}`)}`}>
                    {t('proposals.sign.signInFirst')}
                  </a>
                </p>
              )}
              {me && mine && (
                <>
                  <p>{t('proposals.sign.signedOn', { date: formatDate(lang, mine.signed_at) })}</p>
                  {open && (
                    <form method="post" action={`/proposals/${row.ref}/withdraw`}>
                      <CsrfField req={req} />
                      <button type="submit" class="secondary">
                        {t('proposals.sign.withdraw')}
                      </button>
                    </form>
                  )}
                </>
              )}
              {me && !mine && open && (
                <form method="post" action={`/proposals/${row.ref}/sign`} class="sign-form">
                  <CsrfField req={req} />
                  {needsRegion && <FormField name="region" type="select" required label={t('proposals.sign.region')} hint={t('proposals.sign.regionHint')} options={[{ value: '', label: t('proposals.choose') }, ...charter.regions.map((r) => ({ value: r.code, label: r.name[lang] }))]} />}
                  <label class="choice">
                    <input type="checkbox" name="showName" value="on" /> {t('proposals.sign.showName')}
                  </label>
                  <button type="submit">{t('proposals.sign.button')}</button>
                </form>
              )}
            </section>

            <section aria-labelledby="map-h">
              <h2 id="map-h">{t('proposals.map.heading')}</h2>
              <RegionMap lang={lang} t={t} regions={charter.regions} byRegion={stats.byRegion} titleId="map-h" />
              <details>
                <summary>{t('proposals.map.table')}</summary>
                <table class="region-table">
                  <caption>{t('proposals.map.heading')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('proposals.map.region')}</th>
                      <th scope="col">{t('proposals.map.count')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {charter.regions.map((r) => (
                      <tr key={r.code}>
                        <th scope="row">{r.name[lang]}</th>
                        <td>{formatNumber(lang, stats.byRegion[r.code] ?? 0)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            </section>

            <section aria-labelledby="chart-h">
              <h2 id="chart-h">{t('proposals.chart.heading')}</h2>
              {stats.hours.length === 0 ? <p>{t('proposals.chart.empty')}</p> : <SignaturesChart lang={lang} t={t} hours={stats.hours} titleId="chart-h" />}
            </section>

            {signers.length > 0 && (
              <section aria-labelledby="signers-h">
                <h2 id="signers-h">{t('proposals.signers.heading')}</h2>
                <ul class="signers">
                  {signers.map((s, i) => (
                    <li key={i}>
                      {s.public_name} · {regionName(lang, s.region)}
                    </li>
                  ))}
                </ul>
              </section>
            )}
          </>
        )}

        {group && (
          <p>
            <a href={`/proposals/${row.ref}/group`}>{t('proposals.group.title')}</a> — {t('proposals.group.count', { count: group.members.length })}
          </p>
        )}

        <section aria-labelledby="timeline-h">
          <h2 id="timeline-h">{t('proposals.timeline')}</h2>
          <ol class="timeline">
            {timeline.map((e, i) => (
              <li key={i}>
                <time dateTime={e.at}>{formatDate(lang, e.at)}</time> — {t(`proposals.event.${e.kind}`)}
                {e.code ? ` (${charter.rejectionReasons.find((r) => r.code === e.code)?.name[lang] ?? e.code})` : ''}
              </li>
            ))}
          </ol>
        </section>
      </article>
    );
    return { title, body };
  }

  const NOTICES = new Set(['created', 'saved', 'submitted', 'signed', 'withdrawn', 'joined', 'decided']);

  app.get('/proposals/:ref', { schema: { hide: true, params: RefParams, querystring: ListParams } }, async (req, reply) => {
    const done = req.query.done && NOTICES.has(req.query.done) ? req.query.done : null;
    const cacheable = !req.user && !done;
    const key = `${req.params.ref}\u0000${req.lang}`;
    if (cacheable) {
      const hit = pageCache.get(key);
      if (hit && Date.now() - hit.at < 1000) return reply.type('text/html; charset=utf-8').send(hit.html);
    }
    const row = await svc.visible(req.params.ref, req.user);
    const { title, body } = await renderProposal(req, row, done ? { text: req.t(`proposals.done.${done}`), error: false } : null);
    if (!cacheable) return sendPage(reply, title, body);
    await sendPage(reply, title, body);
    return reply;
  });
  // Fill the cache from what was sent (the layout renders inside sendPage).
  // Callback-style: it runs on every response, and a promise per response is not free (docs/adr/0704).
  app.addHook('onSend', (req, reply, payload, done) => {
    if (req.method === 'GET' && !req.user && reply.statusCode === 200 && typeof payload === 'string' && /^\/proposals\/[\w-]+(\?lang=\w+)?$/.test(req.url) && req.routeOptions.url === '/proposals/:ref') {
      const ref = (req.params as { ref: string }).ref;
      pageCache.set(`${ref}\u0000${req.lang}`, { at: Date.now(), html: payload });
      if (pageCache.size > 2000) pageCache.delete(pageCache.keys().next().value!);
    }
    done(null, payload);
  });

  /** Runs a page action; on a refused action shows the proposal page again with the reason. */
  async function act(req: FastifyRequest, reply: FastifyReply, ref: string, fn: () => Promise<string | null>) {
    try {
      const done = await fn();
      return reply.redirect(`/proposals/${ref}${done ? `?done=${done}` : ''}`, 303);
    } catch (err) {
      const text = problemMessage(req.t, err);
      if (statusOf(err) === 429) reply.header('retry-after', String((err as HttpProblem).extra.retryAfter ?? 60));
      const row = await svc.visible(ref, req.user);
      const { title, body } = await renderProposal(req, row, { text, error: true });
      return sendPage(reply, title, body, statusOf(err));
    }
  }

  app.post('/proposals/:ref/submit', { preHandler: requireUser, schema: { hide: true, params: RefParams, body: Type.Optional(FormBody) } }, async (req, reply) =>
    act(req, reply, req.params.ref, async () => {
      await svc.submit(user(req), req.params.ref);
      return 'submitted';
    }),
  );

  app.post('/proposals/:ref/sign', { preHandler: requireUser, schema: { hide: true, params: RefParams, body: Type.Optional(FormBody) } }, async (req, reply) =>
    act(req, reply, req.params.ref, async () => {
      limits.perAddress.hit(req.ip, 'requests from your address');
      limits.signPerCitizen.hit(user(req).pseudonym, 'signatures');
      const outcome = await svc.sign(user(req), req.params.ref, { region: str(req.body, 'region') || undefined, showName: str(req.body, 'showName') === 'on' });
      const p = signOutcomeProblem(outcome);
      if (p) throw p;
      return 'signed';
    }),
  );

  app.post('/proposals/:ref/withdraw', { preHandler: requireUser, schema: { hide: true, params: RefParams, body: Type.Optional(FormBody) } }, async (req, reply) =>
    act(req, reply, req.params.ref, async () => {
      const p = signOutcomeProblem(await svc.withdraw(user(req), req.params.ref));
      if (p) throw p;
      return 'withdrawn';
    }),
  );

  app.post('/proposals/:ref/moderate', { preHandler: requireRole('moderator'), schema: { hide: true, params: RefParams, body: FormBody } }, async (req, reply) =>
    act(req, reply, req.params.ref, async () => {
      const decision = str(req.body, 'decision');
      if (decision !== 'publish' && decision !== 'reject' && decision !== 'return') throw new HttpProblem(400, req.t('proposals.mod.chooseDecision'), { code: 'decision-required' });
      await svc.moderate(user(req), req.params.ref, decision, str(req.body, 'reasonCode') || undefined, str(req.body, 'explanation') || undefined);
      return 'decided';
    }),
  );

  // ---- action group ----
  app.get('/proposals/:ref/group', { schema: { hide: true, params: RefParams } }, async (req, reply) => {
    const { t, lang } = req;
    const row = await svc.visible(req.params.ref, req.user);
    if (!row.invite_token) throw new HttpProblem(404, 'this proposal has no action group');
    const g = await svc.groupStatus(row);
    const isAuthor = req.user?.pseudonym === row.author_pseudonym;
    const invite = `${ctx.config.baseUrl}/proposals/${row.ref}/join/${row.invite_token}`;
    return sendPage(
      reply,
      t('proposals.group.title'),
      <section class="proposals">
        <Styles />
        <h1>{t('proposals.group.title')}</h1>
        <p>
          <a href={`/proposals/${row.ref}`}>{row.title}</a>
        </p>
        {g.rule && <p>{t('proposals.group.rule', { min: g.rule.minMembersPerRegion })}</p>}
        {isAuthor && EDITABLE_STATUSES.includes(row.status as ProposalStatus) && (
          <div class="notice">
            <label for="invite-link">{t('proposals.group.invite')}</label>
            <input id="invite-link" type="text" readOnly value={invite} class="invite" />
          </div>
        )}
        <h2>{t('proposals.group.missing')}</h2>
        {g.missing.length === 0 ? (
          <p>{t('proposals.group.complete')}</p>
        ) : (
          <ul class="missing">
            {g.missing.map((m) => (
              <li key={m.region}>
                {regionName(lang, m.region)}: {m.have}/{m.need}
              </li>
            ))}
          </ul>
        )}
        <h2>{t('proposals.group.members')}</h2>
        <table class="region-table">
          <caption>{t('proposals.group.count', { count: g.members.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('proposals.group.name')}</th>
              <th scope="col">{t('proposals.map.region')}</th>
            </tr>
          </thead>
          <tbody>
            {g.members.map((m, i) => (
              <tr key={i}>
                <td>{m.public_name}</td>
                <td>{regionName(lang, m.region)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>,
    );
  });

  const JoinParams = Type.Object({ ref: Type.String({ maxLength: 64 }), token: Type.String({ maxLength: 64 }) });
  const joinPage = async (req: FastifyRequest, reply: FastifyReply, ref: string, token: string, error: string | null, status = 200) => {
    const { t, lang } = req;
    const row = await svc.byRef(ref);
    if (!row || row.invite_token !== token) throw new HttpProblem(404, 'no such invitation');
    const needsRegion = !(await svc.regionOf(req.user!));
    return sendPage(
      reply,
      t('proposals.group.joinTitle'),
      <section class="proposals">
        <Styles />
        <h1>{t('proposals.group.joinTitle')}</h1>
        {error && (
          <div class="notice notice-error" role="alert">
            {error}
          </div>
        )}
        <p>{t('proposals.group.joinIntro', { title: row.title, author: row.author_public_name })}</p>
        <form method="post" action={`/proposals/${row.ref}/join/${token}`}>
          <CsrfField req={req} />
          {needsRegion && <FormField name="region" type="select" required label={t('proposals.sign.region')} hint={t('proposals.sign.regionHint')} options={[{ value: '', label: t('proposals.choose') }, ...charter.regions.map((r) => ({ value: r.code, label: r.name[lang] }))]} />}
          <button type="submit">{t('proposals.group.join')}</button>
        </form>
      </section>,
      status,
    );
  };
  app.get('/proposals/:ref/join/:token', { preHandler: requireUser, schema: { hide: true, params: JoinParams } }, async (req, reply) => joinPage(req, reply, req.params.ref, req.params.token, null));
  app.post('/proposals/:ref/join/:token', { preHandler: requireUser, schema: { hide: true, params: JoinParams, body: Type.Optional(FormBody) } }, async (req, reply) => {
    try {
      await svc.joinGroup(user(req), req.params.ref, req.params.token, str(req.body, 'region') || undefined);
    } catch (err) {
      return joinPage(req, reply, req.params.ref, req.params.token, problemMessage(req.t, err), statusOf(err));
    }
    return reply.redirect(`/proposals/${req.params.ref}/group`, 303);
  });

  // ---- moderation queue ----
  app.get('/moderation/proposals', { preHandler: requireRole('moderator'), schema: { hide: true } }, async (req, reply) => {
    const { t, lang } = req;
    const items = await svc.queue();
    return sendPage(
      reply,
      t('proposals.mod.title'),
      <section class="proposals">
        <Styles />
        <h1>{t('proposals.mod.title')}</h1>
        <p>{t('proposals.mod.intro')}</p>
        {items.length === 0 ? (
          <p>{t('proposals.mod.empty')}</p>
        ) : (
          <table class="queue">
            <caption>{t('proposals.list.count', { count: items.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('proposals.field.title')}</th>
                <th scope="col">{t('proposals.field.kind')}</th>
                <th scope="col">{t('proposals.mod.submitted')}</th>
                <th scope="col">{t('proposals.mod.deadline')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((q) => (
                <tr key={q.row.ref} class={q.overdue ? 'overdue' : undefined}>
                  <td>
                    <a href={`/proposals/${q.row.ref}`}>{q.row.title}</a>
                  </td>
                  <td>{kindName(lang, q.row.kind)}</td>
                  <td>{q.row.submitted_at ? formatDate(lang, q.row.submitted_at) : ''}</td>
                  <td>
                    {formatDate(lang, `${q.due}T12:00:00Z`)} — {q.overdue ? <StatusBadge tone="danger" label={t('proposals.mod.overdue')} /> : t('proposals.mod.left', { count: q.workingDaysLeft })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>,
    );
  });

  // ---- mine ----
  app.get('/me/proposals', { preHandler: requireUser, schema: { hide: true } }, async (req, reply) => {
    const { t } = req;
    const m = await svc.mine(user(req));
    const item = (r: { ref: string; title: string; status: string }) => (
      <li key={r.ref}>
        <a href={`/proposals/${r.ref}`}>{r.title}</a> <StatusBadge tone={TONES[r.status]} label={t(`proposals.status.${r.status}`)} />
      </li>
    );
    return sendPage(
      reply,
      t('proposals.mine.title'),
      <section class="proposals">
        <Styles />
        <h1>{t('proposals.mine.title')}</h1>
        <p>
          <a class="button" href="/proposals/new">
            {t('proposals.list.new')}
          </a>
        </p>
        <h2>{t('proposals.mine.authored')}</h2>
        {m.authored.length ? <ul>{m.authored.map(item)}</ul> : <p>{t('proposals.mine.none')}</p>}
        <h2>{t('proposals.mine.groups')}</h2>
        {m.groups.length ? <ul>{m.groups.map(item)}</ul> : <p>{t('proposals.mine.none')}</p>}
        <h2>{t('proposals.mine.signed')}</h2>
        {m.signed.length ? (
          <ul>
            {m.signed.map((s) => (
              <li key={s.ref}>
                <a href={`/proposals/${s.ref}`}>{s.title}</a> <StatusBadge tone={TONES[s.status]} label={t(`proposals.status.${s.status}`)} /> · {t('proposals.sign.signedOn', { date: formatDate(req.lang, s.signed_at) })}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('proposals.mine.none')}</p>
        )}
      </section>,
    );
  });
}


/** The "similar proposals" hint, shown on the create form and on a draft's page. */
function SimilarProposals(props: { req: FastifyRequest; similar: { ref: string; title: string }[] }) {
  if (props.similar.length === 0) return null;
  return (
    <div class="notice" role="note">
      <p>{props.req.t('proposals.similar')}</p>
      <ul>
        {props.similar.map((s) => (
          <li key={s.ref}>
            <a href={`/proposals/${s.ref}`}>{s.title}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
