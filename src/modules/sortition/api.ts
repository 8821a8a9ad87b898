// What other modules may use of sortition (e.g. Council membership drawing its members): the public
// draw ceremony of the app context, one service and one worker queue per context.
//
//   const draws = sortitionDraws(ctx);
//   const c = await draws.commitPool(userId, { input, entropySources, entropyAfter });  // step 1
//   const r = await draws.reveal(c.id, { entropy });  await r.done;                     // step 2
//   (await draws.get(c.id))?.report
//
// Refusals are DomainErrors with the codes of ./problems.ts.
export { sortitionDraws, sortitionRunnerOf, stopSortitionDraws } from './draws.ts';
export { ANY_RUN } from './runner.ts';
export { selectInWorker } from './selectInWorker.ts';
export type { CommitPoolRequest, Committed, RunRow, SortitionService } from './service.ts';
export type { SelectionInput, SelectionReport } from '../../core/sortition/index.ts';
export type { DrawStatus } from '../../core/sortition/drawStages.ts';
