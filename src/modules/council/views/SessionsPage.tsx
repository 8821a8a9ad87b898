// The sessions list and calendar: what is coming (with the notice and the agenda), what was held
// (with minutes), a month-by-month calendar, the feeds (iCalendar, CSV, JSON), and for the
// secretariat and the chair the form that plans a session.
import { DataTable, FormField, type ViewRequest } from '../../../web/components/index.ts';
import { CouncilForm, day, fieldError, type FormError, num, StateBadge, Styles, typed } from './common.tsx';
import type { Actor, SessionSummary } from './model.ts';

export interface SessionsPageProps {
  req: ViewRequest;
  sessions: SessionSummary[];
  today: string;
  actor: Actor;
  error: FormError | null;
  /** The charter's minimum per year and how many count this year. */
  year: { year: number; required: number; counted: number };
}

function SessionTable(props: { req: ViewRequest; id: string; caption: string; rows: SessionSummary[] }) {
  const { t, lang } = props.req;
  return (
    <DataTable<SessionSummary>
      id={props.id}
      caption={props.caption}
      rows={props.rows}
      rowKey={(s) => s.id}
      empty={t('cw.sessions.none')}
      columns={[
        { header: t('cw.col.date'), rowHeader: true, cell: (s) => <a href={`/council/sessions/${s.id}`}>{day(props.req.lang, s.date)}</a> },
        { header: t('cw.col.session'), cell: (s) => t(`cw.sessionTitle.${s.kind}`, { n: s.number }) },
        { header: t('cw.col.place'), cell: (s) => s.place },
        { header: t('cw.col.state'), cell: (s) => <StateBadge t={t} state={s.state} /> },
        { header: t('cw.col.items'), numeric: true, cell: (s) => num(lang, s.items) },
      ]}
    />
  );
}

/** Months with sessions, each a list of its days: the calendar, readable on a phone. */
function Calendar(props: { req: ViewRequest; sessions: SessionSummary[] }) {
  const { t, lang } = props.req;
  const months = new Map<string, SessionSummary[]>();
  for (const s of [...props.sessions].sort((a, b) => a.date.localeCompare(b.date))) {
    const key = s.date.slice(0, 7);
    months.set(key, [...(months.get(key) ?? []), s]);
  }
  const monthName = (ym: string) => new Intl.DateTimeFormat(lang === 'kk' ? 'kk-KZ' : lang === 'ru' ? 'ru-RU' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${ym}-15T12:00:00Z`));
  return (
    <section aria-labelledby="cw-calendar">
      <h2 id="cw-calendar">{t('cw.sessions.calendar')}</h2>
      {months.size === 0 ? (
        <p>{t('cw.sessions.none')}</p>
      ) : (
        <ol class="cw-months">
          {[...months].map(([ym, list]) => (
            <li key={ym}>
              <h3>{monthName(ym)}</h3>
              <ul class="cw-days">
                {list.map((s) => (
                  <li key={s.id}>
                    <time datetime={s.date}>{day(lang, s.date)}</time> · <a href={`/council/sessions/${s.id}`}>{t(`cw.sessionTitle.${s.kind}`, { n: s.number })}</a> · {t(`councilWork.session.state.${s.state}`)}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function SessionsPage(props: SessionsPageProps) {
  const { req, sessions, today, actor, error, year } = props;
  const { t, lang } = req;
  const upcoming = sessions.filter((s) => s.date >= today && s.state !== 'cancelled' && s.state !== 'closed').sort((a, b) => a.date.localeCompare(b.date));
  const past = sessions.filter((s) => !upcoming.includes(s)).sort((a, b) => b.date.localeCompare(a.date));
  const v = typed(error, 'plan');
  return (
    <>
      <Styles />
      <p class="cw-crumbs">
        <a href="/council">{t('council.title')}</a>
      </p>
      <h1>{t('cw.sessions.title')}</h1>
      <p class="lead">{t('cw.sessions.intro')}</p>
      <p>{t('cw.sessions.year', { year: String(year.year), counted: num(lang, year.counted), required: num(lang, year.required) })}</p>
      <nav aria-label={t('cw.nav.council')} class="cw-links">
        <ul>
          <li>
            <a href="/council/initiatives">{t('cw.initiatives.title')}</a>
          </li>
          <li>
            <a href="/council/sessions.ics">{t('cw.feeds.ics')}</a>
          </li>
          <li>
            <a href={`/api/v1/council/sessions.csv?labels=1&lang=${req.lang}`}>{t('cw.feeds.csv')}</a>
          </li>
          <li>
            <a href="/api/v1/council/popolo/events">{t('cw.feeds.popolo')}</a>
          </li>
        </ul>
      </nav>
      <h2>{t('cw.sessions.upcoming')}</h2>
      <SessionTable req={req} id="cw-upcoming" caption={t('cw.sessions.upcoming')} rows={upcoming} />
      <h2>{t('cw.sessions.past')}</h2>
      <SessionTable req={req} id="cw-past" caption={t('cw.sessions.past')} rows={past} />
      <Calendar req={req} sessions={sessions} />
      {(actor.secretariat || actor.chair) && (
        <CouncilForm req={req} error={error} name="plan" action="/council/sessions" title={t('cw.form.plan')} controlIds={{ kind: 'plan-kind', date: 'plan-date', place: 'plan-place' }}>
          <FormField
            idPrefix="plan"
            name="kind"
            type="select"
            label={t('cw.form.kind')}
            value={v('kind', 'regular')}
            options={['regular', 'extraordinary'].map((k) => ({ value: k, label: t(`councilWork.session.kind.${k}`) }))}
            error={fieldError(error, 'plan', 'kind')}
          />
          <FormField idPrefix="plan" name="date" type="date" label={t('cw.form.date')} hint={t('cw.form.dateHint')} value={v('date')} required error={fieldError(error, 'plan', 'date')} />
          <FormField idPrefix="plan" name="place" label={t('cw.form.place')} value={v('place')} required attrs={{ maxLength: 200 }} error={fieldError(error, 'plan', 'place')} />
          <button type="submit">{t('cw.form.planSubmit')}</button>
        </CouncilForm>
      )}
    </>
  );
}
