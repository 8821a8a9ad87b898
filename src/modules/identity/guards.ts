// Route guards (Fastify preHandlers). API and non-HTML clients get RFC 9457 problem details;
// a browser asking for a page gets the 401 page with a sign-in link, or the 403 page.
//
//   app.get('/moderation', { preHandler: requireRole('moderator') }, handler)
//   app.post('/api/v1/x', { preHandler: requireUser }, handler)
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
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

/** 401 unless someone is signed in. */
export const requireUser: preHandlerAsyncHookHandler = async function requireUser(req, reply) {
  if (!req.user) return unauthenticated(req, reply);
};

/** 401 unless signed in; 403 unless the user holds at least one of `roles`. */
export function requireRole(...roles: Role[]): preHandlerAsyncHookHandler {
  if (roles.length === 0) throw new Error('requireRole needs at least one role');
  return async function requireRoleGuard(req, reply) {
    if (!req.user) return unauthenticated(req, reply);
    if (!hasRole(req.user, ...roles)) {
      throw new HttpProblem(403, `this needs one of the roles: ${roles.join(', ')}`, { code: 'forbidden-role', roles });
    }
  };
}
