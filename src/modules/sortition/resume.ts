// Resumes draws left `running` by a killed process (ADR 0807): at start-up and then every half lease,
// any run whose lease has run out is claimed (compare-and-set) and drawn again from its committed
// inputs and revealed entropy. The draw is a function of those, so the result is the one the killed
// process would have stored, and it is stored once.
import type { Service } from '../module.ts';
import { sortitionDraws } from './draws.ts';
import { sortitionLeaseMs } from './service.ts';

export const sortitionResumer: Service = async (app, ctx) => {
  const svc = sortitionDraws(ctx);
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const ids = await svc.resumeExpired();
      if (ids.length) app.log.info({ runs: ids }, 'interrupted sortition draws resumed');
    } catch (err) {
      app.log.warn({ err }, 'sortition resume check failed');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), Math.max(100, Math.floor(sortitionLeaseMs() / 2)));
  timer.unref();
  await tick();
  return async () => clearInterval(timer);
};
