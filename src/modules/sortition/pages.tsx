// Pages of the lotteries: the list of draws; one draw with its stage, commitment, entropy plan, public
// files, result and the command that rechecks it; and the secretariat's console forms for the two
// ceremony steps (commit, reveal). Works without JavaScript.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SelectionReport } from '../../core/sortition/index.ts';
import { type PoolPreview, quotasCsv, relaxQuotas } from '../../core/sortition/preview.ts';
import { DataTable, ErrorSummary, FormField, formatDateTime, formatNumber, StatusBadge, type Tone } from '../../web/components/index.ts';
import { CsrfField, sendPage } from '../../web/layout.tsx';
import { commonProblems, mergeCatalogs, problemOf } from '../../web/domainProblems.ts';
import { HttpProblem } from '../../web/problem.ts';
import { hasRole, requireRole } from '../identity/api.ts';
import { sortitionProblems } from './problems.ts';
import { readerBase } from './publicFiles.ts';
import type { CommitCsvRequest, RunRow, SortitionService } from './service.ts';
import { PreviewView } from './previewView.tsx';

const TONE: Record<string, Tone> = { committed: 'warning', running: 'info', done: 'success', failed: 'danger' };
type FieldErrors = { field: string; message: string }[];

function Status(props: { req: FastifyRequest; status: string }) {
  return <StatusBadge tone={TONE[props.status]} label={props.req.t(`sortition.status.${props.status}`)} />;
}

function probability(lang: FastifyRequest['lang'], p: number): string {
  return formatNumber(lang, p, { maximumFractionDigits: 6 });
}

/** Field errors of a problem, with the API's `body.` prefix dropped so they match the form's names. */
function errorsOf(err: unknown): { status: number; errors: FieldErrors } | null {
  const problem = problemOf(err, CATALOG);
  if (!problem) return null;
  const list = problem.extra.errors?.length ? problem.extra.errors : [{ field: 'form', message: problem.message }];
  return { status: problem.status, errors: list.map((e) => ({ field: e.field.replace(/^body\./, ''), message: e.message })) };
}

/** The codes the service raises (its own and the shared ones), for the console forms' messages. */
const CATALOG = mergeCatalogs(commonProblems, sortitionProblems);

/** The command printed on the run page: it works from an empty folder against the address used. */
export function rerunCommand(base: string, id: string): string {
  return `curl -fsSO ${base}/kenes-verify.mjs\nnode kenes-verify.mjs draw ${base}/sortition/runs/${id}`;
}

