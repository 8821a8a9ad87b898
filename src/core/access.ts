// Access rules of routes, declared where each route is defined and read from the real route table
// (docs/adr/0406, docs/security.md "Declaring who may call a route"). Pure: no Fastify, no database.
//
//   'public'                        anyone, signed in or not
//   'user'                          anyone signed in
//   { roles: [...] }                signed in and holding one of the roles
//   { ..., scope: 'owner' }         and, inside the handler, only on objects the caller owns
//   { ..., scope: 'agency' }        and, inside the handler, agency officers only for their agency
//
// A route declares it by its guard (requireUser, requireRole(...) carry their rule) or, for a public
// route or to add a scope, by `config: { access }` in its options.
import type { Role } from './roles.ts';
import { ROLES } from './roles.ts';

export type AccessScope = 'owner' | 'agency';
export type AccessRule = 'public' | 'user' | { roles: readonly Role[]; scope?: AccessScope } | { user: true; scope: AccessScope };

/** Who asks: null when nobody is signed in. */
export interface Caller {
  roles: readonly Role[];
}

/** Whether the rule's guard lets the caller through (scopes are checked by the handler, on the object). */
export function guardAllows(rule: AccessRule, caller: Caller | null): boolean {
  if (rule === 'public') return true;
  if (!caller) return false;
  if (rule === 'user' || 'user' in rule) return true;
  return caller.roles.some((r) => rule.roles.includes(r));
}

/** The guard part of a rule, without its scope: what a guard function enforces. */
export function guardPart(rule: AccessRule): 'public' | 'user' | { roles: readonly Role[] } {
  if (rule === 'public' || rule === 'user') return rule;
  if ('user' in rule) return 'user';
  return { roles: rule.roles };
}

export function sameGuard(a: AccessRule, b: AccessRule): boolean {
  return describeAccess(guardPart(a)) === describeAccess(guardPart(b));
}

export function describeAccess(rule: AccessRule): string {
  if (rule === 'public' || rule === 'user') return rule;
  const base = 'user' in rule ? 'user' : `roles ${[...rule.roles].sort((x, y) => ROLES.indexOf(x) - ROLES.indexOf(y)).join('|')}`;
  return rule.scope ? `${base} (${rule.scope})` : base;
}

export function isAccessRule(v: unknown): v is AccessRule {
  if (v === 'public' || v === 'user') return true;
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  const scopeOk = o.scope === undefined || o.scope === 'owner' || o.scope === 'agency';
  if (o.user === true) return o.scope === 'owner' || o.scope === 'agency';
  return scopeOk && Array.isArray(o.roles) && o.roles.length > 0 && o.roles.every((r) => (ROLES as readonly string[]).includes(r as string));
}

/** Property under which a guard function carries the rule it enforces. */
export const ACCESS_OF_GUARD = Symbol.for('kenes.access');

/** Marks a guard function with its rule. */
export function withAccess<F extends object>(guard: F, rule: AccessRule): F {
  Object.defineProperty(guard, ACCESS_OF_GUARD, { value: rule });
  return guard;
}

export function accessOfGuard(fn: unknown): AccessRule | undefined {
  return typeof fn === 'function' ? ((fn as unknown as Record<symbol, AccessRule | undefined>)[ACCESS_OF_GUARD] ?? undefined) : undefined;
}

/** A guard's rule, scoped to the caller's agency when agency officers pass it (routes on one agency's items). */
export function agencyScoped(guard: unknown): AccessRule {
  const rule = accessOfGuard(guard);
  if (!rule) throw new Error('agencyScoped needs a guard that carries its rule (requireRole)');
  if (typeof rule === 'object' && 'roles' in rule && rule.roles.includes('agency_officer')) return { roles: rule.roles, scope: 'agency' };
  return rule;
}
