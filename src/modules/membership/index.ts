// The Council's membership by rotation (ADR 0802): selection cycles, nominations and eligibility,
// each block's draw through the sortition ceremony, seats, terms, alternates and replacements.
import { defineModule } from '../module.ts';
import { membershipSeeder } from './demo.ts';
import { registerMembershipConsole } from './console.tsx';
import { consoleMessages } from './consoleMessages.ts';
import { membershipMessages } from './messages.ts';
import * as m0800 from './migrations/0800_membership.ts';
import * as m0810 from './migrations/0810_membership_nominations.ts';
import * as m0811 from './migrations/0811_membership_relaxation.ts';
import { registerOpenData } from './openData.ts';
import { registerMembershipPages } from './pages.tsx';
import { membershipProblems } from './problems.ts';
import { membershipReads } from './readModels.ts';
import { registerMembershipApi } from './routes.ts';
import { membershipService } from './service.ts';

export const membership = defineModule({
  name: 'membership',
  migrations: { '0800_membership': m0800, '0810_membership_nominations': m0810, '0811_membership_relaxation': m0811 },
  tables: ['council_cycles', 'council_candidates', 'council_draws', 'council_members', 'council_alternates', 'council_organisations', 'council_representatives', 'council_vacancies'],
  problems: membershipProblems,
  messages: { kk: { ...membershipMessages.kk, ...consoleMessages.kk }, ru: { ...membershipMessages.ru, ...consoleMessages.ru }, en: { ...membershipMessages.en, ...consoleMessages.en } },
  subjects: [{ prefix: 'council-cycle', href: (n) => `/council/cycles/${encodeURIComponent(n)}` }],
  nav: [{ href: '/council', key: 'council.nav' }],
  seeders: [membershipSeeder],
  cli: { council: async () => (await import('./cli.ts')).registerCouncil },
  plugin: (app, ctx) => {
    const svc = membershipService(ctx);
    registerMembershipApi(app, svc);
    const reads = membershipReads(ctx);
    registerMembershipPages(app, svc, reads);
    registerMembershipConsole(app, svc);
    registerOpenData(app, reads);
  },
});
