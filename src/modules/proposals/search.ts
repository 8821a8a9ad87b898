// The proposals' part of the one search (ADR 0508): the public list's own full-text query (ADR 0507),
// newest first, so the search page and `/proposals?q=` find the same proposals.
import type { SearchSource } from '../../web/search.tsx';
import { isLang } from '../../web/i18n.ts';
import { proposalsService } from './service.ts';

const SNIPPET = 200;

export const proposalsSearch: SearchSource = {
  section: 'proposals',
  titleKey: 'nav.proposals',
  async run(ctx, req) {
    const { rows } = await proposalsService(ctx).list({ q: req.q, limit: req.limit + 1, offset: req.offset });
    const hits = rows.slice(0, req.limit).map((r) => ({
      title: r.title,
      href: `/proposals/${encodeURIComponent(r.ref)}`,
      lang: isLang(r.language) ? r.language : undefined,
      detail: `${req.t(`proposals.status.${r.status}`)} · ${r.summary.length > SNIPPET ? `${r.summary.slice(0, SNIPPET)}…` : r.summary}`,
    }));
    return { hits, more: rows.length > req.limit };
  },
};
