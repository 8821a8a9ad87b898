// The demo data framework: modules declare seeders in their manifests; `kenes demo seed [--seed S]` runs them in
// dependency order, and `kenes serve --demo` runs them once on an empty database.
//
//   seeders: [{ name: 'proposals', after: ['identity.citizens'], run: async ({ ctx, rng, log }) => { … } }]
//
// Each seeder gets its own PRNG derived from the seed and its name, so output is the same for the
// same seed, and adding a seeder does not change what the others produce. Seeders must be
// idempotent (a second run adds nothing new) and must create only synthetic data.
import { sql } from 'kysely';
import type { AppContext } from '../web/context.ts';
import { MODULES } from '../modules/index.ts';
import type { DemoSeeder, KenesModule } from '../modules/module.ts';
import { DemoRng } from './rng.ts';

export const DEFAULT_DEMO_SEED = 'kenes-demo-2026';

export interface SeedContext {
  ctx: AppContext;
  /** The run's seed, as given to `kenes demo seed --seed`. */
  seed: string;
  /** This seeder's own generator. */
  rng: DemoRng;
  /** Progress lines (printed by the CLI, logged by the server). */
  log(message: string): void;
}

export type Seeder = (s: SeedContext) => Promise<void>;

/**
 * Every module's demo seeders, each after the ones it names in `after` (and otherwise in module-list
 * order). An unknown or circular dependency is a programming error and stops here.
 */
export function orderSeeders(seeders: readonly DemoSeeder[]): DemoSeeder[] {
  const byName = new Map<string, DemoSeeder>();
  for (const s of seeders) {
    if (!/^[a-z][\w.-]*$/.test(s.name)) throw new Error(`seeder name "${s.name}" must be lower-case letters, digits, . - _`);
    if (byName.has(s.name)) throw new Error(`seeder "${s.name}" is declared twice`);
    byName.set(s.name, s);
  }
  const out: DemoSeeder[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (s: DemoSeeder, from?: string) => {
    const st = state.get(s.name);
    if (st === 'done') return;
    if (st === 'visiting') throw new Error(`demo seeders depend on each other in a circle through "${s.name}"`);
    state.set(s.name, 'visiting');
    for (const dep of s.after ?? []) {
      const d = byName.get(dep);
      if (!d) throw new Error(`seeder "${s.name}" runs after "${dep}", which no module declares${from ? ` (via ${from})` : ''}`);
      visit(d, s.name);
    }
    state.set(s.name, 'done');
    out.push(s);
  };
  for (const s of seeders) visit(s);
  return out;
}

/** The seeders of the module list, in run order. */
export function demoSeeders(modules: readonly KenesModule[] = MODULES): DemoSeeder[] {
  return orderSeeders(modules.flatMap((m) => m.seeders ?? []));
}

export function seederNames(seeders: readonly DemoSeeder[] = demoSeeders()): string[] {
  return seeders.map((s) => s.name);
}

export interface SeedRun {
  seed: string;
  seeders: string[];
}

export async function runSeeders(ctx: AppContext, opts: { seed?: string; log?: (line: string) => void; only?: string[]; seeders?: readonly DemoSeeder[] } = {}): Promise<SeedRun> {
  if (ctx.config.production) throw new Error('demo data is never seeded in production mode');
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  const log = opts.log ?? (() => {});
  const seeders = opts.seeders ?? demoSeeders();
  const chosen = opts.only ? seeders.filter((s) => opts.only!.includes(s.name)) : seeders;
  for (const s of chosen) {
    const started = Date.now();
    await s.run({ ctx, seed, rng: new DemoRng(`${seed}/${s.name}`), log: (m) => log(`${s.name}: ${m}`) });
    log(`${s.name}: done in ${Date.now() - started} ms`);
  }
  const names = chosen.map((s) => s.name);
  await ctx.db.db.insertInto('demo_seed_runs').values({ seed, seeders: names.join(','), ran_at: new Date().toISOString() }).execute();
  return { seed, seeders: names };
}

export async function hasBeenSeeded(ctx: AppContext): Promise<boolean> {
  const r = await sql<{ n: number }>`select count(*) as n from demo_seed_runs`.execute(ctx.db.db);
  return Number(r.rows[0]?.n ?? 0) > 0;
}

/**
 * For `serve --demo`: seeds an empty database once. On a database seeded before, it runs only the
 * seeders that never ran there (a module added since), with the seed of the first run, so a
 * developer who pulls a new module gets its demo data on the next `npm start`.
 */
export async function seedOnce(ctx: AppContext, log?: (line: string) => void, seeders: readonly DemoSeeder[] = demoSeeders()): Promise<SeedRun | null> {
  const runs = await ctx.db.db.selectFrom('demo_seed_runs').select(['seed', 'seeders']).orderBy('id').execute();
  if (runs.length === 0) return runSeeders(ctx, { log, seeders });
  const done = new Set(runs.flatMap((r) => r.seeders.split(',')));
  const pending = seederNames(seeders).filter((n) => !done.has(n));
  if (pending.length === 0) return null;
  return runSeeders(ctx, { log, seed: runs[0].seed, only: pending, seeders });
}
