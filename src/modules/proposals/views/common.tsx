// Pieces the proposals views share: the stylesheet link, status tones, names of kinds, regions and
// scopes in the reader's language, region options, notices and the "similar proposals" hint.
import type { Charter, ProposalKind } from '../../../core/charter/types.ts';
import type { Tone } from '../../../web/components/index.ts';
import type { Lang, Translate } from '../../../web/i18n.ts';

export const TONES: Record<string, Tone> = { draft: 'neutral', submitted: 'info', returned: 'warning', rejected: 'danger', open: 'info', reached: 'success', succeeded: 'success', expired: 'neutral' };

/** What the views read of the charter (the proposals service provides both). */
export interface Catalog {
  readonly charter: Charter;
  kind(id: string): ProposalKind | undefined;
}

/** Names in the reader's language: a kind, a region (null for national), a scope. */
export function namesFor(cat: Catalog, t: Translate, lang: Lang) {
  const region = (code: string) => (code === 'national' ? null : (cat.charter.regions.find((r) => r.code === code)?.name[lang] ?? code));
  return {
    kind: (id: string) => cat.kind(id)?.name[lang] ?? id,
    region,
    scope: (code: string) => region(code) ?? t('proposals.scope.national'),
    rejection: (code: string) => cat.charter.rejectionReasons.find((r) => r.code === code)?.name[lang] ?? code,
  };
}
export type Names = ReturnType<typeof namesFor>;

/** "Choose…" and then every region of the charter. */
export function regionOptions(t: Translate, lang: Lang, charter: Charter) {
  return [{ value: '', label: t('proposals.choose') }, ...charter.regions.map((r) => ({ value: r.code, label: r.name[lang] }))];
}

export function Styles() {
  return <link rel="stylesheet" href="/proposals/static/proposals.css" />;
}

/** A page-level message: what was just done (status), or why an action was refused (alert). */
export function Notice(props: { text: string; error: boolean }) {
  return (
    <div class={props.error ? 'notice notice-error' : 'notice'} role={props.error ? 'alert' : 'status'}>
      {props.text}
    </div>
  );
}

/** The "similar proposals" hint, shown on the create form and on a draft's page. */
export function SimilarProposals(props: { t: Translate; similar: { ref: string; title: string }[] }) {
  if (props.similar.length === 0) return null;
  return (
    <div class="notice" role="note">
      <p>{props.t('proposals.similar')}</p>
      <ul>
        {props.similar.map((s) => (
          <li key={s.ref}>
            <a href={`/proposals/${s.ref}`}>{s.title}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
