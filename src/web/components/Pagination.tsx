// Page links for long lists: previous, numbered pages around the current one, next. Plain links, so
// it works without JavaScript; the current page is marked with aria-current.
import type { Translate } from '../i18n.ts';

export interface PaginationProps {
  t: Translate;
  /** 1-based current page. */
  page: number;
  pageCount: number;
  /** URL of a page, e.g. `(p) => \`/proposals?page=${p}\``. */
  href: (page: number) => string;
  /** Pages shown either side of the current one. */
  around?: number;
}

/** The page numbers to show, with `null` for a gap: 1 … 4 5 [6] 7 8 … 20. */
export function pageWindow(page: number, pageCount: number, around = 2): (number | null)[] {
  const out: (number | null)[] = [];
  const from = Math.max(2, page - around);
  const to = Math.min(pageCount - 1, page + around);
  out.push(1);
  if (from > 2) out.push(null);
  for (let p = from; p <= to; p++) out.push(p);
  if (to < pageCount - 1) out.push(null);
  if (pageCount > 1) out.push(pageCount);
  return out;
}

export function Pagination(props: PaginationProps) {
  const { t, page, pageCount, href } = props;
  if (pageCount <= 1) return null;
  return (
    <nav class="pagination" aria-label={t('ui.pagination.label')}>
      <ul>
        <li>
          {page > 1 ? (
            <a href={href(page - 1)} rel="prev">
              {t('ui.pagination.previous')}
            </a>
          ) : (
            <span class="disabled">{t('ui.pagination.previous')}</span>
          )}
        </li>
        {pageWindow(page, pageCount, props.around).map((p, i) =>
          p === null ? (
            <li key={`gap-${i}`} class="gap" aria-hidden="true">
              …
            </li>
          ) : (
            <li key={p}>
              <a href={href(p)} aria-current={p === page ? 'page' : undefined} aria-label={t('ui.pagination.page', { page: p })}>
                {p}
              </a>
            </li>
          ),
        )}
        <li>
          {page < pageCount ? (
            <a href={href(page + 1)} rel="next">
              {t('ui.pagination.next')}
            </a>
          ) : (
            <span class="disabled">{t('ui.pagination.next')}</span>
          )}
        </li>
      </ul>
    </nav>
  );
}
