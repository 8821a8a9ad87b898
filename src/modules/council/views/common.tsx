// Pieces the Council's pages share: the stylesheet, the form frame with its refused attempt, the
// outcome badge, a vote's result with its arithmetic, the roll call, and the SVG charts of a vote
// by block and by region (drawn on the server, values printed, a table beside them).
import type { ComponentChildren } from 'preact';
import { DataTable, type FormProblem, formatDate, formatDateTime, formatNumber, PostForm, StatusBadge, type Tone, type ViewRequest } from '../../../web/components/index.ts';
import { formulaOf, type MajorityCount } from '../../../core/council/index.ts';
import type { Lang, Translate } from '../../../web/i18n.ts';
import type { MemberOption, Names, RollCallEntry, VoteData } from './model.ts';

export function Styles() {
  return <link rel="stylesheet" href="/council/static/council.css" />;
}

/** A refused form: which form, the problem, and what was typed. */
export interface FormError extends FormProblem {
  form: string;
  values: Record<string, string>;
}

export const typed =
  (error: FormError | null, form: string) =>
  (name: string, dflt = ''): string =>
    error && error.form === form ? (error.values[name] ?? dflt) : dflt;

/** The message for one field of a refused form, if it is that form's. */
export const fieldError = (error: FormError | null, form: string, field: string): string | null =>
  error && error.form === form ? (error.errors.find((e) => e.field === field || e.field.endsWith(`.${field}`))?.message ?? null) : null;

export function CouncilForm(props: { req: ViewRequest; error: FormError | null; name: string; action: string; title?: string; controlIds: Record<string, string>; children: ComponentChildren; class?: string }) {
  const { req, error } = props;
  return (
    <PostForm
      req={req}
      action={props.action}
      id={`form-${props.name}`}
      class={`cw-form ${props.class ?? ''}`.trim()}
      heading={props.title ? <h3>{props.title}</h3> : undefined}
      problemLevel={4}
      problem={error && error.form === props.name ? error : null}
      controlIds={props.controlIds}
    >
      {props.children}
    </PostForm>
  );
}

export const day = (lang: Lang, d: string | null | undefined) => (d ? formatDate(lang, d) : '—');
export const when = (lang: Lang, d: string | null | undefined) => (d ? formatDateTime(lang, d) : '—');
export const num = (lang: Lang, n: number) => formatNumber(lang, n);

/** The majority's arithmetic in the reader's language: its word for "yes" and its digits. */
export const formulaIn = (t: Translate, lang: Lang, m: MajorityCount) => formulaOf(m, t('councilWork.choice.yes'), (n) => num(lang, n));

const OUTCOME_TONE: Record<string, Tone> = { adopted: 'success', 'short-of-majority': 'danger', tied: 'warning', 'no-quorum': 'neutral', open: 'info' };

export function OutcomeBadge(props: { t: Translate; code: string | null }) {
  const code = props.code ?? 'open';
  return <StatusBadge tone={OUTCOME_TONE[code] ?? 'neutral'} label={props.t(code === 'open' ? 'cw.vote.open' : `councilWork.outcome.${code}`)} />;
}

export function StateBadge(props: { t: Translate; state: string }) {
  const tone: Tone = props.state === 'in_progress' ? 'info' : props.state === 'closed' ? 'success' : props.state === 'cancelled' ? 'neutral' : 'warning';
  return <StatusBadge tone={tone} label={props.t(`councilWork.session.state.${props.state}`)} />;
}

export const CHOICES = ['yes', 'no', 'abstain', 'recused', 'notVoting', 'absent'] as const;
const CHOICE_FILL: Record<(typeof CHOICES)[number], string> = { yes: '#1b6b34', no: '#a01c14', abstain: '#8a5a00', recused: '#5b3f8c', notVoting: '#6b7682', absent: '#c9d1d9' };

