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

export async function testApp(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
  const db = await freshDb();
  const config = { ...loadConfig({ ...env, LOG_LEVEL: 'silent' }), ...overrides };
  const ctx: AppContext = { config, db, charter: loadCharter(config.charterPath) };
  const app = await buildApp(ctx, { logger: false });
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
}
