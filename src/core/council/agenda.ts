// The agenda: what may be put on it, by whom and until when, the clock of a succeeded citizens'
// proposal waiting for its place, and the order items are taken in.
import type { Charter, CouncilWorkRules, MotionKind } from '../charter/types.ts';
import { isOverdue } from '../responses/clock.ts';
import type { WorkingDays } from '../responses/workingDays.ts';
import { cmp, isSitting } from './members.ts';
import type { SessionState } from './sessionLifecycle.ts';
import { type Checked, type DecisionKind, type IsoDate, ok, type ReferringBody, refuse, type SittingMember } from './types.ts';

/** Where an item comes from; each kind links its source record. */
export type AgendaSource =
  /** A citizens' proposal that reached its threshold (proposals), queued by its outbox event. */
  | { kind: 'petition'; proposalId: string; proposalKind: string; succeededOn: IsoDate }
  /** A member's motion with its co-sponsors. */
  | { kind: 'motion'; motionId: string; motionKind: MotionKind; moverId: string; coSponsorIds: readonly string[]; filedOn: IsoDate }
  /** An item referred by the President or the Kurultai, with the decision it asks for. */
  | { kind: 'referral'; body: ReferringBody; reference: string; decisionKind: MotionKind; receivedOn: IsoDate }
  /** An agency's overdue or answered item (responses) the Council wants to hear: a hearing, no vote. */
  | { kind: 'governmentReport'; responseItemId: string; reason: 'overdue' | 'answered'; requestedOn: IsoDate }
  /** The minutes of an earlier session, approved by a procedural vote. */
  | { kind: 'minutesApproval'; sessionId: string; requestedOn: IsoDate };

export type AgendaItemKind = AgendaSource['kind'];

export interface AgendaItem {
  id: string;
  source: AgendaSource;
  addedOn: IsoDate;
}

/** A stable key of the source, so one source is on one agenda only once. */
export function sourceKey(s: AgendaSource): string {
  switch (s.kind) {
    case 'petition':
      return `petition:${s.proposalId}`;
    case 'motion':
      return `motion:${s.motionId}`;
    case 'referral':
      return `referral:${s.body}:${s.reference}`;
    case 'governmentReport':
      return `governmentReport:${s.responseItemId}`;
    case 'minutesApproval':
      return `minutesApproval:${s.sessionId}`;
  }
}

/** The charter's entry for a proposal kind that is queued on the agenda, if it is. */
export function agendaRuleForProposal(rules: CouncilWorkRules, proposalKind: string): { proposalKind: string; decisionKind: MotionKind } | undefined {
  return rules.agendaFromProposals.find((e) => e.proposalKind === proposalKind);
}

/** The decision the Council takes on an item, or null for a hearing (a government report). */
export function decisionKindOf(rules: CouncilWorkRules, s: AgendaSource): DecisionKind | null {
  switch (s.kind) {
    case 'petition':
      return agendaRuleForProposal(rules, s.proposalKind)?.decisionKind ?? null;
    case 'motion':
      return s.motionKind;
    case 'referral':
      return s.decisionKind;
    case 'governmentReport':
      return null;
    case 'minutesApproval':
      return 'procedural';
  }
}

// ---- the clock of a succeeded proposal -----------------------------------------------------

/** The last day to put a proposal that succeeded on `succeededOn` on an agenda (counted from the next working day). */
export function petitionAgendaDueDate(cal: WorkingDays, rules: CouncilWorkRules, succeededOn: IsoDate): IsoDate {
  return cal.addWorkingDays(succeededOn, rules.petitionAgenda.workingDays);
}

export type AgendaClockState = 'on_time' | 'due_soon' | 'overdue' | 'placed_on_time' | 'placed_late';

