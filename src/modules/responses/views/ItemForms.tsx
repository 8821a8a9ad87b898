// The forms that act on an item, each shown to the people who may use it now: the secretariat
// assigns; the lead agency answers, extends once, forwards while it may; measures are updated by
// their agencies; the lead or the secretariat closes. A refused form comes back with its problem
// and with what was typed.
import type { Charter } from '../../../core/charter/types.ts';
import { mayOnItem } from '../../../core/responses/lifecycle.ts';
import { MEASURE_STATUSES, OUTCOMES } from '../../../core/responses/types.ts';
import type { ViewRequest } from '../../../web/components/index.ts';
import type { Actor, AgencyView, ItemView, MeasureView } from '../service.ts';
import { AgencyOptions, type FormError, ResponsesForm, type ResponsesFormProps, typed } from './common.tsx';

export interface ItemFormProps {
  req: ViewRequest;
  item: ItemView;
  agencies: AgencyView[];
  error: FormError | null;
}

/** Whether this person may update this measure now: the item's table says (its lead or the measure's agency, while the item is answered and the measure not finished). */
export function canUpdateMeasure(item: ItemView, actor: Actor, m: MeasureView): boolean {
  return mayOnItem('response.measure_updated', item, actor, m);
}

/** A form that acts on this item. */
function ItemForm(props: ItemFormProps & Omit<ResponsesFormProps, 'action'> & { action: string }) {
  return <ResponsesForm {...props} action={`/responses/items/${props.item.id}/${props.action}`} />;
}

export function MeasureForm(props: ItemFormProps & { m: MeasureView; n: number }) {
  const { req, error, m } = props;
  const { t } = req;
  const form = `measure-${m.id}`;
  // Only the refused form keeps what was typed; the others show the measure as it is.
  const mine = error?.form === form ? error : null;
  const v = typed(mine);
  return (
    <ItemForm {...props} name={form} action={`measures/${m.id}`} id={`${form}-form`} controlIds={{ status: `${form}-status`, progress: `${form}-progress`, note: `${form}-note`, dropReason: `${form}-drop` }}
      heading={
        <h3>
          {t('responses.form.updateMeasure')} — {t('responses.measure.row', { n: props.n })}
        </h3>
      }
    >
      <label for={`${form}-status`}>{t('responses.measure.status')}</label>
      <select id={`${form}-status`} name="status">
        {MEASURE_STATUSES.map((s) => (
          <option key={s} value={s} selected={s === (mine ? v('status') : m.status === 'planned' ? 'in_progress' : m.status)}>
            {t(`responses.measureStatus.${s}`)}
          </option>
        ))}
      </select>
      <label for={`${form}-progress`}>{t('responses.measure.progress')} (%)</label>
      <input id={`${form}-progress`} name="progress" type="number" min={0} max={100} step={1} value={mine ? v('progress') : String(m.progress)} required />
      <label for={`${form}-note`}>{t('responses.measure.note')}</label>
      <textarea id={`${form}-note`} name="note" rows={2}>
        {v('note')}
      </textarea>
      <label for={`${form}-drop`}>{t('responses.measure.dropReason')}</label>
      <textarea id={`${form}-drop`} name="dropReason" rows={2}>
        {v('dropReason')}
      </textarea>
      <button type="submit">{t('responses.form.updateMeasure')}</button>
    </ItemForm>
  );
}

export function AssignForm(props: ItemFormProps & { today: string }) {
  const { req, agencies, error } = props;
  const { t, lang } = req;
  const v = typed(error);
  return (
    <ItemForm {...props} name="assign" action="assign" title={t('responses.form.assign')} controlIds={{ leadAgencyId: 'assign-lead', coExecutorIds: 'assign-co', receivedOn: 'assign-received' }}>
      <label for="assign-lead">{t('responses.form.leadAgency')}</label>
      <select id="assign-lead" name="leadAgencyId" required>
        <AgencyOptions agencies={agencies} lang={lang} selected={v('leadAgencyId')} />
      </select>
      <label for="assign-co">{t('responses.form.coExecutors')}</label>
      <select id="assign-co" name="coExecutorIds" multiple size={6}>
        <AgencyOptions agencies={agencies} lang={lang} />
      </select>
      <label for="assign-received">{t('responses.form.receivedOn')}</label>
      <input id="assign-received" name="receivedOn" type="date" value={v('receivedOn', props.today)} required />
      <button type="submit">{t('responses.form.assign')}</button>
    </ItemForm>
  );
}

