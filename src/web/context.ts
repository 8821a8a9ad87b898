// What every request carries once the shell's hooks have run, and what every module receives.
import type { Db } from '../db/connection.ts';
import type { Config } from '../config.ts';
import type { Charter } from '../core/charter/types.ts';
import type { KenesModule } from '../modules/module.ts';
import type { HomeFigure } from './figures.ts';
import type { I18n, Lang, Translate } from './i18n.ts';
import type { NavItem } from './layout.tsx';
import type { SearchSource } from './search.tsx';
import type { ProblemCatalog } from './domainProblems.ts';

import type { AccessRule } from '../core/access.ts';
import type { Role } from '../core/roles.ts';

export { ROLES, type Role } from '../core/roles.ts';

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
  /** The validated charter. */
  charter: Charter;
  /** The clock, injectable so tests can move past a date (sortition reveal); defaults to the system's. */
  now?: () => Date;
}

/** What one app was built from: its module list's nav items, figures and words (never process-global). */
export interface AppRegistry {
  modules: readonly KenesModule[];
  nav: readonly NavItem[];
  figures: readonly HomeFigure[];
  /** The search sources of every module, in the module list's order (src/web/search.tsx). */
  search: readonly SearchSource[];
  i18n: I18n;
  /** Every route the app has, as registered (method and URL pattern), with its declared access rule. */
  routes: RouteEntry[];
  /** Every domain error code of its modules, with status and English text. */
  problems: ProblemCatalog;
}

export interface RouteEntry {
  method: string;
  url: string;
  /** Who may call it (src/core/access.ts); null when the route declares nothing (a test fails on it). */
  access: AccessRule | null;
  /** Hidden from the OpenAPI document (pages, files). */
  hidden: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Who may call the route (docs/adr/0406). Needed on public routes ('public') and to add a scope;
     * routes guarded by requireUser/requireRole are declared by their guard.
     */
    access?: AccessRule;
  }
  interface FastifyInstance {
    ctx: AppContext;
    kenes: AppRegistry;
  }
  interface FastifyRequest {
    lang: Lang;
    t: Translate;
    user: SessionUser | null;
  }
}
