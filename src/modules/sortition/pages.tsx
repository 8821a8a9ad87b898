// Public pages of the lotteries: the list of draws and one draw with its commitment, result and the
// command that reruns it. Works without JavaScript.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SelectionReport } from '../../core/sortition/index.ts';
import { DataTable, formatDateTime, formatNumber, StatusBadge, type Tone } from '../../web/components/index.ts';
import { sendPage } from '../../web/layout.tsx';
import { HttpProblem } from '../../web/problem.ts';
import type { sortitionService } from './service.ts';

type Service = ReturnType<typeof sortitionService>;
const TONE: Record<string, Tone> = { running: 'info', done: 'success', failed: 'danger' };

function Status(props: { req: FastifyRequest; status: string }) {
  return <StatusBadge tone={TONE[props.status]} label={props.req.t(`sortition.status.${props.status}`)} />;
}

function probability(lang: FastifyRequest['lang'], p: number): string {
  return formatNumber(lang, p, { maximumFractionDigits: 6 });
}

export function sortitionPages(app: FastifyInstance, svc: Service) {
  app.get('/sortition', { schema: { hide: true } }, async (req, reply) => {
    const t = req.t;
    const runs = await svc.list();
    return sendPage(
      reply,
      t('sortition.title'),
      <>
        <h1>{t('sortition.title')}</h1>
        <p class="lead">{t('sortition.intro')}</p>
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
            { header: t('sortition.col.inputHash'), cell: (r) => <code>{r.input_hash.slice(0, 16)}…</code> },
          ]}
        />
      </>,
    );
  });

  app.get('/sortition/runs/:id', { schema: { hide: true } }, async (req, reply) => {
    const t = req.t;
    const id = (req.params as { id: string }).id;
    const run = /^[0-9a-f-]{36}$/.test(id) ? await svc.get(id) : null;
    if (!run) throw new HttpProblem(404, 'no such sortition run');
    const title = t('sortition.run.title', { k: run.k, pool: run.poolSize });
    const r = run.report;
    const progress = run.progress as { round?: number; minimum?: number; fixed?: number } | null;
    const error = run.error as { message?: string; diagnosis?: { conflicts: { category: string; value: string; bound: string; limit: number }[] } } | null;
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
          <dt>{t('sortition.run.inputHash')}</dt>
          <dd>
            <code class="hash">{run.inputHash}</code>
          </dd>
          <dt>{t('sortition.col.algorithm')}</dt>
          <dd>{run.algorithm.toUpperCase()}</dd>
          {r && <Result req={req} report={r} />}
        </dl>
        {run.status === 'running' && (
          <p role="status">
            {t('sortition.run.running')}
            {progress?.round !== undefined && <> {t('sortition.run.progress', { round: progress.round, minimum: probability(req.lang, progress.minimum ?? 0), fixed: progress.fixed ?? 0 })}</>}
          </p>
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
                <a href={`/sortition/runs/${run.id}/report.html`}>{t('sortition.run.report')}</a>
              </li>
              <li>
                <a href={`/api/v1/sortition/runs/${run.id}`}>{t('sortition.run.json')}</a>
              </li>
            </ul>
            <h2>{t('sortition.run.verify')}</h2>
            <p>{t('sortition.run.verifyIntro')}</p>
            <pre>
              <code>{`curl -s ${req.protocol}://${req.host}/api/v1/sortition/runs/${run.id} | jq .report > report.json\nnpx kenes select verify report.json ${run.format === 'panelot' ? '--categories categories.csv --respondents respondents.csv' : '--features features.csv --people people.csv'} --k ${run.k}`}</code>
            </pre>
          </section>
        )}
      </>,
    );
  });
}

function Result(props: { req: FastifyRequest; report: SelectionReport }) {
  const { req, report: r } = props;
  const t = req.t;
  return (
    <>
      <dt>{t('sortition.run.entropy')}</dt>
      <dd>{r.entropy ?? '—'}</dd>
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
