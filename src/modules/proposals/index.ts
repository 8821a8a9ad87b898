// The proposals module: JSON API, pages, message catalog, and the closer service.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../web/context.ts';
import { registerMessages } from '../../web/i18n.ts';
import { proposalMessages } from './messages.ts';
import { registerProposalPages } from './pages.tsx';
import { proposalLimits } from './rateLimit.ts';
import { registerProposalApi } from './routes.ts';
import { proposalsService } from './service.ts';

registerMessages(proposalMessages);

export function proposalsModule(app: FastifyInstance, ctx: AppContext): void {
  const svc = proposalsService(ctx);
  const limits = proposalLimits(ctx.config.rateLimit);
  registerProposalApi(app, ctx, svc, limits);
  registerProposalPages(app, ctx, svc, limits);
  // Queued signatures are written before the database closes.
  app.addHook('onClose', async () => svc.writer.close());
}

/** Background service: closes ended signing windows and re-checks thresholds every second. */
export async function proposalsCloser(_app: FastifyInstance, ctx: AppContext): Promise<() => Promise<void>> {
  const svc = proposalsService(ctx);
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    svc
      .sweep()
      .catch((err) => _app.log.error({ err }, 'proposal sweep failed'))
      .finally(() => {
        running = false;
      });
  }, 1000);
  timer.unref();
  return async () => clearInterval(timer);
}
