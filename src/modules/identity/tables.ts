// The identity module's tables. A person is known by a keyed pseudonym of their IIN, never the IIN.
import type { Generated } from 'kysely';

/** How a user record came to exist; demo sign-in is allowed only for `demo` users. */
export type UserOrigin = 'oidc' | 'demo' | 'cli' | 'test';

export interface IdentityTables {
  identity_users: {
    id: string;
    /** HMAC-SHA-256(pepper, IIN), hex. Unique: one account per person. */
    pseudonym: string;
    /** The full name as the identity provider gave it; pages show first name + surname initial. */
    display_name: string;
    /** ISO 3166-2 code of a charter region, when known. */
    region: string | null;
    origin: UserOrigin;
    created_at: string;
    last_sign_in_at: string | null;
  };
  identity_roles: {
    user_id: string;
    role: string;
    /** Only for agency_officer: the one agency the officer acts for. */
    agency_id: string | null;
    granted_at: string;
    /** Who granted it: a user id, `cli`, `demo`, `oidc` or `test`. */
    granted_by: string;
  };
  identity_sessions: {
    /** SHA-256 of the session token: a leaked table does not yield usable cookies. */
    id: string;
    user_id: string;
    created_at: string;
    /** Idle expiry; pushed forward while the session is used, never past max_expires_at. */
    expires_at: string;
    max_expires_at: string;
    last_seen_at: string;
  };
  /** One row per `demo seed` run, so `serve --demo` seeds an empty database only once. */
  demo_seed_runs: {
    id: Generated<number>;
    seed: string;
    seeders: string;
    ran_at: string;
  };
}
