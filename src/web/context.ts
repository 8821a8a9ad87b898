// What every request carries once the shell's hooks have run, and what every module receives.
import type { Db } from '../db/connection.ts';
import type { Config } from '../config.ts';
import type { Lang, Translate } from './i18n.ts';

export const ROLES = ['citizen', 'council_member', 'secretariat', 'moderator', 'agency_officer', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface SessionUser {
  id: string;
  /** HMAC(pepper, IIN); the raw IIN is never kept. */
  pseudonym: string;
  displayName: string;
  roles: Role[];
  /** Set for agency officers: the one agency they act for. */
  agencyId: string | null;
  region: string | null;
}

export interface AppContext {
  config: Config;
  db: Db;
  /** The validated charter (typed by src/core/charter). */
  charter: unknown;
  /** The clock, injectable so tests can move past a date (sortition reveal); defaults to the system's. */
  now?: () => Date;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
  interface FastifyRequest {
    lang: Lang;
    t: Translate;
    user: SessionUser | null;
  }
}
