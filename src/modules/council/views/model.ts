// What the Council's pages show, as plain data: the routes (pages.tsx) fill these from the service
// and the read models, the views only render them. Shapes follow the service's own views (VoteView,
// AttendanceView, InitiativeView, DecisionView, MinutesView) structurally, so those pass as they are.
import type { AgendaClockState, AgendaItemKind, MinutesDraft, QuorumCount, SessionKind, SessionState, StageTime, VoteResult } from '../../../core/council/index.ts';
import type { IsoDate } from '../../../core/isoDate.ts';

/** Names of the charter's blocks and regions in the page's language. */
export interface Names {
  block(id: string): string;
  region(code: string | null | undefined): string;
}

/** Who is reading, for the forms they may use. */
export interface Actor {
  secretariat: boolean;
  chair: boolean;
  /** The signed-in member's membership sitting today, if any. */
  member: { id: string; name: string } | null;
}

export interface SessionSummary {
  id: string;
  number: number;
  kind: SessionKind;
  state: SessionState;
  date: IsoDate;
  place: string;
  items: number;
}

export interface SponsorView {
  memberId: string;
  name: string;
  role: 'mover' | 'coSponsor';
  /** A co-sponsor confirmed it themselves (the mover always counts); docs/adr/0905. */
  confirmed: boolean;
}

export interface AgendaItemView {
  id: string;
  sessionId: string | null;
  /** Place in the session's order (1-based), or null while queued. */
  position: number | null;
  kind: AgendaItemKind;
  decisionKind: string | null;
  title: string;
  lang: string;
  status: string;
  queuedOn: IsoDate;
  dueDate: IsoDate | null;
  /** The petition's agenda clock (derived from dates and today). */
  clock: AgendaClockState | null;
  /** Where the item comes from: the proposal, the response item, the referral's reference. */
  source: { href: string | null; label: string };
  sponsors: SponsorView[];
}

export interface VersionView {
  version: number;
  text: string;
  origin: string;
  amendmentId: string | null;
  createdAt: string;
}

export interface RollCallEntry {
  memberId: string;
  name: string;
  block: string;
  region: string | null;
  choice: 'yes' | 'no' | 'abstain' | 'recused' | 'notVoting' | 'absent';
  reason: string | null;
}

export interface VoteData {
  id: string;
  sessionId: string;
  itemId: string;
  amendmentId: string | null;
  question: string;
  decisionKind: string;
  date: IsoDate;
  state: 'open' | 'closed';
  openedAt: string;
  closedAt: string | null;
  majority: VoteResult['majority'];
  quorum: QuorumCount;
  counts: VoteResult['counts'];
  byBlock: VoteResult['byBlock'];
  outcome: VoteResult['outcome'] | null;
  code: VoteResult['code'] | null;
  tie: boolean;
  rollCall: RollCallEntry[];
}

export interface AmendmentView {
  id: string;
  number: number;
  moverId: string;
  moverName: string;
  coSponsors: { memberId: string; name: string; confirmed: boolean }[];
  text: string;
  status: string;
  filedOn: IsoDate;
}

export interface AttendanceData {
  day: IsoDate;
  sitting: number;
  quorum: QuorumCount;
  present: { memberId: string; name: string; block: string; registeredAt: string }[];
  absent: { memberId: string; name: string; block: string }[];
}

export interface TrackStep {
  seq: number;
  stage: string;
  event: string;
  on: IsoDate;
  documentUrl: string | null;
  note: string | null;
}

export interface InitiativeData {
  id: string;
  body: 'council' | 'kurultai';
  kind: string;
  track: 'kurultai' | 'referendum';
  title: string;
  stage: string;
  final: boolean;
  decisionId: string | null;
  reference: string | null;
  addressees: string[] | null;
  referendumDate: IsoDate | null;
  startedOn: IsoDate;
  steps: TrackStep[];
  stageTimes: StageTime<string>[];
  nextSteps: string[];
}

export interface ResponseTrack {
  kind: 'response';
  sourceRef: string;
  item: { id: number; status: string; receivedOn: IsoDate; dueDate: IsoDate | null; answeredOn: IsoDate | null; outcome: string | null } | null;
}

export interface DecisionData {
  id: string;
  kind: string;
  title: string;
  adoptedOn: IsoDate;
  sessionId: string;
  voteId: string;
  itemId: string;
  track: InitiativeData | ResponseTrack | null;
}

export interface MinutesData {
  state: 'draft' | 'approved';
  draft: MinutesDraft;
  text: string | null;
  approvedOn: IsoDate | null;
}

export interface MemberOption {
  id: string;
  name: string;
  block: string;
}

export const isResponseTrack = (t: DecisionData['track']): t is ResponseTrack => t !== null && 'kind' in t && t.kind === 'response';
