// The background appender and head signer. Appends whatever the outbox holds every POLL_MS, and signs
// a tree head every `ledgerHeadIntervalSeconds` when the tree has grown (0 = only on demand).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../web/context.ts';
import { appendPending } from './appender.ts';
import { issueHead } from './heads.ts';
import { loadSigningKey, type SigningKey } from './signing.ts';
import { collectCosignatures } from './witnesses.ts';

const POLL_MS = 200;
/** Per tick, so a flood of events never keeps the appender (or start-up) from yielding. */
const MAX_PER_TICK = 20_000;

export async function ledgerService(app: FastifyInstance, ctx: AppContext): Promise<() => Promise<void>> {
  let key: SigningKey | null = null;
  if (ctx.config.ledgerKey) key = loadSigningKey(ctx.config.ledgerKey);
  else app.log.warn('KENES_LEDGER_KEY is not set: the ledger appends entries but signs no tree heads (run `kenes ledger keygen`)');

  let stopped = false;
  let busy: Promise<void> = Promise.resolve();
  const log = app.log.child({ service: 'ledger' });

  const appendNow = async () => {
    try {
      const n = await appendPending(ctx.db, { max: MAX_PER_TICK });
      if (n) log.debug({ appended: n }, 'ledger appended');
    } catch (err) {
      // Busy database or a lost connection: nothing was half-written; the next tick retries.
      log.error({ err }, 'ledger append failed');
    }
  };
  const signNow = async () => {
    if (!key) return;
    try {
      await appendPending(ctx.db, { max: MAX_PER_TICK });
      await issueHead(ctx.db, key);
      // Witnesses that serve their cosignatures (charter `ledger.witnesses[].url`) are asked for them.
      await collectCosignatures(ctx, log);
    } catch (err) {
      log.error({ err }, 'ledger head signing failed');
    }
  };

  // One chain of work at a time, so stopping can wait for whatever is in flight.
  // A tick that finds its kind of work already queued is dropped, so slow appends never pile up.
  const queued = new Set<() => Promise<void>>();
  const schedule = (work: () => Promise<void>) => {
    if (queued.has(work)) return;
    queued.add(work);
    busy = busy.then(() => {
      queued.delete(work);
      return stopped ? undefined : work();
    });
  };
  // Catch up and sign once at start, in the background: start-up never waits on a long outbox.
  schedule(appendNow);
  schedule(signNow);
  const poll = setInterval(() => schedule(appendNow), POLL_MS);
  const heads = ctx.config.ledgerHeadIntervalSeconds > 0 ? setInterval(() => schedule(signNow), ctx.config.ledgerHeadIntervalSeconds * 1000) : null;

  return async () => {
    stopped = true;
    clearInterval(poll);
    if (heads) clearInterval(heads);
    await busy;
  };
}
