// Identity: citizens and staff, sessions, roles, sign-in (OIDC and the demo list).
import { defineModule } from '../module.ts';
import { citizensSeeder, staffSeeder } from './demo.ts';
import { identityMessages } from './messages.ts';
import * as m0100 from './migrations/0100_identity.ts';
import { adminRoutes } from './admin.tsx';
import { identityRoutes } from './routes.tsx';
import { identityService } from './service.ts';
import { installSession } from './session.ts';
import { sessionSweeper } from './sweeper.ts';

export const identity = defineModule({
  name: 'identity',
  migrations: { '0100_identity': m0100 },
  // demo_seed_runs belongs to the demo framework; it was created with identity's first migration.
  tables: ['identity_users', 'identity_roles', 'identity_sessions', 'demo_seed_runs'],
  messages: identityMessages,
  figures: [{ id: 'citizens', labelKey: 'home.figure.citizens', order: 10, value: (ctx) => identityService(ctx).count() }],
  seeders: [citizensSeeder, staffSeeder],
  services: [sessionSweeper],
  cli: { users: async () => (await import('./cli.ts')).registerUsers },
  nav: [{ href: '/admin/roles', key: 'admin.roles.title', audience: ['admin'] }],
  roles: ['citizen', 'council_member', 'admin'],
  // Session and CSRF hooks must run on every route of every module.
  global: true,
  plugin: (app, ctx) => {
    installSession(app, ctx);
    identityRoutes(app, ctx);
    adminRoutes(app, ctx);
  },
});
