// Pages of the listening state, server-rendered and working without JavaScript: the public dashboard,
// an agency's page, an item's page with its timeline (and, for officers, the forms that act on it),
// and the console (an officer's inbox by deadline; the secretariat's intake).
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JSX } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { computeStats } from '../../core/responses/stats.ts';
import { MEASURE_STATUSES, OUTCOMES } from '../../core/responses/types.ts';
import { type Lang, LANGS, locale } from '../../web/i18n.ts';
import { CsrfField, sendPage } from '../../web/layout.tsx';
import { HttpProblem } from '../../web/problem.ts';
import { mayOnItem } from '../../core/responses/lifecycle.ts';
import { problemOf } from '../../web/domainProblems.ts';
import { responsesCatalog } from './problems.ts';
import { requireRole } from '../identity/api.ts';
import { BarChart, StackedBar } from './charts.tsx';
import { actorOf } from './routes.ts';
import type { AgencyView, Dashboard, ItemSummary, ItemView, MeasureInput, ResponsesService } from './service.ts';

type T = FastifyRequest['t'];
type Stats = Dashboard['national'];

const CSS = readFileSync(new URL('./responses.css', import.meta.url), 'utf8');

/** A refused form: which form, the problem's field messages, and what the person typed. */
interface FormError {
  form: string;
  detail: string;
  errors: { field: string; message: string }[];
  values: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Small pieces

// Intl formatters are costly to build, so each is built once per language.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function formatter<F extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => F): F {
  let f = formatters.get(key);
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f as F;
}

function fmtDate(lang: Lang, d: string | null): string {
  if (!d) return '—';
  const f = formatter(`date:${lang}`, () => new Intl.DateTimeFormat(locale(lang), { dateStyle: 'medium', timeZone: 'UTC' }));
  return f.format(Date.parse(`${d}T00:00:00Z`));
}

function pct(lang: Lang, x: number | null): string {
  return x === null ? '—' : formatter(`pct:${lang}`, () => new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 0 })).format(x);
}

function num(lang: Lang, x: number | null): string {
  return x === null ? '—' : formatter(`num:${lang}`, () => new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 1 })).format(x);
}

/**
 * Public pages that are the same for everyone (the dashboard, an agency's page) are rendered at most
 * once every five seconds per language and process, and again at once after any change made in this process.
 * While a new rendering is made, other requests get the one of a moment ago.
 */
interface CachedBody {
  version: number;
  at: number;
  html: string;
  refreshing: Promise<string> | null;
}
const bodyCaches = new WeakMap<ResponsesService, Map<string, CachedBody>>();
const BODY_TTL_MS = 5000;
async function cachedBody(svc: ResponsesService, name: string, render: () => Promise<JSX.Element>): Promise<JSX.Element> {
  let cache = bodyCaches.get(svc);
  if (!cache) {
    cache = new Map();
    bodyCaches.set(svc, cache);
  }
  const key = `${name}:${svc.today()}`;
  const entry = cache.get(key);
  const version = svc.version;
  const refresh = () => render().then((el) => renderToString(el));
  let html: string;
  if (entry && entry.version === version) {
    if (Date.now() - entry.at >= BODY_TTL_MS && !entry.refreshing) {
      entry.refreshing = refresh()
        .then((h) => {
          if (entry.version === svc.version) Object.assign(entry, { html: h, at: Date.now() });
          return h;
        })
        .finally(() => {
          entry.refreshing = null;
        });
    }
    html = entry.html;
  } else {
    html = await refresh();
    if (cache.size > 500) cache.clear();
    cache.set(key, { version, at: Date.now(), html, refreshing: null });
  }
  return <div class="rsp-cached" dangerouslySetInnerHTML={{ __html: html }} />;
}

function agencyName(agencies: Map<string, AgencyView>, id: string | null, lang: Lang): string {
  if (!id) return '—';
  return agencies.get(id)?.name[lang] ?? id;
}

function ClockBadge(props: { t: T; clock: string | null }) {
  const c = props.clock ?? 'none';
  return <span class={`rsp-clock rsp-clock-${c}`}>{props.t(`responses.clock.${c}`)}</span>;
}

