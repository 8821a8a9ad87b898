// Succeeded proposals become response items (docs/adr/0006, 0004): the responses module subscribes
// to `proposal.succeeded` and, for a kind the charter sends to the government, creates the item in
// the subscription's transaction, the one that also moves its cursor, so each success gives exactly
// one item. The event carries what the item needs (title, language); the response clock's first
// day is the Almaty date of the success, so a redelivery or a replay decides the same.
import { findKind } from '../../core/proposals/rules.ts';
import type { AppContext } from '../../web/context.ts';
import { drain, onEvent, type Subscription } from '../outbox/api.ts';
import { createItem, responsesService } from './service.ts';

export const PROPOSAL_ITEMS = 'responses.succeeded-proposals';

interface SucceededPayload {
  kind?: string;
  title?: string;
  language?: string;
}

export function proposalItemsSubscription(ctx: AppContext): Subscription {
  const charter = ctx.charter;
  const calendar = responsesService(ctx).calendar;
  // From the first event (onEvent's default): a success committed before this subscriber first ran is not missed.
  return onEvent<SucceededPayload>('proposal.succeeded', { name: PROPOSAL_ITEMS }, async (trx, p, ev) => {
    if (!findKind(charter, p.kind ?? '')?.sentToGovernment) return;
    // Items made before subscriptions (created in the proposal's own transaction) are there
    // already, and their events carry no title: a replay passes over them.
    const existing = await trx.selectFrom('response_items').select('id').where('source_ref', '=', ev.subject).executeTakeFirst();
    if (existing || typeof p.title !== 'string' || typeof p.language !== 'string') return;
    const at = new Date(ev.occurredAt);
    await createItem(trx, { title: p.title, lang: p.language, sourceRef: ev.subject, receivedOn: calendar.todayInAlmaty(at) }, at);
  });
}

/** Creates the items of every success committed so far (tests, the demo seeder); returns events handled. */
export function drainProposalItems(ctx: AppContext): Promise<number> {
  return drain(ctx.db, proposalItemsSubscription(ctx));
}
