// Sign-in routes: login page, OIDC start and callback, demo sign-in (demo mode only), sign-out, and
// `GET /api/v1/me`.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Charter } from '../../core/charter/types.ts';
import type { AppContext, SessionUser } from '../../web/context.ts';
import { sendPage } from '../../web/layout.tsx';
import { HttpProblem } from '../../web/problem.ts';
import { mapClaims } from './claims.ts';
import { requireUser } from './guards.ts';
import { decodeFlow, encodeFlow, OidcSignIn, safeNext } from './oidc.ts';
import { type DemoAccounts, LoginPage, sendSignInError } from './pages.tsx';
import { ROLES } from './roles.ts';
import { identityService, type IdentityService } from './service.ts';
import { clearSessionCookie, cookieSecure, sessionToken, setSessionCookie } from './session.ts';

const FLOW_COOKIE = 'kenes_oidc';
const FLOW_PATH = '/auth/oidc';

/** How many demo citizens the sign-in page offers (one per region, in charter order). */
const DEMO_CITIZENS_SHOWN = 8;

const MeSchema = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.String()),
  agencyId: Type.Union([Type.String(), Type.Null()]),
  region: Type.Union([Type.String(), Type.Null()]),
  csrfToken: Type.String({ description: 'send as x-csrf-token on state-changing requests' }),
});

export function identityRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { config } = ctx;
  const charter = ctx.charter;
  const svc = identityService(ctx);
  const oidc = new OidcSignIn(config);
  const regionCodes = charter.regions.map((r) => r.code);

  /** Replaces any current session (no session fixation) with a fresh one for `userId`. */
  async function signIn(req: FastifyRequest, reply: FastifyReply, userId: string, next: string) {
    const old = sessionToken(req);
    if (old) await svc.endSession(old);
    const token = await svc.createSession(userId);
    setSessionCookie(reply, config, token);
    return reply.redirect(safeNext(next), 303);
  }

  app.get('/auth/login', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const next = safeNext((req.query as Record<string, unknown>).next);
    const demo = config.demo ? await demoAccounts(svc, charter) : null;
    return sendPage(
      reply,
      req.t('auth.login.title'),
      <LoginPage req={req} next={next} provider={{ enabled: oidc.enabled, name: config.oidc.displayName }} demo={demo} charter={charter} />,
    );
  });

  app.get('/auth/oidc/start', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    if (!oidc.enabled) throw new HttpProblem(404, 'sign-in through an identity provider is not configured');
    const next = safeNext((req.query as Record<string, unknown>).next);
    let started: Awaited<ReturnType<OidcSignIn['begin']>>;
    try {
      started = await oidc.begin(next);
    } catch (err) {
      req.log.error({ err: { message: (err as Error).message } }, 'OIDC discovery failed');
      return sendSignInError(reply, 502, 'auth.error.failed');
    }
    reply.setCookie(FLOW_COOKIE, encodeFlow(started.flow), {
      signed: true,
      httpOnly: true,
      sameSite: 'lax',
      secure: cookieSecure(config),
      path: FLOW_PATH,
      maxAge: 600,
    });
    return reply.redirect(started.url.toString(), 303);
  });

  app.get('/auth/oidc/callback', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const raw = req.cookies[FLOW_COOKIE];
    reply.clearCookie(FLOW_COOKIE, { path: FLOW_PATH });
    const query = req.query as Record<string, unknown>;
    if (typeof query.error === 'string') {
      return sendSignInError(reply, 400, query.error === 'access_denied' ? 'auth.error.cancelled' : 'auth.error.failed');
    }
    const unsigned = raw ? req.unsignCookie(raw) : null;
    const flow = unsigned?.valid && unsigned.value ? decodeFlow(unsigned.value) : null;
    if (!flow || !oidc.enabled) return sendSignInError(reply, 400, 'auth.error.expired');

    let claims: Record<string, unknown>;
    try {
      claims = await oidc.complete(new URL(req.url, config.baseUrl), flow);
    } catch (err) {
      // Only the message: error objects from the client may carry response bodies with claims.
      req.log.warn({ err: { name: (err as Error).name, message: (err as Error).message } }, 'OIDC code exchange failed');
      return sendSignInError(reply, 400, 'auth.error.failed');
    }
    const mapped = mapClaims(claims, config.oidc, config.pepper, regionCodes);
    if (!mapped.ok) {
      req.log.warn({ code: mapped.code }, mapped.detail);
      return sendSignInError(reply, 403, 'auth.error.noIin');
    }
    const user = await svc.ensureUser({ ...mapped.identity, origin: 'oidc' }, true);
    return signIn(req, reply, user.id, flow.next);
  });

  if (config.demo) {
    app.post(
      '/auth/demo',
      {
        schema: { hide: true, body: Type.Object({ userId: Type.String({ maxLength: 64 }), next: Type.Optional(Type.String({ maxLength: 512 })) }) },
        config: { access: 'public', csrf: 'always' },
      },
      async (req, reply) => {
        const { userId, next } = req.body as { userId: string; next?: string };
        const user = await svc.findById(userId);
        // Only synthetic people: demo mode must never become a way into a real account.
        if (user?.origin !== 'demo') throw new HttpProblem(404, 'no demo account with this id');
        return signIn(req, reply, user.id, next ?? '/');
      },
    );
  }

  app.post('/auth/logout', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const token = sessionToken(req);
    if (token) await svc.endSession(token);
    clearSessionCookie(reply, config);
    return reply.redirect('/', 303);
  });

  app.get(
    '/api/v1/me',
    {
      preHandler: requireUser,
      schema: { tags: ['identity'], summary: 'The signed-in user and the CSRF token for state-changing calls', security: [{ session: [] }], response: { 200: MeSchema } },
    },
    async (req) => {
      const u = req.user as SessionUser;
      return { id: u.id, displayName: u.displayName, roles: u.roles, agencyId: u.agencyId, region: u.region, csrfToken: req.csrfToken };
    },
  );
}

/**
 * Staff: the first demo account holding each role beyond citizen; citizens: the first plain citizen
 * of each region, for the first few regions. Small indexed queries, however much demo data exists.
 */
async function demoAccounts(svc: IdentityService, charter: Charter): Promise<DemoAccounts> {
  const staff: DemoAccounts['staff'] = [];
  for (const role of ROLES) {
    if (role === 'citizen') continue;
    const [holder] = await svc.list({ role, origin: 'demo', limit: 1 });
    if (holder) staff.push({ role, user: holder });
  }
  const staffIds = new Set(staff.map((s) => s.user.id));
  const citizens: DemoAccounts['citizens'] = [];
  for (const region of charter.regions) {
    const candidates = await svc.list({ origin: 'demo', region: region.code, limit: 5 });
    const c = candidates.find((u) => !staffIds.has(u.id) && u.roles.length === 1);
    if (c) citizens.push(c);
    if (citizens.length >= DEMO_CITIZENS_SHOWN) break;
  }
  return { citizens, staff };
}
