// What a capability declares about itself. The shell reads one list of these (src/modules/index.ts)
// for the app, background services, migrations, demo data, the CLI, nav, figures and roles, so adding
// a capability is one folder and one line (docs/adr/0003).
import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import type { Migration } from 'kysely';
import type { Role } from '../core/roles.ts';
import type { Subscription } from './outbox/api.ts';
import type { Seeder } from '../demo/seed.ts';
import type { AppContext } from '../web/context.ts';
import type { HomeFigure } from '../web/figures.ts';
import type { CatalogSet } from '../web/i18n.ts';
import type { NavItem } from '../web/layout.tsx';
import type { SearchSource } from '../web/search.tsx';
import type { ProblemCatalog } from '../web/domainProblems.ts';

/** Background work beside the HTTP server; returns a function that stops it cleanly. */
export type Service = (app: FastifyInstance, ctx: AppContext) => Promise<() => Promise<void>>;

/** Adds one command group to the `kenes` program. */
export type CliRegister = (program: Command) => void;

export interface DemoSeeder {
  /** Unique, lower-case: `identity.citizens`. */
  name: string;
  /** Seeders whose data this one refers to; they run first. */
  after?: readonly string[];
  run: Seeder;
}

export interface KenesModule {
  /** The folder name under src/modules. */
  name: string;
  /** Migrations kept in the module's own `migrations/` folder, keyed by their stored names (NNNN_name). */
  migrations: Record<string, Migration>;
  /** Every table its migrations create; a test compares them with a migrated database. */
  tables: readonly string[];
  messages?: CatalogSet;
  /** Its domain error codes: HTTP status and English text for the API (docs/adr/0005). */
  problems?: ProblemCatalog;
  nav?: readonly NavItem[];
  /**
   * The pages of the things its events are about, by subject prefix (`proposal` for `proposal/ab12`):
   * the ledger links each entry's subject there.
   */
  subjects?: readonly { prefix: string; href: (id: string) => string }[];
  figures?: readonly HomeFigure[];
  /** What of the module the one search page (/search, GET /api/v1/search) looks through (ADR 0508). */
  search?: readonly SearchSource[];
  seeders?: readonly DemoSeeder[];
  services?: readonly Service[];
  /**
   * Outbox subscriptions: how the module reacts to other modules' events, exactly once, in the same
   * transaction as its own writes (ADR 0004). The shell runs each in the background.
   */
  subscriptions?: readonly ((ctx: AppContext) => Subscription)[];
  /** CLI command groups by their first word; loaded only when that word is on the command line. */
  cli?: Record<string, () => Promise<CliRegister>>;
  /** Roles this module defines (each role is defined by exactly one module). */
  roles?: readonly Role[];
  /**
   * Routes, pages and hooks. Registered as an encapsulated Fastify plugin: its hooks touch only its own
   * routes. `global: true` is for the one module whose hooks every request needs (identity: session
   * and CSRF).
   */
  plugin?: (app: FastifyInstance, ctx: AppContext) => Promise<void> | void;
  global?: boolean;
}

export function defineModule(m: KenesModule): KenesModule {
  if (!/^[a-z][a-z0-9-]*$/.test(m.name)) throw new Error(`module name "${m.name}" must be a lower-case folder name`);
  return m;
}
