// A roll-call vote's life as data: opened (with quorum, see vote.ts), ballots while open, one close.
// The rules of each step (who sits, one ballot, recusal) are in vote.ts; this table says who acts.
import { check, type Decision, lifecycle } from '../lifecycle/table.ts';

export const VOTE_STATES = ['open', 'closed'] as const;
export type VoteState = (typeof VOTE_STATES)[number];

/** The chair (or the secretariat for it) runs the vote; members cast their own ballots. */
export type VoteActor = 'chair' | 'secretariat' | 'member';

export const voteLifecycle = lifecycle<VoteState, VoteActor, undefined>({
  aggregate: 'council-vote',
  states: VOTE_STATES,
  initial: 'open',
  created: 'council-vote.opened',
  final: ['closed'],
  transitions: [
    { from: 'open', to: 'open', event: 'council-vote.ballot-cast', who: ['member'] },
    { from: 'open', to: 'open', event: 'council-vote.ballot-changed', who: ['member'] },
    { from: 'open', to: 'open', event: 'council-vote.recusal-declared', who: ['member'] },
    { from: 'open', to: 'closed', event: 'council-vote.closed', who: ['chair', 'secretariat'] },
  ],
  refusals: {
    'council-vote.ballot-cast': { actor: 'members-only', state: 'vote-closed' },
    'council-vote.ballot-changed': { actor: 'members-only', state: 'vote-closed' },
    'council-vote.recusal-declared': { actor: 'members-only', state: 'vote-closed' },
    'council-vote.closed': { actor: 'secretariat-or-chair-only', state: 'vote-closed' },
  },
});

export function checkVoteEvent(state: VoteState, event: string, actor: readonly VoteActor[]): Decision<VoteState, VoteActor, undefined> {
  return check(voteLifecycle, state, event, actor);
}
