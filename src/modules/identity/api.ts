// What other modules may use of identity: the route guards, role rules, and the user directory.
export { requireRole, requireUser } from './guards.ts';
export { actsForAgency, hasRole, isRole, roleNeedsAgency } from './roles.ts';
export { IdentityError, identityService, sessionUserOf, type UserRecord } from './service.ts';
