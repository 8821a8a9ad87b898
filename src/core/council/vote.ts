// Roll-call votes: quorum to open, one ballot per sitting member present (changeable while the vote
// is open, recusal with a stated reason), one close, and the result by the decision kind's majority
// with its arithmetic. Pure: each step takes the vote and returns the next one or a refusal.
import type { DecisionKind, VotingRules } from '../charter/types.ts';
import { exactProduct, fractionText, threshold } from './arithmetic.ts';
import { isSitting, sittingOn } from './members.ts';
import { type Checked, type IsoDate, ok, refuse, type SittingMember } from './types.ts';

export const CHOICES = ['yes', 'no', 'abstain'] as const;
export type Choice = (typeof CHOICES)[number];
export type BallotChoice = Choice | 'recused';
/** A member's line in the roll call: a ballot, or present without one, or absent. */
export type RollCallChoice = BallotChoice | 'notVoting' | 'absent';

export function isChoice(v: unknown): v is Choice {
  return typeof v === 'string' && (CHOICES as readonly string[]).includes(v);
}

export interface Ballot {
  memberId: string;
  choice: BallotChoice;
  /** The stated reason of a recusal (conflict of interest). */
  reason?: string;
  /** When the ballot was first cast and last changed (ISO instants). */
  castAt: string;
  changedAt?: string;
  changes: number;
}

export interface Vote {
  id: string;
  question: string;
  decisionKind: DecisionKind;
  /** The sitting day: who may vote is decided by the terms on this date. */
  date: IsoDate;
  state: 'open' | 'closed';
  openedAt: string;
  closedAt: string | null;
  ballots: readonly Ballot[];
  result: VoteResult | null;
}

export interface QuorumCount {
  share: string;
  base: 'sittingMembers';
  sitting: number;
  present: number;
  needed: number;
  met: boolean;
}

export interface MajorityCount {
  decisionKind: DecisionKind;
  share: string;
  base: 'sittingMembers' | 'present';
  comparison: 'moreThan' | 'atLeast';
  /** The number the share applies to: sitting members, or those present and not recused. */
  baseCount: number;
  /** share × baseCount, exactly ("63", "41 1/3"). */
  product: string;
  /** The fewest yes votes that pass (never below 1: nothing is adopted without a yes). */
  threshold: number;
  yes: number;
  met: boolean;
  /** The arithmetic, e.g. `yes 64 > 1/2 × 126 = 63`. */
  formula: string;
}

export interface Counts {
  sitting: number;
  present: number;
  yes: number;
  no: number;
  abstain: number;
  recused: number;
  notVoting: number;
  absent: number;
}

/**
 * The majority's arithmetic as one line, `yes 64 > 1/2 × 126 = 63`. `formula` (the API's field) uses the
 * English word; a page passes its own word for "yes" and its number format, so a Russian reader reads
 * `за 64 > 1/2 × 126 = 63`. The share and the exact product keep their digits ("41 1/3").
 */
export function formulaOf(m: Pick<MajorityCount, 'yes' | 'comparison' | 'share' | 'baseCount' | 'product'>, yesWord = 'yes', format: (n: number) => string = String): string {
  return `${yesWord} ${format(m.yes)} ${m.comparison === 'moreThan' ? '>' : '≥'} ${m.share} × ${format(m.baseCount)} = ${m.product}`;
}

export type OutcomeCode = 'adopted' | 'short-of-majority' | 'tied' | 'no-quorum';

export interface VoteResult {
  outcome: 'adopted' | 'rejected' | 'void';
  code: OutcomeCode;
  /** As many yes as no votes (and at least one of each). */
  tie: boolean;
  counts: Counts;
  quorum: QuorumCount;
  majority: MajorityCount;
  byBlock: Record<string, Omit<Counts, 'sitting' | 'present'>>;
}

/** Sitting members on `date` who are present: registered, or holding a ballot of this vote. */
function presentSitting(members: readonly SittingMember[], date: IsoDate, present: readonly string[], ballots: readonly Ballot[] = []): Set<string> {
  const here = new Set([...present, ...ballots.map((b) => b.memberId)]);
  return new Set(sittingOn(members, date).filter((m) => here.has(m.id)).map((m) => m.id));
}

