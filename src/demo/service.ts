// `serve --demo` seeds an empty database once, before the server starts listening.
import type { Service } from '../modules/module.ts';
import { seedOnce } from './index.ts';

export const demoSeedService: Service = async (app, ctx) => {
  if (ctx.config.demo) {
    const run = await seedOnce(ctx, (line) => app.log.info(line));
    if (run) app.log.info({ seed: run.seed, seeders: run.seeders }, 'demo data seeded');
  }
  return async () => {};
};
