// The console's check of a pool against its quotas (issue 15), shown above the commit form: how many
// people, seats and households; per category each value's bounds against the people who have it;
// whether any panel meets every quota, and if not, the conflicting bounds and the smallest relaxation
// the engine finds within min_flex/max_flex (which the form can apply).
import type { FastifyRequest } from 'fastify';
import type { PoolPreview, PreviewValue } from '../../core/sortition/preview.ts';
import { DataTable, formatNumber } from '../../web/components/index.ts';

export function PreviewView(props: { req: FastifyRequest; preview: PoolPreview; relaxed: boolean }) {
  const { req, preview: p, relaxed } = props;
  const t = req.t;
  const n = (x: number) => formatNumber(req.lang, x);
  const share = (x: number) => formatNumber(req.lang, p.poolSize ? x / p.poolSize : 0, { style: 'percent', maximumFractionDigits: 1 });
  const d = p.diagnosis;
  return (
    <section class="preview" aria-labelledby="preview-title" data-feasible={String(p.feasible)}>
      <h2 id="preview-title">{t('sortition.preview.title')}</h2>
      <p>{t('sortition.preview.summary', { pool: n(p.poolSize), k: n(p.k) })}{p.households !== null && <> {t('sortition.preview.households', { n: n(p.households) })}</>}</p>
      {relaxed && <p role="status">{t('sortition.preview.relaxed')}</p>}
      {p.feasible ? (
        <p class="notice notice-success" role="status">
          {t('sortition.preview.feasible')}
        </p>
      ) : (
        <div class="notice notice-danger" role="alert">
          <p>
            <strong>{t('sortition.preview.infeasible')}</strong>
          </p>
          {d && d.conflicts.length > 0 && (
            <>
              <p>{t('sortition.preview.conflicts')}</p>
              <ul>
                {d.conflicts.map((c) => (
                  <li key={`${c.category}|${c.value}|${c.bound}`}>
                    {t(c.bound === 'min' ? 'sortition.preview.conflictMin' : 'sortition.preview.conflictMax', { category: c.category, value: c.value, limit: n(c.limit), pool: n(c.pool) })}
                  </li>
                ))}
              </ul>
            </>
          )}
          {d?.relaxation?.length ? (
            <DataTable
              id="preview-relaxation"
              caption={t('sortition.preview.relaxation')}
              rows={d.relaxation}
              rowKey={(c) => `${c.category}|${c.value}`}
              empty="—"
              columns={[
                { header: t('sortition.preview.category'), cell: (c) => c.category },
                { header: t('sortition.preview.value'), cell: (c) => c.value, rowHeader: true },
                { header: t('sortition.preview.now'), cell: (c) => `${n(c.min)}–${n(c.max)}`, numeric: true },
                { header: t('sortition.preview.suggested'), cell: (c) => `${n(c.newMin)}–${n(c.newMax)}`, numeric: true },
              ]}
            />
          ) : (
            <p>{t('sortition.preview.noRelaxation')}</p>
          )}
        </div>
      )}
      {p.categories.map((c, i) => (
        <DataTable<PreviewValue>
          key={c.category}
          id={`preview-category-${i}`}
          caption={t('sortition.preview.categoryCaption', { category: c.category })}
          rows={c.values}
          rowKey={(v) => v.value}
          empty="—"
          rowClass={(v) => (v.short ? 'row-warning' : undefined)}
          columns={[
            { header: t('sortition.preview.value'), cell: (v) => v.value, rowHeader: true },
            { header: t('sortition.preview.bounds'), cell: (v) => `${n(v.min)}–${n(v.max)}`, numeric: true },
            { header: t('sortition.preview.inPool'), cell: (v) => n(v.pool), numeric: true },
            { header: t('sortition.preview.share'), cell: (v) => share(v.pool), numeric: true },
            { header: t('sortition.preview.note'), cell: (v) => (v.short ? t('sortition.preview.short') : '') },
          ]}
        />
      ))}
    </section>
  );
}
