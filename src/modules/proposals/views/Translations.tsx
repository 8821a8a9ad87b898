// The translations of a proposal's title and summary on its page (ADR 0511): which languages it has,
// and for its author (or the secretariat once it is public) a form to add or replace one, with a
// remove button per translation (also for moderators, who take down what was never moderated).
import { LANGS, type Lang } from '../../../core/lang.ts';
import { FormField, PostForm, type ViewRequest } from '../../../web/components/index.ts';
import type { Translation } from '../translations.ts';
import type { ProposalRow } from '../service.ts';

export interface TranslationForm {
  values: { lang: string; title: string; summary: string };
  errors: { field: string; message: string }[];
}

export interface TranslationsProps {
  req: ViewRequest;
  row: ProposalRow;
  translations: Translation[];
  /** The reader may add or replace translations. */
  mayTranslate: boolean;
  /** The reader may remove translations. */
  mayRemove: boolean;
  form: TranslationForm | null;
}

/** The translation shown to this reader: into their language, when the proposal is written in another. */
export function shownTranslation(row: ProposalRow, translations: readonly Translation[], lang: Lang): Translation | undefined {
  return lang === row.language ? undefined : translations.find((x) => x.lang === lang);
}

/** The line under a translated title: from which language, by whom, and the original title in its own language. */
export function TranslatedNote(props: { req: ViewRequest; row: ProposalRow; shown: Translation }) {
  const { t } = props.req;
  return (
    <p class="translated-note">
      {t('proposals.tr.note', { from: t(`proposals.lang.${props.row.language}`), by: t(props.shown.translator === 'author' ? 'proposals.tr.byAuthor' : 'proposals.tr.bySecretariat') })}{' '}
      <span lang={props.row.language}>{t('proposals.tr.original', { title: props.row.title })}</span>
    </p>
  );
}

export function Translations(props: TranslationsProps) {
  const { req, row, translations, mayTranslate, mayRemove, form } = props;
  const { t } = req;
  if (!mayTranslate && !mayRemove && translations.length === 0) return null;
  const others = LANGS.filter((l) => l !== row.language);
  const err = (f: string) => form?.errors.find((e) => e.field === f)?.message ?? null;
  return (
    <section class="translations" aria-labelledby="translations-h">
      <h2 id="translations-h">{t('proposals.tr.heading')}</h2>
      {translations.length === 0 ? (
        <p>{t('proposals.tr.none')}</p>
      ) : (
        <ul>
          {translations.map((x) => (
            <li key={x.lang}>
              <strong>{t(`proposals.lang.${x.lang}`)}</strong>: <span lang={x.lang}>{x.title}</span> ({t(x.translator === 'author' ? 'proposals.tr.byAuthor' : 'proposals.tr.bySecretariat')})
              {mayRemove && (
                <PostForm req={req} action={`/proposals/${row.ref}/translations/${x.lang}/delete`} class="inline">
                  <button type="submit" class="secondary small">
                    {t('proposals.tr.remove', { lang: t(`proposals.lang.${x.lang}`) })}
                  </button>
                </PostForm>
              )}
            </li>
          ))}
        </ul>
      )}
      {mayTranslate && (
        <>
          <p>{t('proposals.tr.intro')}</p>
          <PostForm req={req} action={`/proposals/${row.ref}/translations`} id="translation-form" idPrefix="tr" problem={form?.errors.length ? { errors: form.errors } : null} problemLevel={3} novalidate>
            <FormField
              name="lang"
              type="select"
              idPrefix="tr"
              label={t('proposals.tr.lang')}
              value={form?.values.lang ?? others.find((l) => !translations.some((x) => x.lang === l)) ?? others[0]}
              options={others.map((l) => ({ value: l, label: t(`proposals.lang.${l}`) }))}
              error={err('lang')}
            />
            <FormField name="title" idPrefix="tr" label={t('proposals.tr.title')} value={form?.values.title} error={err('title')} required />
            <FormField name="summary" type="textarea" idPrefix="tr" label={t('proposals.tr.summary')} value={form?.values.summary} error={err('summary')} required attrs={{ rows: 4 }} />
            <button type="submit">{t('proposals.tr.submit')}</button>
          </PostForm>
        </>
      )}
    </section>
  );
}
