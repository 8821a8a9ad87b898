// The database as Kysely sees it: the union of every module's tables.
import type { OutboxTables } from '../modules/outbox/tables.ts';
import type { LedgerTables } from '../modules/ledger/tables.ts';
import type { IdentityTables } from '../modules/identity/tables.ts';
import type { ProposalsTables } from '../modules/proposals/tables.ts';
import type { SortitionTables } from '../modules/sortition/tables.ts';
import type { ResponsesTables } from '../modules/responses/tables.ts';

export interface Database extends OutboxTables, LedgerTables, IdentityTables, ProposalsTables, ResponsesTables, SortitionTables {}
