// The initiatives tracker of both bodies: the Council's initiatives to the Kurultai and referendum
// proposals to the President, and the Kurultai's own, with their stage and the time spent there.
// Filters are a plain GET form; one initiative's page shows its dated steps and the stage chart.
import { DataTable, FormField, type ViewRequest } from '../../../web/components/index.ts';
import { CouncilForm, day, fieldError, type FormError, num, Styles, typed } from './common.tsx';
import type { Actor, InitiativeData } from './model.ts';
import { StepForm, TrackTimeline } from './tracks.tsx';

export interface InitiativeFilter {
  body?: string;
  kind?: string;
  stage?: string;
}

export interface InitiativesPageProps {
  req: ViewRequest;
  actor: Actor;
  error: FormError | null;
  initiatives: InitiativeData[];
  filter: InitiativeFilter;
  stages: readonly string[];
  csvQuery: string;
}

export function InitiativesPage(props: InitiativesPageProps) {
  const { req, initiatives, filter, actor, error } = props;
  const { t, lang } = req;
  const opt = (v: string, label: string) => ({ value: v, label });
  const v = typed(error, 'kurultai');
  return (
    <>
      <Styles />
      <p class="cw-crumbs">
        <a href="/council/sessions">{t('cw.sessions.title')}</a>
      </p>
      <h1>{t('cw.initiatives.title')}</h1>
      <p class="lead">{t('cw.initiatives.intro')}</p>
      <form method="get" action="/council/initiatives" class="cw-filter" aria-label={t('cw.initiatives.filter')}>
        <FormField idPrefix="f" name="body" type="select" label={t('cw.initiatives.body')} value={filter.body ?? ''} options={[opt('', t('cw.all')), opt('council', t('councilWork.body.council')), opt('kurultai', t('councilWork.body.kurultai'))]} />
        <FormField
          idPrefix="f"
          name="kind"
          type="select"
          label={t('cw.initiatives.kind')}
          value={filter.kind ?? ''}
          options={[opt('', t('cw.all')), opt('legislativeInitiative', t('councilWork.decision.legislativeInitiative')), opt('referendumProposal', t('councilWork.decision.referendumProposal'))]}
        />
        <FormField idPrefix="f" name="stage" type="select" label={t('cw.initiatives.stage')} value={filter.stage ?? ''} options={[opt('', t('cw.all')), ...props.stages.map((s) => opt(s, t(`councilWork.stage.${s}`)))]} />
        <button type="submit">{t('cw.initiatives.apply')}</button>
      </form>
      <p>
        {t('cw.initiatives.count', { count: initiatives.length })} · <a href={`/api/v1/initiatives.csv?${props.csvQuery ? `${props.csvQuery}&` : ''}labels=1&lang=${req.lang}`}>{t('cw.feeds.csv')}</a> · <a href="/api/v1/initiatives">{t('cw.feeds.json')}</a>
      </p>
      <DataTable<InitiativeData>
        id="cw-initiatives"
        caption={t('cw.initiatives.title')}
        rows={initiatives}
        rowKey={(i) => i.id}
        empty={t('cw.initiatives.none')}
        columns={[
          { header: t('cw.col.title'), rowHeader: true, cell: (i) => <a href={`/council/initiatives/${i.id}`}>{i.title}</a> },
          { header: t('cw.initiatives.body'), cell: (i) => t(`councilWork.body.${i.body}`) },
          { header: t('cw.initiatives.kind'), cell: (i) => t(`councilWork.decision.${i.kind}`) },
          { header: t('cw.initiatives.stage'), cell: (i) => t(`councilWork.stage.${i.stage}`) },
          { header: t('cw.col.since'), cell: (i) => day(lang, i.steps[i.steps.length - 1]?.on ?? i.startedOn) },
          {
            header: t('cw.col.daysInStage'),
            numeric: true,
            cell: (i) => {
              const last = i.stageTimes[i.stageTimes.length - 1];
              return last ? num(lang, last.calendarDays) : '—';
            },
          },
        ]}
      />
      {actor.secretariat && <h2>{t('cw.initiatives.secretariat')}</h2>}
      {actor.secretariat && (
        <CouncilForm req={req} error={error} name="kurultai" action="/council/initiatives" title={t('cw.form.kurultai')} controlIds={{ kind: 'kurultai-kind', title: 'kurultai-title', on: 'kurultai-on', reference: 'kurultai-reference', documentUrl: 'kurultai-documentUrl' }}>
          <FormField idPrefix="kurultai" name="kind" type="select" label={t('cw.initiatives.kind')} value={v('kind', 'legislativeInitiative')} options={[opt('legislativeInitiative', t('councilWork.decision.legislativeInitiative')), opt('referendumProposal', t('councilWork.decision.referendumProposal'))]} error={fieldError(error, 'kurultai', 'kind')} />
          <FormField idPrefix="kurultai" name="title" label={t('cw.form.title')} value={v('title')} required attrs={{ maxLength: 300 }} error={fieldError(error, 'kurultai', 'title')} />
          <FormField idPrefix="kurultai" name="on" type="date" label={t('cw.form.registeredOn')} value={v('on')} required error={fieldError(error, 'kurultai', 'on')} />
          <FormField idPrefix="kurultai" name="reference" label={t('cw.initiatives.reference')} value={v('reference')} attrs={{ maxLength: 100 }} error={fieldError(error, 'kurultai', 'reference')} />
          <FormField idPrefix="kurultai" name="documentUrl" type="url" label={t('cw.form.documentUrl')} value={v('documentUrl')} attrs={{ maxLength: 500 }} error={fieldError(error, 'kurultai', 'documentUrl')} />
          <button type="submit">{t('cw.form.kurultaiSubmit')}</button>
        </CouncilForm>
      )}
    </>
  );
}

