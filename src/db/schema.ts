// The database as Kysely sees it: the union of every module's tables.
import type { OutboxTables } from '../modules/outbox/tables.ts';
import type { IdentityTables } from '../modules/identity/tables.ts';
import type { ResponsesTables } from '../modules/responses/tables.ts';

export interface Database extends OutboxTables, IdentityTables, ResponsesTables {}
