// The Council's record in the shape of the Popolo standard (popoloproject.com): sessions as events,
// questions put to the vote as motions (with the majority they required and their result), votes as
// vote events with counts overall and per block, and each member's vote linked to the person and the
// membership of the registry. Popolo has no option for a declared conflict of interest: `recused` is
// an extra option, with its reason. Fields Popolo does not define are snake_case like its own.
import type { SessionState } from './sessionLifecycle.ts';
import type { IsoDate, SessionKind } from './types.ts';
import type { RollCallChoice, RollCallLine, VoteResult } from './vote.ts';

/** How records of the registry are named in Popolo (ids shared with the registry's own Popolo files). */
export interface PopoloIds {
  /** The Council as an organization. */
  organization: string;
  /** A block of the Council (an organization whose parent is the Council). */
  block(blockId: string): string;
  /** The person who holds a seat (the member signs in and votes as themselves). */
  person(memberId: string): string;
  /** The membership they held on the vote's day, when the registry knows it. */
  membership(memberId: string): string | null;
}

export const defaultPopoloIds: PopoloIds = {
  organization: 'council',
  block: (b) => `council/${b}`,
  person: (m) => m,
  membership: () => null,
};

export interface SessionRecord {
  id: string;
  kind: SessionKind;
  state: SessionState;
  date: IsoDate;
  place: string;
  /** The title in the reader's language. */
  name: string;
  /** An instant if the start time is known. */
  startsAt?: string | null;
  endsAt?: string | null;
  url?: string;
}

export interface PopoloEvent {
  id: string;
  name: string;
  classification: string;
  start_date: string;
  end_date?: string;
  location: string;
  status: string;
  organization_id: string;
  session_kind: SessionKind;
  sources?: { url: string }[];
}

/** Popolo event statuses are free text; ours follow the session's life-cycle. */
const EVENT_STATUS: Record<SessionState, string> = {
  planned: 'planned',
  convened: 'confirmed',
  in_progress: 'in progress',
  adjourned: 'adjourned',
  closed: 'completed',
  cancelled: 'cancelled',
};

export function popoloEvent(s: SessionRecord, ids: PopoloIds = defaultPopoloIds): PopoloEvent {
  const e: PopoloEvent = {
    id: s.id,
    name: s.name,
    classification: 'session',
    start_date: s.startsAt ?? s.date,
    location: s.place,
    status: EVENT_STATUS[s.state] ?? s.state,
    organization_id: ids.organization,
    session_kind: s.kind,
  };
  if (s.endsAt) e.end_date = s.endsAt;
  if (s.url) e.sources = [{ url: s.url }];
  return e;
}

/** A vote as recorded: its question, its session and item, its state and (once closed) its result and roll call. */
export interface VoteRecord {
  id: string;
  sessionId: string;
  itemId: string;
  question: string;
  decisionKind: string;
  date: IsoDate;
  openedAt: string;
  closedAt: string | null;
  /** The mover, when the question is a member's motion or amendment. */
  moverId?: string | null;
  result: VoteResult | null;
  rollCall: readonly RollCallLine[];
}

export interface PopoloMotion {
  id: string;
  organization_id: string;
  legislative_session_id: string;
  agenda_item_id: string;
  creator_id?: string;
  text: string;
  classification: string;
  date: string;
  /** Popolo's words for the requirement, e.g. "more than 1/2 of present". */
  requirement: string;
  required_majority: { share: string; base: 'present' | 'sittingMembers'; comparison: 'moreThan' | 'atLeast'; base_count: number | null; threshold: number | null; formula: string | null };
  result: PopoloResult;
  vote_events: string[];
}

/** pass / fail, void (the quorum was lost before the close: nothing follows), or pending while open. */
export type PopoloResult = 'pass' | 'fail' | 'void' | 'pending';

export function popoloResult(r: VoteResult | null): PopoloResult {
  if (!r) return 'pending';
  return r.outcome === 'adopted' ? 'pass' : r.outcome === 'rejected' ? 'fail' : 'void';
}

/** The rule a vote applies, as the charter states it (for a vote still open, without the counts). */
export interface MajorityRuleText {
  share: string;
  base: 'present' | 'sittingMembers';
  comparison: 'moreThan' | 'atLeast';
}

export function requirementText(r: MajorityRuleText): string {
  return `${r.comparison === 'moreThan' ? 'more than' : 'at least'} ${r.share} of ${r.base === 'present' ? 'present' : 'sitting members'}`;
}

