// `kenes backup FILE` and `kenes restore FILE`: the whole database to one file and back. The pepper,
// the session secret and the ledger key are not in the database and so not in the backup: keep them
// apart (docs/security.md).
import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../config.ts';
import { BackupError, backup, restore } from '../db/backup.ts';
import { CliError } from './errors.ts';

function databaseUrl(flags: { db?: string }): string {
  try {
    return loadConfig(process.env, flags).databaseUrl;
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(`configuration refused: ${e.message}`, 2);
    throw e;
  }
}

async function oneLine<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof BackupError) throw new CliError(e.message, 1);
    throw e;
  }
}

export function registerBackup(program: Command) {
  program
    .command('backup')
    .description('write a consistent copy of the database to a new FILE while it runs (SQLite online backup; pg_dump custom format)')
    .argument('<file>', 'the backup file to create (never overwritten)')
    .option('--db <url>', 'database (env DATABASE_URL)')
    .action(async (file: string, flags: { db?: string }) => {
      const format = await oneLine(() => backup(databaseUrl(flags), file));
      console.log(`backed up to ${file} (${format === 'sqlite' ? 'SQLite database file' : 'pg_dump custom format'})`);
    });

  program
    .command('restore')
    .description('restore a backup FILE into an empty database (refuses a database that holds any table)')
    .argument('<file>', 'a file made by `kenes backup`')
    .option('--db <url>', 'database (env DATABASE_URL)')
    .action(async (file: string, flags: { db?: string }) => {
      await oneLine(() => restore(databaseUrl(flags), file));
      console.log(`restored ${file}; run \`kenes migrate\` if this version of Kenes is newer than the backup`);
    });
}
