// Builds the Fastify app: shell (security headers, errors, language, docs, health) and every module.
import { randomUUID } from 'node:crypto';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import type { AppContext } from './web/context.ts';
import { I18n, isLang, SHELL_CATALOGS, type Lang } from './web/i18n.ts';
import { HttpProblem, problemBody } from './web/problem.ts';
import { commonProblems, mergeCatalogs, problemOf } from './web/domainProblems.ts';
import { installSecurityHeaders } from './web/securityHeaders.ts';
import { accountModule } from './web/account.tsx';
import { homeModule } from './web/home.tsx';
import { sendErrorPage } from './web/errors.tsx';
import { sameOriginPath } from './core/localPath.ts';
import { MODULES } from './modules/index.ts';
import type { KenesModule } from './modules/module.ts';
import type { AppRegistry } from './web/context.ts';

export interface BuildOptions {
  logger?: boolean | object;
  /** The capabilities to build the app from; the module list unless a test builds a smaller app. */
  modules?: readonly KenesModule[];
}

/** An app's nav, figures and catalogs, from its module list. */
export function registryOf(modules: readonly KenesModule[]): AppRegistry {
  return {
    modules,
    nav: modules.flatMap((m) => m.nav ?? []),
    figures: modules.flatMap((m) => m.figures ?? []),
    i18n: new I18n([...SHELL_CATALOGS, ...modules.flatMap((m) => (m.messages ? [m.messages] : []))]),
    routes: [],
    problems: mergeCatalogs(commonProblems, ...modules.flatMap((m) => (m.problems ? [m.problems] : []))),
  };
}

