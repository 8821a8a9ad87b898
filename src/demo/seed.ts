// The demo data framework: modules register seeders; `kenes demo seed [--seed S]` runs them in
// registration order, and `kenes serve --demo` runs them once on an empty database.
//
//   registerSeeder('proposals', async ({ ctx, rng, log }) => { …; log('12 proposals'); });
//
// Each seeder gets its own PRNG derived from the seed and its name, so output is the same for the
// same seed, and adding a seeder does not change what the others produce. Seeders must be
// idempotent (a second run adds nothing new) and must create only synthetic data.
import { sql } from 'kysely';
import type { AppContext } from '../web/context.ts';
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

interface Registered {
  name: string;
  run: Seeder;
}

const seeders: Registered[] = [];

/** Adds a seeder; they run in the order they were registered (see src/demo/index.ts). */
export function registerSeeder(name: string, run: Seeder): void {
  if (!/^[a-z][\w.-]*$/.test(name)) throw new Error(`seeder name "${name}" must be lower-case letters, digits, . - _`);
  if (seeders.some((s) => s.name === name)) throw new Error(`seeder "${name}" is registered twice`);
  seeders.push({ name, run });
}

export function seederNames(): string[] {
  return seeders.map((s) => s.name);
}

export interface SeedRun {
  seed: string;
  seeders: string[];
}

export async function runSeeders(ctx: AppContext, opts: { seed?: string; log?: (line: string) => void; only?: string[] } = {}): Promise<SeedRun> {
  if (ctx.config.production) throw new Error('demo data is never seeded in production mode');
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  const log = opts.log ?? (() => {});
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
export async function seedOnce(ctx: AppContext, log?: (line: string) => void): Promise<SeedRun | null> {
  const runs = await ctx.db.db.selectFrom('demo_seed_runs').select(['seed', 'seeders']).orderBy('id').execute();
  if (runs.length === 0) return runSeeders(ctx, { log });
  const done = new Set(runs.flatMap((r) => r.seeders.split(',')));
  const pending = seederNames().filter((n) => !done.has(n));
  if (pending.length === 0) return null;
  return runSeeders(ctx, { log, seed: runs[0].seed, only: pending });
}
