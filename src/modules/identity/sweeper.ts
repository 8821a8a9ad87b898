// Removes expired sessions every hour; expired ones are already refused, this only keeps the table small.
import type { Service } from '../module.ts';
import { identityService } from './service.ts';

const HOUR = 3600_000;

export const sessionSweeper: Service = async (app, ctx) => {
  const svc = identityService(ctx);
  const sweep = () =>
    svc.purgeExpiredSessions().then(
      (n) => n && app.log.info({ removed: n }, 'expired sessions removed'),
      (err) => app.log.warn({ err }, 'session sweep failed'),
    );
  const timer = setInterval(sweep, HOUR);
  timer.unref();
  await sweep();
  return async () => clearInterval(timer);
};
