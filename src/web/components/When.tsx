// A moment or a day as people read it: in Asia/Almaty, in the page's language, with the exact ISO form
// in <time datetime> for machines (and a tooltip). Use it wherever a stored timestamp reaches a page.
import type { Lang } from '../i18n.ts';
import { formatDate, formatDateTime } from './format.ts';

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `iso` a timestamp (`2026-12-30T04:00:00Z`) or a calendar date (`2026-12-30`); nothing when absent. */
export function When(props: { lang: Lang; iso: string | null | undefined; dateOnly?: boolean }) {
  const { iso, lang } = props;
  if (!iso) return null;
  const text = PLAIN_DATE.test(iso) || props.dateOnly ? formatDate(lang, iso) : formatDateTime(lang, iso);
  return (
    <time datetime={iso} title={iso}>
      {text}
    </time>
  );
}
