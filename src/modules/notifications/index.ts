// Notifications (ADR 1601): follow a proposal, an agency, a region, a topic or a Council member,
// session or item, and hear when it moves — by e-mail (verified address, per-language mail,
// one-click unsubscribe), Atom feeds, and signed webhooks. Deliveries are rows written by an outbox
// subscriber and claimed by workers, so nothing is lost and nothing is sent twice.
import { defineModule } from '../module.ts';
import { fanoutJobService, fanoutSubscription } from './fanout.ts';
import { registerFeeds } from './feeds.ts';
import { notificationsMessages } from './messages.ts';
import * as m1600 from './migrations/1600_notifications.ts';
import * as m1601 from './migrations/1601_council_and_chunks.ts';
import { notificationsProblems } from './problems.ts';
import { registerNotifications } from './routes.tsx';
import { notificationsService } from './service.ts';
import { confirmDueService, dueSoonService } from './dueSoon.ts';
import { deliveryService } from './worker.ts';

export const notifications = defineModule({
  name: 'notifications',
  migrations: { '1600_notifications': m1600, '1601_council_and_chunks': m1601 },
  tables: ['notify_follows', 'notify_optouts', 'notify_addresses', 'notify_webhooks', 'notify_deliveries', 'notify_webhook_attempts', 'notify_due_soon', 'notify_demo_mail', 'notify_confirm_due', 'notify_fanout_jobs'],
  problems: notificationsProblems,
  nav: [{ href: '/notifications', key: 'notify.nav', audience: 'signed-in' }],
  messages: notificationsMessages,
  services: [deliveryService, fanoutJobService, dueSoonService, confirmDueService],
  subscriptions: [fanoutSubscription],
  cli: { notifications: () => import('./cli.ts').then((m) => m.register) },
  plugin: (app, ctx) => {
    registerNotifications(app, notificationsService(ctx));
    registerFeeds(app, ctx);
  },
});