export function InitiativePage(props: { req: ViewRequest; initiative: InitiativeData; actor: Actor; error: FormError | null; decisionItemId: string | null }) {
  const { req, initiative: i, actor, error } = props;
  const { t, lang } = req;
  return (
    <>
      <Styles />
      <p class="cw-crumbs">
        <a href="/council/initiatives">{t('cw.initiatives.title')}</a>
      </p>
      <h1>{i.title}</h1>
      <dl class="cw-facts">
        <dt>{t('cw.initiatives.body')}</dt>
        <dd>{t(`councilWork.body.${i.body}`)}</dd>
        <dt>{t('cw.initiatives.kind')}</dt>
        <dd>{t(`councilWork.decision.${i.kind}`)}</dd>
        <dt>{t('cw.initiatives.stage')}</dt>
        <dd>{t(`councilWork.stage.${i.stage}`)}</dd>
        <dt>{t('cw.initiatives.started')}</dt>
        <dd>{day(lang, i.startedOn)}</dd>
        {i.reference && (
          <>
            <dt>{t('cw.initiatives.reference')}</dt>
            <dd>{i.reference}</dd>
          </>
        )}
        {i.addressees && (
          <>
            <dt>{t('cw.initiatives.addressees')}</dt>
            <dd>{i.addressees.map((a) => t(`cw.addressee.${a}`)).join(', ')}</dd>
          </>
        )}
        {props.decisionItemId && (
          <>
            <dt>{t('cw.initiatives.decision')}</dt>
            <dd>
              <a href={`/council/items/${props.decisionItemId}`}>{t('cw.initiatives.decisionLink')}</a>
            </dd>
          </>
        )}
      </dl>
      <h2 id="cw-steps">{t('cw.track.steps')}</h2>
      <TrackTimeline req={req} track={i} headingId="cw-steps" />
      {i.decisionId && i.kind === 'legislativeInitiative' && (
        <p>
          <a href={`/api/v1/council/decisions/${i.decisionId}/bill.akn.xml?lang=${lang}`}>{t('cw.item.billAkn')}</a>
        </p>
      )}
      {actor.secretariat && <StepForm req={req} track={i} error={error} />}
    </>
  );
}
