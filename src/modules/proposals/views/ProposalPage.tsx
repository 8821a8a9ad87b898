// A proposal's page: status and texts, the decision, what the reader may do, the signatures (progress,
// region map with its table, chart, public signers), the action group, and the timeline.
import type { ProposalKind } from '../../../core/charter/types.ts';
import { DataTable, formatDate, formatNumber, StatusBadge, type ViewRequest } from '../../../web/components/index.ts';
import { RegionMap, SignaturesChart } from '../charts.tsx';
import { isPublic, type ProposalRow, type ProposalsService, type SignatureStats } from '../service.ts';
import { type Catalog, namesFor, Notice, Styles, TONES } from './common.tsx';
import { AuthorActions, canEditDraft, canModerate, ModerationForm, SigningSection } from './ProposalActions.tsx';
import type { Translation } from '../translations.ts';
import { shownTranslation, TranslatedNote, type TranslationForm, Translations } from './Translations.tsx';

type Result<K extends keyof ProposalsService> = ProposalsService[K] extends (...a: never[]) => Promise<infer R> ? R : never;

export interface ProposalPageProps {
  req: ViewRequest;
  cat: Catalog;
  row: ProposalRow;
  kind: ProposalKind | undefined;
  stats: SignatureStats;
  timeline: Result<'timeline'>;
  mine: Result<'mySignature'>;
  signers: Result<'publicSigners'>;
  group: Result<'groupStatus'> | null;
  /** The texts are not shown (link-only or withheld). */
  withheld: boolean;
  open: boolean;
  needsRegion: boolean;
  similar: { ref: string; title: string }[];
  notice: { text: string; error: boolean } | null;
  translations: Translation[];
  mayTranslate: boolean;
  mayRemoveTranslations: boolean;
  translationForm: TranslationForm | null;
}

/** The page's title: the proposal's, unless its texts are withheld. */
export function proposalTitle(t: ViewRequest['t'], row: ProposalRow, withheld: boolean): string {
  return withheld ? t('proposals.withheld') : row.title;
}

function RegionTable(props: { req: ViewRequest; cat: Catalog; byRegion: Record<string, number> }) {
  const { t, lang } = props.req;
  return (
    <DataTable
      id="map-table"
      labelledBy="map-table-summary"
      caption={t('proposals.map.heading')}
      frame={false}
      tableClass="region-table"
      rows={props.cat.charter.regions}
      rowKey={(r) => r.code}
      empty={t('proposals.chart.empty')}
      columns={[
        { header: t('proposals.map.region'), rowHeader: true, cell: (r) => r.name[lang] },
        { header: t('proposals.map.count'), cell: (r) => formatNumber(lang, props.byRegion[r.code] ?? 0) },
      ]}
    />
  );
}

