// The Council at work (ADR 0901 core, ADR 0902 module): sessions, agendas, attendance and quorum,
// roll-call votes with recusals, decisions and their tracks to the Kurultai, the President and the
// government, the Kurultai's own initiatives, and minutes from the record. Pages are registered by
// the pages part of the module (pages*.tsx) when present.
import { defineModule } from '../module.ts';
import { councilSeeder } from './demo.ts';
import { petitionAgendaSubscription } from './fromProposals.ts';
import { mergeCatalogs } from '../../web/i18n.ts';
import { councilMessages } from './messages.ts';
import { registerCouncilOpenData } from './opendata.ts';
import { councilPageMessages } from './pageMessages.ts';
import { registerCouncilPages } from './pages.tsx';
import * as m0900 from './migrations/0900_council.ts';
import * as m0901 from './migrations/0901_council_co_sponsor_confirmations.ts';
import { councilProblems } from './problems.ts';
import { registerCouncilApi } from './routes.ts';
import { councilService } from './service.ts';
import { COUNCIL_TABLES } from './tables.ts';

export const council = defineModule({
  name: 'council',
  migrations: { '0900_council': m0900, '0901_council_co_sponsor_confirmations': m0901 },
  tables: COUNCIL_TABLES,
  problems: councilProblems,
  messages: mergeCatalogs([councilMessages, councilPageMessages]),
  nav: [
    { href: '/council/sessions', key: 'cw.nav.council' },
    { href: '/council/work', key: 'cw.work.title', audience: ['council_member', 'council_chair'] },
  ],
  seeders: [councilSeeder],
  subscriptions: [petitionAgendaSubscription],
  roles: ['council_chair'],
  plugin: (app, ctx) => {
    const svc = councilService(ctx);
    registerCouncilApi(app, svc);
    registerCouncilOpenData(app, svc);
    registerCouncilPages(app, svc);
  },
});
