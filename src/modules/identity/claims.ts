// From identity-provider claims to what Kenes keeps: a pseudonym (never the IIN), a display name and
// a region. Pure, so the mapping is tested without a provider.
import { parseIin } from '../../core/iin.ts';
import { pseudonymize } from '../../core/pseudonym.ts';
import type { Config } from '../../config.ts';

export interface MappedIdentity {
  pseudonym: string;
  displayName: string;
  region: string | null;
}

export type ClaimsResult = { ok: true; identity: MappedIdentity } | { ok: false; code: 'missingIin' | 'invalidIin'; detail: string };

function text(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return typeof v === 'string' && v.trim() ? v.trim() : null;
}

/**
 * Maps claims. The IIN claim may be a string or a number (some providers send digits as a number; a
 * leading zero is then lost, so numbers are left-padded to 12 digits). The detail of a failure
 * never contains the IIN itself.
 */
export function mapClaims(claims: Record<string, unknown>, oidc: Config['oidc'], pepper: string, regionCodes: readonly string[]): ClaimsResult {
  const rawIin = claims[oidc.iinClaim];
  let iin = typeof rawIin === 'number' && Number.isInteger(rawIin) ? String(rawIin).padStart(12, '0') : text(rawIin);
  if (!iin) return { ok: false, code: 'missingIin', detail: `the identity provider sent no "${oidc.iinClaim}" claim` };
  const parsed = parseIin(iin);
  if (!parsed.valid) return { ok: false, code: 'invalidIin', detail: `the "${oidc.iinClaim}" claim is not a valid IIN (${parsed.reason.code})` };
  const pseudonym = pseudonymize(pepper, parsed.iin);
  iin = null; // the raw IIN goes no further than this line

  const given = text(claims.given_name);
  const family = text(claims.family_name);
  const named = text(claims[oidc.nameClaim]);
  // Given + family name is unambiguous about which part is the first name; prefer it.
  const displayName = given && family ? `${given} ${family}` : (named ?? given ?? family ?? '');

  const regionClaim = text(claims[oidc.regionClaim]);
  const region = regionClaim ? matchRegion(regionClaim, regionCodes) : null;
  return { ok: true, identity: { pseudonym, displayName, region } };
}

/** Accepts an ISO code in any case ("kz-75", "KZ-75") or the bare number ("75"). */
export function matchRegion(value: string, regionCodes: readonly string[]): string | null {
  const v = value.trim().toUpperCase();
  const code = /^\d{2}$/.test(v) ? `KZ-${v}` : v;
  return regionCodes.includes(code) ? code : null;
}
