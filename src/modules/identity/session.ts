// The session hook: reads the signed `kenes_session` cookie, loads the user from the server-side
// session table into `req.user`, gives every request its CSRF token, and refuses unsafe requests
// that authenticate by cookie but lack the token.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { AppContext } from '../../web/context.ts';
import { HttpProblem } from '../../web/problem.ts';
import { CSRF_FIELD, CSRF_HEADER, csrfTokenEquals, csrfTokenFor, newBinding, PRESESSION_COOKIE, presessionBinding, sessionBinding, UNSAFE_METHODS } from './csrf.ts';
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

/**
 * What the session hook learned about a request. Kept on the request itself (`authState`), and the
 * CSRF token and a new pre-session binding are only computed when something asks for them: a JSON
 * request pays one HMAC for its CSRF check and none for a token it never embeds (docs/adr/0704).
 */
class AuthState {
  private token: string | null = null;

  constructor(
    private readonly secret: string,
    /** The raw session token when signed in. */
    readonly sessionToken: string | null,
    /** What the CSRF token is bound to; null until needed when the visitor has no pre-session cookie yet. */
    private binding: string | null,
  ) {}

  /** A new pre-session binding that must reach the browser as a cookie (made on first use). */
  freshBinding: string | null = null;

  /** Whether the visitor still needs a pre-session cookie (not signed in, no valid one sent). */
  get needsPresession(): boolean {
    return this.binding === null || this.freshBinding !== null;
  }

  /** The binding, making a fresh pre-session one when the visitor has none. */
  ensureBinding(): string {
    if (this.binding === null) {
      this.freshBinding = newBinding();
      this.binding = presessionBinding(this.freshBinding);
    }
    return this.binding;
  }

  get csrfToken(): string {
    this.token ??= csrfTokenFor(this.secret, this.ensureBinding());
    return this.token;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Internal to the identity module: set by the session hook (null for static files). */
    authState: AuthState | null;
  }
}

export function sessionToken(req: FastifyRequest): string | null {
  return req.authState?.sessionToken ?? null;
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
  app.decorateRequest('authState', null);
  app.decorateRequest('csrfToken', {
    getter(this: FastifyRequest) {
      return this.authState?.csrfToken ?? '';
    },
  });

  /** The binding of a visitor who is not signed in: their pre-session cookie, or none yet (made when needed). */
  const visitorBinding = (req: FastifyRequest): string | null => {
    const pre = req.cookies[PRESESSION_COOKIE];
    return pre && /^[\w-]{16,64}$/.test(pre) ? presessionBinding(pre) : null;
  };

  // Callback-style hooks: no promise per hook on the hot path, and no await unless a cookie needs the database.
  app.addHook('onRequest', (req, reply, done) => {
    if (req.url.startsWith('/static/')) return done();
    const raw = req.cookies[SESSION_COOKIE];
    const unsigned = raw ? req.unsignCookie(raw) : null;
    if (!raw) {
      req.authState = new AuthState(secret, null, visitorBinding(req));
      return done();
    }
    const signedIn = (token: string | null) => {
      // A forged, expired or ended session: drop the cookie so the browser stops sending it.
      if (!token) clearSessionCookie(reply, config);
      req.authState = new AuthState(secret, token, token ? sessionBinding(token) : visitorBinding(req));
      done();
    };
    if (!unsigned?.valid || !unsigned.value) return signedIn(null);
    const token = unsigned.value;
    svc.userForSession(token).then((user) => {
      if (user) req.user = user;
      signedIn(user ? token : null);
    }, done);
  });

  // Only pages carry forms, so only pages plant the pre-session cookie (the API stays cookie-free).
  app.addHook('onSend', (req, reply, payload, done) => {
    const st = req.authState;
    if (st?.needsPresession && String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      st.ensureBinding();
      reply.setCookie(PRESESSION_COOKIE, st.freshBinding!, { httpOnly: true, sameSite: 'lax', secure: cookieSecure(config), path: '/' });
      // The page embeds a CSRF token bound to this new cookie: no cache may hand it to someone else.
      reply.header('cache-control', 'no-store');
    }
    done(null, payload);
  });

  // preValidation: after the body is parsed (the form field is readable), before schema checks, so a
  // forged request is refused as forged and never reaches validation or the handler.
  app.addHook('preValidation', (req, _reply, done) => {
    if (!UNSAFE_METHODS.has(req.method)) return done();
    const policy = req.routeOptions.config?.csrf;
    if (policy === false) return done();
    if (!req.user && policy !== 'always') return done();
    const st = req.authState;
    const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : null;
    const presented = req.headers[CSRF_HEADER] ?? body?.[CSRF_FIELD];
    if (!st || !csrfTokenEquals(st.csrfToken, presented)) {
      return done(new HttpProblem(403, 'CSRF token missing or invalid: send the form field _csrf or the header x-csrf-token', { code: 'csrf' }));
    }
    // The token is transport, not data: route schemas should not have to allow it.
    if (body && CSRF_FIELD in body) delete body[CSRF_FIELD];
    done();
  });
}
