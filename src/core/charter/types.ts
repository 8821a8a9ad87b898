// The charter: every rule of the Council and the platform as data. Mirrors charter/schema.json;
// the schema is the source of truth for shapes, these types are what code reads after validation.

export type Lang = 'kk' | 'ru' | 'en';
export const LANGS: readonly Lang[] = ['kk', 'ru', 'en'];

/** A text in each of the three platform languages. */
export interface LocalizedText {
  kk: string;
  ru: string;
  en: string;
}

/** A plain calendar date `YYYY-MM-DD` (Asia/Almaty), never a timestamp. */
export type IsoDate = string;

/** An exact fraction, so that 2/3 of 126 is computed without floating-point rounding. */
export interface Fraction {
  numerator: number;
  denominator: number;
}

export interface Population {
  count: number;
  year: number;
  source: string;
  /** True when the figure is a rough estimate (marked "≈" in the brief), not an official statistic. */
  estimate: boolean;
}

export interface Region {
  /** ISO 3166-2 code, e.g. `KZ-75`. */
  code: string;
  kind: 'region' | 'city';
  name: LocalizedText;
  population: Population;
}

export interface Block {
  id: string;
  name: LocalizedText;
  seats: number;
}

export interface QuotaCategory {
  id: string;
  name: LocalizedText;
  /** Share of the eligible population, 0..1; the shares of one dimension add up to 1. */
  share: number;
}

/**
 * Seats per category in one draw: target = share × seats drawn; allowed range
 * [max(minSeats, floor(target) − slack), ceil(target) + slack].
 */
export interface QuotaRule {
  method: 'proportional';
  minSeats: number;
  slack: number;
}

export interface SelectionDimension {
  id: string;
  name: LocalizedText;
  /** `regions`: the categories are the charter's regions, weighted by population. */
  categoriesFrom?: 'regions';
  categories?: QuotaCategory[];
  quota: QuotaRule;
  source: string;
}

export interface CouncilBody {
  name: LocalizedText;
  seats: number;
  blocks: Block[];
  firstSelection: IsoDate;
  termYears: number;
  /** Share of seats (and of each block) renewed per selection cycle. */
  renewalShare: Fraction;
  cycleYears: number;
  /** Years a former member must wait before being selected again. */
  coolingOffYears: number;
  minSessionsPerYear: number;
  eligibility: { minAge: number };
  alternatesPerBlock: number;
  selectionDimensions: SelectionDimension[];
}

export interface ExternalBody {
  name: LocalizedText;
  seats: number;
  external: true;
}

export interface TextLimit {
  min: number;
  max: number;
}

export interface SigningWindow {
  length: number;
  unit: 'days' | 'months';
}

export interface RegionalSpread {
  /** Regions whose signatures count towards the spread; `all` = every charter region. */
  regions: 'all' | string[];
  /** How many of those regions must each reach minSignaturesPerRegion (0 = no spread rule). */
  minRegions: number;
  minSignaturesPerRegion: number;
}

export interface ActionGroupRule {
  regions: 'all' | string[];
  minMembersPerRegion: number;
}

export interface ProposalKind {
  id: string;
  name: LocalizedText;
  signatureThreshold: number;
  /** When true, a succeeded proposal of this kind becomes an item on the government's response clock. */
  sentToGovernment?: boolean;
  signingWindow: SigningWindow;
  regionalSpread: RegionalSpread;
  /** Null when the kind needs no action group. */
  actionGroup: ActionGroupRule | null;
  /** The proposal is reachable only by its link until it has this many signatures. */
  linkOnlyUntilSignatures: number;
  moderationWorkingDays: number;
  text: { title: TextLimit; summary: TextLimit; body: TextLimit };
  /** Subjects this kind may not address (e.g. for referendums); moderators reject with `excludedSubject`. */
  excludedSubjects: { id: string; name: LocalizedText }[];
  source: string;
}

export interface RejectionReason {
  code: string;
  name: LocalizedText;
}

export interface ResponseRules {
  /** Counting starts on the first working day after the day of receipt. */
  countingStarts: 'nextWorkingDayAfterReceipt';
  answerWorkingDays: { central: number; local: number };
  extension: { maxCount: number; maxExtraWorkingDays: number; reasonRequired: boolean };
  notifyAuthorWorkingDays: number;
  forwardingWorkingDays: number;
  dueSoonWorkingDays: number;
  source: string;
}

export type DecisionKind = 'legislativeInitiative' | 'referendumProposal' | 'recommendation' | 'procedural';
export const DECISION_KINDS: readonly DecisionKind[] = [
  'legislativeInitiative',
  'referendumProposal',
  'recommendation',
  'procedural',
];

export interface MajorityRule {
  share: Fraction;
  /** `sittingMembers`: of all seated members; `present`: of members present at the sitting. */
  base: 'sittingMembers' | 'present';
  /** `moreThan` = strictly more than share × base; `atLeast` = share × base or more. */
  comparison: 'moreThan' | 'atLeast';
}

export interface VotingRules {
  quorum: { share: Fraction; base: 'sittingMembers'; comparison: 'atLeast' };
  majorities: Record<DecisionKind, MajorityRule>;
}

export interface DatedOverride {
  date: IsoDate;
  reason: LocalizedText;
  source: string;
}

export interface CalendarRules {
  holidays: { source: 'date-holidays'; country: string; types: string[] };
  /** ISO weekdays that are days off: 1 = Monday … 7 = Sunday. */
  weekendDays: number[];
  /** Years whose library data was checked by hand (see docs/adr/0203). */
  verifiedYears: number[];
  extraDaysOff: DatedOverride[];
  /** Working days even on a weekend or a library holiday (e.g. a Saturday worked by decree). */
  extraWorkingDays: DatedOverride[];
  /** Library holidays or substitute days that do not apply; the date becomes an ordinary day. */
  removedHolidays?: DatedOverride[];
}

export interface Assumption {
  /** Dotted path of the charter field the note is about, e.g. `bodies.council.termYears`. */
  path: string;
  note: string;
}

export interface Charter {
  id: string;
  version: string;
  title: LocalizedText;
  languages: { default: Lang; supported: Lang[] };
  timeZone: string;
  regions: Region[];
  bodies: { council: CouncilBody; kurultai: ExternalBody };
  proposalKinds: ProposalKind[];
  rejectionReasons: RejectionReason[];
  responses: ResponseRules;
  voting: VotingRules;
  calendar: CalendarRules;
  /** Published ledger keys and witnesses (optional; no witnesses when absent). */
  ledger?: LedgerRules;
  /** Values that are the platform's assumptions, not yet settled by published law. */
  assumptions: Assumption[];
}

export interface LedgerWitness {
  name: string;
  /** Where the witness serves its latest cosignature. */
  url?: string;
  /** Base64 SPKI DER of the witness's Ed25519 key. */
  publicKey: string;
}

export interface LedgerRules {
  /** The platform's head-signing public key as published in the repository (base64 SPKI DER). */
  publicKey?: string;
  /** True when `publicKey` is the public demo key. */
  publicKeyIsDemo?: boolean;
  witnesses?: LedgerWitness[];
}