/** A hop count becomes "trust the nearest N hops" (hop 0 is the connection's own peer). */
function trustProxyOption(v: AppContext['config']['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof v === 'number' ? (_address, hop) => hop < v : v;
}

/** Registers a module's plugin: encapsulated (its hooks see only its routes) unless declared global. */
async function registerModule(app: FastifyInstance, ctx: AppContext, m: KenesModule): Promise<void> {
  if (!m.plugin) return;
  const plugin = async (scope: FastifyInstance) => m.plugin!(scope, ctx);
  // Fastify's documented opt-out of encapsulation (what fastify-plugin sets).
  if (m.global) Object.assign(plugin, { [Symbol.for('skip-override')]: true });
  Object.assign(plugin, { [Symbol.for('fastify.display-name')]: `kenes:${m.name}` });
  await app.register(plugin);
}


export const BODY_LIMIT = 1024 * 1024;

export async function buildApp(ctx: AppContext, opts: BuildOptions = {}) {
  const app = Fastify({
    logger: opts.logger ?? { level: ctx.config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'] },
    genReqId: (req) => (typeof req.headers['x-request-id'] === 'string' && /^[\w-]{1,64}$/.test(req.headers['x-request-id']) ? req.headers['x-request-id'] : randomUUID()),
    requestIdHeader: false,
    bodyLimit: BODY_LIMIT,
    trustProxy: trustProxyOption(ctx.config.trustProxy),
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const registry = registryOf(opts.modules ?? MODULES);
  app.decorate('ctx', ctx);
  app.decorate('kenes', registry);
  // The real route table, for checks that must cover every route (not a hand-kept list).
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) registry.routes.push({ method, url: r.url });
  });
  app.decorateRequest('lang', 'kk' as Lang);
  app.decorateRequest('t', null as unknown as FastifyRequest['t']);
  app.decorateRequest('user', null);

  // Hooks on every request are callback-style: no promise and microtask per hook (docs/adr/0704).
  app.addHook('onSend', (req, reply, payload, done) => {
    reply.header('x-request-id', req.id);
    done(null, payload);
  });

  installSecurityHeaders(app);
  await app.register(cookie, { secret: ctx.config.sessionSecret });
  await app.register(formbody, { bodyLimit: BODY_LIMIT });
  await app.register(fastifyStatic, { root: new URL('./web/static/', import.meta.url).pathname, prefix: '/static/', maxAge: '1h' });

  // Language: ?lang= for this request, else the remembered cookie, else Accept-Language, else kk.
  app.addHook('onRequest', (req, _reply, done) => {
    const q = (req.query as Record<string, unknown> | undefined)?.lang;
    const c = req.cookies?.lang;
    let lang: Lang = 'kk';
    if (isLang(q)) lang = q;
    else if (isLang(c)) lang = c;
    else {
      const accept = String(req.headers['accept-language'] ?? '').toLowerCase();
      const first = accept.split(',').map((s) => s.trim().slice(0, 2)).find(isLang);
      if (first) lang = first;
    }
    req.lang = lang;
    req.t = registry.i18n.translator(lang);
    done();
  });

  app.get('/lang/:code', { schema: { hide: true } }, async (req, reply) => {
    const { code } = req.params as { code: string };
    const safeBack = sameOriginPath((req.query as Record<string, unknown>).back) ?? '/';
    if (!isLang(code)) throw new HttpProblem(404, `unknown language "${code}"`);
    reply.setCookie('lang', code, { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'lax', httpOnly: true, secure: ctx.config.production });
    return reply.redirect(safeBack, 303);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Kenes API', version: '1', description: "Open API of the People's Council platform. Errors are RFC 9457 problem details." },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'kenes_session' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, transformStaticCSP: (h) => h });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(ctx.db.db);
      return { status: 'ready', database: ctx.db.dialect };
    } catch (err) {
      app.log.error({ err }, 'readiness check failed');
      return reply.status(503).send({ status: 'unavailable', database: ctx.db.dialect });
    }
  });

  app.setErrorHandler((err: FastifyError | HttpProblem, req, reply) => {
    const api = isApi(req);
    let status = 500;
    let detail = 'internal error';
    let extra: Record<string, unknown> = {};
    const problem = problemOf(err, registry.problems);
    if (problem) {
      status = problem.status;
      detail = problem.message;
      extra = problem.extra;
    } else if ((err as FastifyError).validation) {
      const fe = err as FastifyError;
      status = 400;
      const errors = (fe.validation ?? []).map((v) => {
        const missing = (v.params as { missingProperty?: string })?.missingProperty;
        const path = `${v.instancePath}${missing ? `/${missing}` : ''}`;
        const field = `${fe.validationContext ?? 'body'}${path.replace(/\//g, '.')}`;
        return { field, message: v.message ?? 'invalid' };
      });
      detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
      extra = { errors };
    } else if (typeof (err as FastifyError).statusCode === 'number' && (err as FastifyError).statusCode! < 500) {
      status = (err as FastifyError).statusCode!;
      detail = err.message;
    }
    if (status >= 500) req.log.error({ err }, 'request failed');
    if (api || !acceptsHtml(req)) {
      return reply.status(status).type('application/problem+json').send(problemBody(status, status >= 500 ? `internal error (request ${req.id})` : detail, extra));
    }
    return errorPage(reply, status, detail);
  });

  app.setNotFoundHandler((req, reply) => {
    if (isApi(req) || !acceptsHtml(req)) {
      return reply.status(404).type('application/problem+json').send(problemBody(404, `no route ${req.method} ${req.url.split('?')[0]}`));
    }
    return errorPage(reply, 404, '');
  });

  // Global modules (session, CSRF) first, so their hooks are in place for every route after them.
  for (const m of registry.modules) if (m.global) await registerModule(app, ctx, m);
  await homeModule(app, ctx);
  await accountModule(app, ctx);
  for (const m of registry.modules) if (!m.global) await registerModule(app, ctx, m);
  return app;
}

function isApi(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/');
}

function acceptsHtml(req: FastifyRequest): boolean {
  return String(req.headers.accept ?? '').includes('text/html');
}

function errorPage(reply: import('fastify').FastifyReply, status: number, detail: string) {
  return sendErrorPage(reply, status, detail);
}