/** The majority's arithmetic in words: the rule, the base, the threshold and the yes count. */
export function Arithmetic(props: { t: Translate; lang: Lang; v: VoteData }) {
  const { t, lang, v } = props;
  const m = v.majority;
  return (
    <p class="cw-arith">
      {t('cw.vote.rule', {
        comparison: t(`cw.comparison.${m.comparison}`),
        share: m.share,
        base: t(`cw.base.${m.base}`),
        baseCount: num(lang, m.baseCount),
        product: m.product,
        threshold: num(lang, m.threshold),
      })}{' '}
      <code>{formulaIn(t, lang, m)}</code>
    </p>
  );
}

/** Counts of a vote as a definition list (yes, no, abstain, recused, present not voting, absent). */
export function Counts(props: { t: Translate; lang: Lang; v: VoteData; live?: boolean }) {
  const { t, lang, v } = props;
  return (
    <dl class="cw-counts">
      {CHOICES.map((c) => (
        <div key={c} class={`cw-count cw-count-${c}`}>
          <dt>{t(`councilWork.choice.${c}`)}</dt>
          <dd data-count={props.live ? c : undefined}>{num(lang, v.counts[c])}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * One vote: question, state or outcome, arithmetic, counts, a link to its full record and (collapsed)
 * the roll call. `rollCall: false` leaves the roll call to the vote's own page: a session page with
 * fifty votes of 126 members each would otherwise carry 6,300 rows (1.7 MB) to every phone.
 */
export function VoteBlock(props: { req: ViewRequest; v: VoteData; names: Names; headingLevel?: 3 | 4; open?: boolean; rollCall?: boolean }) {
  const { req, v, names } = props;
  const { t, lang } = req;
  const H = props.headingLevel === 4 ? 'h4' : 'h3';
  return (
    <section class="cw-vote" aria-labelledby={`vote-${v.id}`} id={`v-${v.id}`}>
      <H id={`vote-${v.id}`}>{v.question}</H>
      <p>
        <OutcomeBadge t={t} code={v.state === 'open' ? null : v.code} /> {t(`councilWork.decision.${v.decisionKind}`)} · {when(lang, v.closedAt ?? v.openedAt)}
        {v.tie && <> · {t('cw.vote.tie')}</>}
      </p>
      <Arithmetic t={t} lang={lang} v={v} />
      <p class="cw-quorum-line">{t('cw.quorum.line', { present: num(lang, v.quorum.present), needed: num(lang, v.quorum.needed), sitting: num(lang, v.quorum.sitting), share: v.quorum.share })}</p>
      <Counts t={t} lang={lang} v={v} />
      <p>
        <a href={`/council/votes/${v.id}`}>{v.state === 'open' ? t('cw.vote.liveBoard') : t('cw.vote.fullRecord')}</a>
      </p>
      {props.rollCall !== false && (
        <details open={props.open}>
          <summary>{t('cw.vote.rollCall', { count: v.rollCall.length })}</summary>
          <RollCallTable req={req} v={v} names={names} />
        </details>
      )}
    </section>
  );
}

export function RollCallTable(props: { req: ViewRequest; v: VoteData; names: Names }) {
  const { req, v, names } = props;
  const { t } = req;
  return (
    <DataTable<RollCallEntry>
      id={`rc-${v.id}`}
      caption={t('cw.vote.rollCallOf', { question: v.question })}
      rows={v.rollCall}
      rowKey={(l) => l.memberId}
      empty={t('cw.none')}
      columns={[
        { header: t('cw.col.member'), rowHeader: true, cell: (l) => <a href={`/council/members/${encodeURIComponent(l.memberId)}/record`}>{l.name}</a> },
        // The vote next to the name, so a phone shows both without scrolling the table.
        { header: t('cw.col.choice'), cell: (l) => <span class={`cw-choice cw-choice-${l.choice}`}>{t(`councilWork.choice.${l.choice}`)}</span> },
        { header: t('cw.col.block'), cell: (l) => names.block(l.block) },
        { header: t('cw.col.region'), cell: (l) => names.region(l.region) },
        { header: t('cw.col.reason'), cell: (l) => l.reason ?? '' },
      ]}
    />
  );
}

type Tally = Record<(typeof CHOICES)[number], number>;

/** Greedy word wrap to `n` characters a line (a longer word gets its own line). */
export function wrap(text: string, n: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > n) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

// Drawn for a phone first: 320 units wide, so a unit is about a CSS pixel at 360 px; 14-unit labels
// wrap at ~34 letters and 13-unit figures at ~38, so long Kazakh and Russian words are never cut.
const LABEL_CHARS = 34;
const FIGURE_CHARS = 38;

/** Stacked horizontal bars, one per group (block or region): each option's share, counts printed under the bar. */
export function StackedChart(props: { id: string; title: string; desc: string; t: Translate; lang: Lang; groups: { label: string; tally: Tally }[] }) {
  const { id, t, lang, groups } = props;
  const W = 320;
  const BAR = 300;
  let y = 4;
  const rows = groups.map((g) => {
    const label = wrap(g.label, LABEL_CHARS);
    const printed = CHOICES.filter((c) => c !== 'absent' && c !== 'notVoting' && g.tally[c] > 0)
      .map((c) => `${t(`councilWork.choice.${c}`)} ${num(lang, g.tally[c])}`)
      .join(' · ');
    const figures = wrap(printed || t('cw.chart.noBallots'), FIGURE_CHARS);
    const top = y;
    y += label.length * 18 + 4 + 16 + figures.length * 17 + 12;
    return { g, top, label, figures };
  });
  const legendTop = y;
  y += CHOICES.length * 20 + 4;
  return (
    <svg class="cw-chart" viewBox={`0 0 ${W} ${y}`} width="100%" role="img" aria-labelledby={`${id}-t ${id}-d`} xmlns="http://www.w3.org/2000/svg">
      <title id={`${id}-t`}>{props.title}</title>
      <desc id={`${id}-d`}>{props.desc}</desc>
      {rows.map(({ g, top, label, figures }) => {
        const total = CHOICES.reduce((s, c) => s + g.tally[c], 0);
        const barY = top + label.length * 18 + 4;
        let x = 0;
        return (
          <g key={g.label}>
            <text x={0} y={top + 14} font-size={14} fill="#1a1a1a">
              {label.map((l, i) => (
                <tspan key={i} x={0} dy={i === 0 ? 0 : 18}>
                  {l}
                </tspan>
              ))}
            </text>
            {CHOICES.map((c) => {
              const w = total > 0 ? (g.tally[c] / total) * BAR : 0;
              const rect = w > 0 ? <rect key={c} x={x} y={barY} width={w} height={16} fill={CHOICE_FILL[c]} /> : null;
              x += w;
              return rect;
            })}
            <text x={0} y={barY + 16 + 14} font-size={13} fill="#333">
              {figures.map((l, i) => (
                <tspan key={i} x={0} dy={i === 0 ? 0 : 17}>
                  {l}
                </tspan>
              ))}
            </text>
          </g>
        );
      })}
      {CHOICES.map((c, i) => (
        <g key={c}>
          <rect x={0} y={legendTop + i * 20} width={12} height={12} fill={CHOICE_FILL[c]} />
          <text x={18} y={legendTop + i * 20 + 11} font-size={13} fill="#1a1a1a">
            {t(`councilWork.choice.${c}`)}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** The tallies of a vote's roll call grouped by `key` (block or region), in the given order. */
export function tallyBy(v: VoteData, key: (l: RollCallEntry) => string): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const l of v.rollCall) {
    const k = key(l);
    const tally = out.get(k) ?? { yes: 0, no: 0, abstain: 0, recused: 0, notVoting: 0, absent: 0 };
    tally[l.choice]++;
    out.set(k, tally);
  }
  return out;
}

/** The vote by block and by region: charts, each with the same figures in a table. */
export function VoteCharts(props: { req: ViewRequest; v: VoteData; names: Names }) {
  const { req, v, names } = props;
  const { t, lang } = req;
  const byBlock = [...tallyBy(v, (l) => l.block)].map(([k, tally]) => ({ label: names.block(k), tally }));
  const byRegion = [...tallyBy(v, (l) => l.region ?? '')].map(([k, tally]) => ({ label: names.region(k), tally })).sort((a, b) => a.label.localeCompare(b.label));
  const table = (id: string, caption: string, rows: { label: string; tally: Tally }[]) => (
    <DataTable<{ label: string; tally: Tally }>
      id={id}
      caption={caption}
      rows={rows}
      rowKey={(r) => r.label}
      empty={t('cw.none')}
      columns={[{ header: t('cw.col.group'), rowHeader: true, cell: (r) => r.label }, ...CHOICES.map((c) => ({ header: t(`councilWork.choice.${c}`), numeric: true, cell: (r: { tally: Tally }) => num(lang, r.tally[c]) }))]}
    />
  );
  return (
    <>
      <h3>{t('cw.chart.byBlock')}</h3>
      <StackedChart id={`chart-block-${v.id}`} t={t} lang={lang} title={t('cw.chart.byBlock')} desc={t('cw.chart.desc', { question: v.question })} groups={byBlock} />
      {table(`tb-${v.id}`, t('cw.chart.byBlock'), byBlock)}
      <h3>{t('cw.chart.byRegion')}</h3>
      <StackedChart id={`chart-region-${v.id}`} t={t} lang={lang} title={t('cw.chart.byRegion')} desc={t('cw.chart.desc', { question: v.question })} groups={byRegion} />
      {table(`tr-${v.id}`, t('cw.chart.byRegion'), byRegion)}
    </>
  );
}

/** Horizontal bars of days per stage (the Kurultai track), printed values. */
export function StageChart(props: { id: string; title: string; desc: string; bars: { label: string; days: number; text: string }[] }) {
  const max = Math.max(1, ...props.bars.map((b) => b.days));
  let y = 4;
  const rows = props.bars.map((b) => {
    const top = y;
    const lines = wrap(`${b.label}: ${b.text}`, LABEL_CHARS);
    y += lines.length * 18 + 14 + 10;
    return { b, top, lines };
  });
  return (
    <svg class="cw-chart" viewBox={`0 0 320 ${Math.max(y, 12)}`} width="100%" role="img" aria-labelledby={`${props.id}-t ${props.id}-d`} xmlns="http://www.w3.org/2000/svg">
      <title id={`${props.id}-t`}>{props.title}</title>
      <desc id={`${props.id}-d`}>{props.desc}</desc>
      {rows.map(({ b, top, lines }, i) => (
        <g key={`${b.label}-${i}`}>
          <text x={0} y={top + 14} font-size={14} fill="#1a1a1a">
            {lines.map((l, j) => (
              <tspan key={j} x={0} dy={j === 0 ? 0 : 18}>
                {l}
              </tspan>
            ))}
          </text>
          <rect x={0} y={top + lines.length * 18 + 2} width={300} height={14} fill="#e8edf3" />
          <rect x={0} y={top + lines.length * 18 + 2} width={Math.round((b.days / max) * 300)} height={14} fill="#1f5f8b" />
        </g>
      ))}
    </svg>
  );
}

/** The co-sponsor checkboxes of a motion or an amendment: every other sitting member, the error at the fieldset. */
export function CoSponsorPicker(props: { t: Translate; form: string; members: readonly MemberOption[]; self: string; value: string; error: string | null }) {
  const { t, form, members, self, value, error } = props;
  const chosen = new Set(value.split(',').filter(Boolean));
  return (
    <fieldset id={`${form}-cosponsors`} aria-describedby={error ? `${form}-cosponsors-error` : undefined}>
      <legend>{t('cw.form.coSponsors')}</legend>
      {error && (
        <p class="error-message" id={`${form}-cosponsors-error`}>
          {error}
        </p>
      )}
      <ul class="cw-checks">
        {members
          .filter((m) => m.id !== self)
          .map((m) => (
            <li key={m.id}>
              <label>
                <input type="checkbox" name="coSponsorIds" value={m.id} checked={chosen.has(m.id)} /> {m.name}
              </label>
            </li>
          ))}
      </ul>
    </fieldset>
  );
}
