// `kenes serve` (what `npm start` runs) and `kenes migrate`.
import type { Command } from 'commander';
import { buildApp } from '../app.tsx';
import { type Config, ConfigError, loadConfig, type ConfigFlags } from '../config.ts';
import { openDb } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { startServices } from '../services.ts';
import { CliError } from './errors.ts';
import { loadContext } from './context.ts';

export function registerServe(program: Command) {
  program
    .command('serve')
    .description('run the web portal and API (migrates the database first)')
    .option('--host <host>', 'address to listen on (env HOST, default 127.0.0.1)')
    .option('--port <port>', 'port (env PORT, default 3000)')
    .option('--db <url>', 'database: sqlite:FILE or postgres://… (env DATABASE_URL)')
    .option('--charter <file>', 'charter file (env KENES_CHARTER)')
    .option('--demo', 'demo mode: synthetic data and demo sign-in (env KENES_DEMO)')
    .action(async (flags: ConfigFlags) => {
      const ctx = await loadContext(flags);
      await migrateToLatest(ctx.db);
      const app = await buildApp(ctx);
      const stopServices = await startServices(app, ctx);
      let closing = false;
      const shutdown = async (signal: string) => {
        if (closing) return;
        closing = true;
        app.log.info({ signal }, 'shutting down');
        await stopServices();
        await app.close();
        await ctx.db.close();
        process.exit(0);
      };
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
      process.once('SIGINT', () => void shutdown('SIGINT'));
      await app.listen({ host: ctx.config.host, port: ctx.config.port });
    });

  program
    .command('migrate')
    .description('bring the database schema up to date')
    .option('--db <url>', 'database (env DATABASE_URL)')
    .action(async (flags: { db?: string }) => {
      let config: Config;
      try {
        config = loadConfig(process.env, flags);
      } catch (e) {
        if (e instanceof ConfigError) throw new CliError(e.message, 2);
        throw e;
      }
      const db = openDb(config.databaseUrl);
      try {
        const done = await migrateToLatest(db);
        console.log(done.length ? `applied: ${done.join(', ')}` : 'already up to date');
      } finally {
        await db.close();
      }
    });
}
