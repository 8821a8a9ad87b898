// Pieces the responses views share: the stylesheet link, the clock badge, the figure tiles, the
// table of items, agency options, and the shape of a refused form.
import type { ComponentChildren } from 'preact';
import { DataTable, type DataTableProps, type FormProblem, NO_VALUE, PostForm, type ViewRequest } from '../../../web/components/index.ts';
import type { Lang, Translate } from '../../../web/i18n.ts';
import type { AgencyView, Dashboard, ItemSummary } from '../service.ts';
import { day, num, pct } from './format.ts';

export type Stats = Dashboard['national'];

/** A refused form: which form, the problem (detail and field messages), and what the person typed. */
export interface FormError extends FormProblem {
  form: string;
  values: Record<string, string>;
}

/** The problem to show in form `form`, if the refused post was that one. */
export function problemOf(error: FormError | null, form: string): FormError | null {
  return error && error.form === form ? error : null;
}

/** What was typed in the refused form, or the default. */
export const typed =
  (error: FormError | null) =>
  (name: string, dflt = ''): string =>
    error?.values[name] ?? dflt;

export interface ResponsesFormProps {
  req: ViewRequest;
  error: FormError | null;
  /** The form's name: its id, and the `form` of its refused attempts. */
  name: string;
  action: string;
  /** The `<h2>` of the form. */
  title?: string;
  /** A heading of another level instead of the title (the summary then goes one level below it). */
  heading?: ComponentChildren;
  /** The form element's id when `name` is taken by something else on the page. */
  id?: string;
  /** Field name → control id, so the problem summary links to the controls. */
  controlIds: Record<string, string>;
  children: ComponentChildren;
}

/** Every responses form: a framed PostForm with its heading and, when refused, its problem. */
export function ResponsesForm(props: ResponsesFormProps) {
  const { req, error } = props;
  return (
    <PostForm
      req={req}
      action={props.action}
      id={props.id ?? props.name}
      class="rsp-form"
      heading={props.heading ?? (props.title ? <h2>{props.title}</h2> : undefined)}
      problemLevel={props.heading ? 4 : 3}
      problem={problemOf(error, props.name)}
      problemTitle={req.t('responses.form.errors')}
      controlIds={props.controlIds}
    >
      {props.children}
    </PostForm>
  );
}

/** The look of every responses table: the module's own, in a scroll box without the shared frame. */
export const RSP_TABLE: Pick<DataTableProps<unknown>, 'frame' | 'class' | 'tableClass'> = { frame: false, class: 'rsp-scroll', tableClass: 'rsp-table' };

export function Styles() {
  return <link rel="stylesheet" href="/responses/static/responses.css" />;
}

/**
 * Where an item comes from, in words: a citizens' proposal links to its page; a Council or Kurultai
 * decision is named (its page comes with the Council module). The code stays in the title attribute.
 */
export function SourceRef(props: { t: Translate; sourceRef: string }) {
  const { t, sourceRef } = props;
  const m = /^(proposal|decision|kurultai)\/(.+)$/.exec(sourceRef);
  if (!m) return <code>{sourceRef}</code>;
  const text = t(`responses.source.${m[1]}`, { id: m[2] });
  return m[1] === 'proposal' ? (
    <a href={`/proposals/${encodeURIComponent(m[2])}`} title={sourceRef}>
      {text}
    </a>
  ) : (
    <span title={sourceRef}>{text}</span>
  );
}

export function agencyName(agencies: Map<string, AgencyView>, id: string | null, lang: Lang): string {
  if (!id) return NO_VALUE;
  return agencies.get(id)?.name[lang] ?? id;
}

export function ClockBadge(props: { t: Translate; clock: string | null }) {
  const c = props.clock ?? 'none';
  return <span class={`rsp-clock rsp-clock-${c}`}>{props.t(`responses.clock.${c}`)}</span>;
}

export function StatTiles(props: { t: Translate; lang: Lang; s: Stats; overdueMeasures: number }) {
  const { t, lang, s, overdueMeasures } = props;
  const tiles: [string, string][] = [
    ['responses.stat.assigned', num(lang, s.assigned)],
    ['responses.stat.answered', num(lang, s.answered)],
    ['responses.stat.shareOnTime', pct(lang, s.shareOnTime)],
    ['responses.stat.median', num(lang, s.medianWorkingDaysToAnswer)],
    ['responses.stat.overdueNow', num(lang, s.overdueNow)],
    ['responses.stat.extensionRate', pct(lang, s.extensionRate)],
    ['responses.stat.overdueMeasures', num(lang, overdueMeasures)],
  ];
  return (
    <dl class="rsp-tiles">
      {tiles.map(([k, v]) => (
        <div key={k}>
          <dt>{t(k)}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ItemTable(props: { t: Translate; lang: Lang; items: ItemSummary[]; agencies: Map<string, AgencyView>; caption: string; id: string }) {
  const { t, lang, items, agencies } = props;
  if (!items.length) return <p>{t('responses.items.none')}</p>;
  return (
    <DataTable<ItemSummary>
      id={props.id}
      caption={props.caption}
      {...RSP_TABLE}
      rows={items}
      rowKey={(i) => i.id}
      empty={t('responses.items.none')}
      columns={[
        {
          header: t('responses.item.title'),
          cell: (i) => (
            <a href={`/responses/items/${i.id}`} lang={i.lang}>
              {i.title}
            </a>
          ),
        },
        { header: t('responses.item.lead'), cell: (i) => agencyName(agencies, i.leadAgencyId, lang) },
        { header: t('responses.item.deadline'), cell: (i) => day(lang, i.dueDate) },
        {
          header: t('responses.item.status'),
          cell: (i) => (
            <>
              <ClockBadge t={t} clock={i.clock} /> <span class="rsp-status">{t(`responses.status.${i.status}`)}</span>
            </>
          ),
        },
      ]}
    />
  );
}

export function AgencyOptions(props: { agencies: AgencyView[]; lang: Lang; selected?: string; exclude?: string | null }) {
  return (
    <>
      {props.agencies
        .filter((a) => a.id !== props.exclude)
        .map((a) => (
          <option key={a.id} value={a.id} selected={a.id === props.selected}>
            {a.name[props.lang]}
          </option>
        ))}
    </>
  );
}
