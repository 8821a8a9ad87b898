// One ceremony service and one worker queue per app context (other modules reach it through api.ts):
// every draw of the process goes through the same ceremony.
//
//   const draws = sortitionDraws(ctx);
//   const c = await draws.commitPool(userId, { input, entropySources, entropyAfter });  // step 1
//   const r = await draws.reveal(c.id, { entropy });  await r.done;                     // step 2
//   (await draws.get(c.id))?.report
import type { AppContext } from '../../web/context.ts';
import { SortitionRunner } from './runner.ts';
import { type SortitionService, sortitionService } from './service.ts';

const byContext = new WeakMap<AppContext, { runner: SortitionRunner; service: SortitionService }>();

export function sortitionDraws(ctx: AppContext): SortitionService {
  return entry(ctx).service;
}

/** Stops the context's worker, if any (app close, end of a demo seed). */
export async function stopSortitionDraws(ctx: AppContext): Promise<void> {
  const e = byContext.get(ctx);
  if (!e) return;
  byContext.delete(ctx);
  await e.runner.stop();
}

function entry(ctx: AppContext) {
  let e = byContext.get(ctx);
  if (!e) {
    const runner = new SortitionRunner();
    e = { runner, service: sortitionService(ctx, runner) };
    byContext.set(ctx, e);
  }
  return e;
}

export function sortitionRunnerOf(ctx: AppContext): SortitionRunner {
  return entry(ctx).runner;
}
