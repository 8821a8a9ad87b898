// A recommendation the Council adopted becomes a listening-state item (docs/adr/0902, 0004): the
// responses module subscribes to the council's `recommendation.sent-to-government` event and creates
// the item in the subscription's transaction, the one that also moves its cursor, so each decision
// gives exactly one item. The event carries the title, the language and the received date (the
// sitting day), so a redelivery or a replay decides the same; the clock counts from the next working day.
import type { AppContext } from '../../web/context.ts';
import { drain, onEvent, type Subscription } from '../outbox/api.ts';
import { createItem } from './service.ts';

export const COUNCIL_ITEMS = 'responses.council-recommendations';

interface RecommendationPayload {
  sourceRef?: string;
  title?: string;
  language?: string;
  receivedOn?: string;
}

export function councilItemsSubscription(_ctx: AppContext): Subscription {
  return onEvent<RecommendationPayload>('recommendation.sent-to-government', { name: COUNCIL_ITEMS }, async (trx, p, ev) => {
    if (typeof p.sourceRef !== 'string' || typeof p.title !== 'string' || typeof p.language !== 'string' || typeof p.receivedOn !== 'string') return;
    const existing = await trx.selectFrom('response_items').select('id').where('source_ref', '=', p.sourceRef).executeTakeFirst();
    if (existing) return;
    await createItem(trx, { title: p.title, lang: p.language, sourceRef: p.sourceRef, receivedOn: p.receivedOn }, new Date(ev.occurredAt));
  });
}

/** Creates the items of every recommendation sent so far (tests, the demo seeder); returns events handled. */
export function drainCouncilItems(ctx: AppContext): Promise<number> {
  return drain(ctx.db, councilItemsSubscription(ctx));
}