/** The quorum: the charter's share of the members sitting on the day (not of the seats: a vacancy does not block the Council). */
export function quorumCount(voting: VotingRules, sitting: number, present: number): QuorumCount {
  const q = voting.quorum;
  const needed = Math.max(1, threshold(q.share, sitting, q.comparison));
  return { share: fractionText(q.share), base: q.base, sitting, present, needed, met: present >= needed };
}

/** The quorum of a sitting day, from the registry's members and the attendance register. */
export function quorumOn(voting: VotingRules, members: readonly SittingMember[], date: IsoDate, present: readonly string[]): QuorumCount {
  return quorumCount(voting, sittingOn(members, date).length, presentSitting(members, date, present).size);
}

export interface OpenVote {
  id: string;
  question: string;
  decisionKind: DecisionKind;
  date: IsoDate;
  at: string;
}

/** Opens a vote; refused without quorum. */
export function openVote(voting: VotingRules, members: readonly SittingMember[], present: readonly string[], v: OpenVote): Checked<Vote> {
  if (!(v.decisionKind in voting.majorities)) return refuse('unknown-decision-kind', 'decisionKind', { decisionKind: v.decisionKind });
  const quorum = quorumOn(voting, members, v.date, present);
  if (!quorum.met) return refuse('no-quorum', undefined, { present: quorum.present, needed: quorum.needed, sitting: quorum.sitting });
  return ok({ id: v.id, question: v.question, decisionKind: v.decisionKind, date: v.date, state: 'open', openedAt: v.at, closedAt: null, ballots: [], result: null });
}

/**
 * Who may act on this vote now: the vote is open, and the member sits on its day and is present.
 * The ballot rules look at this member's own ballot and presence only; the service reads no more
 * than that for a ballot (ADR 0906), so a rule that needs other members' ballots must change it too.
 */
function checkVoter(vote: Vote, members: readonly SittingMember[], present: readonly string[], memberId: string): Checked<SittingMember> {
  if (vote.state !== 'open') return refuse('vote-closed', undefined, { voteId: vote.id });
  const m = members.find((x) => x.id === memberId);
  if (!m) return refuse('not-a-member', 'memberId', { memberId });
  if (!isSitting(m, vote.date)) return refuse('not-sitting', 'memberId', { memberId, termStart: m.termStart, termEnd: m.termEnd, date: vote.date });
  if (!present.includes(memberId) && !vote.ballots.some((b) => b.memberId === memberId)) return refuse('not-present', 'memberId', { memberId });
  return ok(m);
}

export interface BallotInput {
  memberId: string;
  choice: unknown;
  at: string;
}

/** A member's one ballot on this question; a second one is refused (a change is `changeBallot`). */
export function castBallot(vote: Vote, members: readonly SittingMember[], present: readonly string[], b: BallotInput): Checked<Vote> {
  const voter = checkVoter(vote, members, present, b.memberId);
  if (!voter.ok) return voter;
  if (!isChoice(b.choice)) return refuse('invalid-choice', 'choice', { choice: String(b.choice), allowed: CHOICES });
  const existing = vote.ballots.find((x) => x.memberId === b.memberId);
  if (existing) return refuse('already-voted', 'memberId', { memberId: b.memberId, choice: existing.choice });
  return ok({ ...vote, ballots: [...vote.ballots, { memberId: b.memberId, choice: b.choice, castAt: b.at, changes: 0 }] });
}

/** Changes a cast ballot while the vote is open; a recusal is final for the question. */
export function changeBallot(vote: Vote, members: readonly SittingMember[], present: readonly string[], b: BallotInput): Checked<Vote> {
  const voter = checkVoter(vote, members, present, b.memberId);
  if (!voter.ok) return voter;
  if (!isChoice(b.choice)) return refuse('invalid-choice', 'choice', { choice: String(b.choice), allowed: CHOICES });
  const existing = vote.ballots.find((x) => x.memberId === b.memberId);
  if (!existing) return refuse('no-ballot', 'memberId', { memberId: b.memberId });
  if (existing.choice === 'recused') return refuse('recusal-final', 'choice', { memberId: b.memberId });
  if (existing.choice === b.choice) return ok(vote);
  return ok(replace(vote, { ...existing, choice: b.choice, changedAt: b.at, changes: existing.changes + 1 }));
}

