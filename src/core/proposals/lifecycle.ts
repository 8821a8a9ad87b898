// The life of a proposal as data: drafting and resubmission by the author, moderation, the signing
// window, and the close. `draft` is where a proposal is created (the `drafted` timeline entry).
import { lifecycle } from '../lifecycle/table.ts';
import { PROPOSAL_STATUSES, type ProposalStatus } from './rules.ts';

/** `author` of the proposal, a `moderator` (not the author), or the `system` (thresholds and the closer). */
export type ProposalActor = 'author' | 'moderator' | 'system';

export interface ProposalGuardContext {
  /** The acting moderator wrote the proposal. */
  moderatorIsAuthor?: boolean;
  /** Action-group regions still short of the charter's minimum. */
  missingRegions?: readonly { region: string; have: number; need: number }[];
  minMembersPerRegion?: number;
}

export const proposalLifecycle = lifecycle<ProposalStatus, ProposalActor, ProposalGuardContext>({
  aggregate: 'proposal',
  states: PROPOSAL_STATUSES,
  initial: 'draft',
  final: ['rejected', 'succeeded', 'expired'],
  transitions: [
    { from: 'draft', to: 'submitted', event: 'proposal.submitted', who: ['author'], guard: actionGroupComplete() },
    { from: 'returned', to: 'submitted', event: 'proposal.submitted', who: ['author'], guard: actionGroupComplete() },
    { from: 'submitted', to: 'open', event: 'proposal.published', who: ['moderator'], guard: notOwn() },
    { from: 'submitted', to: 'returned', event: 'proposal.returned', who: ['moderator'], guard: notOwn() },
    { from: 'submitted', to: 'rejected', event: 'proposal.rejected', who: ['moderator'], guard: notOwn() },
    { from: 'open', to: 'reached', event: 'proposal.threshold_reached', who: ['system'] },
    // The close: a proposal that reached its threshold succeeds, one that did not expires.
    { from: 'reached', to: 'succeeded', event: 'proposal.succeeded', who: ['system'] },
    { from: 'open', to: 'expired', event: 'proposal.expired', who: ['system'] },
  ],
  refusals: {
    'proposal.submitted': { actor: 'not-author', state: 'not-editable' },
    'proposal.published': { actor: 'forbidden-role', state: 'not-in-moderation' },
    'proposal.returned': { actor: 'forbidden-role', state: 'not-in-moderation' },
    'proposal.rejected': { actor: 'forbidden-role', state: 'not-in-moderation' },
  },
});

/** The moderation decision a moderator's form value stands for. */
export const MODERATION_EVENTS = { publish: 'proposal.published', return: 'proposal.returned', reject: 'proposal.rejected' } as const;

function notOwn() {
  return { code: 'own-proposal', holds: (c: ProposalGuardContext) => !c.moderatorIsAuthor };
}

function actionGroupComplete() {
  return {
    code: 'action-group-incomplete',
    holds: (c: ProposalGuardContext) => (c.missingRegions ?? []).length === 0,
    params: (c: ProposalGuardContext) => ({ min: c.minMembersPerRegion ?? 0, missing: [...(c.missingRegions ?? [])] }),
  };
}