export function ProposalPage(props: ProposalPageProps) {
  const { req, cat, row, kind, stats, timeline, signers, group, withheld, notice } = props;
  const { t, lang } = req;
  const charter = cat.charter;
  const names = namesFor(cat, t, lang);
  const me = req.user;
  const isAuthor = me?.pseudonym === row.author_pseudonym;
  const isModerator = !!me?.roles.includes('moderator');
  // In the reader's language when the author or the secretariat translated it (ADR 0511).
  const shown = withheld ? undefined : shownTranslation(row, props.translations, lang);
  return (
    <article class="proposals proposal">
      <Styles />
      {notice && <Notice text={notice.text} error={notice.error} />}
      <p class="meta">
        <StatusBadge tone={TONES[row.status]} label={t(`proposals.status.${row.status}`)} /> {names.kind(row.kind)} · {t(`proposals.topic.${row.topic}`)} · {names.scope(row.scope)}
      </p>
      <h1 lang={shown?.lang ?? row.language}>{shown ? shown.title : proposalTitle(t, row, withheld)}</h1>
      {shown && <TranslatedNote req={req} row={row} shown={shown} />}
      <p class="author">{t('proposals.author', { name: row.author_public_name })}</p>
      {isPublic(row.status) && !row.listed_at && row.status !== 'rejected' && kind && <p class="notice">{t('proposals.linkOnly', { count: kind.linkOnlyUntilSignatures })}</p>}
      {(row.status === 'rejected' || ((isAuthor || isModerator) && row.decision_note)) && (
        <section class="decision" aria-labelledby="decision-h">
          <h2 id="decision-h">{t('proposals.decision')}</h2>
          {row.decision_code && <p>{t('proposals.decision.reason', { reason: names.rejection(row.decision_code) })}</p>}
          {row.decision_note && <p>{row.decision_note}</p>}
        </section>
      )}

      {row.status === 'succeeded' && kind?.sentToGovernment && (
        <section class="notice" aria-labelledby="answer-h">
          <h2 id="answer-h">{t('proposals.answer.heading')}</h2>
          <p>
            {t('proposals.answer.body')} <a href={`/responses/sources/proposal/${encodeURIComponent(row.ref)}`}>{t('proposals.answer.link')}</a>
          </p>
        </section>
      )}

      {canEditDraft(row, isAuthor) && <AuthorActions req={req} row={row} similar={props.similar} hasGroup={!!group} />}

      {canModerate(row, { isModerator, isAuthor }) && <ModerationForm req={req} row={row} charter={charter} viewer={{ isModerator, isAuthor }} />}

      {!withheld && (
        <>
          <section aria-labelledby="summary-h">
            <h2 id="summary-h">{t('proposals.field.summary')}</h2>
            <p lang={shown?.lang ?? row.language}>{shown ? shown.summary : row.summary}</p>
          </section>
          <section aria-labelledby="body-h">
            <h2 id="body-h">{t('proposals.field.body')}</h2>
            <div class="proposal-body" lang={row.language}>
              {row.body.split(/\n{2,}/).map((para, i) => (
                <p key={i}>{para}</p>
              ))}
            </div>
          </section>
        </>
      )}

      {isPublic(row.status) && row.status !== 'rejected' && (
        <>
          <SigningSection req={req} row={row} charter={charter} stats={stats} threshold={kind?.signatureThreshold ?? 0} open={props.open} mine={props.mine} needsRegion={props.needsRegion} />

          <section aria-labelledby="map-h">
            <h2 id="map-h">{t('proposals.map.heading')}</h2>
            {/* The tile map keeps its tiles readable on a phone by scrolling inside its own box. */}
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must take focus so a keyboard can scroll it (WCAG 2.1.1; axe scrollable-region-focusable) */}
            <div class="chart-scroll" tabIndex={0} role="group" aria-labelledby="map-h">
              <RegionMap lang={lang} t={t} regions={charter.regions} byRegion={stats.byRegion} titleId="map-h" />
            </div>
            <details>
              <summary id="map-table-summary">{t('proposals.map.table')}</summary>
              <RegionTable req={req} cat={cat} byRegion={stats.byRegion} />
            </details>
          </section>

          <section aria-labelledby="chart-h">
            <h2 id="chart-h">{t('proposals.chart.heading')}</h2>
            {stats.hours.length === 0 ? <p>{t('proposals.chart.empty')}</p> : <SignaturesChart lang={lang} t={t} hours={stats.hours} titleId="chart-h" />}
          </section>

          {signers.length > 0 && (
            <section aria-labelledby="signers-h">
              <h2 id="signers-h">{t('proposals.signers.heading')}</h2>
              <ul class="signers">
                {signers.map((s, i) => (
                  <li key={i}>
                    {s.public_name} · {names.region(s.region)}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}

      {!withheld && <Translations req={req} row={row} translations={props.translations} mayTranslate={props.mayTranslate} mayRemove={props.mayRemoveTranslations} form={props.translationForm} />}

      {group && (
        <p>
          <a href={`/proposals/${row.ref}/group`}>{t('proposals.group.title')}</a> — {t('proposals.group.count', { count: group.members.length })}
        </p>
      )}

      <section aria-labelledby="timeline-h">
        <h2 id="timeline-h">{t('proposals.timeline')}</h2>
        <ol class="timeline">
          {timeline.map((e, i) => (
            <li key={i}>
              <time dateTime={e.at}>{formatDate(lang, e.at)}</time> — {t(`proposals.event.${e.kind}`)}
              {e.code ? ` (${names.rejection(e.code)})` : ''}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
