// `kenes serve` (what `npm start` runs) and `kenes migrate`.
import cluster from 'node:cluster';
import type { Command } from 'commander';
import { buildApp } from '../app.tsx';
import { type Config, ConfigError, loadConfig, type ConfigFlags } from '../config.ts';
import { openDb } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { seedOnce } from '../demo/index.ts';
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
    .option('--workers <n>', 'run N server processes on one port (PostgreSQL only; env KENES_WORKERS, default 1)')
    .action(async (flags: ConfigFlags & { workers?: string }) => {
      const workers = workerCount(flags.workers ?? process.env.KENES_WORKERS);
      if (workers > 1 && cluster.isPrimary) return supervise(flags, workers);
      const ctx = await loadContext(flags);
      // A worker's supervisor has migrated (and seeded) already.
      if (!cluster.isWorker) await migrateToLatest(ctx.db);
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

function workerCount(v: string | undefined): number {
  if (v === undefined || v === '') return 1;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new CliError(`--workers: a whole number from 1 to 64, got "${v}"`, 2);
  return n;
}

/**
 * `serve --workers N` (docs/adr/1802): this process migrates (and seeds the demo) once, then forks N
 * workers that share the port (node:cluster hands connections round-robin) and each run the app and
 * every background service; the services are safe with any number of processes (row locks and leases).
 * A worker that dies is started again; SIGTERM/SIGINT stop every worker and then this process.
 */
async function supervise(flags: ConfigFlags, n: number): Promise<void> {
  const ctx = await loadContext(flags);
  if (ctx.db.dialect !== 'postgres') {
    await ctx.db.close();
    throw new CliError('--workers: several processes need PostgreSQL (DATABASE_URL=postgres://…); SQLite has one writer, run one process', 2);
  }
  try {
    await migrateToLatest(ctx.db);
    if (ctx.config.demo) {
      const app = await buildApp(ctx, { logger: false });
      try {
        await app.ready();
        const run = await seedOnce(ctx, (line) => console.log(line));
        if (run) console.log(`demo data seeded (seed ${run.seed})`);
      } finally {
        await app.close();
      }
    }
  } finally {
    await ctx.db.close();
  }
  let closing = false;
  const fork = () => cluster.fork({ KENES_WORKER_OF: String(process.pid) });
  for (let i = 0; i < n; i++) fork();
  const listened = new Set<number>();
  let failed = 0;
  cluster.on('listening', (worker) => listened.add(worker.id));
  cluster.on('exit', (worker, code, signal) => {
    if (!closing && !listened.has(worker.id)) {
      // It never listened: starting another would fail the same way.
      console.error(`worker ${worker.process.pid} failed to start (${signal ?? `exit code ${code}`}); stopping`);
      failed = code || 1;
      shutdown();
    }
    if (closing) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(failed);
      return;
    }
    console.error(`worker ${worker.process.pid} stopped (${signal ?? `exit code ${code}`}); starting another`);
    setTimeout(fork, 500);
  });
  const shutdown = () => {
    if (closing) return;
    closing = true;
    const live = Object.values(cluster.workers ?? {});
    if (live.length === 0) process.exit(failed);
    for (const w of live) w?.process.kill('SIGTERM');
    // A worker that does not stop within 20 s is killed.
    setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
    }, 20_000).unref();
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
