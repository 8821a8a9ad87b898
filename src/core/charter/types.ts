// The charter's TypeScript types: `Static<>` of the one definition in definition.ts, which also
// generates charter/schema.json. Do not declare a charter shape here; add it there.
import type { Static } from '@sinclair/typebox';
import type * as D from './definition.ts';

export { LANGS, type Lang } from '../lang.ts';
export { DECISION_KINDS, HOLIDAY_TYPES, MOTION_KINDS } from './definition.ts';

export type LocalizedText = Static<typeof D.LocalizedText>;
/** A plain calendar date `YYYY-MM-DD` (Asia/Almaty), never a timestamp. */
export type IsoDate = Static<typeof D.IsoDate>;
/** An exact fraction, so that 2/3 of 126 is computed without floating-point rounding. */
export type Fraction = Static<typeof D.Fraction>;
export type RegionRef = Static<typeof D.RegionRef>;
export type Population = Static<typeof D.Population>;
export type Region = Static<typeof D.Region>;
export type Block = Static<typeof D.Block>;
export type QuotaCategory = Static<typeof D.QuotaCategory>;
/**
 * Seats per category in one draw: target = share × seats drawn; allowed range
 * [max(minSeats, floor(target) − slack), ceil(target) + slack].
 */
export type QuotaRule = Static<typeof D.QuotaRule>;
export type SelectionDimension = Static<typeof D.SelectionDimension>;
export type CouncilBody = Static<typeof D.Council>;
export type CouncilEligibility = Static<typeof D.Eligibility>;
export type IncompatibleOffice = Static<typeof D.IncompatibleOffice>;
/**
 * Working-day offsets around a cycle's selection (draw) date `firstSelection + n × cycleYears`:
 * announced ← nominations open ← nominations closed ← committed ← draw → confirmation deadline → term start.
 */
export type SelectionCycleRules = Static<typeof D.SelectionCycle>;
export type NominationRules = Static<typeof D.NominationRules>;
/** Dropout rates of the Council's draws (ADR 0811). */
export type DropoutRates = Static<typeof D.DropoutRates>;
export type ExternalBody = Static<typeof D.ExternalBody>;
export type TextLimit = Static<typeof D.TextLimit>;
export type SigningWindow = Static<typeof D.SigningWindow>;
export type RegionalSpread = Static<typeof D.RegionalSpread>;
export type ActionGroupRule = Static<typeof D.ActionGroupRule>;
export type ProposalKind = Static<typeof D.ProposalKind>;
export type RejectionReason = Static<typeof D.RejectionReason>;
export type ResponseRules = Static<typeof D.ResponseRules>;
export type DecisionKind = (typeof D.DECISION_KINDS)[number];
export type MajorityRule = Static<typeof D.MajorityRule>;
export type VotingRules = Static<typeof D.VotingRules>;
export type MotionKind = (typeof D.MOTION_KINDS)[number];
/** Notice, agenda deadlines and co-sponsors of the Council's work. */
export type CouncilWorkRules = Static<typeof D.CouncilWork>;
export type DatedOverride = Static<typeof D.DatedOverride>;
export type HolidayType = (typeof D.HOLIDAY_TYPES)[number];
export type CalendarRules = Static<typeof D.CalendarRules>;
export type Assumption = Static<typeof D.Assumption>;
/** Every rule of the Council and the platform, as validated by validateCharter. */
export type Charter = Static<typeof D.Charter>;
export type LedgerWitness = Static<typeof D.LedgerWitness>;
export type LedgerRules = Static<typeof D.LedgerRules>;
