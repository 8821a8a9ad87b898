// Background work that runs beside the HTTP server: the shell's one-time demo seed, then every
// module's services in module-list order. Each returns a function that stops it cleanly.
import type { FastifyInstance } from 'fastify';
import { demoSeedService } from './demo/service.ts';
import { liveEventsService } from './liveEvents.ts';
import { MODULES, subscriptionServices } from './modules/index.ts';
import type { KenesModule, Service } from './modules/module.ts';
import type { AppContext } from './web/context.ts';

export type { Service } from './modules/module.ts';

export function servicesOf(modules: readonly KenesModule[] = MODULES): Service[] {
  return [demoSeedService, liveEventsService, ...modules.flatMap((m) => [...(m.services ?? []), ...subscriptionServices(m)])];
}

export async function startServices(app: FastifyInstance, ctx: AppContext, modules: readonly KenesModule[] = MODULES): Promise<() => Promise<void>> {
  const stops: (() => Promise<void>)[] = [];
  for (const s of servicesOf(modules)) stops.push(await s(app, ctx));
  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}
