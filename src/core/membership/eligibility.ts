// Who may be drawn for a cycle, and why not (ADR 0801). Every rule comes from the charter; every
// failed rule is reported (not only the first) with a code and the numbers behind it.
import type { Charter } from '../charter/types.ts';
import type { IsoDate } from '../isoDate.ts';
import { addYears, ageOn } from './rotation.ts';
import { type CycleSchedule, selectionDate } from './timeline.ts';

export interface Candidate {
  /** The nomination's id: the draw knows the candidate by it (the ceremony maps it to a public number). */
  id: string;
  /** The person's pseudonym (a keyed hash of the IIN): one person, one nomination per cycle. */
  personId: string;
  blockId: string;
  /** The nominating organisation, or null for a self-nomination. */
  organisationId: string | null;
  /** Read from the IIN at consent; the IIN itself is not kept. */
  birthDate: IsoDate;
  sex: 'male' | 'female';
  /** ISO 3166-2 code of the region of residence, as declared. */
  region: string;
  /** Declared values of the other selection dimensions, by dimension id (e.g. settlement). */
  declared: Record<string, string>;
  /** Charter incompatible offices the candidate declares holding (ids). */
  offices: string[];
  consented: boolean;
}

/** A seat held by a person: past, sitting, or ending at this cycle. */
export interface MembershipRecord {
  personId: string;
  blockId: string;
  seatId: string;
  organisationId: string | null;
  startCycle: number;
  /** The cycle whose new term ends this one. */
  endCycle: number;
  /** Set for a replacement who took the seat during the term: their first day as a member. */
  joinedOn?: IsoDate;
  /** Set when the member left before the end of the term (resigned, died, became ineligible): their last day. */
  leftOn?: IsoDate;
}

export type EligibilityReason =
  | { code: 'unknownBlock'; blockId: string }
  | { code: 'noConsent' }
  | { code: 'underage'; age: number; minAge: number; on: IsoDate }
  | { code: 'unknownRegion'; region: string }
  | { code: 'missingCategory'; dimension: string }
  | { code: 'unknownCategory'; dimension: string; value: string }
  | { code: 'noAgeBand'; age: number }
  | { code: 'incompatibleOffice'; office: string }
  | { code: 'selfNominationNotAllowed'; blockId: string }
  | { code: 'sittingMember'; seatId: string; endCycle: number }
  | { code: 'coolingOff'; until: IsoDate }
  | { code: 'maxTerms'; terms: number; limit: number }
  | { code: 'organisationAtLimit'; organisationId: string; limit: number }
  | { code: 'duplicateNomination'; firstNominationId: string };

export interface EligibilityContext {
  charter: Charter;
  /** The cycle being filled and its schedule (the age reference date comes from it). */
  schedule: CycleSchedule;
  /** Every membership so far (past, sitting, and those the cycle's renewal ends). */
  memberships: readonly MembershipRecord[];
}

/** The date at which age is taken for this cycle. */
export function ageReferenceDate(charter: Charter, schedule: CycleSchedule): IsoDate {
  return charter.bodies.council.eligibility.ageAt === 'termStart' ? schedule.termStart : schedule.drawn;
}

/** True when the membership still runs after cycle `n`'s renewal: its holder sits on in the new Council. */
export function continuesPast(m: MembershipRecord, n: number): boolean {
  return m.leftOn === undefined && m.startCycle <= n && m.endCycle > n;
}

/**
 * The draw's value of every selection dimension for a candidate: sex and age band from the IIN's
 * data, the region of residence and any other dimension as declared.
 */
export function candidateFeatures(charter: Charter, c: Candidate, on: IsoDate): { features: Record<string, string>; problems: EligibilityReason[] } {
  const features: Record<string, string> = {};
  const problems: EligibilityReason[] = [];
  const age = ageOn(c.birthDate, on);
  for (const dim of charter.bodies.council.selectionDimensions) {
    const cats = dim.categories ?? [];
    if (dim.categoriesFrom === 'regions') {
      if (charter.regions.some((r) => r.code === c.region)) features[dim.id] = c.region;
      else problems.push({ code: 'unknownRegion', region: c.region });
    } else if (dim.derivedFrom === 'sex') {
      features[dim.id] = cats.find((x) => x.sex === c.sex)!.id; // validation: both sexes are covered
    } else if (dim.derivedFrom === 'age') {
      const band = cats.filter((x) => x.fromAge! <= age).sort((a, b) => b.fromAge! - a.fromAge!)[0];
      if (band) features[dim.id] = band.id;
      else problems.push({ code: 'noAgeBand', age });
    } else {
      const value = c.declared[dim.id];
      if (value === undefined || value === '') problems.push({ code: 'missingCategory', dimension: dim.id });
      else if (!cats.some((x) => x.id === value)) problems.push({ code: 'unknownCategory', dimension: dim.id, value });
      else features[dim.id] = value;
    }
  }
  return { features, problems };
}

