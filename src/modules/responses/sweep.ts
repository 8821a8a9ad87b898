// Background service: the deadline sweep, once a minute. Each process runs it; the sweep itself
// makes sure a missed deadline is recorded once however many processes run it.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../web/context.ts';
import { responsesService } from './service.ts';

const EVERY_MS = 60_000;

export async function responsesSweepService(app: FastifyInstance, ctx: AppContext): Promise<() => Promise<void>> {
  const svc = responsesService(ctx);
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = svc
      .sweep()
      .then((r) => {
        if (r.markedOverdue.length) app.log.info({ items: r.markedOverdue }, 'response deadlines missed');
      })
      .catch((err) => app.log.error({ err }, 'response sweep failed'))
      .finally(() => {
        running = null;
      });
  };
  tick();
  const timer = setInterval(tick, EVERY_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