/** The public clock, derived from the dates and today like the response clock (never stored). */
export function petitionAgendaClock(cal: WorkingDays, rules: CouncilWorkRules, item: { dueDate: IsoDate; placedOn: IsoDate | null }, today: IsoDate): AgendaClockState {
  if (item.placedOn) return item.placedOn <= item.dueDate ? 'placed_on_time' : 'placed_late';
  if (isOverdue(item.dueDate, today)) return 'overdue';
  return item.dueDate < cal.addWorkingDays(today, rules.petitionAgenda.dueSoonWorkingDays + 1) ? 'due_soon' : 'on_time';
}

/** A succeeded proposal, as the proposals module's `proposal.succeeded` event gives it (date in Almaty). */
export interface SucceededProposal {
  proposalId: string;
  proposalKind: string;
  succeededOn: IsoDate;
}

/**
 * What the subscription to `proposal.succeeded` queues: the agenda source and its due date, or null
 * for a kind the charter does not send to the Council's agenda.
 */
export function queueSucceededProposal(cal: WorkingDays, rules: CouncilWorkRules, p: SucceededProposal): { source: AgendaSource; dueDate: IsoDate } | null {
  if (!agendaRuleForProposal(rules, p.proposalKind)) return null;
  return { source: { kind: 'petition', ...p }, dueDate: petitionAgendaDueDate(cal, rules, p.succeededOn) };
}

// ---- adding items ------------------------------------------------------------------------

/** The last day an item may be added to a convened session sitting on `sessionDate`. */
export function agendaClosesOn(cal: WorkingDays, rules: CouncilWorkRules, sessionDate: IsoDate): IsoDate {
  return cal.addWorkingDays(sessionDate, -rules.agenda.closesWorkingDaysBefore);
}

export interface AgendaTarget {
  state: SessionState;
  date: IsoDate;
  items: readonly AgendaItem[];
}

/**
 * May `source` go on this session's agenda today? A planned session's agenda is not yet published and
 * stays open; a convened one's closes `closesWorkingDaysBefore` working days before the sitting (for a
 * short-notice extraordinary session that is before its convocation: its agenda is the one convened).
 */
export function checkAddItem(cal: WorkingDays, rules: CouncilWorkRules, session: AgendaTarget, source: AgendaSource, today: IsoDate, otherAgendas: readonly AgendaItem[] = []): Checked<null> {
  if (session.state !== 'planned' && session.state !== 'convened') return refuse('agenda-frozen', 'sessionId', { state: session.state });
  if (today > session.date) return refuse('agenda-closed', 'sessionId', { closedOn: session.date });
  if (session.state === 'convened') {
    const closes = agendaClosesOn(cal, rules, session.date);
    if (today > closes) return refuse('agenda-closed', 'sessionId', { closedOn: closes });
  }
  const key = sourceKey(source);
  if ([...session.items, ...otherAgendas].some((i) => sourceKey(i.source) === key)) return refuse('already-on-agenda', 'source', { source: key });
  if (source.kind === 'petition' && !agendaRuleForProposal(rules, source.proposalKind)) {
    return refuse('not-an-agenda-kind', 'proposalKind', { proposalKind: source.proposalKind });
  }
  return ok(null);
}

// ---- motions, amendments and their co-sponsors --------------------------------------------

export interface Sponsorship {
  moverId: string;
  coSponsorIds: readonly string[];
  /** The day the motion or amendment is filed: everyone named must sit on that day. */
  filedOn: IsoDate;
}

/** Mover and co-sponsors: distinct, sitting on the filing day, at least `need` co-sponsors. */
export function checkSponsors(members: readonly SittingMember[], s: Sponsorship, need: number): Checked<null> {
  const byId = new Map(members.map((m) => [m.id, m]));
  const mover = byId.get(s.moverId);
  if (!mover || !isSitting(mover, s.filedOn)) return refuse('mover-not-sitting', 'moverId', { memberId: s.moverId, on: s.filedOn });
  const seen = new Set<string>();
  for (const [i, id] of s.coSponsorIds.entries()) {
    if (id === s.moverId) return refuse('mover-as-co-sponsor', `coSponsorIds.${i}`, { memberId: id });
    if (seen.has(id)) return refuse('co-sponsor-twice', `coSponsorIds.${i}`, { memberId: id });
    seen.add(id);
    const m = byId.get(id);
    if (!m || !isSitting(m, s.filedOn)) return refuse('co-sponsor-not-sitting', `coSponsorIds.${i}`, { memberId: id, on: s.filedOn });
  }
  if (seen.size < need) return refuse('too-few-co-sponsors', 'coSponsorIds', { have: seen.size, need });
  return ok(null);
}

