// A citizens' proposal that reached its threshold goes on the Council's agenda by itself (ADR 0902,
// 0004): this module subscribes to `proposal.succeeded` and, for a kind the charter's
// `councilWork.agendaFromProposals` names, queues the item in the subscription's transaction (the one
// that moves its cursor), with the Council's own clock counted in working days from the Almaty date of
// the success, and places it on the earliest planned or convened session whose agenda takes it.
import type { AppContext } from '../../web/context.ts';
import { drain, onEvent, type Subscription } from '../outbox/api.ts';
import { councilBase } from './base.ts';
import { agendaSteps } from './agenda.ts';

export const PETITION_AGENDA = 'council.succeeded-proposals';

interface SucceededPayload {
  kind?: string;
  title?: string;
  language?: string;
}

export function petitionAgendaSubscription(ctx: AppContext): Subscription {
  const b = councilBase(ctx);
  const agenda = agendaSteps(b);
  return onEvent<SucceededPayload>('proposal.succeeded', { name: PETITION_AGENDA }, async (trx, p, ev) => {
    if (typeof p.kind !== 'string' || typeof p.title !== 'string') return;
    const ref = ev.subject.replace(/^proposal\//, '');
    await agenda.queueProposal(trx, { ref, kind: p.kind, title: p.title, lang: p.language ?? 'kk', succeededOn: b.calendar.todayInAlmaty(new Date(ev.occurredAt)) }, ev.occurredAt);
  });
}

/** Queues every success committed so far (tests, the demo seeder); returns the events handled. */
export function drainPetitionAgenda(ctx: AppContext): Promise<number> {
  return drain(ctx.db, petitionAgendaSubscription(ctx));
}
