// `kenes demo seed [--seed S]`: fills the database with deterministic synthetic data (people first,
// then whatever other modules register). Refused in production mode.
import type { Command } from 'commander';
import { migrateToLatest } from '../db/migrate.ts';
import { DEFAULT_DEMO_SEED, runSeeders, seederNames } from '../demo/index.ts';
import { CliError } from './errors.ts';
import { loadContext } from './context.ts';

export function registerDemo(program: Command) {
  const demo = program.command('demo').description('synthetic demo data');
  demo
    .command('seed')
    .description('create deterministic demo data: citizens in every region, staff for every role, and more')
    .option('--seed <seed>', 'seed of the generator; the same seed gives the same data', DEFAULT_DEMO_SEED)
    .option('--only <names>', 'run only these seeders, comma-separated (see --list)')
    .option('--list', 'list the seeders in run order and exit')
    .option('--db <url>', 'database (env DATABASE_URL)')
    .action(async (flags: { seed: string; only?: string; list?: boolean; db?: string }) => {
      if (flags.list) {
        for (const name of seederNames()) console.log(name);
        return;
      }
      const only = flags.only?.split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = only?.filter((n) => !seederNames().includes(n)) ?? [];
      if (unknown.length) throw new CliError(`--only: unknown seeder ${unknown.join(', ')}; seeders: ${seederNames().join(', ')}`, 2);
      const ctx = await loadContext({ db: flags.db });
      try {
        if (ctx.config.production) throw new CliError('demo data is refused in production mode', 2);
        await migrateToLatest(ctx.db);
        const run = await runSeeders(ctx, { seed: flags.seed, only, log: (line) => console.log(line) });
        console.log(`seeded with seed "${run.seed}": ${run.seeders.join(', ')}`);
      } finally {
        await ctx.db.close();
      }
    });
}
