// The ledger's part of the one search (ADR 0508): entries whose kind of act, in words in any of the
// three languages ("Deadline missed", "Срок ответа пропущен"), matches the query by the start of folded
// words (ADR 0506), or whose subject is the query (`proposal/ab12`); newest first, through the
// (kind, idx) index. The entries' JSON is not searched: it holds codes and hashes, not words.
import { foldText } from '../../core/search/fold.ts';
import type { SearchSource } from '../../web/search.tsx';
import { LANGS } from '../../web/i18n.ts';
import { kindLabels, RECORDED_KINDS } from './kindLabels.ts';

/** Each recorded kind with its labels in every language, folded once. */
const FOLDED = RECORDED_KINDS.map((kind) => ({ kind, folded: foldText(`${LANGS.map((l) => kindLabels[l][`ledger.kind.${kind}`]).join(' ')} ${kind}`) }));

export const ledgerSearch: SearchSource = {
  section: 'ledger',
  titleKey: 'ledger.nav',
  async run(ctx, req) {
    const kinds = FOLDED.filter((k) => req.stems.every((s) => k.folded.includes(` ${s}`))).map((k) => k.kind);
    const subject = /^[a-z-]+\/[\w-]{1,64}$/.test(req.q) ? req.q : null;
    if (kinds.length === 0 && !subject) return { hits: [], more: false };
    const rows = await ctx.db.db
      .selectFrom('ledger_entry')
      .select(['idx', 'kind', 'subject', 'occurred_at'])
      .where((eb) => eb.or([...(kinds.length ? [eb('kind', 'in', kinds)] : []), ...(subject ? [eb('subject', '=', subject)] : [])]))
      .orderBy('idx', 'desc')
      .limit(req.limit + 1)
      .offset(req.offset)
      .execute();
    const hits = rows.slice(0, req.limit).map((r) => {
      const slash = r.subject.indexOf('/');
      const prefix = slash > 0 ? r.subject.slice(0, slash) : r.subject;
      const subjectKey = `ledger.subject.${prefix}`;
      const about = req.t(subjectKey, { id: slash > 0 ? r.subject.slice(slash + 1) : '' });
      return {
        title: `${req.t('ledger.search.entry', { index: Number(r.idx) })}: ${req.t(`ledger.kind.${r.kind}`)}`,
        href: `/ledger/entries/${Number(r.idx)}`,
        detail: about === subjectKey ? r.subject : about,
        at: r.occurred_at,
      };
    });
    return { hits, more: rows.length > req.limit };
  },
};
