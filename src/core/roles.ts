// The one list of roles, in the order pages and lists show them. Each role is defined by one module
// (its manifest's `roles`); a test checks that every role here has exactly one owner.
export const ROLES = ['citizen', 'council_member', 'council_chair', 'secretariat', 'moderator', 'agency_officer', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
