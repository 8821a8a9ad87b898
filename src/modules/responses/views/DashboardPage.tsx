// The public dashboard: national figures, the running clock, each agency's share answered on time,
// the table of agencies, and the open data links.
import { computeStats } from '../../../core/responses/stats.ts';
import { DataTable, type ViewRequest } from '../../../web/components/index.ts';
import { BarChart, StackedBar } from '../charts.tsx';
import type { AgencyView, Dashboard } from '../service.ts';
import { RSP_TABLE, StatTiles, Styles } from './common.tsx';
import { day, num, pct } from './format.ts';

export function DashboardPage(props: { req: ViewRequest; dash: Dashboard; agencies: AgencyView[] }) {
  const { req, dash, agencies } = props;
  const running = dash.running;
  const { t, lang } = req;
  const stats = new Map(dash.agencies.map((s) => [s.agencyId, s]));
  const answeredAgencies = agencies
    .filter((a) => (stats.get(a.id)?.answered ?? 0) > 0)
    .sort((a, b) => (stats.get(b.id)!.shareOnTime ?? 0) - (stats.get(a.id)!.shareOnTime ?? 0));
  // Zeros for an agency added in another process since the figures were cached.
  const statsOf = (a: AgencyView) => stats.get(a.id) ?? computeStats([], dash.today);
  const overdueMeasures = (a: AgencyView) => dash.overdueMeasures.byAgency[a.id] ?? 0;
  return (
    <section class="rsp">
      <Styles />
      <h1>{t('responses.dashboard.title')}</h1>
      <p>{t('responses.dashboard.lead')}</p>
      <p class="rsp-muted">{t('responses.dashboard.today', { date: day(lang, dash.today) })}</p>
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
      <DataTable<AgencyView>
        id="rsp-agencies"
        caption={t('responses.dashboard.agencies')}
        {...RSP_TABLE}
        rows={agencies}
        rowKey={(a) => a.id}
        empty={t('responses.dashboard.noData')}
        columns={[
          { header: t('responses.agency'), rowHeader: true, cell: (a) => <a href={`/responses/agencies/${a.id}`}>{a.name[lang]}</a> },
          { header: t('responses.stat.assigned'), cell: (a) => num(lang, statsOf(a).assigned) },
          { header: t('responses.stat.answered'), cell: (a) => num(lang, statsOf(a).answered) },
          { header: t('responses.stat.shareOnTime'), cell: (a) => pct(lang, statsOf(a).shareOnTime) },
          { header: t('responses.stat.median'), cell: (a) => num(lang, statsOf(a).medianWorkingDaysToAnswer) },
          { header: t('responses.stat.overdueNow'), cell: (a) => num(lang, statsOf(a).overdueNow), cellClass: (a) => (statsOf(a).overdueNow ? 'rsp-bad' : undefined) },
          { header: t('responses.stat.extensionRate'), cell: (a) => pct(lang, statsOf(a).extensionRate) },
          { header: t('responses.stat.overdueMeasures'), cell: (a) => num(lang, overdueMeasures(a)), cellClass: (a) => (overdueMeasures(a) ? 'rsp-bad' : undefined) },
        ]}
      />
      <h2>{t('responses.dashboard.openData')}</h2>
      <ul>
        <li>
          {t('responses.opendata.items')}: <a href={`/open-data/responses/items.csv?labels=1&lang=${req.lang}`}>CSV</a>, <a href="/open-data/responses/items.json">JSON</a>
        </li>
        <li>
          {t('responses.opendata.agencies')}: <a href={`/open-data/responses/agencies.csv?labels=1&lang=${req.lang}`}>CSV</a>, <a href="/open-data/responses/agencies.json">JSON</a>
        </li>
      </ul>
    </section>
  );
}
