// Live streams across processes (docs/adr/1802): what one process's live vote board and draw
// progress emit in-process is forwarded on the bus (src/db/bus.ts: Redis pub/sub, or PostgreSQL
// LISTEN/NOTIFY) and emitted again in every other process, so a server-sent-events client on any
// process hears it. One process (SQLite) has nothing to forward.
import { openBus } from './db/bus.ts';
import { voteBoard } from './modules/council/api.ts';
import type { Service } from './modules/module.ts';
import { ANY_RUN, sortitionRunnerOf } from './modules/sortition/api.ts';

export const liveEventsService: Service = async (app, ctx) => {
  if (ctx.db.dialect !== 'postgres' && !ctx.config.redis) return async () => {};
  const bus = await openBus({ databaseUrl: ctx.db.url, pgPool: ctx.db.raw.pgPool, redis: ctx.config.redis, warn: (m) => app.log.warn(m) });

  // The council's board: a vote id after each committed change (re-read by each board, ADR 0903).
  let relaying = false;
  const onVote = (voteId: string) => {
    if (!relaying) bus.publish('council.vote', String(voteId));
  };
  voteBoard.on('change', onVote);
  const offVote = bus.subscribe('council.vote', (voteId) => {
    relaying = true;
    try {
      voteBoard.emit('change', voteId);
    } finally {
      relaying = false;
    }
  });

  // A draw's progress and its end, from the process whose worker runs it.
  const runner = sortitionRunnerOf(ctx);
  const onRun = (runId: string, m: unknown) => bus.publish('sortition.run', JSON.stringify({ id: runId, m }));
  runner.events.on(ANY_RUN, onRun);
  const offRun = bus.subscribe('sortition.run', (data) => {
    const { id, m } = JSON.parse(data) as { id: string; m: unknown };
    runner.events.emit(id, m);
  });

  return async () => {
    voteBoard.off('change', onVote);
    runner.events.off(ANY_RUN, onRun);
    offVote();
    offRun();
    await bus.close();
  };
};
