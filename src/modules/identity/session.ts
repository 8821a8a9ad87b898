// The session hook: reads the signed `kenes_session` cookie, loads the user from the server-side
// session table into `req.user`, gives every request its CSRF token, and refuses unsafe requests
// that authenticate by cookie but lack the token.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { AppContext } from '../../web/context.ts';
import { HttpProblem } from '../../web/problem.ts';
import { CSRF_FIELD, CSRF_HEADER, csrfTokenFor, csrfTokenMatches, newBinding, PRESESSION_COOKIE, presessionBinding, sessionBinding, UNSAFE_METHODS } from './csrf.ts';
import { identityService } from './service.ts';

export const SESSION_COOKIE = 'kenes_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The CSRF token to embed in forms (`_csrf`) or send as `x-csrf-token`. */
    csrfToken: string;
  }
  interface FastifyContextConfig {
    /**
     * CSRF policy of a route. By default unsafe methods need a token when a session cookie
     * authenticates the request. `always`: also for visitors not signed in (sign-in forms);
     * `false`: never (endpoints that do not authenticate by cookie).
     */
    csrf?: 'always' | false;
  }
}

interface AuthState {
  /** The raw session token when signed in. */
  sessionToken: string | null;
  /** What the CSRF token is bound to. */
  binding: string;
  /** A new pre-session binding that must reach the browser as a cookie. */
  freshBinding: string | null;
}

const states = new WeakMap<FastifyRequest, AuthState>();

export function sessionToken(req: FastifyRequest): string | null {
  return states.get(req)?.sessionToken ?? null;
}

export function cookieSecure(config: Pick<Config, 'production' | 'baseUrl'>): boolean {
  return config.production || config.baseUrl.startsWith('https:');
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    secure: cookieSecure(config),
    path: '/',
    maxAge: config.session.maxHours * 3600,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookieSecure(config) });
}

export function installSession(app: FastifyInstance, ctx: AppContext): void {
  const { config } = ctx;
  const svc = identityService(ctx);
  const secret = config.sessionSecret;
  app.decorateRequest('csrfToken', '');

  app.addHook('onRequest', async (req, reply) => {
    if (req.url.startsWith('/static/')) return;
    let token: string | null = null;
    const raw = req.cookies[SESSION_COOKIE];
    if (raw) {
      const unsigned = req.unsignCookie(raw);
      if (unsigned.valid && unsigned.value) {
        const user = await svc.userForSession(unsigned.value);
        if (user) {
          req.user = user;
          token = unsigned.value;
        }
      }
      // A forged, expired or ended session: drop the cookie so the browser stops sending it.
      if (!token) clearSessionCookie(reply, config);
    }
    let binding: string;
    let freshBinding: string | null = null;
    if (token) binding = sessionBinding(token);
    else {
      const pre = req.cookies[PRESESSION_COOKIE];
      if (pre && /^[\w-]{16,64}$/.test(pre)) binding = presessionBinding(pre);
      else {
        freshBinding = newBinding();
        binding = presessionBinding(freshBinding);
      }
    }
    states.set(req, { sessionToken: token, binding, freshBinding });
    req.csrfToken = csrfTokenFor(secret, binding);
  });

  // Only pages carry forms, so only pages plant the pre-session cookie (the API stays cookie-free).
  app.addHook('onSend', async (req, reply, payload) => {
    const st = states.get(req);
    if (st?.freshBinding && String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.setCookie(PRESESSION_COOKIE, st.freshBinding, { httpOnly: true, sameSite: 'lax', secure: cookieSecure(config), path: '/' });
    }
    return payload;
  });

  // preValidation: after the body is parsed (the form field is readable), before schema checks, so a
  // forged request is refused as forged and never reaches validation or the handler.
  app.addHook('preValidation', async (req) => {
    if (!UNSAFE_METHODS.has(req.method)) return;
    const policy = req.routeOptions.config?.csrf;
    if (policy === false) return;
    if (!req.user && policy !== 'always') return;
    const st = states.get(req);
    const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : null;
    const presented = req.headers[CSRF_HEADER] ?? body?.[CSRF_FIELD];
    if (!st || !csrfTokenMatches(secret, st.binding, presented)) {
      throw new HttpProblem(403, 'CSRF token missing or invalid: send the form field _csrf or the header x-csrf-token', { code: 'csrf' });
    }
    // The token is transport, not data: route schemas should not have to allow it.
    if (body && CSRF_FIELD in body) delete body[CSRF_FIELD];
  });
}
