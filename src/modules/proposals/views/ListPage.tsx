// The list of public proposals with search, filters, sorting and the CSV link.
import { PROPOSAL_STATUSES, type ProposalStatus, SIGNABLE_STATUSES } from '../../../core/proposals/rules.ts';
import { TOPICS } from '../../../core/proposals/topics.ts';
import { FormField, formatDate, formatNumber, StatusBadge, type ViewRequest } from '../../../web/components/index.ts';
import type { ProposalRow } from '../service.ts';
import { type Catalog, namesFor, Styles, TONES } from './common.tsx';

/** The statuses a reader can filter the public list by. */
const LISTABLE: readonly (typeof PROPOSAL_STATUSES)[number][] = ['open', 'reached', 'succeeded', 'expired', 'rejected'];
const SORTS = ['newest', 'mostSigned', 'closingSoon'] as const;

export interface ListPageProps {
  req: ViewRequest;
  cat: Catalog;
  /** The filters as asked (status and sort already checked). */
  query: { q?: string; kind?: string; region?: string; topic?: string; status?: string; sort: string };
  /** `shown`: the title and summary in the reader's language, when translated (ADR 0511). */
  cards: { row: ProposalRow; total: number; withheld: boolean; shown?: { lang: string; title: string; summary: string } }[];
  csvQuery: string;
}

export function ListPage(props: ListPageProps) {
  const { req, cat, query: q, cards } = props;
  const { t, lang } = req;
  const names = namesFor(cat, t, lang);
  const any = { value: '', label: t('proposals.list.any') };
  return (
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
        <FormField name="kind" type="select" label={t('proposals.field.kind')} value={q.kind ?? ''} options={[any, ...cat.charter.proposalKinds.map((k) => ({ value: k.id, label: k.name[lang] }))]} />
        <FormField name="status" type="select" label={t('proposals.list.status')} value={q.status ?? ''} options={[any, ...LISTABLE.map((s) => ({ value: s, label: t(`proposals.status.${s}`) }))]} />
        <FormField name="region" type="select" label={t('proposals.field.scope')} value={q.region ?? ''} options={[any, { value: 'national', label: t('proposals.scope.national') }, ...cat.charter.regions.map((r) => ({ value: r.code, label: r.name[lang] }))]} />
        <FormField name="topic" type="select" label={t('proposals.field.topic')} value={q.topic ?? ''} options={[any, ...TOPICS.map((x) => ({ value: x, label: t(`proposals.topic.${x}`) }))]} />
        <FormField name="sort" type="select" label={t('proposals.list.sort')} value={q.sort} options={SORTS.map((s) => ({ value: s, label: t(`proposals.sort.${s}`) }))} />
        <button type="submit">{t('proposals.list.apply')}</button>
      </form>
      <p class="result-count" aria-live="polite">
        {t('proposals.list.count', { count: cards.length })} · <a href={`/api/v1/proposals?${props.csvQuery}`}>{t('proposals.list.csv')}</a>
      </p>
      {cards.length === 0 ? (
        <p>{t('proposals.list.empty')}</p>
      ) : (
        <ul class="proposal-list">
          {cards.map(({ row: r, total, withheld, shown }) => {
            const kind = cat.kind(r.kind);
            const progress = kind && t('proposals.progress', { n: total, threshold: formatNumber(lang, kind.signatureThreshold) });
            return (
              <li key={r.ref} class="proposal-card">
                <h2>
                  <a href={`/proposals/${r.ref}`} lang={withheld ? undefined : (shown?.lang ?? r.language)}>
                    {withheld ? t('proposals.withheld') : (shown?.title ?? r.title)}
                  </a>
                </h2>
                <p class="meta">
                  <StatusBadge tone={TONES[r.status]} label={t(`proposals.status.${r.status}`)} /> {names.kind(r.kind)} · {t(`proposals.topic.${r.topic}`)} · {names.scope(r.scope)}
                </p>
                {!withheld && <p lang={shown?.lang ?? r.language}>{shown?.summary ?? r.summary}</p>}
                {r.status !== 'rejected' && kind && (
                  <p class="progress-line">
                    <progress max={kind.signatureThreshold} value={Math.min(total, kind.signatureThreshold)} aria-label={progress} /> {progress}
                    {r.closes_at && SIGNABLE_STATUSES.includes(r.status as ProposalStatus) ? ` · ${t('proposals.closes', { date: formatDate(lang, r.closes_at) })}` : ''}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
