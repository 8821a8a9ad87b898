// The public ledger: a Certificate-Transparency-style Merkle log of every domain event in the outbox,
// with signed tree heads, proofs, export and pages.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../web/context.ts';
import { registerMessages } from '../../web/i18n.ts';
import { addNavItem } from '../../web/layout.tsx';
import { ledgerMessages } from './messages.ts';
import { ledgerPages } from './pages.tsx';
import { ledgerRoutes } from './routes.ts';

registerMessages(ledgerMessages);

export async function ledgerModule(app: FastifyInstance, ctx: AppContext) {
  addNavItem({ href: '/ledger', key: 'ledger.nav' });
  ledgerRoutes(app, ctx);
  ledgerPages(app, ctx);
}

export { ledgerService } from './service.ts';
