// The database as Kysely sees it: the union of every module's tables.
import type { OutboxTables } from '../modules/outbox/tables.ts';

export interface Database extends OutboxTables {}
