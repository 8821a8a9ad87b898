// Minutes from the record: the draft is built from what was recorded (attendance, the agenda in its
// order, each vote with its result and roll call, the decisions' follow-ups), then edited by the
// secretariat and approved by a vote at a later session, after which it is frozen.
import type { VotingRules } from '../charter/types.ts';
import { check, type Decision, lifecycle } from '../lifecycle/table.ts';
import { type AgendaItem, orderAgenda } from './agenda.ts';
import type { FollowUp } from './decisions.ts';
import { sittingOn } from './members.ts';
import type { IsoDate, SessionKind, SittingMember } from './types.ts';
import { type QuorumCount, quorumOn, type RollCallLine, rollCall, type Vote, type VoteResult } from './vote.ts';

export interface MinutesRecord {
  session: { id: string; kind: SessionKind; date: IsoDate; place: string };
  members: readonly SittingMember[];
  /** The attendance register of the sitting. */
  present: readonly string[];
  items: readonly AgendaItem[];
  /** Each vote with the item it was on and the register at its close. */
  votes: readonly { itemId: string; vote: Vote; presentAtClose: readonly string[] }[];
  followUps: readonly { itemId: string; events: readonly FollowUp[] }[];
}

export interface MinutesVote {
  voteId: string;
  question: string;
  result: VoteResult;
  rollCall: RollCallLine[];
}

export interface MinutesDraft {
  sessionId: string;
  kind: SessionKind;
  date: IsoDate;
  place: string;
  attendance: { sitting: number; present: string[]; absent: string[] };
  quorum: QuorumCount;
  items: { position: number; itemId: string; kind: AgendaItem['source']['kind']; votes: MinutesVote[]; followUps: string[] }[];
}

/** The draft minutes of a sitting, from the record only. Open votes are a programming error: minutes follow the close. */
export function draftMinutes(voting: VotingRules, r: MinutesRecord): MinutesDraft {
  const sitting = sittingOn(r.members, r.session.date);
  const here = new Set(r.present);
  return {
    sessionId: r.session.id,
    kind: r.session.kind,
    date: r.session.date,
    place: r.session.place,
    attendance: { sitting: sitting.length, present: sitting.filter((m) => here.has(m.id)).map((m) => m.id), absent: sitting.filter((m) => !here.has(m.id)).map((m) => m.id) },
    quorum: quorumOn(voting, r.members, r.session.date, r.present),
    items: orderAgenda(r.items).map((item, i) => ({
      position: i + 1,
      itemId: item.id,
      kind: item.source.kind,
      votes: r.votes
        .filter((v) => v.itemId === item.id)
        .map(({ vote, presentAtClose }) => {
          if (vote.state !== 'closed' || !vote.result) throw new Error(`vote ${vote.id} is still open`);
          return { voteId: vote.id, question: vote.question, result: vote.result, rollCall: rollCall(vote, r.members, presentAtClose) };
        }),
      followUps: r.followUps.filter((f) => f.itemId === item.id).flatMap((f) => f.events.map((e) => e.event)),
    })),
  };
}

export const MINUTES_STATES = ['draft', 'approved'] as const;
export type MinutesState = (typeof MINUTES_STATES)[number];

/** Facts for the approval: the minutes-approval vote of a later session. */
export interface MinutesContext {
  approvalAdopted?: boolean;
}

export const minutesLifecycle = lifecycle<MinutesState, 'secretariat', MinutesContext>({
  aggregate: 'council-minutes',
  states: MINUTES_STATES,
  initial: 'draft',
  created: 'council-minutes.drafted',
  final: ['approved'],
  transitions: [
    { from: 'draft', to: 'draft', event: 'council-minutes.edited', who: ['secretariat'] },
    {
      from: 'draft',
      to: 'approved',
      event: 'council-minutes.approved',
      who: ['secretariat'],
      guard: { code: 'approval-vote-required', holds: (c) => c.approvalAdopted === true },
    },
  ],
  // Approved minutes are frozen: no edit, no second approval.
  refusals: {
    'council-minutes.edited': { actor: 'secretariat-only', state: 'minutes-frozen' },
    'council-minutes.approved': { actor: 'secretariat-only', state: 'minutes-frozen' },
  },
});

export function checkMinutesEvent(state: MinutesState, event: string, actor: readonly 'secretariat'[], ctx?: MinutesContext): Decision<MinutesState, 'secretariat', MinutesContext> {
  return check(minutesLifecycle, state, event, actor, ctx);
}
