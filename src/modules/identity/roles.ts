// Role rules that do not need the database.
import { ROLES, type Role, type SessionUser } from '../../web/context.ts';

export { ROLES, type Role };

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}

/** Roles that act for an organisation must name it; all others must not. */
export function roleNeedsAgency(role: Role): boolean {
  return role === 'agency_officer';
}

export function hasRole(user: SessionUser | null | undefined, ...roles: Role[]): boolean {
  return !!user && user.roles.some((r) => roles.includes(r));
}

/** True when the user is an agency officer for exactly this agency. */
export function actsForAgency(user: SessionUser | null | undefined, agencyId: string): boolean {
  return !!user && user.roles.includes('agency_officer') && user.agencyId === agencyId;
}
