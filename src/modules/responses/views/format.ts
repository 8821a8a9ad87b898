// How the responses pages show dates and figures: medium dates, whole percentages, one decimal, and
// `—` where a figure does not exist yet (no answer to take a median of, no deadline before assignment).
import { formatDate, formatNumber, formatPercent, orDash } from '../../../web/components/index.ts';
import type { Lang } from '../../../web/i18n.ts';

const ONE_DECIMAL: Intl.NumberFormatOptions = { maximumFractionDigits: 1 };

/** A plain `YYYY-MM-DD` day: `20 Mar 2026`. */
export const day = (lang: Lang, d: string | null): string => orDash(d, (x) => formatDate(lang, x, 'medium'));
export const pct = (lang: Lang, x: number | null): string => orDash(x, (v) => formatPercent(lang, v, 0));
export const num = (lang: Lang, x: number | null): string => orDash(x, (v) => formatNumber(lang, v, ONE_DECIMAL));
