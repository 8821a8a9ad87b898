// Citizens' proposals: petitions, initiatives to the Council, referendum proposals, signatures.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../web/context.ts';
import { defineModule } from '../module.ts';
import { proposalsProblems } from './problems.ts';
import { proposalsSeeder } from './demo.ts';
import { proposalMessages } from './messages.ts';
import * as m0400 from './migrations/0400_proposals.ts';
import * as m0402 from './migrations/0402_signatures_clustered.ts';
import * as m0403 from './migrations/0403_withheld_not_searchable.ts';
import * as m0404 from './migrations/0404_search_folded.ts';
import * as m0405 from './migrations/0405_search_index.ts';
import * as m0406 from './migrations/0406_proposal_translations.ts';
import * as m0407 from './migrations/0407_search_vector_stored.ts';
import { registerProposalPages } from './pages.tsx';
import { proposalLimitsFor } from './sharedLimit.ts';
import { registerProposalApi } from './routes.ts';
import { proposalsSearch } from './search.ts';
import { proposalsService } from './service.ts';

/** Background service: closes ended signing windows and re-checks thresholds every second. */
async function proposalsCloser(app: FastifyInstance, ctx: AppContext): Promise<() => Promise<void>> {
  const svc = proposalsService(ctx);
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    svc
      .sweep()
      .catch((err) => app.log.error({ err }, 'proposal sweep failed'))
      .finally(() => {
        running = false;
      });
  }, 1000);
  timer.unref();
  return async () => clearInterval(timer);
}

export const proposals = defineModule({
  name: 'proposals',
  migrations: { '0400_proposals': m0400, '0402_signatures_clustered': m0402, '0403_withheld_not_searchable': m0403, '0404_search_folded': m0404, '0405_search_index': m0405, '0406_proposal_translations': m0406, '0407_search_vector_stored': m0407 },
  tables: ['proposals', 'proposal_translations', 'proposal_events', 'proposal_group_members', 'proposal_signatures', 'proposal_signature_counts', 'proposal_signature_hours', 'proposal_signer_regions'],
  problems: proposalsProblems,
  messages: proposalMessages,
  subjects: [{ prefix: 'proposal', href: (ref) => `/proposals/${encodeURIComponent(ref)}` }],
  nav: [
    { href: '/proposals', key: 'nav.proposals' },
    { href: '/me/proposals', key: 'proposals.mine.title', audience: 'signed-in' },
    { href: '/moderation/proposals', key: 'proposals.mod.title', audience: ['moderator'] },
  ],
  search: [proposalsSearch],
  seeders: [proposalsSeeder],
  services: [proposalsCloser],
  roles: ['moderator'],
  plugin: (app, ctx) => {
    const svc = proposalsService(ctx);
    const limits = proposalLimitsFor(app, ctx);
    registerProposalApi(app, ctx, svc, limits);
    registerProposalPages(app, ctx, svc, limits);
    app.addHook('onClose', async () => svc.writer.close());
  },
});