export function sortitionPages(app: FastifyInstance, svc: SortitionService) {
  app.get('/sortition', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const t = req.t;
    const runs = await svc.list();
    return sendPage(
      reply,
      t('sortition.title'),
      <>
        <h1>{t('sortition.title')}</h1>
        <p class="lead">{t('sortition.intro')}</p>
        {hasRole(req.user, 'secretariat') && (
          <p>
            <a href="/sortition/new">{t('sortition.new.link')}</a>
          </p>
        )}
        <DataTable
          caption={t('sortition.runs')}
          rows={runs}
          rowKey={(r) => r.id}
          empty={t('sortition.empty')}
          columns={[
            { header: t('sortition.col.started'), rowHeader: true, cell: (r) => <a href={`/sortition/runs/${r.id}`}>{formatDateTime(req.lang, r.created_at)}</a> },
            { header: t('sortition.col.status'), cell: (r) => <Status req={req} status={r.status} /> },
            { header: t('sortition.col.algorithm'), cell: (r) => r.algorithm.toUpperCase() },
            { header: t('sortition.col.seats'), numeric: true, cell: (r) => formatNumber(req.lang, r.k) },
            { header: t('sortition.col.pool'), numeric: true, cell: (r) => formatNumber(req.lang, r.pool_size) },
            { header: t('sortition.col.commitment'), cell: (r) => <code>{(r.commitment ?? r.input_hash).slice(0, 16)}…</code> },
          ]}
        />
      </>,
    );
  });

  app.get('/sortition/new', { preHandler: requireRole('secretariat'), schema: { hide: true } }, async (req, reply) => newDrawPage(req, reply, {}, []));

  app.post('/sortition/draws', { preHandler: requireRole('secretariat'), schema: { hide: true } }, async (req, reply) => {
    const form = (req.body ?? {}) as Record<string, string | undefined>;
    const body = commitRequestOf(form);
    if (!Number.isSafeInteger(body.k) || body.k < 1) return newDrawPage(req, reply, form, [{ field: 'k', message: req.t('sortition.new.kError') }], 400);
    try {
      const c = await svc.commitCsv(req.user!.id, body);
      return reply.redirect(`/sortition/runs/${c.id}`, 303);
    } catch (err) {
      const e = errorsOf(err);
      if (!e) throw err;
      return newDrawPage(req, reply, form, e.errors, e.status);
    }
  });

  // The check before the commit: parsed pool and quotas, every row problem, feasibility and the
  // suggested relaxation, which `relax=1` writes into the quota field. Nothing is stored.
  app.post('/sortition/draws/preview', { preHandler: requireRole('secretariat'), schema: { hide: true } }, async (req, reply) => {
    const form = { ...((req.body ?? {}) as Record<string, string | undefined>) };
    const body = commitRequestOf(form);
    if (!Number.isSafeInteger(body.k) || body.k < 1) return newDrawPage(req, reply, form, [{ field: 'k', message: req.t('sortition.new.kError') }], 400);
    try {
      let { input, preview } = await svc.previewCsv(body);
      let relaxed = false;
      const changes = preview.diagnosis?.relaxation;
      if (form.relax === '1' && changes?.length) {
        const field = body.format === 'panelot' ? 'categoriesCsv' : 'featuresCsv';
        form[field] = quotasCsv(body.format, relaxQuotas(input.quotas, changes));
        ({ input, preview } = await svc.previewCsv(commitRequestOf(form)));
        relaxed = true;
      }
      return newDrawPage(req, reply, form, [], 200, { preview, relaxed });
    } catch (err) {
      const e = errorsOf(err);
      if (!e) throw err;
      return newDrawPage(req, reply, form, e.errors, e.status);
    }
  });

  app.get('/sortition/runs/:id', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const id = (req.params as { id: string }).id;
    const run = /^[0-9a-f-]{36}$/.test(id) ? await svc.get(id) : null;
    if (!run) throw new HttpProblem(404, 'no such sortition run');
    return runPage(req, reply, run, []);
  });

  app.post('/sortition/runs/:id/reveal', { preHandler: requireRole('secretariat'), schema: { hide: true } }, async (req, reply) => {
    const id = (req.params as { id: string }).id;
    const run = /^[0-9a-f-]{36}$/.test(id) ? await svc.get(id) : null;
    if (!run) throw new HttpProblem(404, 'no such sortition run');
    const form = (req.body ?? {}) as Record<string, string | undefined>;
    try {
      await svc.reveal(id, { entropy: form.entropy, ...(form.seed !== undefined ? { seed: form.seed } : {}) });
      return reply.redirect(`/sortition/runs/${id}`, 303);
    } catch (err) {
      const e = errorsOf(err);
      if (!e) throw err;
      const errors = e.errors.map((x) => (x.field === 'form' ? { ...x, field: 'entropy' } : x));
      return runPage(req, reply, run, errors, e.status, form.entropy ?? '');
    }
  });
}

