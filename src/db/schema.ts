// The database as Kysely sees it; the union of the module list's tables is declared beside the list.
export type { Database } from '../modules/index.ts';
