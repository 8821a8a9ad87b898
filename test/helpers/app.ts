// A real app on a fresh database, for `app.inject` tests.
//
//   const t = await testApp({ demo: true }, {}, undefined, { seed: { only: ['identity.citizens'] } });
//
// `seed` gives the app a database on which those demo seeders have run (through a real app on the
// same config). The seeding happens once per test run for each config and choice of seeders, and each
// test gets its own copy of the result (test/helpers/db.ts templates), so a file that wants the demo
// data does not pay for the Council's draw again.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.tsx';
import { loadCharter } from '../../src/core/charter/index.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { runSeeders } from '../../src/demo/index.ts';
import type { Db } from '../../src/db/connection.ts';
import type { AppContext } from '../../src/web/context.ts';
import { freshDb, type Prepared, type TestDb } from './db.ts';

export interface SeedOptions {
  /** The run's seed (default: the demo's). */
  seed?: string;
  /** Only these seeders (default: all). */
  only?: string[];
}

export interface TestAppOptions {
  /** Run these demo seeders on the database before the app is built (a copy of a per-run template). */
  seed?: SeedOptions;
}

/** The demo data for `config` as a template: the key names everything the seeders read. */
export function seededTemplate(config: Config, seed: SeedOptions): Prepared {
  // Where the server listens and which database it uses do not change what the seeders write.
  const { host: _h, port: _p, baseUrl: _b, databaseUrl: _d, ...rest } = config;
  return {
    key: { seed, config: rest },
    build: async (db: Db) => {
      const ctx: AppContext = { config, db, charter: loadCharter(config.charterPath) };
      const app = await buildApp(ctx, { logger: false });
      try {
        await app.ready();
        await runSeeders(ctx, seed);
      } finally {
        await app.close();
      }
    },
  };
}

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
  options: TestAppOptions = {},
): Promise<TestApp> {
  const config = { ...loadConfig({ ...env, LOG_LEVEL: 'silent' }), ...overrides };
  const db = await freshDb(options.seed ? { prepared: seededTemplate(config, options.seed) } : {});
  try {
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
