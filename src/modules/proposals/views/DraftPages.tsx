// Creating and editing a draft: one form with each limit as a hint and each error next to its field,
// on the create page with the hint against duplicates, on the edit page with the moderator's note.
import { TOPICS } from '../../../core/proposals/topics.ts';
import { FormField, PostForm, type ViewRequest } from '../../../web/components/index.ts';
import { LANGS } from '../../../web/i18n.ts';
import type { DraftInput, ProposalRow } from '../service.ts';
import { type Catalog, namesFor, SimilarProposals, Styles } from './common.tsx';

type FieldErrors = { field: string; message: string }[];

export interface DraftFormProps {
  req: ViewRequest;
  cat: Catalog;
  action: string;
  values: Partial<DraftInput>;
  errors: FieldErrors;
  /** Set when editing: the kind cannot change any more. */
  kindFixed?: string;
}

export function DraftForm(props: DraftFormProps) {
  const { req, cat, values, errors } = props;
  const { t, lang } = req;
  const charter = cat.charter;
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  const kind = cat.kind(props.kindFixed ?? values.kind ?? 'petition') ?? charter.proposalKinds[0]!;
  const limitHint = (f: 'title' | 'summary' | 'body') => t('proposals.hint.length', { min: kind.text[f].min, max: kind.text[f].max });
  return (
    <PostForm req={req} action={props.action} class="proposal-form" novalidate problem={errors.length ? { errors } : null}>
      {props.kindFixed ? (
        <p>
          {t('proposals.field.kind')}: <strong>{namesFor(cat, t, lang).kind(props.kindFixed)}</strong>
        </p>
      ) : (
        <FormField name="kind" type="select" required label={t('proposals.field.kind')} value={values.kind ?? 'petition'} error={err('kind')} hint={t('proposals.hint.kind')} options={charter.proposalKinds.map((k) => ({ value: k.id, label: k.name[lang] }))} />
      )}
      <FormField name="title" required label={t('proposals.field.title')} value={values.title ?? ''} error={err('title')} hint={limitHint('title')} />
      <FormField name="summary" type="textarea" required label={t('proposals.field.summary')} value={values.summary ?? ''} error={err('summary')} hint={limitHint('summary')} attrs={{ rows: 4 }} />
      <FormField name="body" type="textarea" required label={t('proposals.field.body')} value={values.body ?? ''} error={err('body')} hint={limitHint('body')} attrs={{ rows: 12 }} />
      <FormField name="topic" type="select" required label={t('proposals.field.topic')} value={values.topic ?? ''} error={err('topic')} options={[{ value: '', label: t('proposals.choose') }, ...TOPICS.map((x) => ({ value: x, label: t(`proposals.topic.${x}`) }))]} />
      <FormField name="scope" type="select" required label={t('proposals.field.scope')} value={values.scope ?? 'national'} error={err('scope')} options={[{ value: 'national', label: t('proposals.scope.national') }, ...charter.regions.map((r) => ({ value: r.code, label: r.name[lang] }))]} />
      <FormField name="language" type="select" required label={t('proposals.field.language')} value={values.language ?? lang} error={err('language')} options={LANGS.map((l) => ({ value: l, label: t(`proposals.lang.${l}`) }))} />
      <button type="submit">{t('proposals.form.save')}</button>
    </PostForm>
  );
}

export function NewPage(props: { req: ViewRequest; cat: Catalog; values: Partial<DraftInput>; errors: FieldErrors; similar: { ref: string; title: string }[] }) {
  const { req } = props;
  return (
    <section class="proposals">
      <Styles />
      <h1>{req.t('proposals.new.title')}</h1>
      <p>{req.t('proposals.new.intro')}</p>
      <SimilarProposals t={req.t} similar={props.similar} />
      <DraftForm req={req} cat={props.cat} action="/proposals" values={props.values} errors={props.errors} />
    </section>
  );
}

export function EditPage(props: { req: ViewRequest; cat: Catalog; row: ProposalRow; values: Partial<DraftInput>; errors: FieldErrors }) {
  const { req, row } = props;
  return (
    <section class="proposals">
      <Styles />
      <h1>{req.t('proposals.edit.title')}</h1>
      {row.decision_note && (
        <div class="notice" role="note">
          <h2>{req.t('proposals.decision')}</h2>
          <p>{row.decision_note}</p>
        </div>
      )}
      <DraftForm req={req} cat={props.cat} action={`/proposals/${row.ref}/edit`} values={props.values} errors={props.errors} kindFixed={row.kind} />
    </section>
  );
}
