// An agency's public page: what it is, its figures, and its items.
import { NO_VALUE, type ViewRequest } from '../../../web/components/index.ts';
import type { Charter } from '../../../core/charter/types.ts';
import type { AgencyView, ItemSummary } from '../service.ts';
import { agencyName, ItemTable, type Stats, StatTiles, Styles } from './common.tsx';

export interface AgencyPageProps {
  req: ViewRequest;
  agency: AgencyView;
  /** The agency's region, when it has one (from the charter). */
  region: Charter['regions'][number] | undefined;
  stats: Stats;
  overdueMeasures: number;
  items: ItemSummary[];
  agencies: Map<string, AgencyView>;
}

export function AgencyPage(props: AgencyPageProps) {
  const { req, agency, region, stats, overdueMeasures, items, agencies } = props;
  const { t, lang } = req;
  return (
    <section class="rsp">
      <Styles />
      <p>
        <a href="/responses">{t('responses.nav')}</a>
      </p>
      <h1>{agency.name[lang]}</h1>
      <dl class="rsp-facts">
        <dt>{t(`responses.agency.level.${agency.level}`)}</dt>
        <dd>{agency.parentId ? `${t('responses.agency.parent')}: ${agencyName(agencies, agency.parentId, lang)}` : NO_VALUE}</dd>
        {region && (
          <>
            <dt>{t('responses.agency.region')}</dt>
            <dd>{region.name[lang]}</dd>
          </>
        )}
      </dl>
      <StatTiles t={t} lang={lang} s={stats} overdueMeasures={overdueMeasures} />
      <h2>{t('responses.agency.items')}</h2>
      <ItemTable t={t} lang={lang} items={items} agencies={agencies} caption={t('responses.agency.items')} id="rsp-agency-items" />
    </section>
  );
}
