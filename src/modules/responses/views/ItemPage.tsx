// An item's page: where it stands (clock, deadline, lead and co-executors), its extension, the
// answer and its measures, the forms the reader may use now, and the timeline.
import type { Charter } from '../../../core/charter/types.ts';
import { mayOnItem } from '../../../core/responses/lifecycle.ts';
import type { ViewRequest } from '../../../web/components/index.ts';
import type { Lang, Translate } from '../../../web/i18n.ts';
import type { Actor, AgencyView, ItemView } from '../service.ts';
import { agencyName, ClockBadge, type FormError, SourceRef, Styles } from './common.tsx';
import { day, num } from './format.ts';
import { AnswerForm, AssignForm, CloseForm, canUpdateMeasure, ExtendForm, ForwardForm, MeasureForm } from './ItemForms.tsx';

export interface ItemPageProps {
  req: ViewRequest;
  item: ItemView;
  agencies: AgencyView[];
  error: FormError | null;
  actor: Actor;
  rules: Charter['responses'];
  today: string;
}

function timelineText(t: Translate, lang: Lang, e: ItemView['timeline'][number], agencies: Map<string, AgencyView>): string {
  const d = e.detail as Record<string, string | number>;
  const name = (id: unknown) => agencyName(agencies, typeof id === 'string' ? id : null, lang);
  switch (e.kind) {
    case 'assigned':
      return t('responses.timeline.assigned', { agency: name(d.leadAgencyId), due: day(lang, String(d.dueDate)) });
    case 'forwarded':
      return t('responses.timeline.forwarded', { from: name(d.fromAgencyId), to: name(d.toAgencyId), due: day(lang, String(d.dueDate)) });
    case 'extended':
      return t('responses.timeline.extended', { due: day(lang, String(d.newDue)) });
    case 'answered':
      return t('responses.timeline.answered', { outcome: t(`responses.outcome.${d.outcome}`) });
    case 'deadline_missed':
      return t('responses.timeline.deadline_missed', { due: day(lang, String(d.dueDate)) });
    case 'measure_updated':
      return t('responses.timeline.measure_updated', { n: String(d.position), status: t(`responses.measureStatus.${d.status}`), progress: String(d.progress) });
    default:
      return t(`responses.timeline.${e.kind}`);
  }
}

function ItemFacts(props: { t: Translate; lang: Lang; item: ItemView; byId: Map<string, AgencyView> }) {
  const { t, lang, item, byId } = props;
  return (
    <dl class="rsp-facts">
      <dt>{t('responses.item.source')}</dt>
      <dd>
        <SourceRef t={t} sourceRef={item.sourceRef} />
      </dd>
      <dt>{t('responses.item.received')}</dt>
      <dd>{day(lang, item.receivedOn)}</dd>
      {item.leadAgencyId ? (
        <>
          <dt>{t('responses.item.lead')}</dt>
          <dd>{agencyName(byId, item.leadAgencyId, lang)}</dd>
          {item.coExecutorIds.length > 0 && (
            <>
              <dt>{t('responses.item.coExecutors')}</dt>
              <dd>{item.coExecutorIds.map((id) => agencyName(byId, id, lang)).join(', ')}</dd>
            </>
          )}
          <dt>{t('responses.item.agencyReceived')}</dt>
          <dd>{day(lang, item.agencyReceivedOn)}</dd>
          <dt>{t('responses.item.deadline')}</dt>
          <dd>
            <strong>{day(lang, item.dueDate)}</strong>
            {item.workingDaysLeft !== null && (
              <>
                {' — '}
                {item.workingDaysLeft >= 0 ? t('responses.item.daysLeft', { count: item.workingDaysLeft }) : t('responses.item.daysLate', { count: -item.workingDaysLeft })}
              </>
            )}
          </dd>
          {item.originalDueDate !== item.dueDate && (
            <>
              <dt>{t('responses.item.originalDeadline')}</dt>
              <dd>{day(lang, item.originalDueDate)}</dd>
            </>
          )}
        </>
      ) : (
        <>
          <dt>{t('responses.item.lead')}</dt>
          <dd>{t('responses.item.notAssigned')}</dd>
        </>
      )}
    </dl>
  );
}

