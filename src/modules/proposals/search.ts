// The proposals' part of the one search (ADR 0508): the public list's own full-text query (ADR 0507),
// newest first, so the search page and `/proposals?q=` find the same proposals.
import type { SearchSource } from '../../web/search.tsx';
import { isLang } from '../../web/i18n.ts';
import { proposalsService } from './service.ts';
import { translationsFor } from './translations.ts';

const SNIPPET = 200;

export const proposalsSearch: SearchSource = {
  section: 'proposals',
  titleKey: 'nav.proposals',
  async run(ctx, req) {
    const svc = proposalsService(ctx);
    const { rows } = await svc.list({ q: req.q, limit: req.limit + 1, offset: req.offset });
    const page = rows.slice(0, req.limit);
    // A translation into the reader's language is shown instead of the original (ADR 0511).
    const shown = await translationsFor(svc, page.filter((r) => r.language !== req.lang).map((r) => r.id), req.lang);
    const hits = page.map((r) => {
      const tr = shown.get(r.id);
      const summary = tr?.summary ?? r.summary;
      return {
        title: tr?.title ?? r.title,
        href: `/proposals/${encodeURIComponent(r.ref)}`,
        lang: tr ? tr.lang : isLang(r.language) ? r.language : undefined,
        detail: `${req.t(`proposals.status.${r.status}`)} · ${summary.length > SNIPPET ? `${summary.slice(0, SNIPPET)}…` : summary}`,
      };
    });
    return { hits, more: rows.length > req.limit };
  },
};