/** Declares a conflict of interest: the member takes no part in this question, for a stated reason. */
export function declareRecusal(vote: Vote, members: readonly SittingMember[], present: readonly string[], r: { memberId: string; reason: string; at: string }): Checked<Vote> {
  const voter = checkVoter(vote, members, present, r.memberId);
  if (!voter.ok) return voter;
  const reason = r.reason.trim();
  if (reason === '') return refuse('recusal-reason-required', 'reason', {});
  const existing = vote.ballots.find((x) => x.memberId === r.memberId);
  if (existing?.choice === 'recused') return refuse('already-recused', 'memberId', { memberId: r.memberId });
  if (existing) return ok(replace(vote, { ...existing, choice: 'recused', reason, changedAt: r.at, changes: existing.changes + 1 }));
  return ok({ ...vote, ballots: [...vote.ballots, { memberId: r.memberId, choice: 'recused', reason, castAt: r.at, changes: 0 }] });
}

function replace(vote: Vote, ballot: Ballot): Vote {
  return { ...vote, ballots: vote.ballots.map((x) => (x.memberId === ballot.memberId ? ballot : x)) };
}

/** Closes the vote once, fixing its result. */
export function closeVote(voting: VotingRules, vote: Vote, members: readonly SittingMember[], present: readonly string[], at: string): Checked<Vote> {
  if (vote.state !== 'open') return refuse('vote-closed', undefined, { voteId: vote.id });
  return ok({ ...vote, state: 'closed', closedAt: at, result: tally(voting, vote, members, present) });
}

export interface RollCallLine {
  memberId: string;
  block: string;
  region?: string;
  choice: RollCallChoice;
  reason?: string;
}

/** Every member sitting on the vote's day, in roll-call order, with what they did. */
export function rollCall(vote: Vote, members: readonly SittingMember[], present: readonly string[]): RollCallLine[] {
  const here = presentSitting(members, vote.date, present, vote.ballots);
  const ballots = new Map(vote.ballots.map((b) => [b.memberId, b]));
  return sittingOn(members, vote.date).map((m) => {
    const b = ballots.get(m.id);
    const line: RollCallLine = { memberId: m.id, block: m.block, choice: b ? b.choice : here.has(m.id) ? 'notVoting' : 'absent' };
    if (m.region !== undefined) line.region = m.region;
    if (b?.reason !== undefined) line.reason = b.reason;
    return line;
  });
}

/** The result as it stands (live board) or at close: counts, quorum, the majority's arithmetic. */
export function tally(voting: VotingRules, vote: Vote, members: readonly SittingMember[], present: readonly string[]): VoteResult {
  const lines = rollCall(vote, members, present);
  const empty = () => ({ yes: 0, no: 0, abstain: 0, recused: 0, notVoting: 0, absent: 0 });
  const totals = empty();
  const byBlock: VoteResult['byBlock'] = {};
  for (const l of lines) {
    totals[l.choice]++;
    byBlock[l.block] ??= empty();
    byBlock[l.block]![l.choice]++;
  }
  const sitting = lines.length;
  const presentCount = sitting - totals.absent;
  const counts: Counts = { sitting, present: presentCount, ...totals };
  const quorum = quorumCount(voting, sitting, presentCount);
  const rule = voting.majorities[vote.decisionKind];
  // Recused members take no part: they leave the "present" base, so a recusal is not a hidden no.
  const baseCount = rule.base === 'present' ? presentCount - totals.recused : sitting;
  const needed = Math.max(1, threshold(rule.share, baseCount, rule.comparison));
  const share = fractionText(rule.share);
  const product = exactProduct(rule.share, baseCount);
  const met = totals.yes >= needed;
  const counted = {
    decisionKind: vote.decisionKind,
    share,
    base: rule.base,
    comparison: rule.comparison,
    baseCount,
    product,
    threshold: needed,
    yes: totals.yes,
    met,
  };
  const majority: MajorityCount = { ...counted, formula: formulaOf(counted) };
  const tie = totals.yes === totals.no && totals.yes > 0;
  const [outcome, code]: [VoteResult['outcome'], OutcomeCode] = !quorum.met
    ? ['void', 'no-quorum']
    : met
      ? ['adopted', 'adopted']
      : tie
        ? ['rejected', 'tied']
        : ['rejected', 'short-of-majority'];
  return { outcome, code, tie, counts, quorum, majority, byBlock };
}