export function ItemPage(props: ItemPageProps) {
  const { req, item, agencies, error, actor, rules, today } = props;
  const { t, lang } = req;
  const byId = new Map(agencies.map((a) => [a.id, a]));
  const forms = { req, item, agencies, error };
  return (
    <article class="rsp">
      <Styles />
      <p>
        <a href="/responses">{t('responses.nav')}</a>
        {item.leadAgencyId && (
          <>
            {' · '}
            <a href={`/responses/agencies/${item.leadAgencyId}`}>{agencyName(byId, item.leadAgencyId, lang)}</a>
          </>
        )}
      </p>
      <h1 lang={item.lang}>{item.title}</h1>
      <p>
        <ClockBadge t={t} clock={item.clock} /> <span class="rsp-status">{t(`responses.status.${item.status}`)}</span>
      </p>
      <ItemFacts t={t} lang={lang} item={item} byId={byId} />
      {item.forwardingUntil && <p class="rsp-muted">{t('responses.item.forwardingUntil', { date: day(lang, item.forwardingUntil) })}</p>}

      {item.extension && (
        <section aria-labelledby="rsp-ext">
          <h2 id="rsp-ext">{t('responses.item.extension')}</h2>
          <p>{t('responses.item.extensionText', { on: day(lang, item.extension.extendedOn), from: day(lang, item.extension.previousDue), to: day(lang, item.extension.newDue) })}</p>
          <p>
            <strong>{t('responses.item.extensionReason')}:</strong> {item.extension.reason}
          </p>
          <p class="rsp-muted">{t('responses.item.notifyBy', { date: day(lang, item.extension.notifyAuthorBy) })}</p>
        </section>
      )}

      {item.answer && (
        <section aria-labelledby="rsp-answer">
          <h2 id="rsp-answer">{t('responses.item.answer')}</h2>
          <p>
            <strong class={`rsp-outcome rsp-outcome-${item.answer.outcome}`}>{t(`responses.outcome.${item.answer.outcome}`)}</strong> · {t('responses.item.answeredOn')}:{' '}
            {day(lang, item.answer.answeredOn)} · {t('responses.item.workingDaysToAnswer')}: {num(lang, item.answer.workingDaysToAnswer)}
          </p>
          <h3>{t('responses.item.reasons')}</h3>
          <p class="rsp-text">{item.answer.reasons}</p>
          {item.closedOn && <p>{t('responses.item.closedOn', { date: day(lang, item.closedOn) })}</p>}
        </section>
      )}

      {item.measures.length > 0 && (
        <section aria-labelledby="rsp-measures">
          <h2 id="rsp-measures">{t('responses.item.measures')}</h2>
          <ol class="rsp-measures">
            {item.measures.map((m, i) => (
              <li key={m.id} id={`measure-${m.id}`}>
                <p class="rsp-text">{m.description}</p>
                <p>
                  {t('responses.measure.responsible')}: {agencyName(byId, m.responsibleAgencyId, lang)} · {t('responses.measure.due')}: {day(lang, m.dueDate)} · {t(`responses.measureStatus.${m.status}`)}
                  {m.overdue && (
                    <>
                      {' '}
                      <span class="rsp-clock rsp-clock-overdue">{t('responses.measure.overdue')}</span>
                    </>
                  )}
                </p>
                <p>
                  <label for={`measure-${m.id}-bar`}>{t('responses.measure.progress')}</label>{' '}
                  <progress id={`measure-${m.id}-bar`} max={100} value={m.progress}>{`${m.progress}%`}</progress> {m.progress}%
                </p>
                {m.dropReason && (
                  <p>
                    {t('responses.measure.dropReason')}: {m.dropReason}
                  </p>
                )}
                {canUpdateMeasure(item, actor, m) && <MeasureForm {...forms} m={m} n={i + 1} />}
              </li>
            ))}
          </ol>
        </section>
      )}

      {mayOnItem('response.assigned', item, actor) && <AssignForm {...forms} today={today} />}

      {mayOnItem('response.answered', item, actor) && <AnswerForm {...forms} />}
      {mayOnItem('response.extended', item, actor) && !item.extension && <ExtendForm {...forms} rules={rules} />}
      {mayOnItem('response.forwarded', item, actor) && item.forwardingUntil && today <= item.forwardingUntil && <ForwardForm {...forms} />}

      {mayOnItem('response.closed', item, actor) && <CloseForm {...forms} />}

      <section aria-labelledby="rsp-timeline">
        <h2 id="rsp-timeline">{t('responses.item.timeline')}</h2>
        <ol class="rsp-timeline">
          {item.timeline.map((e, i) => (
            <li key={`${e.at}-${i}`}>
              <time dateTime={e.onDate}>{day(lang, e.onDate)}</time> — {timelineText(t, lang, e, byId)}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