export function popoloMotion(v: VoteRecord, rule: MajorityRuleText, ids: PopoloIds = defaultPopoloIds): PopoloMotion {
  const m = v.result?.majority;
  const motion: PopoloMotion = {
    id: `motion/${v.id}`,
    organization_id: ids.organization,
    legislative_session_id: v.sessionId,
    agenda_item_id: v.itemId,
    text: v.question,
    classification: v.decisionKind,
    date: v.date,
    requirement: requirementText(rule),
    required_majority: { share: rule.share, base: rule.base, comparison: rule.comparison, base_count: m?.baseCount ?? null, threshold: m?.threshold ?? null, formula: m?.formula ?? null },
    result: popoloResult(v.result),
    vote_events: [v.id],
  };
  if (v.moverId) motion.creator_id = ids.person(v.moverId);
  return motion;
}

/** Popolo vote options, plus `recused` (a declared conflict of interest). */
export type PopoloOption = 'yes' | 'no' | 'abstain' | 'recused' | 'not voting' | 'absent';

export const POPOLO_OPTION: Record<RollCallChoice, PopoloOption> = { yes: 'yes', no: 'no', abstain: 'abstain', recused: 'recused', notVoting: 'not voting', absent: 'absent' };

export interface PopoloCount {
  option: PopoloOption;
  value: number;
  group_id?: string;
}

export interface PopoloVote {
  vote_event_id: string;
  voter_id: string;
  membership_id: string | null;
  option: PopoloOption;
  group_id: string;
  area_id?: string;
  reason?: string;
}

export interface PopoloVoteEvent {
  id: string;
  organization_id: string;
  legislative_session_id: string;
  motion_id: string;
  start_date: string;
  end_date: string | null;
  result: PopoloResult;
  /** Overall counts (one per option), then one per option and block with `group_id`. */
  counts: PopoloCount[];
  group_results: { group_id: string; counts: PopoloCount[] }[];
  votes: PopoloVote[];
}

const OPTIONS: readonly RollCallChoice[] = ['yes', 'no', 'abstain', 'recused', 'notVoting', 'absent'];

/** Counts per option and block, from the roll call itself (so they always add up to the votes listed). */
export function countsOf(lines: readonly RollCallLine[]): { overall: Record<RollCallChoice, number>; byBlock: Map<string, Record<RollCallChoice, number>> } {
  const empty = (): Record<RollCallChoice, number> => ({ yes: 0, no: 0, abstain: 0, recused: 0, notVoting: 0, absent: 0 });
  const overall = empty();
  const byBlock = new Map<string, Record<RollCallChoice, number>>();
  for (const l of lines) {
    overall[l.choice]++;
    const b = byBlock.get(l.block) ?? empty();
    byBlock.set(l.block, b);
    b[l.choice]++;
  }
  return { overall, byBlock };
}

export function popoloVote(voteId: string, l: RollCallLine, ids: PopoloIds = defaultPopoloIds): PopoloVote {
  const v: PopoloVote = { vote_event_id: voteId, voter_id: ids.person(l.memberId), membership_id: ids.membership(l.memberId), option: POPOLO_OPTION[l.choice], group_id: ids.block(l.block) };
  if (l.region !== undefined) v.area_id = l.region;
  if (l.reason !== undefined) v.reason = l.reason;
  return v;
}

export function popoloVoteEvent(v: VoteRecord, ids: PopoloIds = defaultPopoloIds): PopoloVoteEvent {
  const { overall, byBlock } = countsOf(v.rollCall);
  const blocks = [...byBlock.keys()].sort();
  return {
    id: v.id,
    organization_id: ids.organization,
    legislative_session_id: v.sessionId,
    motion_id: `motion/${v.id}`,
    start_date: v.openedAt,
    end_date: v.closedAt,
    result: popoloResult(v.result),
    counts: [
      ...OPTIONS.map((o) => ({ option: POPOLO_OPTION[o], value: overall[o] })),
      ...blocks.flatMap((b) => OPTIONS.map((o) => ({ option: POPOLO_OPTION[o], value: byBlock.get(b)![o], group_id: ids.block(b) }))),
    ],
    group_results: blocks.map((b) => ({ group_id: ids.block(b), counts: OPTIONS.map((o) => ({ option: POPOLO_OPTION[o], value: byBlock.get(b)![o] })) })),
    votes: v.rollCall.map((l) => popoloVote(v.id, l, ids)),
  };
}
