// Where a decision went: the Kurultai's stages or the President's decision on a referendum proposal
// (dated steps with their documents and the time in each stage), or the government's response clock.
import { DataTable, FormField, type ViewRequest } from '../../../web/components/index.ts';
import { CouncilForm, day, fieldError, type FormError, num, StageChart, typed } from './common.tsx';
import { type DecisionData, type InitiativeData, isResponseTrack } from './model.ts';

/** One line on where a decision stands, with a link to follow it. */
export function TrackSummary(props: { req: ViewRequest; track: DecisionData['track'] }) {
  const { req, track } = props;
  const { t, lang } = req;
  if (!track) return null;
  if (isResponseTrack(track)) {
    return (
      <p class="cw-meta">
        {track.item ? (
          <>
            {t('cw.track.response', { due: day(lang, track.item.dueDate) })} <a href={`/responses/items/${track.item.id}`}>{t('cw.track.responseLink', { id: String(track.item.id) })}</a> · {t(`cw.responseStatus.${track.item.status}`)}
          </>
        ) : (
          t('cw.track.responsePending')
        )}
      </p>
    );
  }
  return (
    <p class="cw-meta">
      {t(`cw.track.${track.track}`)}: <strong>{t(`councilWork.stage.${track.stage}`)}</strong> · <a href={`/council/initiatives/${track.id}`}>{t('cw.track.follow')}</a>
    </p>
  );
}

export function TrackTimeline(props: { req: ViewRequest; track: InitiativeData; headingId: string }) {
  const { req, track, headingId } = props;
  const { t, lang } = req;
  return (
    <>
      <ol class="cw-timeline" aria-labelledby={headingId}>
        {track.steps.map((s) => (
          <li key={s.seq}>
            <time datetime={s.on}>{day(lang, s.on)}</time> · <strong>{t(`councilWork.stage.${s.stage}`)}</strong>
            {s.documentUrl && (
              <>
                {' '}
                · <a href={s.documentUrl}>{t('cw.track.document')}</a>
              </>
            )}
            {s.note && <> · {s.note}</>}
          </li>
        ))}
      </ol>
      {track.referendumDate && <p>{t('cw.track.referendumDate', { date: day(lang, track.referendumDate) })}</p>}
      <StageChart
        id={`stages-${track.id}`}
        title={t('cw.track.timeInStages')}
        desc={t('cw.track.timeInStagesDesc', { title: track.title })}
        bars={track.stageTimes.map((s) => ({ label: t(`councilWork.stage.${s.stage}`), days: s.calendarDays, text: t('cw.track.days', { days: num(lang, s.calendarDays), working: num(lang, s.workingDays) }) }))}
      />
      <DataTable
        id={`stage-table-${track.id}`}
        caption={t('cw.track.timeInStages')}
        rows={track.stageTimes}
        rowKey={(s) => `${s.stage}-${s.from}`}
        empty={t('cw.none')}
        columns={[
          { header: t('cw.col.stage'), rowHeader: true, cell: (s) => t(`councilWork.stage.${s.stage}`) },
          { header: t('cw.col.from'), cell: (s) => day(lang, s.from) },
          { header: t('cw.col.to'), cell: (s) => (s.to ? day(lang, s.to) : t('cw.track.ongoing')) },
          { header: t('cw.col.days'), numeric: true, cell: (s) => num(lang, s.calendarDays) },
          { header: t('cw.col.workingDays'), numeric: true, cell: (s) => num(lang, s.workingDays) },
        ]}
      />
    </>
  );
}

/** The secretariat's next step of a track: which step, its date, a document link, a note, a referendum date. */
export function StepForm(props: { req: ViewRequest; track: InitiativeData; error: FormError | null }) {
  const { req, track, error } = props;
  const { t } = req;
  if (track.final || track.nextSteps.length === 0) return null;
  const v = typed(error, 'step');
  return (
    <CouncilForm req={req} error={error} name="step" action={`/council/initiatives/${track.id}/steps`} title={t('cw.form.step')} controlIds={{ event: 'step-event', on: 'step-on', documentUrl: 'step-documentUrl', referendumDate: 'step-referendumDate', note: 'step-note' }}>
      <FormField idPrefix="step" name="event" type="select" label={t('cw.form.stepEvent')} value={v('event')} options={track.nextSteps.map((e) => ({ value: e, label: t(`cw.event.${e}`) }))} error={fieldError(error, 'step', 'event')} />
      <FormField idPrefix="step" name="on" type="date" label={t('cw.form.stepOn')} value={v('on')} required error={fieldError(error, 'step', 'on')} />
      <FormField idPrefix="step" name="documentUrl" type="url" label={t('cw.form.documentUrl')} value={v('documentUrl')} attrs={{ maxLength: 500 }} error={fieldError(error, 'step', 'documentUrl')} />
      {track.track === 'referendum' && <FormField idPrefix="step" name="referendumDate" type="date" label={t('cw.form.referendumDate')} value={v('referendumDate')} error={fieldError(error, 'step', 'referendumDate')} />}
      <FormField idPrefix="step" name="note" label={t('cw.form.note')} value={v('note')} attrs={{ maxLength: 500 }} error={fieldError(error, 'step', 'note')} />
      <button type="submit">{t('cw.form.stepSubmit')}</button>
    </CouncilForm>
  );
}
