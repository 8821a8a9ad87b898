// Route guards (Fastify preHandlers). API and non-HTML clients get RFC 9457 problem details;
// a browser asking for a page gets the 401 page with a sign-in link, or the 403 page.
//
//   app.get('/moderation', { preHandler: requireRole('moderator') }, handler)
//   app.post('/api/v1/x', { preHandler: requireUser }, handler)
//
// Each guard carries the access rule it enforces (src/core/access.ts); the shell reads it from the
// route table and runs the guard in onRequest, before any body is read (docs/adr/0406).
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { withAccess } from '../../core/access.ts';
import type { Role } from '../../web/context.ts';
import { HttpProblem } from '../../web/problem.ts';
import { sendUnauthorizedPage } from './pages.tsx';
import { hasRole } from './roles.ts';

export { actsForAgency, hasRole } from './roles.ts';

function wantsPage(req: FastifyRequest): boolean {
  return !req.url.startsWith('/api/') && String(req.headers.accept ?? '').includes('text/html');
}

async function unauthenticated(req: FastifyRequest, reply: FastifyReply) {
  if (!wantsPage(req)) throw new HttpProblem(401, 'sign in first', { code: 'unauthenticated' });
  return sendUnauthorizedPage(req, reply);
}

/** 401 unless someone is signed in. Carries its rule ('user') for the route table (src/core/access.ts). */
export const requireUser: preHandlerAsyncHookHandler = withAccess(async function requireUser(req, reply) {
  if (!req.user) return unauthenticated(req, reply);
}, 'user');

/** 401 unless signed in; 403 unless the user holds at least one of `roles`. */
export function requireRole(...roles: Role[]): preHandlerAsyncHookHandler {
  if (roles.length === 0) throw new Error('requireRole needs at least one role');
  return withAccess(async function requireRoleGuard(req: FastifyRequest, reply: FastifyReply) {
    if (!req.user) return unauthenticated(req, reply);
    if (!hasRole(req.user, ...roles)) {
      throw new HttpProblem(403, `this needs one of the roles: ${roles.join(', ')}`, { code: 'forbidden-role', roles });
    }
  }, { roles });
}
