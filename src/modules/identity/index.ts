// The identity module: sessions, CSRF, sign-in (OIDC and demo), roles. Other modules use:
//   guards:  requireUser, requireRole(...)        from './guards.ts'
//   service: identityService(ctx)                 from './service.ts'
//   names:   publicName(displayName)              from './names.ts'
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../web/context.ts';
import './messages.ts';
import { identityRoutes } from './routes.tsx';
import { installSession } from './session.ts';

export async function identityModule(app: FastifyInstance, ctx: AppContext): Promise<void> {
  installSession(app, ctx);
  identityRoutes(app, ctx);
}