function StatTiles(props: { t: T; lang: Lang; s: Stats; overdueMeasures: number }) {
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

function ItemTable(props: { t: T; lang: Lang; items: ItemSummary[]; agencies: Map<string, AgencyView>; caption: string }) {
  const { t, lang, items, agencies, caption } = props;
  if (!items.length) return <p>{t('responses.items.none')}</p>;
  return (
    <div class="rsp-scroll">
      <table class="rsp-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('responses.item.title')}</th>
            <th scope="col">{t('responses.item.lead')}</th>
            <th scope="col">{t('responses.item.deadline')}</th>
            <th scope="col">{t('responses.item.status')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id}>
              <td>
                <a href={`/responses/items/${i.id}`} lang={i.lang}>
                  {i.title}
                </a>
              </td>
              <td>{agencyName(agencies, i.leadAgencyId, lang)}</td>
              <td>{fmtDate(lang, i.dueDate)}</td>
              <td>
                <ClockBadge t={t} clock={i.clock} /> <span class="rsp-status">{t(`responses.status.${i.status}`)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Styles() {
  return <link rel="stylesheet" href="/responses/static/responses.css" />;
}

function ErrorSummary(props: { t: T; error: FormError | null; form: string }) {
  const e = props.error;
  if (!e || e.form !== props.form) return null;
  return (
    <div class="rsp-errors" role="alert" tabIndex={-1} id={`${props.form}-errors`}>
      <h3>{props.t('responses.form.errors')}</h3>
      <p>{e.detail}</p>
      {e.errors.length > 0 && (
        <ul>
          {e.errors.map((x) => (
            <li key={x.field}>
              <code>{x.field}</code>: {x.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function AgencyOptions(props: { agencies: AgencyView[]; lang: Lang; selected?: string; exclude?: string | null }) {
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

// ---------------------------------------------------------------------------------------------
// Pages

function DashboardPage(props: { req: FastifyRequest; dash: Dashboard; agencies: AgencyView[] }) {
  const { req, dash, agencies } = props;
  const running = dash.running;
  const { t, lang } = req;
  const stats = new Map(dash.agencies.map((s) => [s.agencyId, s]));
  const answeredAgencies = agencies
    .filter((a) => (stats.get(a.id)?.answered ?? 0) > 0)
    .sort((a, b) => (stats.get(b.id)!.shareOnTime ?? 0) - (stats.get(a.id)!.shareOnTime ?? 0));
  return (
    <section class="rsp">
      <Styles />
      <h1>{t('responses.dashboard.title')}</h1>
      <p>{t('responses.dashboard.lead')}</p>
      <p class="rsp-muted">{t('responses.dashboard.today', { date: fmtDate(lang, dash.today) })}</p>
      <h2>{t('responses.dashboard.national')}</h2>
      <StatTiles t={t} lang={lang} s={dash.national} overdueMeasures={dash.overdueMeasures.total} />
      <h2>{t('responses.dashboard.chartClock')}</h2>
      <StackedBar
        id="rsp-clock"
        title={t('responses.dashboard.chartClock')}
        desc={t('responses.dashboard.chartClockDesc')}
        segments={[
          { label: t('responses.clock.on_time'), value: running.on_time, fill: '#2e7d32' },
          { label: t('responses.clock.due_soon'), value: running.due_soon, fill: '#b26a00' },
          { label: t('responses.clock.overdue'), value: running.overdue, fill: '#b3261e' },
        ]}
      />
      <h2>{t('responses.dashboard.chartOnTime')}</h2>
      {answeredAgencies.length ? (
        <BarChart
          id="rsp-ontime"
          title={t('responses.dashboard.chartOnTime')}
          desc={t('responses.dashboard.chartOnTimeDesc')}
          max={1}
          bars={answeredAgencies.map((a) => {
            const s = stats.get(a.id)!;
            return { label: a.name[lang], value: s.shareOnTime ?? 0, text: pct(lang, s.shareOnTime) };
          })}
        />
      ) : (
        <p>{t('responses.dashboard.noData')}</p>
      )}
      <h2>{t('responses.dashboard.agencies')}</h2>
      <div class="rsp-scroll">
        <table class="rsp-table">
          <caption>{t('responses.dashboard.agencies')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('responses.agency')}</th>
              <th scope="col">{t('responses.stat.assigned')}</th>
              <th scope="col">{t('responses.stat.answered')}</th>
              <th scope="col">{t('responses.stat.shareOnTime')}</th>
              <th scope="col">{t('responses.stat.median')}</th>
              <th scope="col">{t('responses.stat.overdueNow')}</th>
              <th scope="col">{t('responses.stat.extensionRate')}</th>
              <th scope="col">{t('responses.stat.overdueMeasures')}</th>
            </tr>
          </thead>
          <tbody>
            {agencies.map((a) => {
              // Zeros for an agency added in another process since the figures were cached.
              const s = stats.get(a.id) ?? computeStats([], dash.today);
              return (
                <tr key={a.id}>
                  <th scope="row">
                    <a href={`/responses/agencies/${a.id}`}>{a.name[lang]}</a>
                  </th>
                  <td>{num(lang, s.assigned)}</td>
                  <td>{num(lang, s.answered)}</td>
                  <td>{pct(lang, s.shareOnTime)}</td>
                  <td>{num(lang, s.medianWorkingDaysToAnswer)}</td>
                  <td class={s.overdueNow ? 'rsp-bad' : undefined}>{num(lang, s.overdueNow)}</td>
                  <td>{pct(lang, s.extensionRate)}</td>
                  <td class={dash.overdueMeasures.byAgency[a.id] ? 'rsp-bad' : undefined}>{num(lang, dash.overdueMeasures.byAgency[a.id] ?? 0)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h2>{t('responses.dashboard.openData')}</h2>
      <ul>
        <li>
          {t('responses.opendata.items')}: <a href="/open-data/responses/items.csv">CSV</a>, <a href="/open-data/responses/items.json">JSON</a>
        </li>
        <li>
          {t('responses.opendata.agencies')}: <a href="/open-data/responses/agencies.csv">CSV</a>, <a href="/open-data/responses/agencies.json">JSON</a>
        </li>
      </ul>
    </section>
  );
}

function AgencyPage(props: { req: FastifyRequest; agency: AgencyView; stats: Stats; overdueMeasures: number; items: ItemSummary[]; agencies: Map<string, AgencyView> }) {
  const { req, agency, stats, overdueMeasures, items, agencies } = props;
  const { t, lang } = req;
  const region = agency.region ? req.server.ctx.charter.regions.find((r) => r.code === agency.region) : undefined;
  return (
    <section class="rsp">
      <Styles />
      <p>
        <a href="/responses">{t('responses.nav')}</a>
      </p>
      <h1>{agency.name[lang]}</h1>
      <dl class="rsp-facts">
        <dt>{t(`responses.agency.level.${agency.level}`)}</dt>
        <dd>{agency.parentId ? `${t('responses.agency.parent')}: ${agencyName(agencies, agency.parentId, lang)}` : '—'}</dd>
        {region && (
          <>
            <dt>{t('responses.agency.region')}</dt>
            <dd>{region.name[lang]}</dd>
          </>
        )}
      </dl>
      <StatTiles t={t} lang={lang} s={stats} overdueMeasures={overdueMeasures} />
      <h2>{t('responses.agency.items')}</h2>
      <ItemTable t={t} lang={lang} items={items} agencies={agencies} caption={t('responses.agency.items')} />
    </section>
  );
}

function timelineText(t: T, lang: Lang, e: ItemView['timeline'][number], agencies: Map<string, AgencyView>): string {
  const d = e.detail as Record<string, string | number>;
  const name = (id: unknown) => agencyName(agencies, typeof id === 'string' ? id : null, lang);
  switch (e.kind) {
    case 'assigned':
      return t('responses.timeline.assigned', { agency: name(d.leadAgencyId), due: fmtDate(lang, String(d.dueDate)) });
    case 'forwarded':
      return t('responses.timeline.forwarded', { from: name(d.fromAgencyId), to: name(d.toAgencyId), due: fmtDate(lang, String(d.dueDate)) });
    case 'extended':
      return t('responses.timeline.extended', { due: fmtDate(lang, String(d.newDue)) });
    case 'answered':
      return t('responses.timeline.answered', { outcome: t(`responses.outcome.${d.outcome}`) });
    case 'deadline_missed':
      return t('responses.timeline.deadline_missed', { due: fmtDate(lang, String(d.dueDate)) });
    case 'measure_updated':
      return t('responses.timeline.measure_updated', { n: String(d.position), status: t(`responses.measureStatus.${d.status}`), progress: String(d.progress) });
    default:
      return t(`responses.timeline.${e.kind}`);
  }
}

function ItemPage(props: { req: FastifyRequest; item: ItemView; agencies: AgencyView[]; error: FormError | null; svc: ResponsesService }) {
  const { req, item, agencies, error, svc } = props;
  const { t, lang } = req;
  const byId = new Map(agencies.map((a) => [a.id, a]));
  const actor = actorOf(req);
  const v = (name: string, dflt = '') => (error?.values[name] ?? dflt);
  const rules = svc.rules;
  const today = svc.today();
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
      <dl class="rsp-facts">
        <dt>{t('responses.item.source')}</dt>
        <dd>
          <code>{item.sourceRef}</code>
        </dd>
        <dt>{t('responses.item.received')}</dt>
        <dd>{fmtDate(lang, item.receivedOn)}</dd>
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
            <dd>{fmtDate(lang, item.agencyReceivedOn)}</dd>
            <dt>{t('responses.item.deadline')}</dt>
            <dd>
              <strong>{fmtDate(lang, item.dueDate)}</strong>
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
                <dd>{fmtDate(lang, item.originalDueDate)}</dd>
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
      {item.forwardingUntil && <p class="rsp-muted">{t('responses.item.forwardingUntil', { date: fmtDate(lang, item.forwardingUntil) })}</p>}

      {item.extension && (
        <section aria-labelledby="rsp-ext">
          <h2 id="rsp-ext">{t('responses.item.extension')}</h2>
          <p>{t('responses.item.extensionText', { on: fmtDate(lang, item.extension.extendedOn), from: fmtDate(lang, item.extension.previousDue), to: fmtDate(lang, item.extension.newDue) })}</p>
          <p>
            <strong>{t('responses.item.extensionReason')}:</strong> {item.extension.reason}
          </p>
          <p class="rsp-muted">{t('responses.item.notifyBy', { date: fmtDate(lang, item.extension.notifyAuthorBy) })}</p>
        </section>
      )}

      {item.answer && (
        <section aria-labelledby="rsp-answer">
          <h2 id="rsp-answer">{t('responses.item.answer')}</h2>
          <p>
            <strong class={`rsp-outcome rsp-outcome-${item.answer.outcome}`}>{t(`responses.outcome.${item.answer.outcome}`)}</strong> · {t('responses.item.answeredOn')}:{' '}
            {fmtDate(lang, item.answer.answeredOn)} · {t('responses.item.workingDaysToAnswer')}: {num(lang, item.answer.workingDaysToAnswer)}
          </p>
          <h3>{t('responses.item.reasons')}</h3>
          <p class="rsp-text">{item.answer.reasons}</p>
          {item.closedOn && <p>{t('responses.item.closedOn', { date: fmtDate(lang, item.closedOn) })}</p>}
        </section>
      )}

      {item.measures.length > 0 && (
        <section aria-labelledby="rsp-measures">
          <h2 id="rsp-measures">{t('responses.item.measures')}</h2>
          <ol class="rsp-measures">
            {item.measures.map((m, i) => {
              const canUpdate = mayOnItem('response.measure_updated', item, actor, m);
              const form = `measure-${m.id}`;
              return (
                <li key={m.id} id={form}>
                  <p class="rsp-text">{m.description}</p>
                  <p>
                    {t('responses.measure.responsible')}: {agencyName(byId, m.responsibleAgencyId, lang)} · {t('responses.measure.due')}: {fmtDate(lang, m.dueDate)} ·{' '}
                    {t(`responses.measureStatus.${m.status}`)}
                    {m.overdue && (
                      <>
                        {' '}
                        <span class="rsp-clock rsp-clock-overdue">{t('responses.measure.overdue')}</span>
                      </>
                    )}
                  </p>
                  <p>
                    <label for={`${form}-bar`}>{t('responses.measure.progress')}</label>{' '}
                    <progress id={`${form}-bar`} max={100} value={m.progress}>{`${m.progress}%`}</progress> {m.progress}%
                  </p>
                  {m.dropReason && (
                    <p>
                      {t('responses.measure.dropReason')}: {m.dropReason}
                    </p>
                  )}
                  {canUpdate && (
                    <form method="post" action={`/responses/items/${item.id}/measures/${m.id}`} class="rsp-form">
                      <ErrorSummary t={t} error={error} form={form} />
                      <h3>
                        {t('responses.form.updateMeasure')} — {t('responses.measure.row', { n: i + 1 })}
                      </h3>
                      <CsrfField req={req} />
                      <label for={`${form}-status`}>{t('responses.measure.status')}</label>
                      <select id={`${form}-status`} name="status">
                        {MEASURE_STATUSES.map((s) => (
                          <option key={s} value={s} selected={s === (error?.form === form ? v('status') : m.status === 'planned' ? 'in_progress' : m.status)}>
                            {t(`responses.measureStatus.${s}`)}
                          </option>
                        ))}
                      </select>
                      <label for={`${form}-progress`}>{t('responses.measure.progress')} (%)</label>
                      <input id={`${form}-progress`} name="progress" type="number" min={0} max={100} step={1} value={error?.form === form ? v('progress') : String(m.progress)} required />
                      <label for={`${form}-note`}>{t('responses.measure.note')}</label>
                      <textarea id={`${form}-note`} name="note" rows={2}>
                        {error?.form === form ? v('note') : ''}
                      </textarea>
                      <label for={`${form}-drop`}>{t('responses.measure.dropReason')}</label>
                      <textarea id={`${form}-drop`} name="dropReason" rows={2}>
                        {error?.form === form ? v('dropReason') : ''}
                      </textarea>
                      <button type="submit">{t('responses.form.updateMeasure')}</button>
                    </form>
                  )}
                </li>
              );
            })}
          </ol>
        </section>
      )}

      {mayOnItem('response.assigned', item, actor) && (
        <form method="post" action={`/responses/items/${item.id}/assign`} class="rsp-form" id="assign">
          <h2>{t('responses.form.assign')}</h2>
          <ErrorSummary t={t} error={error} form="assign" />
          <CsrfField req={req} />
          <label for="assign-lead">{t('responses.form.leadAgency')}</label>
          <select id="assign-lead" name="leadAgencyId" required>
            <AgencyOptions agencies={agencies} lang={lang} selected={v('leadAgencyId')} />
          </select>
          <label for="assign-co">{t('responses.form.coExecutors')}</label>
          <select id="assign-co" name="coExecutorIds" multiple size={6}>
            <AgencyOptions agencies={agencies} lang={lang} />
          </select>
          <label for="assign-received">{t('responses.form.receivedOn')}</label>
          <input id="assign-received" name="receivedOn" type="date" value={v('receivedOn', today)} required />
          <button type="submit">{t('responses.form.assign')}</button>
        </form>
      )}

      {mayOnItem('response.answered', item, actor) && (
        <>
          <form method="post" action={`/responses/items/${item.id}/answer`} class="rsp-form" id="answer">
            <h2>{t('responses.form.answer')}</h2>
            <ErrorSummary t={t} error={error} form="answer" />
            <CsrfField req={req} />
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
          </form>

          {!item.extension && (
            <form method="post" action={`/responses/items/${item.id}/extend`} class="rsp-form" id="extend">
              <h2>{t('responses.form.extend')}</h2>
              <ErrorSummary t={t} error={error} form="extend" />
              <p class="rsp-muted">{t('responses.form.extendHelp', { days: rules.extension.maxExtraWorkingDays, notify: rules.notifyAuthorWorkingDays })}</p>
              <CsrfField req={req} />
              <label for="extend-date">{t('responses.form.newDueDate')}</label>
              <input id="extend-date" name="newDueDate" type="date" value={v('newDueDate')} required />
              <label for="extend-reason">{t('responses.form.reason')}</label>
              <textarea id="extend-reason" name="reason" rows={3}>
                {v('reason')}
              </textarea>
              <button type="submit">{t('responses.form.extend')}</button>
            </form>
          )}

          {item.forwardingUntil && today <= item.forwardingUntil && (
            <form method="post" action={`/responses/items/${item.id}/forward`} class="rsp-form" id="forward">
              <h2>{t('responses.form.forward')}</h2>
              <ErrorSummary t={t} error={error} form="forward" />
              <CsrfField req={req} />
              <label for="forward-to">{t('responses.form.toAgency')}</label>
              <select id="forward-to" name="toAgencyId" required>
                <AgencyOptions agencies={agencies} lang={lang} exclude={item.leadAgencyId} selected={v('toAgencyId')} />
              </select>
              <label for="forward-reason">{t('responses.form.reason')}</label>
              <textarea id="forward-reason" name="reason" rows={3} required>
                {v('reason')}
              </textarea>
              <button type="submit">{t('responses.form.forward')}</button>
            </form>
          )}
        </>
      )}

      {mayOnItem('response.closed', item, actor) && (
        <form method="post" action={`/responses/items/${item.id}/close`} class="rsp-form" id="close">
          <h2>{t('responses.form.close')}</h2>
          <ErrorSummary t={t} error={error} form="close" />
          <p class="rsp-muted">{t('responses.form.closeHelp')}</p>
          <CsrfField req={req} />
          <button type="submit">{t('responses.form.close')}</button>
        </form>
      )}

      <section aria-labelledby="rsp-timeline">
        <h2 id="rsp-timeline">{t('responses.item.timeline')}</h2>
        <ol class="rsp-timeline">
          {item.timeline.map((e, i) => (
            <li key={`${e.at}-${i}`}>
              <time dateTime={e.onDate}>{fmtDate(lang, e.onDate)}</time> — {timelineText(t, lang, e, byId)}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

function ConsolePage(props: {
  req: FastifyRequest;
  agency: AgencyView | null;
  inbox: ItemSummary[];
  implementing: ItemSummary[];
  unassigned: ItemSummary[] | null;
  notifications: Awaited<ReturnType<ResponsesService['pendingNotifications']>>;
  agencies: AgencyView[];
  error: FormError | null;
  today: string;
}) {
  const { req, agency, inbox, implementing, unassigned, notifications, agencies, error, today } = props;
  const { t, lang } = req;
  const regions = req.server.ctx.charter.regions;
  const byId = new Map(agencies.map((a) => [a.id, a]));
  const v = (name: string, dflt = '') => (error?.values[name] ?? dflt);
  return (
    <section class="rsp">
      <Styles />
      <h1>{t('responses.console.title')}</h1>
      {agency ? (
        <>
          <p>{t('responses.console.forAgency', { agency: agency.name[lang] })}</p>
          <h2>{t('responses.console.inbox')}</h2>
          <ItemTable t={t} lang={lang} items={inbox} agencies={byId} caption={t('responses.console.inbox')} />
          <h2>{t('responses.console.implementing')}</h2>
          <ItemTable t={t} lang={lang} items={implementing} agencies={byId} caption={t('responses.console.implementing')} />
        </>
      ) : (
        unassigned === null && <p>{t('responses.console.noAgency')}</p>
      )}
      {unassigned !== null && (
        <>
          <h2>{t('responses.console.secretariat')}</h2>
          <ItemTable t={t} lang={lang} items={unassigned} agencies={byId} caption={t('responses.console.unassigned')} />
          <h2>{t('responses.console.notifications')}</h2>
          {notifications.length ? (
            <ul>
              {notifications.map((n) => (
                <li key={`${n.itemId}-${n.kind}`}>
                  <a href={`/responses/items/${n.itemId}`}>
                    <code>{n.recipientRef}</code>
                  </a>{' '}
                  — {t('responses.item.notifyBy', { date: fmtDate(lang, n.notifyBy) })}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('responses.items.none')}</p>
          )}
          <form method="post" action="/responses/items" class="rsp-form" id="create">
            <h2>{t('responses.form.create')}</h2>
            <ErrorSummary t={t} error={error} form="create" />
            <CsrfField req={req} />
            <label for="create-title">{t('responses.item.title')}</label>
            <input id="create-title" name="title" value={v('title')} maxLength={500} required />
            <label for="create-lang">{t('responses.form.lang')}</label>
            <select id="create-lang" name="lang">
              {LANGS.map((l) => (
                <option key={l} value={l} selected={v('lang', lang) === l}>
                  {l}
                </option>
              ))}
            </select>
            <label for="create-source">{t('responses.form.sourceRef')}</label>
            <input id="create-source" name="sourceRef" value={v('sourceRef')} required />
            <label for="create-received">{t('responses.form.receivedOn')}</label>
            <input id="create-received" name="receivedOn" type="date" value={v('receivedOn', today)} required />
            <button type="submit">{t('responses.form.create')}</button>
          </form>
          <form method="post" action="/responses/agencies" class="rsp-form" id="agency">
            <h2>{t('responses.form.addAgency')}</h2>
            <ErrorSummary t={t} error={error} form="agency" />
            <CsrfField req={req} />
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
              {regions.map((r) => (
                <option key={r.code} value={r.code} selected={v('region') === r.code}>
                  {r.name[lang]}
                </option>
              ))}
            </select>
            <label for="agency-parent">{t('responses.agency.parent')}</label>
            <select id="agency-parent" name="parentId">
              <option value="">{t('responses.form.none')}</option>
              <AgencyOptions agencies={agencies} lang={lang} selected={v('parentId')} />
            </select>
            <button type="submit">{t('responses.form.addAgency')}</button>
          </form>
        </>
      )}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Routes

type FormBody = Record<string, string | string[] | undefined>;

function str(body: FormBody, name: string): string {
  const x = body[name];
  return Array.isArray(x) ? (x[0] ?? '') : (x ?? '');
}

function flatValues(body: FormBody): Record<string, string> {
  return Object.fromEntries(Object.entries(body).map(([k, x]) => [k, Array.isArray(x) ? x.join(',') : (x ?? '')]));
}

/** Measures from the answer form's fixed rows; a row with no description is an empty row. */
export function measuresFromForm(body: FormBody): MeasureInput[] {
  const out: MeasureInput[] = [];
  for (let n = 1; n <= 20; n++) {
    const description = str(body, `m${n}_description`).trim();
    if (!description) continue;
    out.push({ description, responsibleAgencyId: str(body, `m${n}_agency`), dueDate: str(body, `m${n}_due`) });
  }
  return out;
}

export function registerResponsesPages(app: FastifyInstance, svc: ResponsesService): void {

  app.get('/responses/static/responses.css', { schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS),
  );

  app.get('/responses', { schema: { hide: true } }, async (req, reply) => {
    const body = await cachedBody(svc, `dashboard:${req.lang}`, async () => {
      const [dash, agencies] = await Promise.all([svc.dashboard(), svc.listAgencies()]);
      return <DashboardPage req={req} dash={dash} agencies={agencies} />;
    });
    return sendPage(reply, req.t('responses.nav'), body);
  });

  app.get('/responses/agencies/:agencyId', { schema: { hide: true } }, async (req, reply) => {
    const { agencyId } = req.params as { agencyId: string };
    const agency = await svc.getAgency(agencyId);
    if (!agency) throw new HttpProblem(404, `agency ${agencyId} not found`);
    const body = await cachedBody(svc, `agency:${agencyId}:${req.lang}`, async () => {
      const [stats, dash, agencies, items] = await Promise.all([svc.agencyStats(agencyId), svc.dashboard(), svc.listAgencies(), svc.listItems({ agencyId })]);
      const overdueMeasures = dash.overdueMeasures.byAgency[agencyId] ?? 0;
      return <AgencyPage req={req} agency={agency} stats={stats} overdueMeasures={overdueMeasures} items={items} agencies={new Map(agencies.map((a) => [a.id, a]))} />;
    });
    return sendPage(reply, agency.name[req.lang], body);
  });

  const showItem = async (req: FastifyRequest, reply: FastifyReply, id: number, error: FormError | null, status = 200) => {
    const item = await svc.getItem(id);
    if (!item) throw new HttpProblem(404, `item ${id} not found`);
    return sendPage(reply, item.title, <ItemPage req={req} item={item} agencies={await svc.listAgencies()} error={error} svc={svc} />, status);
  };

  app.get('/responses/items/:id', { schema: { hide: true } }, async (req, reply) => showItem(req, reply, itemId(req), null));

  const showConsole = async (req: FastifyRequest, reply: FastifyReply, error: FormError | null, status = 200) => {
    const actor = actorOf(req);
    const agency = actor.agencyId ? await svc.getAgency(actor.agencyId) : null;
    const [inbox, implementing, unassigned, notifications, agencies] = await Promise.all([
      agency ? svc.listItems({ agencyId: agency.id, status: ['assigned'] }) : Promise.resolve([]),
      agency ? svc.listItems({ agencyId: agency.id, status: ['answered'] }) : Promise.resolve([]),
      actor.secretariat ? svc.listItems({ status: ['received'] }) : Promise.resolve(null),
      actor.secretariat ? svc.pendingNotifications() : Promise.resolve([]),
      svc.listAgencies(),
    ]);
    return sendPage(reply, req.t('responses.console.title'), <ConsolePage req={req} agency={agency} inbox={inbox} implementing={implementing} unassigned={unassigned} notifications={notifications} agencies={agencies} error={error} today={svc.today()} />, status);
  };

  app.get('/responses/console', { schema: { hide: true }, preHandler: requireRole('agency_officer', 'secretariat') }, async (req, reply) => showConsole(req, reply, null));

  /** Runs a form's action; on a refused request shows the page again with the problem and the typed values. */
  /** `run` returns the item id to show next, or the path to go to. */
  const formAction = (path: string, form: (req: FastifyRequest) => string, roles: Parameters<typeof requireRole>, run: (req: FastifyRequest, body: FormBody) => Promise<number | string>, onError: 'item' | 'console') =>
    app.post(path, { schema: { hide: true }, preHandler: requireRole(...roles) }, async (req, reply) => {
      const body = (req.body ?? {}) as FormBody;
      try {
        const next = await run(req, body);
        return reply.redirect(typeof next === 'number' ? `/responses/items/${next}` : next, 303);
      } catch (err) {
        const problem = problemOf(err, responsesCatalog);
        if (!problem || problem.status >= 500 || problem.status === 404) throw err;
        const error: FormError = { form: form(req), detail: problem.message, errors: problem.extra.errors ?? [], values: flatValues(body) };
        return onError === 'item' ? showItem(req, reply, itemId(req), error, problem.status) : showConsole(req, reply, error, problem.status);
      }
    });

  formAction(
    '/responses/agencies',
    () => 'agency',
    ['secretariat'],
    async (_req, b) => {
      const level = str(b, 'level') as 'central' | 'local';
      const agency = await svc.createAgency({
        id: str(b, 'id').trim(),
        name: { kk: str(b, 'name_kk'), ru: str(b, 'name_ru'), en: str(b, 'name_en') },
        level,
        region: str(b, 'region') || null,
        parentId: str(b, 'parentId') || null,
      });
      return `/responses/agencies/${agency.id}`;
    },
    'console',
  );
  formAction('/responses/items', () => 'create', ['secretariat'], async (_req, b) => (await svc.createItem({ title: str(b, 'title'), lang: str(b, 'lang'), sourceRef: str(b, 'sourceRef'), receivedOn: str(b, 'receivedOn') })).id, 'console');
  formAction(
    '/responses/items/:id/assign',
    () => 'assign',
    ['secretariat'],
    async (req, b) => {
      const co = b.coExecutorIds;
      const coExecutorIds = (Array.isArray(co) ? co : co ? [co] : []).filter(Boolean);
      return (await svc.assign(itemId(req), { leadAgencyId: str(b, 'leadAgencyId'), coExecutorIds, receivedOn: str(b, 'receivedOn') || undefined }, actorOf(req))).id;
    },
    'item',
  );
  formAction('/responses/items/:id/forward', () => 'forward', ['agency_officer'], async (req, b) => (await svc.forward(itemId(req), { toAgencyId: str(b, 'toAgencyId'), reason: str(b, 'reason') }, actorOf(req))).id, 'item');
  formAction('/responses/items/:id/extend', () => 'extend', ['agency_officer'], async (req, b) => (await svc.extend(itemId(req), { newDueDate: str(b, 'newDueDate'), reason: str(b, 'reason') }, actorOf(req))).id, 'item');
  formAction(
    '/responses/items/:id/answer',
    () => 'answer',
    ['agency_officer'],
    async (req, b) => (await svc.answer(itemId(req), { outcome: str(b, 'outcome'), reasons: str(b, 'reasons'), measures: measuresFromForm(b) }, actorOf(req))).id,
    'item',
  );
  formAction(
    '/responses/items/:id/measures/:measureId',
    (req) => `measure-${Number((req.params as { measureId: string }).measureId)}`,
    ['agency_officer'],
    async (req, b) => {
      const measureId = Number((req.params as { measureId: string }).measureId);
      const progress = str(b, 'progress').trim();
      return (
        await svc.updateMeasure(
          itemId(req),
          measureId,
          { status: str(b, 'status'), progress: progress === '' ? Number.NaN : Number(progress), note: str(b, 'note'), dropReason: str(b, 'dropReason') },
          actorOf(req),
        )
      ).id;
    },
    'item',
  );
  formAction('/responses/items/:id/close', () => 'close', ['agency_officer', 'secretariat'], async (req) => (await svc.close(itemId(req), actorOf(req))).id, 'item');
}

function itemId(req: FastifyRequest): number {
  const raw = (req.params as { id: string }).id;
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 1) throw new HttpProblem(404, `item ${raw} not found`);
  return id;
}
