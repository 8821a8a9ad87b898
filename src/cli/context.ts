// Turns configuration into a running context (charter, database); a bad setting or charter stops here
// with every error listed.
import { type Charter, CharterError, loadCharter } from '../core/charter/index.ts';
import { type Config, ConfigError, loadConfig, type ConfigFlags } from '../config.ts';
import { openDb } from '../db/connection.ts';
import type { AppContext } from '../web/context.ts';
import { CliError } from './errors.ts';

export async function loadContext(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Promise<AppContext> {
  let config: Config;
  try {
    config = loadConfig(env, flags);
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(`configuration refused: ${e.message}`, 2);
    throw e;
  }
  let charter: Charter;
  try {
    charter = loadCharter(config.charterPath);
  } catch (e) {
    if (e instanceof CharterError) {
      throw new CliError(`charter ${config.charterPath} is invalid, refusing to start:\n${e.errors.map((x) => `  ${x}`).join('\n')}`, 2);
    }
    throw e;
  }
  return { config, charter, db: openDb(config.databaseUrl, { readUrl: config.readDatabaseUrl }) };
}
