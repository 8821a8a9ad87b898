// The public ledger: an append-only Merkle log of every domain event, with signed tree heads.
import { defineModule } from '../module.ts';
import { mergeCatalogs } from '../../web/i18n.ts';
import { kindLabels } from './kindLabels.ts';
import { ledgerMessages } from './messages.ts';
import * as m0300 from './migrations/0300_ledger.ts';
import * as m0302lt from './migrations/0302_ledger_log_time.ts';
import * as m0302 from './migrations/0302_ledger_subscription.ts';
import * as m0303 from './migrations/0303_ledger_cosignatures.ts';
import { ledgerPages } from './pages.tsx';
import { ledgerProblems } from './problems.ts';
import { ledgerRoutes } from './routes.ts';
import { ledgerSearch } from './search.ts';
import { ledgerService } from './service.ts';

export const ledger = defineModule({
  name: 'ledger',
  migrations: {
    '0300_ledger': m0300,
    '0302_ledger_log_time': m0302lt,
    '0302_ledger_subscription': m0302,
    '0303_ledger_cosignatures': m0303,
  },
  tables: ['ledger_entry', 'ledger_node', 'ledger_head', 'ledger_kind', 'ledger_cosignature'],
  messages: mergeCatalogs([ledgerMessages, kindLabels]),
  problems: ledgerProblems,
  nav: [
    { href: '/ledger', key: 'ledger.nav' },
    { href: '/ledger/verify', key: 'ledger.verify.title', audience: ['auditor'] },
  ],
  search: [ledgerSearch],
  services: [ledgerService],
  cli: { ledger: async () => (await import('./cli.ts')).registerLedger },
  roles: ['auditor'],
  plugin: (app, ctx) => {
    ledgerRoutes(app, ctx);
    ledgerPages(app, ctx);
  },
});
