// Pure rules of citizens' proposals, read from the charter: text limits, action-group spread,
// thresholds with the regional-spread rule, signing windows, public signer names. No I/O.
import type { Charter, ProposalKind, RegionalSpread, SigningWindow } from '../charter/types.ts';

/** Lifecycle states. `open` and `reached` accept signatures until the window closes. */
export const PROPOSAL_STATUSES = ['draft', 'submitted', 'returned', 'rejected', 'open', 'reached', 'succeeded', 'expired'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const SIGNABLE_STATUSES: readonly ProposalStatus[] = ['open', 'reached'];
export const EDITABLE_STATUSES: readonly ProposalStatus[] = ['draft', 'returned'];
/** States in which the proposal is public (by its link at least). */
export const PUBLISHED_STATUSES: readonly ProposalStatus[] = ['open', 'reached', 'succeeded', 'expired'];

export const TEXT_FIELDS = ['title', 'summary', 'body'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

export interface FieldError {
  field: string;
  /** Message key in the proposals catalog, with params; the API renders it in English. */
  key: string;
  params: Record<string, string | number>;
}

export function findKind(charter: Charter, id: string): ProposalKind | undefined {
  return charter.proposalKinds.find((k) => k.id === id);
}

/** Characters as a person counts them (code points), so Kazakh letters count once. */
export function textLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Checks title, summary and body against the kind's limits; one error per failing field. */
export function checkTexts(kind: ProposalKind, texts: Record<TextField, string>): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of TEXT_FIELDS) {
    const limit = kind.text[field];
    const len = textLength(texts[field].trim());
    if (len < limit.min) errors.push({ field, key: 'err.tooShort', params: { min: limit.min, length: len } });
    else if (len > limit.max) errors.push({ field, key: 'err.tooLong', params: { max: limit.max, length: len } });
  }
  return errors;
}

/** The region codes a rule covers. */
export function ruleRegions(charter: Charter, regions: 'all' | string[]): string[] {
  return regions === 'all' ? charter.regions.map((r) => r.code) : regions;
}

/** Regions whose action group is still short of the charter's minimum, with how many are missing. */
export function missingActionGroupRegions(charter: Charter, kind: ProposalKind, memberRegions: Iterable<string>): { region: string; have: number; need: number }[] {
  const rule = kind.actionGroup;
  if (!rule) return [];
  const have = new Map<string, number>();
  for (const r of memberRegions) have.set(r, (have.get(r) ?? 0) + 1);
  return ruleRegions(charter, rule.regions)
    .map((region) => ({ region, have: have.get(region) ?? 0, need: rule.minMembersPerRegion }))
    .filter((x) => x.have < x.need);
}

/** How many of the spread rule's regions have reached the per-region minimum. */
export function regionsMeetingSpread(charter: Charter, spread: RegionalSpread, byRegion: Record<string, number>): number {
  if (spread.minRegions === 0) return 0;
  return ruleRegions(charter, spread.regions).filter((r) => (byRegion[r] ?? 0) >= spread.minSignaturesPerRegion).length;
}

/** True when the total meets the threshold and the regional-spread rule holds. */
export function thresholdMet(charter: Charter, kind: ProposalKind, total: number, byRegion: Record<string, number>): boolean {
  if (total < kind.signatureThreshold) return false;
  const spread = kind.regionalSpread;
  return spread.minRegions === 0 || regionsMeetingSpread(charter, spread, byRegion) >= spread.minRegions;
}

/** The moment the signing window closes, counted from publication (months keep the day, clamped). */
export function closingTime(publishedAt: Date, window: SigningWindow): Date {
  const d = new Date(publishedAt.getTime());
  if (window.unit === 'days') {
    d.setUTCDate(d.getUTCDate() + window.length);
    return d;
  }
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + window.length);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

/**
 * What the public may see of a signer who opted in: first name and surname initial ("Aigerim N.").
 * Anything beyond the second word (patronymic) is dropped.
 */
export function publicSignerName(displayName: string): string {
  const words = displayName.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '';
  const first = words[0];
  const surname = words[1];
  if (!surname) return first;
  const initial = [...surname][0]!.toLocaleUpperCase();
  return `${first} ${initial}.`;
}

/** Whether the proposal is reachable only by its link (not listed) for this many signatures. */
export function isLinkOnly(kind: ProposalKind, signatures: number): boolean {
  return signatures < kind.linkOnlyUntilSignatures;
}

/** The outcome at the close: succeeded when the threshold was reached during the window. */
export function outcomeAtClose(reachedAt: string | null): 'succeeded' | 'expired' {
  return reachedAt ? 'succeeded' : 'expired';
}

/** Words for the "similar proposals" hint: lower-cased, at least 4 letters, no duplicates. */
export function significantWords(text: string, max = 8): string[] {
  const words = text.toLocaleLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? [];
  return [...new Set(words)].sort((a, b) => b.length - a.length).slice(0, max);
}
