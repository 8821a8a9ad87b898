// What a closed vote produces, as data: the events the service emits in the same transaction as the
// close, so each adopted decision starts its own track and a recommendation reaches the response clock.
import type { Charter } from '../charter/types.ts';
import type { AgendaItem } from './agenda.ts';
import type { IsoDate } from './types.ts';
import type { Vote } from './vote.ts';

export type FollowUp =
  /** Every adopted decision: the Council's public record. */
  | { event: 'council-decision.adopted'; payload: { decisionId: string; voteId: string; itemId: string; kind: Vote['decisionKind']; adoptedOn: IsoDate } }
  /** A rejected question: recorded, and the item leaves the agenda. */
  | { event: 'council-item.rejected'; payload: { voteId: string; itemId: string; code: string; decidedOn: IsoDate } }
  /** A legislative initiative goes to the Kurultai: its track starts at `sent`. */
  | { event: 'initiative.sent-to-kurultai'; payload: { decisionId: string; sentOn: IsoDate } }
  /** A referendum proposal goes to the President (jointly with the Kurultai when the charter says so). */
  | { event: 'referendum-proposal.sent'; payload: { decisionId: string; addressees: readonly ('president' | 'kurultai')[]; sentOn: IsoDate } }
  /** A recommendation becomes an item received by the government: the responses module starts its clock. */
  | { event: 'recommendation.sent-to-government'; payload: { decisionId: string; receivedOn: IsoDate } }
  /** The minutes of an earlier session are approved: they are frozen and go on the ledger. */
  | { event: 'council-minutes.approved'; payload: { sessionId: string; voteId: string; approvedOn: IsoDate } }
  /** A citizens' proposal was decided: its page and its signers learn how. */
  | { event: 'proposal.council-decided'; payload: { proposalId: string; voteId: string; adopted: boolean; decidedOn: IsoDate } };

/**
 * The follow-ups of a closed vote on `item`. A void vote (quorum lost before the close) produces
 * nothing: the question stays on the agenda and may be put again. `decisionId` is the id the service
 * gives the decision record (chosen by the caller, so this stays pure).
 */
export function followUps(charter: Pick<Charter, 'councilWork'>, vote: Vote, item: AgendaItem, decisionId: string): FollowUp[] {
  if (vote.state !== 'closed' || !vote.result) throw new Error(`vote ${vote.id} is not closed`);
  // Decided on the sitting day (an Almaty date), whatever the instant of the close.
  const on = vote.date;
  const result = vote.result;
  if (result.outcome === 'void') return [];
  const out: FollowUp[] = [];
  const source = item.source;
  if (result.outcome === 'rejected') {
    out.push({ event: 'council-item.rejected', payload: { voteId: vote.id, itemId: item.id, code: result.code, decidedOn: on } });
  } else {
    out.push({ event: 'council-decision.adopted', payload: { decisionId, voteId: vote.id, itemId: item.id, kind: vote.decisionKind, adoptedOn: on } });
    switch (vote.decisionKind) {
      case 'legislativeInitiative':
        out.push({ event: 'initiative.sent-to-kurultai', payload: { decisionId, sentOn: on } });
        break;
      case 'referendumProposal': {
        const addressees = charter.councilWork.referendumProposal.jointlyWithKurultai ? (['president', 'kurultai'] as const) : (['president'] as const);
        out.push({ event: 'referendum-proposal.sent', payload: { decisionId, addressees, sentOn: on } });
        break;
      }
      case 'recommendation':
        out.push({ event: 'recommendation.sent-to-government', payload: { decisionId, receivedOn: on } });
        break;
      case 'procedural':
        if (source.kind === 'minutesApproval') out.push({ event: 'council-minutes.approved', payload: { sessionId: source.sessionId, voteId: vote.id, approvedOn: on } });
        break;
    }
  }
  if (source.kind === 'petition') {
    out.push({ event: 'proposal.council-decided', payload: { proposalId: source.proposalId, voteId: vote.id, adopted: result.outcome === 'adopted', decidedOn: on } });
  }
  return out;
}
