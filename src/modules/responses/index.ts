// The listening state's clock: response items, agencies, deadlines, answers, implementation.
import { defineModule } from '../module.ts';
import { responsesProblems } from './problems.ts';
import { responsesSeeder } from './demo.ts';
import { councilItemsSubscription } from './fromCouncil.ts';
import { proposalItemsSubscription } from './fromProposals.ts';
import { responsesMessages } from './messages.ts';
import * as m0600 from './migrations/0600_responses.ts';
import * as m0601 from './migrations/0601_responses_figures.ts';
import { registerResponsesPages } from './pages.tsx';
import { registerResponsesApi } from './routes.ts';
import { agenciesSearch, responseItemsSearch } from './search.ts';
import { responsesService } from './service.ts';
import { responsesSweepService } from './sweep.ts';

export const responses = defineModule({
  name: 'responses',
  migrations: { '0600_responses': m0600, '0601_responses_figures': m0601 },
  tables: ['response_agencies', 'response_items', 'response_item_agencies', 'response_extensions', 'response_notifications', 'response_measures', 'response_measure_updates', 'response_timeline'],
  problems: responsesProblems,
  messages: responsesMessages,
  subjects: [{ prefix: 'response', href: (id) => `/responses/items/${encodeURIComponent(id)}` }],
  nav: [
    { href: '/responses', key: 'responses.nav' },
    { href: '/responses/console', key: 'responses.console.title', audience: ['agency_officer', 'secretariat'] },
  ],
  search: [responseItemsSearch, agenciesSearch],
  seeders: [responsesSeeder],
  services: [responsesSweepService],
  subscriptions: [proposalItemsSubscription, councilItemsSubscription],
  roles: ['agency_officer'],
  plugin: (app, ctx) => {
    const svc = responsesService(ctx);
    registerResponsesApi(app, svc);
    registerResponsesPages(app, svc);
  },
});
