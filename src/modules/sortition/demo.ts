// Demo lottery: a synthetic pool of volunteers from every region, quotas from the charter for one
// renewal of a block (21 of 42 seats), drawn through the real service and worker.
import type { Charter } from '../../core/charter/index.ts';
import { quotasFromCharter, selectionCategories } from '../../core/selection/charterQuotas.ts';
import type { DemoSeeder } from '../module.ts';
import type { DemoRng } from '../../demo/rng.ts';
import { SortitionRunner } from './runner.ts';
import { sortitionService } from './service.ts';

const POOL = 400;
const MIN_PER_REGION = 4;

function pick(rng: DemoRng, categories: { id: string; share: number }[]): string {
  let x = rng.next();
  for (const c of categories) {
    x -= c.share;
    if (x < 0) return c.id;
  }
  return categories[categories.length - 1].id;
}

/** Panelot CSV texts for a synthetic pool shaped like the charter's population shares. */
export function demoPool(charter: Charter, rng: DemoRng, size = POOL, seats = 21) {
  const dims = selectionCategories(charter);
  const rows: string[][] = [];
  for (let i = 0; i < size; i++) {
    rows.push(
      dims.map((d, j) => {
        // The first MIN_PER_REGION × regions rows cover every region, so every region quota can be met.
        if (j === 0 && d.dimension === 'region' && i < MIN_PER_REGION * d.categories.length) return d.categories[i % d.categories.length].id;
        return pick(rng, d.categories);
      }),
    );
  }
  const quotas = quotasFromCharter(charter, seats);
  return {
    categoriesCsv: ['category,feature,min,max', ...quotas.map((q) => `${q.category},${q.value},${q.min},${q.max}`)].join('\n'),
    respondentsCsv: [dims.map((d) => d.dimension).join(','), ...rows.map((r) => r.join(','))].join('\n'),
    seats,
  };
}

export const sortitionSeeder: DemoSeeder = { name: 'sortition', after: ['identity.citizens'], run: async ({ ctx, rng, log }) => {
  const existing = await ctx.db.db.selectFrom('sortition_runs').select('id').limit(1).execute();
  if (existing.length) return;
  const charter = ctx.charter;
  const pool = demoPool(charter, rng);
  const runner = new SortitionRunner();
  try {
    const { id, done } = await sortitionService(ctx, runner).create('demo-seed', {
      format: 'panelot',
      categoriesCsv: pool.categoriesCsv,
      respondentsCsv: pool.respondentsCsv,
      k: pool.seats,
      entropy: 'Demo (synthetic): national lottery numbers of 2026-10-15 and the KASE index close of 2026-10-16',
    });
    await done;
    log(`draw ${id}: ${pool.seats} seats from ${POOL} synthetic volunteers`);
  } finally {
    await runner.stop();
  }
} };
