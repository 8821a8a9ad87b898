import { Migrator } from 'kysely';
import type { Db } from './connection.ts';
import { migrations } from './migrations/index.ts';

// Module migrations are numbered by module (0203 sortition after 0600 responses); a database made
// before a later-numbered-lower migration existed must still take it, hence unordered.
export async function migrateToLatest(handle: Db): Promise<string[]> {
  const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
