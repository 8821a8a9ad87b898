// The background appender and head signer. The appender is the ledger's outbox subscription, woken
// every POLL_MS and right after local commits that emitted events; a tree head is signed every
// `ledgerHeadIntervalSeconds` when the tree has grown (0 = only on demand).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../web/context.ts';
import { startConsumer } from '../outbox/api.ts';
import { appendPending, ledgerSubscription } from './appender.ts';
import { issueHead } from './heads.ts';
import { loadSigningKey, type SigningKey } from '../../core/ledger/signing.ts';
import { collectCosignatures } from './witnesses.ts';

const POLL_MS = 200;
/** Per wake-up, so a flood of events never keeps the appender (or start-up) from yielding. */
const MAX_PER_TICK = 20_000;

export async function ledgerService(app: FastifyInstance, ctx: AppContext): Promise<() => Promise<void>> {
  let key: SigningKey | null = null;
  if (ctx.config.ledgerKey) key = loadSigningKey(ctx.config.ledgerKey);
  else app.log.warn('KENES_LEDGER_KEY is not set: the ledger appends entries but signs no tree heads (run `kenes ledger keygen`)');

  let stopped = false;
  const log = app.log.child({ service: 'ledger' });
  // Catches up in the background from its first wake-up: start-up never waits on a long outbox.
  const appender = startConsumer(ctx.db, ledgerSubscription, {
    pollMs: POLL_MS,
    maxPerRun: MAX_PER_TICK,
    // Busy database or a lost connection: nothing was half-written; the next wake-up retries.
    onError: (err) => log.error({ err }, 'ledger append failed'),
    onHandled: (n) => log.debug({ appended: n }, 'ledger appended'),
  });

  // One signing at a time; a tick that finds one in flight is dropped, so slow signing never piles up.
  let signing: Promise<void> | null = null;
  const signNow = () => {
    if (!key || stopped || signing) return;
    signing = (async () => {
      try {
        await appendPending(ctx.db, { max: MAX_PER_TICK });
        await issueHead(ctx.db, key!);
        // Witnesses that serve their cosignatures (charter `ledger.witnesses[].url`) are asked for them.
        await collectCosignatures(ctx, log);
      } catch (err) {
        log.error({ err }, 'ledger head signing failed');
      } finally {
        signing = null;
      }
    })();
  };
  signNow();
  const heads = ctx.config.ledgerHeadIntervalSeconds > 0 ? setInterval(signNow, ctx.config.ledgerHeadIntervalSeconds * 1000) : null;

  return async () => {
    stopped = true;
    if (heads) clearInterval(heads);
    await appender.stop();
    await signing;
  };
}
