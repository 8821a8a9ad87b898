// A real app on a fresh database, for `app.inject` tests.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.tsx';
import { loadCharter } from '../../src/core/charter/index.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import type { AppContext } from '../../src/web/context.ts';
import { freshDb, type TestDb } from './db.ts';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  db: TestDb;
  close(): Promise<void>;
}

export async function testApp(
  overrides: Partial<Config> = {},
  env: NodeJS.ProcessEnv = {},
  /** Extra routes for the test, added before the app is ready. */
  routes?: (app: FastifyInstance) => void | Promise<void>,
): Promise<TestApp> {
  const db = await freshDb();
  try {
    const config = { ...loadConfig({ ...env, LOG_LEVEL: 'silent' }), ...overrides };
    const ctx: AppContext = { config, db, charter: loadCharter(config.charterPath) };
    const app = await buildApp(ctx, { logger: false });
    if (routes) await routes(app);
    await app.ready();
    return {
      app,
      ctx,
      db,
      close: async () => {
        await app.close();
        await db.drop();
      },
    };
  } catch (err) {
    await db.drop();
    throw err;
  }
}