export function checkMotion(rules: CouncilWorkRules, members: readonly SittingMember[], kind: MotionKind, s: Sponsorship): Checked<null> {
  return checkSponsors(members, s, rules.motions.coSponsors[kind]);
}

/** An amendment to a motion's text is put to a vote of this kind (the charter's procedural majority). */
export const AMENDMENT_DECISION_KIND: DecisionKind = 'procedural';

export function checkAmendment(rules: CouncilWorkRules, members: readonly SittingMember[], s: Sponsorship): Checked<null> {
  return checkSponsors(members, s, rules.amendments.coSponsors);
}

/** A referendum proposal may not address a subject the charter excludes; refused before any vote. */
export function checkReferendumSubjects(charter: Pick<Charter, 'councilWork' | 'proposalKinds'>, subjects: readonly string[]): Checked<null> {
  const kind = charter.proposalKinds.find((k) => k.id === charter.councilWork.referendumProposal.excludedSubjectsOf);
  const excluded = new Map((kind?.excludedSubjects ?? []).map((s) => [s.id, s]));
  for (const [i, id] of subjects.entries()) {
    const hit = excluded.get(id);
    if (hit) return refuse('excluded-subject', `subjects.${i}`, { subject: id, name: hit.name.en });
  }
  return ok(null);
}

// ---- order --------------------------------------------------------------------------------

/**
 * The order items are taken in: first what the Council must take (the last minutes, then citizens'
 * proposals whose clock runs, then referrals, the President's before the Kurultai's), then what it
 * chose (members' motions, then government reports); within a kind, oldest first, then by id.
 */
export const AGENDA_ORDER: readonly AgendaItemKind[] = ['minutesApproval', 'petition', 'referral', 'motion', 'governmentReport'];

function queuedOn(s: AgendaSource): IsoDate {
  switch (s.kind) {
    case 'petition':
      return s.succeededOn;
    case 'motion':
      return s.filedOn;
    case 'referral':
      return s.receivedOn;
    case 'governmentReport':
    case 'minutesApproval':
      return s.requestedOn;
  }
}

const BODY_ORDER: readonly ReferringBody[] = ['president', 'kurultai'];

export function compareItems(a: AgendaItem, b: AgendaItem): number {
  const kind = AGENDA_ORDER.indexOf(a.source.kind) - AGENDA_ORDER.indexOf(b.source.kind);
  if (kind) return kind;
  if (a.source.kind === 'referral' && b.source.kind === 'referral') {
    const body = BODY_ORDER.indexOf(a.source.body) - BODY_ORDER.indexOf(b.source.body);
    if (body) return body;
  }
  return cmp(queuedOn(a.source), queuedOn(b.source)) || cmp(a.addedOn, b.addedOn) || cmp(a.id, b.id);
}

export function orderAgenda(items: readonly AgendaItem[]): AgendaItem[] {
  return [...items].sort(compareItems);
}

/**
 * The session a queued item goes to by itself: the earliest one whose agenda still takes it today, or
 * null when none does (the secretariat must plan one; the item's clock keeps running meanwhile).
 */
export function firstOpenAgenda<T extends AgendaTarget & { id: string }>(cal: WorkingDays, rules: CouncilWorkRules, sessions: readonly T[], source: AgendaSource, today: IsoDate): T | null {
  const all = sessions.flatMap((s) => s.items);
  const candidates = [...sessions].sort((a, b) => cmp(a.date, b.date) || cmp(a.id, b.id));
  return candidates.find((s) => checkAddItem(cal, rules, s, source, today, all.filter((i) => !s.items.includes(i))).ok) ?? null;
}
