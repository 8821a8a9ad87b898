// The Council's membership by rotation (ADR 0802): selection cycles, nominations and eligibility,
// each block's draw through the sortition ceremony, seats, terms, alternates and replacements.
import { defineModule } from '../module.ts';
import { membershipSeeder } from './demo.ts';
import { membershipMessages } from './messages.ts';
import * as m0800 from './migrations/0800_membership.ts';
import { registerOpenData } from './openData.ts';
import { registerMembershipPages } from './pages.tsx';
import { membershipProblems } from './problems.ts';
import { membershipReads } from './readModels.ts';
import { registerMembershipApi } from './routes.ts';
import { membershipService } from './service.ts';

export const membership = defineModule({
  name: 'membership',
  migrations: { '0800_membership': m0800 },
  tables: ['council_cycles', 'council_candidates', 'council_draws', 'council_members', 'council_alternates'],
  problems: membershipProblems,
  messages: membershipMessages,
  nav: [{ href: '/council', key: 'council.nav' }],
  seeders: [membershipSeeder],
  cli: { council: async () => (await import('./cli.ts')).registerCouncil },
  plugin: (app, ctx) => {
    const svc = membershipService(ctx);
    registerMembershipApi(app, svc);
    const reads = membershipReads(ctx);
    registerMembershipPages(app, svc, reads);
    registerOpenData(app, reads);
  },
});