/** The commit request a console form stands for (the preview reads the same fields). */
function commitRequestOf(form: Record<string, string | undefined>): CommitCsvRequest {
  const text = (k: string) => (typeof form[k] === 'string' && form[k]!.trim() !== '' ? form[k] : undefined);
  return {
    format: form.format === 'sortition-foundation' ? 'sortition-foundation' : 'panelot',
    categoriesCsv: text('categoriesCsv'),
    respondentsCsv: text('respondentsCsv'),
    featuresCsv: text('featuresCsv'),
    peopleCsv: text('peopleCsv'),
    k: /^\d+$/.test(form.k ?? '') ? Number(form.k) : Number.NaN,
    idColumn: text('idColumn'),
    algorithm: (['leximin', 'maximin', 'nash'] as const).find((a) => a === form.algorithm) ?? 'leximin',
    entropySources: String(form.entropySources ?? '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean),
    entropyAfter: String(form.entropyAfter ?? ''),
    ...(form.seed !== undefined ? { seed: form.seed } : {}),
  };
}

function newDrawPage(req: FastifyRequest, reply: FastifyReply, form: Record<string, string | undefined>, errors: FieldErrors, status = 200, checked?: { preview: PoolPreview; relaxed: boolean }) {
  const t = req.t;
  const err = (f: string) => errors.find((e) => e.field === f)?.message ?? null;
  // A CSV field may have many row problems: each is in the summary, the field shows the first and how many.
  const errs = (f: string) => {
    const all = errors.filter((e) => e.field === f);
    return all.length > 1 ? `${all[0]!.message} ${t('sortition.preview.more', { n: all.length - 1 })}` : (all[0]?.message ?? null);
  };
  const fileAttrs = { 'data-csv-file': t('sortition.preview.chooseFile') };
  const other = errors.filter((e) => !['format', 'categoriesCsv', 'respondentsCsv', 'featuresCsv', 'peopleCsv', 'k', 'idColumn', 'entropySources', 'entropyAfter', 'algorithm'].includes(e.field));
  const shown = [...errors.filter((e) => !other.includes(e)), ...other.map((e) => ({ ...e, field: 'respondentsCsv' }))];
  return sendPage(
    reply,
    t('sortition.new.title'),
    <>
      <p>
        <a href="/sortition">{t('sortition.title')}</a>
      </p>
      <h1>{t('sortition.new.title')}</h1>
      <p>{t('sortition.new.intro')}</p>
      <ErrorSummary t={t} errors={shown} />
      {checked && <PreviewView req={req} preview={checked.preview} relaxed={checked.relaxed} />}
      <form method="post" action="/sortition/draws" novalidate>
        <CsrfField req={req} />
        <FormField name="format" type="select" label={t('sortition.new.format')} value={form.format ?? 'panelot'} options={[{ value: 'panelot', label: 'Panelot (categories.csv + respondents.csv)' }, { value: 'sortition-foundation', label: 'Sortition Foundation (features.csv + people.csv)' }]} error={err('format')} />
        <FormField name="categoriesCsv" type="textarea" label={t('sortition.new.categoriesCsv')} value={form.categoriesCsv} error={errs('categoriesCsv')} attrs={{ rows: 6, ...fileAttrs }} />
        <FormField name="respondentsCsv" type="textarea" label={t('sortition.new.respondentsCsv')} hint={t('sortition.new.poolHint')} value={form.respondentsCsv} error={errs('respondentsCsv') ?? (other[0]?.message ?? null)} attrs={{ rows: 8, ...fileAttrs }} />
        <FormField name="featuresCsv" type="textarea" label={t('sortition.new.featuresCsv')} value={form.featuresCsv} error={errs('featuresCsv')} attrs={{ rows: 6, ...fileAttrs }} />
        <FormField name="peopleCsv" type="textarea" label={t('sortition.new.peopleCsv')} hint={t('sortition.new.poolHint')} value={form.peopleCsv} error={errs('peopleCsv')} attrs={{ rows: 8, ...fileAttrs }} />
        <FormField name="idColumn" label={t('sortition.new.idColumn')} hint={t('sortition.new.idColumnHint')} value={form.idColumn} error={err('idColumn')} />
        <FormField name="k" type="number" label={t('sortition.new.k')} value={form.k} error={err('k')} required attrs={{ min: 1 }} />
        <FormField name="algorithm" type="select" label={t('sortition.col.algorithm')} value={form.algorithm ?? 'leximin'} options={[{ value: 'leximin', label: 'LEXIMIN' }, { value: 'maximin', label: 'MAXIMIN' }, { value: 'nash', label: 'NASH' }]} error={err('algorithm')} />
        <FormField name="entropySources" type="textarea" label={t('sortition.new.entropySources')} hint={t('sortition.new.entropySourcesHint')} value={form.entropySources} error={err('entropySources')} required attrs={{ rows: 3 }} />
        <FormField name="entropyAfter" label={t('sortition.new.entropyAfter')} hint={t('sortition.new.entropyAfterHint')} value={form.entropyAfter} error={err('entropyAfter')} required />
        <div class="actions">
          <button type="submit">{t('sortition.new.submit')}</button>
          <button type="submit" formaction="/sortition/draws/preview" class="secondary">
            {t('sortition.preview.check')}
          </button>
          {checked?.preview.diagnosis?.relaxation?.length ? (
            <button type="submit" formaction="/sortition/draws/preview" name="relax" value="1" class="secondary">
              {t('sortition.preview.apply')}
            </button>
          ) : null}
        </div>
      </form>
      <script type="module" src="/static/csv-files.js" />
    </>,
    status,
  );
}

function runPage(req: FastifyRequest, reply: FastifyReply, run: RunRow, errors: FieldErrors, status = 200, entropy = '') {
  const t = req.t;
  const title = t('sortition.run.title', { k: run.k, pool: run.poolSize });
  const r = run.report;
  const base = readerBase(req);
  const page = `/sortition/runs/${run.id}`;
  const progress = run.progress as { round?: number; minimum?: number; fixed?: number } | null;
  const error = run.error as { message?: string; diagnosis?: { conflicts: { category: string; value: string; bound: string; limit: number }[] } } | null;
  const files = run.commitment ? (['pool.csv', 'quotas.csv', 'commitment.json', ...(r ? ['report.json'] : []), 'ledger.json'] as const) : [];
  return sendPage(
    reply,
    title,
    <>
      <p>
        <a href="/sortition">{t('sortition.title')}</a>
      </p>
      <h1>{title}</h1>
      <p>
        <Status req={req} status={run.status} /> {formatDateTime(req.lang, run.createdAt)}
      </p>
      <dl class="facts">
        <dt>{t('sortition.stage')}</dt>
        <dd data-stage={run.stage}>{t(`sortition.stage.${run.stage}`)}</dd>
        {run.commitment ? (
          <>
            <dt>{t('sortition.run.commitment')}</dt>
            <dd>
              <code class="hash">{run.commitment}</code>
            </dd>
            <dt>{t('sortition.run.ledgerEntry')}</dt>
            <dd>{run.ledger.committed === null ? '—' : <a href={`/ledger/entries/${run.ledger.committed}`}>#{run.ledger.committed}</a>}</dd>
            <dt>{t('sortition.run.sources')}</dt>
            <dd>
              <ul class="entropy-sources">
                {(run.entropyPlan?.sources ?? []).map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            </dd>
            <dt>{t('sortition.run.after')}</dt>
            <dd>
              <time dateTime={run.entropyPlan?.after}>{run.entropyPlan ? `${formatDateTime(req.lang, run.entropyPlan.after)} (${run.entropyPlan.after})` : '—'}</time>
            </dd>
          </>
        ) : (
          <>
            <dt>{t('sortition.run.inputHash')}</dt>
            <dd>
              <code class="hash">{run.inputHash}</code>
            </dd>
          </>
        )}
        <dt>{t('sortition.col.algorithm')}</dt>
        <dd>{run.algorithm.toUpperCase()}</dd>
        {r && <Result req={req} report={r} />}
      </dl>
      {!run.commitment && <p role="note">{t('sortition.run.private')}</p>}
      {run.status === 'committed' && <p role="status">{t('sortition.run.awaiting', { date: run.entropyPlan ? formatDateTime(req.lang, run.entropyPlan.after) : '' })}</p>}
      {run.status === 'committed' && hasRole(req.user, 'secretariat') && (
        <section aria-labelledby="reveal-title">
          <h2 id="reveal-title">{t('sortition.reveal.title')}</h2>
          <ErrorSummary t={t} errors={errors} />
          <form method="post" action={`${page}/reveal`}>
            <CsrfField req={req} />
            <FormField name="entropy" type="textarea" label={t('sortition.reveal.entropy')} hint={t('sortition.reveal.hint')} value={entropy} error={errors.find((e) => e.field === 'entropy')?.message ?? null} required attrs={{ rows: 4 }} />
            <button type="submit">{t('sortition.reveal.submit')}</button>
          </form>
        </section>
      )}
      {status !== 200 && run.status !== 'committed' && <ErrorSummary t={t} errors={errors} />}
      {run.status === 'running' && (
        <>
          {/* Updated live from the draw's events by /static/run-progress.js; the link reloads without JavaScript. */}
          <p role="status" data-run-events={`/api/v1/sortition/runs/${run.id}/events`} data-progress-text={t('sortition.run.progress', { round: '{round}', minimum: '{minimum}', fixed: '{fixed}' })}>
            {t('sortition.run.running')} <span data-progress>{progress?.round !== undefined ? t('sortition.run.progress', { round: progress.round, minimum: probability(req.lang, progress.minimum ?? 0), fixed: progress.fixed ?? 0 }) : ''}</span>
          </p>
          <p>
            <a href={page}>{t('sortition.run.refresh')}</a>
          </p>
          <script type="module" src="/static/run-progress.js" />
        </>
      )}
      {run.status === 'failed' && error && (
        <section>
          <p role="alert">{t('sortition.run.failed', { reason: error.message ?? '' })}</p>
          {error.diagnosis && error.diagnosis.conflicts.length > 0 && (
            <>
              <h2>{t('sortition.run.conflicts')}</h2>
              <ul>
                {error.diagnosis.conflicts.map((c) => (
                  <li key={`${c.category}-${c.value}-${c.bound}`}>
                    {c.category} = {c.value}: {c.bound} {c.limit}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
      {r && (
        <section>
          <h2>{t('sortition.run.panel')}</h2>
          <p class="panel-ids">{r.draw.members.join(', ')}</p>
          <ul>
            <li>
              <a href={`${page}/report.html`}>{t('sortition.run.report')}</a>
            </li>
            <li>
              <a href={`/api/v1/sortition/runs/${run.id}`}>{t('sortition.run.json')}</a>
            </li>
          </ul>
        </section>
      )}
      {files.length > 0 && (
        <section aria-labelledby="files-title">
          <h2 id="files-title">{t('sortition.run.files')}</h2>
          <ul class="public-files">
            {files.map((f) => (
              <li key={f}>
                <a href={`${page}/${f}`} download={f}>
                  {f}
                </a>{' '}
                — {t(`sortition.file.${f.replace(/\..*$/, '')}`)}
              </li>
            ))}
          </ul>
        </section>
      )}
      {r && run.commitment && (
        <section aria-labelledby="verify-title">
          <h2 id="verify-title">{t('sortition.run.verify')}</h2>
          <p>{t('sortition.run.verifyIntro')}</p>
          <pre>
            <code class="rerun">{rerunCommand(base, run.id)}</code>
          </pre>
          <p>{t('sortition.run.verifyCli')}</p>
          <pre>
            <code>{`kenes select verify ${base}${page}`}</code>
          </pre>
        </section>
      )}
    </>,
    status,
  );
}

function Result(props: { req: FastifyRequest; report: SelectionReport }) {
  const { req, report: r } = props;
  const t = req.t;
  return (
    <>
      <dt>{t('sortition.run.entropy')}</dt>
      <dd class="entropy">{r.entropy ?? t('sortition.run.noEntropy')}</dd>
      <dt>{t('sortition.run.seed')}</dt>
      <dd>
        <code class="hash">{r.seed}</code>
      </dd>
      <dt>{t('sortition.run.engine')}</dt>
      <dd>
        {r.engine.name} {r.engine.version} ({r.engine.solver})
      </dd>
      <dt>{t('sortition.run.optimal')}</dt>
      <dd>{r.optimal ? t('sortition.yes') : t('sortition.run.notOptimal', { gap: probability(req.lang, r.gap) })}</dd>
      <dt>{t('sortition.run.min')}</dt>
      <dd>{probability(req.lang, r.summary.min)}</dd>
      <dt>{t('sortition.run.max')}</dt>
      <dd>{probability(req.lang, r.summary.max)}</dd>
      <dt>{t('sortition.run.gini')}</dt>
      <dd>{probability(req.lang, r.summary.gini)}</dd>
      <dt>{t('sortition.run.ticket', { ticket: r.draw.ticket, size: r.lottery.size })}</dt>
      <dd>
        <code>{r.draw.panel}</code>
      </dd>
    </>
  );
}
