// The console: an officer's inbox and the items their agency is implementing; for the secretariat,
// the intake (unassigned items), the authors to notify, and the forms that register an item or an agency.
import type { Charter } from '../../../core/charter/types.ts';
import { LANGS } from '../../../web/i18n.ts';
import type { ViewRequest } from '../../../web/components/index.ts';
import type { AgencyView, ItemSummary, ResponsesService } from '../service.ts';
import { LANG_NAMES } from '../../../web/layout.tsx';
import { AgencyOptions, type FormError, ItemTable, ResponsesForm, SourceRef, Styles, typed } from './common.tsx';
import { day } from './format.ts';

export interface ConsolePageProps {
  req: ViewRequest;
  agency: AgencyView | null;
  inbox: ItemSummary[];
  implementing: ItemSummary[];
  /** The secretariat's intake; null for people who are not the secretariat. */
  unassigned: ItemSummary[] | null;
  notifications: Awaited<ReturnType<ResponsesService['pendingNotifications']>>;
  agencies: AgencyView[];
  regions: Charter['regions'];
  error: FormError | null;
  today: string;
  /** The agency registry form for an administrator who is not the secretariat (who sees it anyway). */
  addsAgencies?: boolean;
}

function CreateItemForm(props: { req: ViewRequest; error: FormError | null; today: string }) {
  const { req, error } = props;
  const { t, lang } = req;
  const v = typed(error);
  return (
    <ResponsesForm req={req} error={error} name="create" action="/responses/items" title={t('responses.form.create')}
      controlIds={{ title: 'create-title', lang: 'create-lang', sourceRef: 'create-source', receivedOn: 'create-received' }}
    >
      <label for="create-title">{t('responses.item.title')}</label>
      <input id="create-title" name="title" value={v('title')} maxLength={500} required />
      <label for="create-lang">{t('responses.form.lang')}</label>
      <select id="create-lang" name="lang">
        {LANGS.map((l) => (
          <option key={l} value={l} lang={l} selected={v('lang', lang) === l}>
            {LANG_NAMES[l]}
          </option>
        ))}
      </select>
      <label for="create-source">{t('responses.form.sourceRef')}</label>
      <input id="create-source" name="sourceRef" value={v('sourceRef')} required />
      <label for="create-received">{t('responses.form.receivedOn')}</label>
      <input id="create-received" name="receivedOn" type="date" value={v('receivedOn', props.today)} required />
      <button type="submit">{t('responses.form.create')}</button>
    </ResponsesForm>
  );
}

function AddAgencyForm(props: { req: ViewRequest; error: FormError | null; agencies: AgencyView[]; regions: ConsolePageProps['regions'] }) {
  const { req, error } = props;
  const { t, lang } = req;
  const v = typed(error);
  return (
    <ResponsesForm req={req} error={error} name="agency" action="/responses/agencies" title={t('responses.form.addAgency')}
      controlIds={{ id: 'agency-id', level: 'agency-level', region: 'agency-region', parentId: 'agency-parent', ...Object.fromEntries(LANGS.map((l) => [`name_${l}`, `agency-name-${l}`])) }}
    >
      <label for="agency-id">{t('responses.form.agencyId')}</label>
      <input id="agency-id" name="id" value={v('id')} pattern="[a-z0-9][a-z0-9\-]{1,63}" required />
      {LANGS.map((l) => (
        <div key={l}>
          <label for={`agency-name-${l}`}>{t(`responses.form.name.${l}`)}</label>
          <input id={`agency-name-${l}`} name={`name_${l}`} lang={l} value={v(`name_${l}`)} required />
        </div>
      ))}
      <label for="agency-level">{t('responses.form.level')}</label>
      <select id="agency-level" name="level">
        {(['central', 'local'] as const).map((l) => (
          <option key={l} value={l} selected={v('level', 'central') === l}>
            {t(`responses.agency.level.${l}`)}
          </option>
        ))}
      </select>
      <label for="agency-region">{t('responses.agency.region')}</label>
      <select id="agency-region" name="region">
        <option value="">{t('responses.form.none')}</option>
        {props.regions.map((r) => (
          <option key={r.code} value={r.code} selected={v('region') === r.code}>
            {r.name[lang]}
          </option>
        ))}
      </select>
      <label for="agency-parent">{t('responses.agency.parent')}</label>
      <select id="agency-parent" name="parentId">
        <option value="">{t('responses.form.none')}</option>
        <AgencyOptions agencies={props.agencies} lang={lang} selected={v('parentId')} />
      </select>
      <button type="submit">{t('responses.form.addAgency')}</button>
    </ResponsesForm>
  );
}

export function ConsolePage(props: ConsolePageProps) {
  const { req, agency, inbox, implementing, unassigned, notifications, agencies, error, today } = props;
  const { t, lang } = req;
  const byId = new Map(agencies.map((a) => [a.id, a]));
  return (
    <section class="rsp">
      <Styles />
      <h1>{t('responses.console.title')}</h1>
      {agency ? (
        <>
          <p>{t('responses.console.forAgency', { agency: agency.name[lang] })}</p>
          <h2>{t('responses.console.inbox')}</h2>
          <ItemTable t={t} lang={lang} items={inbox} agencies={byId} caption={t('responses.console.inbox')} id="rsp-inbox" />
          <h2>{t('responses.console.implementing')}</h2>
          <ItemTable t={t} lang={lang} items={implementing} agencies={byId} caption={t('responses.console.implementing')} id="rsp-implementing" />
        </>
      ) : (
        unassigned === null && !props.addsAgencies && <p>{t('responses.console.noAgency')}</p>
      )}
      {unassigned === null && props.addsAgencies && <AddAgencyForm req={req} error={error} agencies={agencies} regions={props.regions} />}
      {unassigned !== null && (
        <>
          <h2>{t('responses.console.secretariat')}</h2>
          <ItemTable t={t} lang={lang} items={unassigned} agencies={byId} caption={t('responses.console.unassigned')} id="rsp-unassigned" />
          <h2>{t('responses.console.notifications')}</h2>
          {notifications.length ? (
            <ul>
              {notifications.map((n) => (
                <li key={`${n.itemId}-${n.kind}`}>
                  <a href={`/responses/items/${n.itemId}`}>{t('responses.console.notifyItem', { n: String(n.itemId) })}</a>{' '}
                  (<SourceRef t={t} sourceRef={n.recipientRef} />){' '}
                  — {t('responses.item.notifyBy', { date: day(lang, n.notifyBy) })}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('responses.items.none')}</p>
          )}
          <CreateItemForm req={req} error={error} today={today} />
          <AddAgencyForm req={req} error={error} agencies={agencies} regions={props.regions} />
        </>
      )}
    </section>
  );
}
