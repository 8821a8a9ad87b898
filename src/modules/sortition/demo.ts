// Demo lottery: a synthetic pool of volunteers from every region, quotas from the charter for one
// renewal of a block (21 of 42 seats), drawn through the real service and worker.
import type { Charter } from '../../core/charter/index.ts';
import { quotasFromCharter, selectionCategories } from '../../core/selection/charterQuotas.ts';
import type { DemoSeeder } from '../module.ts';
import type { DemoRng } from '../../demo/rng.ts';
import { parsePanelot } from '../../core/sortition/index.ts';
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
  if (!ctx.config.ledgerKey) {
    // A public draw is dated by a signed head (ADR 0111); without a key there is no ceremony to show.
    log('no ledger key: the demo draw is skipped (demo mode signs with the published demo key)');
    return;
  }
  const charter = ctx.charter;
  const pool = demoPool(charter, rng);
  const runner = new SortitionRunner();
  try {
    // The real ceremony, compressed in time: the entropy date is a moment after the commitment.
    const svc = sortitionService(ctx, runner);
    const input = parsePanelot({ categoriesCsv: pool.categoriesCsv, respondentsCsv: pool.respondentsCsv }, { k: pool.seats });
    const after = new Date(Date.now() + 300);
    const { id } = await svc.commitPool('demo-seed', {
      input,
      entropySources: ['Demo (synthetic): national lottery numbers of 2026-10-15', 'Demo (synthetic): KASE index close of 2026-10-16'],
      entropyAfter: after.toISOString(),
      source: { format: 'panelot', synthetic: true },
    });
    await new Promise((r) => setTimeout(r, Math.max(0, after.getTime() - Date.now() + 20)));
    const { done } = await svc.reveal(id, { entropy: 'Demo (synthetic): national lottery numbers of 2026-10-15: 03 11 19 27 35 41\nKASE index close of 2026-10-16: 4321.09' });
    await done;
    log(`draw ${id}: ${pool.seats} seats from ${POOL} synthetic volunteers, committed then revealed`);
  } finally {
    await runner.stop();
  }
} };
