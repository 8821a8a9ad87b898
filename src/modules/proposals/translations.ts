// Translations of a proposal's title and summary (issue 15, ADR 0511). The author or the secretariat
// adds one per other site language; search covers them (the proposal's search columns are recomputed
// from the original and every translation in the same transaction), pages show the reader's language
// with the translator named, and on a public proposal each change goes on the ledger. A proposal whose
// texts are withheld takes no translation, and a withholding rejection deletes the ones it had.
import type { Kysely, Transaction } from 'kysely';
import { DomainError } from '../../core/errors.ts';
import { checkTexts } from '../../core/proposals/rules.ts';
import { foldText } from '../../core/search/fold.ts';
import type { Database } from '../../db/schema.ts';
import { emit } from '../outbox/api.ts';
import { isLang, LANGS, type Lang } from '../../core/lang.ts';
import type { SessionUser } from '../../web/context.ts';
import { fieldProblem, isPublic, type ProposalRow, type ProposalsService } from './service.ts';

export interface Translation {
  lang: Lang;
  title: string;
  summary: string;
  translator: 'author' | 'secretariat';
  updatedAt: string;
}

/** The search columns of a proposal: its own title and summary and every translation's (ADR 0506/0507). */
export function searchColumns(title: string, summary: string, translations: readonly { title: string; summary: string }[] = []): { search_text: string; search_folded: string } {
  const all = [{ title, summary }, ...translations];
  const words = all.map((x) => `${x.title} ${x.summary}`).join(' ');
  return {
    search_text: `${all.map((x) => `${x.title}\n${x.summary}`).join('\n')}`.toLocaleLowerCase() + `\n${foldText(words)}`,
    search_folded: foldText(words),
  };
}

type TranslationRow = { lang: string; title: string; summary: string; translator: 'author' | 'secretariat'; updated_at: string };
const translationOf = (r: TranslationRow): Translation => ({ lang: r.lang as Lang, title: r.title, summary: r.summary, translator: r.translator, updatedAt: r.updated_at });

export async function translationsOf(svc: ProposalsService, proposalId: number): Promise<Translation[]> {
  const rows = await svc.db.selectFrom('proposal_translations').selectAll().where('proposal_id', '=', proposalId).orderBy('lang').execute();
  return rows.filter((r) => isLang(r.lang)).map(translationOf);
}

/** The translations of many proposals into one language at once, for lists: proposal id → translation. */
export async function translationsFor(svc: ProposalsService, ids: readonly number[], lang: Lang): Promise<Map<number, Translation>> {
  const out = new Map<number, Translation>();
  if (ids.length === 0) return out;
  const rows = await svc.db.selectFrom('proposal_translations').selectAll().where('proposal_id', 'in', [...ids]).where('lang', '=', lang).execute();
  for (const r of rows) out.set(r.proposal_id, translationOf(r));
  return out;
}

/** Who may translate this proposal: its author, or the secretariat once it is public. Null: neither. */
export function translatorOf(svc: ProposalsService, row: ProposalRow, user: SessionUser | null): 'author' | 'secretariat' | null {
  if (!user || svc.textsWithheld(row)) return null;
  if (row.author_pseudonym === user.pseudonym) return 'author';
  if (user.roles.includes('secretariat') && isPublic(row.status)) return 'secretariat';
  return null;
}

/** Who may remove a translation: a translator, or a moderator of a public proposal (translations are not moderated). Null: nobody. */
export function removerOf(svc: ProposalsService, row: ProposalRow, user: SessionUser | null): 'author' | 'secretariat' | 'moderator' | null {
  return translatorOf(svc, row, user) ?? (user?.roles.includes('moderator') && isPublic(row.status) ? 'moderator' : null);
}

async function refreshSearch(trx: Transaction<Database>, row: ProposalRow): Promise<void> {
  const ts = await trx.selectFrom('proposal_translations').select(['title', 'summary']).where('proposal_id', '=', row.id).orderBy('lang').execute();
  const current = await trx.selectFrom('proposals').select(['title', 'summary']).where('id', '=', row.id).executeTakeFirstOrThrow();
  await trx.updateTable('proposals').set(searchColumns(current.title, current.summary, ts)).where('id', '=', row.id).execute();
}

/** Sets (adds or replaces) the translation into `lang`; every problem of the texts at once, by field. */
export async function setTranslation(svc: ProposalsService, user: SessionUser, ref: string, lang: string, input: { title: string; summary: string }): Promise<Translation> {
  const row = await svc.visible(ref, user);
  const translator = translatorOf(svc, row, user);
  if (!translator) throw svc.textsWithheld(row) ? new DomainError('texts-withheld') : new DomainError('not-translator');
  if (!isLang(lang)) throw new DomainError('unknown-language', 'lang', { known: LANGS.join(', ') });
  if (lang === row.language) throw new DomainError('translation-same-language', 'lang', { lang });
  const kind = svc.kind(row.kind);
  const title = input.title.trim();
  const summary = input.summary.trim();
  const errors = kind ? checkTexts(kind, { title, summary, body: row.body }).filter((e) => e.field !== 'body') : [];
  if (errors.length) throw fieldProblem(errors);
  const at = new Date().toISOString();
  await svc.db.transaction().execute(async (trx) => {
    // One statement, so two saves of the same language at once replace each other instead of colliding.
    await trx
      .insertInto('proposal_translations')
      .values({ proposal_id: row.id, lang, title, summary, translator, translator_user_id: user.id, created_at: at, updated_at: at })
      .onConflict((oc) => oc.columns(['proposal_id', 'lang']).doUpdateSet({ title, summary, translator, translator_user_id: user.id, updated_at: at }))
      .execute();
    await refreshSearch(trx, row);
    if (isPublic(row.status)) await emit(trx, { kind: 'proposal.translated', subject: `proposal/${row.ref}`, occurredAt: at, payload: { ref: row.ref, lang, translator } });
  });
  return { lang, title, summary, translator, updatedAt: at };
}

/** Removes the translation into `lang` (its author, the secretariat, or a moderator, who may take down what was never moderated). */
export async function removeTranslation(svc: ProposalsService, user: SessionUser, ref: string, lang: string): Promise<void> {
  const row = await svc.visible(ref, user);
  const who = removerOf(svc, row, user);
  if (!who) throw new DomainError('not-translator');
  const at = new Date().toISOString();
  await svc.db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('proposal_translations').where('proposal_id', '=', row.id).where('lang', '=', lang).executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0) throw new DomainError('not-found', undefined, { what: 'translation', id: `${ref}/${lang}` });
    await refreshSearch(trx, row);
    if (isPublic(row.status)) await emit(trx, { kind: 'proposal.translation-removed', subject: `proposal/${row.ref}`, occurredAt: at, payload: { ref: row.ref, lang, by: who } });
  });
}

/** A withholding rejection: the translations go with the texts (their words must not stay findable). */
export async function dropTranslations(trx: Kysely<Database> | Transaction<Database>, proposalId: number): Promise<void> {
  await trx.deleteFrom('proposal_translations').where('proposal_id', '=', proposalId).execute();
}
