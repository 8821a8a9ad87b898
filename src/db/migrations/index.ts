// Every migration, in order. Names sort; a module adds its own file here and never edits an old one.
import type { Migration } from 'kysely';
import * as m0001 from './0001_outbox.ts';

export const migrations: Record<string, Migration> = {
  '0001_outbox': m0001,
};