export interface EligibilityResult {
  eligible: boolean;
  reasons: EligibilityReason[];
  features: Record<string, string>;
}

/** Every rule for one candidate, duplicates aside (see checkNominations). */
export function checkEligibility(ctx: EligibilityContext, c: Candidate): EligibilityResult {
  const { charter, schedule, memberships } = ctx;
  const council = charter.bodies.council;
  const n = schedule.cycle;
  const reasons: EligibilityReason[] = [];
  const block = council.blocks.find((b) => b.id === c.blockId);
  if (!block) reasons.push({ code: 'unknownBlock', blockId: c.blockId });
  else if (c.organisationId === null && !block.selfNomination) reasons.push({ code: 'selfNominationNotAllowed', blockId: c.blockId });
  if (!c.consented) reasons.push({ code: 'noConsent' });

  const on = ageReferenceDate(charter, schedule);
  const age = ageOn(c.birthDate, on);
  if (age < council.eligibility.minAge) reasons.push({ code: 'underage', age, minAge: council.eligibility.minAge, on });
  const { features, problems } = candidateFeatures(charter, c, on);
  reasons.push(...problems.filter((p) => !(p.code === 'noAgeBand' && age < council.eligibility.minAge)));

  const known = new Set(council.eligibility.incompatibleOffices.map((o) => o.id));
  for (const office of c.offices) if (known.has(office)) reasons.push({ code: 'incompatibleOffice', office });

  const own = memberships.filter((m) => m.personId === c.personId);
  const sitting = own.find((m) => continuesPast(m, n));
  if (sitting) reasons.push({ code: 'sittingMember', seatId: sitting.seatId, endCycle: sitting.endCycle });
  const until = coolingOffUntil(charter, own, n);
  if (!sitting && until !== null) reasons.push({ code: 'coolingOff', until });
  // The charter's lifetime limit (ADR 0810): every term begun before this cycle counts, a replacement's too.
  const limitTerms = council.eligibility.maxTerms ?? null;
  const served = own.filter((m) => m.startCycle < n).length;
  if (limitTerms !== null && served >= limitTerms) reasons.push({ code: 'maxTerms', terms: served, limit: limitTerms });

  const limit = council.nominations.membersPerOrganisation;
  if (limit !== null && c.organisationId !== null) {
    const seated = memberships.filter((m) => m.organisationId === c.organisationId && continuesPast(m, n)).length;
    if (seated >= limit) reasons.push({ code: 'organisationAtLimit', organisationId: c.organisationId, limit });
  }
  return { eligible: reasons.length === 0, reasons, features };
}

/**
 * The selection date from which a former member may be drawn again, when that is after cycle `n`'s
 * selection date; null when cooling-off does not bar them. Counted from the nominal end (the
 * selection date of the cycle that renewed the seat) or, for a member who left early, the day they left.
 */
export function coolingOffUntil(charter: Charter, own: readonly MembershipRecord[], n: number): IsoDate | null {
  const years = charter.bodies.council.coolingOffYears;
  const drawDate = selectionDate(charter, n);
  let latest: IsoDate | null = null;
  for (const m of own) {
    if (continuesPast(m, n) || m.startCycle > n) continue;
    const ended = m.leftOn ?? selectionDate(charter, m.endCycle);
    const until = addYears(ended, years);
    if (drawDate < until && (latest === null || until > latest)) latest = until;
  }
  return latest;
}

/**
 * Checks a cycle's nominations in the order they were made: each candidate's own rules, the
 * organisation's nomination limit, and one nomination per person (later ones are refused).
 */
export function checkNominations(ctx: EligibilityContext, candidates: readonly Candidate[]): Map<string, EligibilityResult> {
  const out = new Map<string, EligibilityResult>();
  const firstOf = new Map<string, string>();
  for (const c of candidates) {
    const r = checkEligibility(ctx, c);
    const first = firstOf.get(c.personId);
    if (first !== undefined) r.reasons.push({ code: 'duplicateNomination', firstNominationId: first });
    else firstOf.set(c.personId, c.id);
    r.eligible = r.reasons.length === 0;
    out.set(c.id, r);
  }
  return out;
}

export type NominationRefusal = { code: 'organisationNominationLimit'; limit: number } | { code: 'selfNominationNotAllowed' } | { code: 'unknownBlock' };

/** Whether an organisation (or a citizen, organisationId null) may add one more nomination to a block. */
export function canNominate(charter: Charter, blockId: string, organisationId: string | null, alreadyNominated: number): NominationRefusal | null {
  const council = charter.bodies.council;
  const block = council.blocks.find((b) => b.id === blockId);
  if (!block) return { code: 'unknownBlock' };
  if (organisationId === null) return block.selfNomination ? null : { code: 'selfNominationNotAllowed' };
  const limit = council.nominations.maxPerOrganisation;
  return alreadyNominated >= limit ? { code: 'organisationNominationLimit', limit } : null;
}
