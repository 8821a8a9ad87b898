// The responses' part of the one search (ADR 0508): response items by their title, agencies by their
// name in any of the three languages, matched like every section by the start of folded words (ADR
// 0506). Both tables are small next to the proposals (one item per succeeded proposal or decision, a
// few hundred agencies), so they are folded here rather than indexed; the index is the step when an
// item count reaches the tens of thousands.
import { foldText } from '../../core/search/fold.ts';
import type { SearchRequest, SearchSource } from '../../web/search.tsx';
import { isLang } from '../../web/i18n.ts';

/** Every stem starts some word of the text (folded). */
function matches(text: string, stems: readonly string[]): boolean {
  const folded = foldText(text);
  return stems.every((s) => folded.includes(` ${s}`));
}

function page<T>(all: T[], req: SearchRequest) {
  return { hits: all.slice(req.offset, req.offset + req.limit), more: all.length > req.offset + req.limit };
}

export const responseItemsSearch: SearchSource = {
  section: 'responses',
  titleKey: 'responses.nav',
  async run(ctx, req) {
    const rows = await ctx.db.db.selectFrom('response_items').select(['id', 'title', 'lang', 'status', 'due_date']).orderBy('id', 'desc').execute();
    const found = rows
      .filter((r) => matches(r.title, req.stems))
      .map((r) => ({
        title: r.title,
        href: `/responses/items/${Number(r.id)}`,
        lang: isLang(r.lang) ? r.lang : undefined,
        detail: req.t(`responses.status.${r.status}`),
        ...(r.due_date ? { at: r.due_date } : {}),
      }));
    return page(found, req);
  },
};

export const agenciesSearch: SearchSource = {
  section: 'agencies',
  titleKey: 'responses.search.agencies',
  async run(ctx, req) {
    const rows = await ctx.db.db.selectFrom('response_agencies').select(['id', 'name_kk', 'name_ru', 'name_en']).orderBy('id').execute();
    const name = (r: (typeof rows)[number]) => (req.lang === 'kk' ? r.name_kk : req.lang === 'ru' ? r.name_ru : r.name_en);
    const found = rows
      .filter((r) => matches(`${r.name_kk} ${r.name_ru} ${r.name_en} ${r.id}`, req.stems))
      .map((r) => ({ title: name(r), href: `/responses/agencies/${encodeURIComponent(r.id)}` }))
      .sort((a, b) => a.title.localeCompare(b.title, req.lang));
    return page(found, req);
  },
};