/** The answer: an outcome, public reasons, and up to three measures (a row left empty is no measure). */
export function AnswerForm(props: ItemFormProps) {
  const { req, item, agencies, error } = props;
  const { t, lang } = req;
  const v = typed(error);
  return (
    <ItemForm {...props} name="answer" action="answer" title={t('responses.form.answer')} controlIds={{ reasons: 'answer-reasons' }}>
      <fieldset>
        <legend>{t('responses.form.outcome')}</legend>
        {OUTCOMES.map((o) => (
          <label key={o} class="rsp-inline">
            <input type="radio" name="outcome" value={o} checked={v('outcome', 'accepted') === o} /> {t(`responses.outcome.${o}`)}
          </label>
        ))}
      </fieldset>
      <label for="answer-reasons">{t('responses.form.reasons')}</label>
      <textarea id="answer-reasons" name="reasons" rows={5} required>
        {v('reasons')}
      </textarea>
      <p class="rsp-muted">{t('responses.form.measuresHelp')}</p>
      {[1, 2, 3].map((n) => (
        <fieldset key={n}>
          <legend>{t('responses.measure.row', { n })}</legend>
          <label for={`m${n}-description`}>{t('responses.measure.description')}</label>
          <textarea id={`m${n}-description`} name={`m${n}_description`} rows={2}>
            {v(`m${n}_description`)}
          </textarea>
          <label for={`m${n}-agency`}>{t('responses.measure.responsible')}</label>
          <select id={`m${n}-agency`} name={`m${n}_agency`}>
            <AgencyOptions agencies={agencies} lang={lang} selected={v(`m${n}_agency`, item.leadAgencyId ?? '')} />
          </select>
          <label for={`m${n}-due`}>{t('responses.measure.due')}</label>
          <input id={`m${n}-due`} name={`m${n}_due`} type="date" value={v(`m${n}_due`)} />
        </fieldset>
      ))}
      <button type="submit">{t('responses.form.answer')}</button>
    </ItemForm>
  );
}

export function ExtendForm(props: ItemFormProps & { rules: Charter['responses'] }) {
  const { req, error, rules } = props;
  const { t } = req;
  const v = typed(error);
  return (
    <ItemForm {...props} name="extend" action="extend" title={t('responses.form.extend')} controlIds={{ newDueDate: 'extend-date', reason: 'extend-reason' }}>
      <p class="rsp-muted">{t('responses.form.extendHelp', { days: rules.extension.maxExtraWorkingDays, notify: rules.notifyAuthorWorkingDays })}</p>
      <label for="extend-date">{t('responses.form.newDueDate')}</label>
      <input id="extend-date" name="newDueDate" type="date" value={v('newDueDate')} required />
      <label for="extend-reason">{t('responses.form.reason')}</label>
      <textarea id="extend-reason" name="reason" rows={3}>
        {v('reason')}
      </textarea>
      <button type="submit">{t('responses.form.extend')}</button>
    </ItemForm>
  );
}

export function ForwardForm(props: ItemFormProps) {
  const { req, item, agencies, error } = props;
  const { t, lang } = req;
  const v = typed(error);
  return (
    <ItemForm {...props} name="forward" action="forward" title={t('responses.form.forward')} controlIds={{ toAgencyId: 'forward-to', reason: 'forward-reason' }}>
      <label for="forward-to">{t('responses.form.toAgency')}</label>
      <select id="forward-to" name="toAgencyId" required>
        <AgencyOptions agencies={agencies} lang={lang} exclude={item.leadAgencyId} selected={v('toAgencyId')} />
      </select>
      <label for="forward-reason">{t('responses.form.reason')}</label>
      <textarea id="forward-reason" name="reason" rows={3} required>
        {v('reason')}
      </textarea>
      <button type="submit">{t('responses.form.forward')}</button>
    </ItemForm>
  );
}

export function CloseForm(props: ItemFormProps) {
  const { t } = props.req;
  return (
    <ItemForm {...props} name="close" action="close" title={t('responses.form.close')} controlIds={{}}>
      <p class="rsp-muted">{t('responses.form.closeHelp')}</p>
      <button type="submit">{t('responses.form.close')}</button>
    </ItemForm>
  );
}
