// `kenes notifications bounce ADDRESS [--complaint]`: the operator's way to stop mail to an address
// that bounced or complained (also POST /api/v1/notifications/bounces with KENES_NOTIFY_BOUNCE_TOKEN).
import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../../config.ts';
import { loadCharter } from '../../core/charter/index.ts';
import { openDb } from '../../db/connection.ts';
import { CliError } from '../../cli/errors.ts';
import { NotificationsService } from './service.ts';

export function register(program: Command) {
  const n = program.command('notifications').description('notifications: follows, e-mail, webhooks');
  n.command('bounce')
    .description('stop sending to an address that bounced (or, with --complaint, complained)')
    .argument('<address>', 'the e-mail address')
    .option('--complaint', 'a complaint rather than a bounce')
    .option('--db <url>', 'database URL')
    .action(async (address: string, opts: { complaint?: boolean; db?: string }) => {
      let config: ReturnType<typeof loadConfig>;
      try {
        config = loadConfig(process.env, { db: opts.db });
      } catch (e) {
        if (e instanceof ConfigError) throw new CliError(e.message, 2);
        throw e;
      }
      const db = openDb(config.databaseUrl);
      try {
        const svc = new NotificationsService({ config, db, charter: loadCharter(config.charterPath) });
        const n = await svc.stopAddress(address, opts.complaint ? 'complaint' : 'bounce');
        process.stdout.write(`${n} account(s) stopped for ${address}\n`);
      } catch (e) {
        if (e instanceof Error && e.name === 'DomainError') throw new CliError('not a valid e-mail address', 2);
        throw e;
      } finally {
        await db.close();
      }
    });
}
