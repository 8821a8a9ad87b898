// The moderators' queue: submitted proposals by their deadline, overdue ones marked.
import { DataTable, formatDate, StatusBadge, type ViewRequest } from '../../../web/components/index.ts';
import type { ProposalsService } from '../service.ts';
import { type Catalog, namesFor, Styles } from './common.tsx';

type QueueItem = Awaited<ReturnType<ProposalsService['queue']>>[number];

export function QueuePage(props: { req: ViewRequest; cat: Catalog; items: QueueItem[] }) {
  const { req, cat, items } = props;
  const { t, lang } = req;
  const names = namesFor(cat, t, lang);
  return (
    <section class="proposals">
      <Styles />
      <h1>{t('proposals.mod.title')}</h1>
      <p>{t('proposals.mod.intro')}</p>
      {items.length === 0 ? (
        <p>{t('proposals.mod.empty')}</p>
      ) : (
        <DataTable<QueueItem>
          id="queue"
          caption={t('proposals.list.count', { count: items.length })}
          frame={false}
          tableClass="queue"
          rows={items}
          rowKey={(q) => q.row.ref}
          rowClass={(q) => (q.overdue ? 'overdue' : undefined)}
          empty={t('proposals.mod.empty')}
          columns={[
            { header: t('proposals.field.title'), cell: (q) => <a href={`/proposals/${q.row.ref}`}>{q.row.title}</a> },
            { header: t('proposals.field.kind'), cell: (q) => names.kind(q.row.kind) },
            { header: t('proposals.mod.submitted'), cell: (q) => (q.row.submitted_at ? formatDate(lang, q.row.submitted_at) : '') },
            {
              header: t('proposals.mod.deadline'),
              cell: (q) => (
                <>
                  {formatDate(lang, q.due)} — {q.overdue ? <StatusBadge tone="danger" label={t('proposals.mod.overdue')} /> : t('proposals.mod.left', { count: q.workingDaysLeft })}
                </>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}
