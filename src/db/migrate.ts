import { Migrator } from 'kysely';
import type { Db } from './connection.ts';
import { migrations } from './migrations/index.ts';

export async function migrateToLatest(handle: Db): Promise<string[]> {
  const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations },
    // A module may add a migration numbered in its own range below one already run (0002 after 0601):
    // pending ones still run in name order.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
