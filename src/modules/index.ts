// The one list of capabilities. The shell reads it for the app, background services, migrations,
// demo data, the CLI, nav, home figures and roles; adding a capability is a folder and a line here
// (docs/adr/0003). Order matters where it shows: nav items and services follow it.
import type { CouncilTables } from './council/tables.ts';
import { council } from './council/index.ts';
import type { IdentityTables } from './identity/tables.ts';
import { identity } from './identity/index.ts';
import type { LedgerTables } from './ledger/tables.ts';
import { ledger } from './ledger/index.ts';
import type { KenesModule, Service } from './module.ts';
import { subscriptionService } from './outbox/api.ts';
import type { MembershipTables } from './membership/tables.ts';
import type { NotificationsTables } from './notifications/tables.ts';
import { notifications } from './notifications/index.ts';
import { membership } from './membership/index.ts';
import type { OutboxTables } from './outbox/tables.ts';
import { outbox } from './outbox/index.ts';
import type { ProposalsTables } from './proposals/tables.ts';
import { proposals } from './proposals/index.ts';
import type { ResponsesTables } from './responses/tables.ts';
import { responses } from './responses/index.ts';
import type { SortitionTables } from './sortition/tables.ts';
import { sortition } from './sortition/index.ts';

export const MODULES: readonly KenesModule[] = [outbox, identity, proposals, sortition, ledger, responses, membership, council, notifications];

/** The database as Kysely sees it: the union of every module's tables. */
export interface Database extends OutboxTables, IdentityTables, ProposalsTables, SortitionTables, LedgerTables, ResponsesTables, MembershipTables, CouncilTables, NotificationsTables {}

/** A module's outbox subscriptions, each run in the background by the outbox consumer. */
export function subscriptionServices(m: KenesModule): Service[] {
  return (m.subscriptions ?? []).map((make) => subscriptionService(make));
}
