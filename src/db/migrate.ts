// Brings a database up to date with every module's migrations. Each module keeps its migrations in
// its own folder and lists them in its manifest; they run in the order of their names (NNNN_…),
// whichever module they belong to, and a name may be used only once.
import { type Migration, Migrator } from 'kysely';
import { MODULES } from '../modules/index.ts';
import type { KenesModule } from '../modules/module.ts';
import type { Db } from './connection.ts';

export function allMigrations(modules: readonly KenesModule[] = MODULES): Record<string, Migration> {
  const out: Record<string, Migration> = {};
  const owner = new Map<string, string>();
  for (const m of modules) {
    for (const [name, migration] of Object.entries(m.migrations)) {
      const other = owner.get(name);
      if (other) throw new Error(`migration ${name} is declared by both ${other} and ${m.name}`);
      owner.set(name, m.name);
      out[name] = migration;
    }
  }
  // Kysely sorts by name too; sorting here makes the record's own order match.
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

export async function migrateToLatest(handle: Db): Promise<string[]> {
  const migrations = allMigrations();
  const migrator = new Migrator({
    db: handle.db,
    provider: { getMigrations: async () => migrations },
    // A module may add a migration numbered in its own range below one already run (0002 after 0601):
    // pending ones still run in name order.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
