// Builds the Fastify app: shell (security headers, errors, language, docs, health) and every module.
import { randomUUID } from 'node:crypto';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { lazyValidators } from './web/lazyValidators.ts';
import { closeStalledConnections } from './web/closeStalledConnections.ts';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions, type RouteOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import type { AppContext } from './web/context.ts';
import { I18n, isLang, SHELL_CATALOGS, type Lang } from './web/i18n.ts';
import { HttpProblem, problemBody } from './web/problem.ts';
import { commonProblems, mergeCatalogs, problemOf } from './web/domainProblems.ts';
import { installSecurityHeaders } from './web/securityHeaders.ts';
import { accountModule } from './web/account.tsx';
import { searchModule } from './web/search.tsx';
import { infoModule } from './web/info.tsx';
import { homeModule } from './web/home.tsx';
import { sendErrorPage } from './web/errors.tsx';
import { type AccessRule, accessOfGuard, describeAccess, isAccessRule, sameGuard } from './core/access.ts';
import { sameOriginPath } from './core/localPath.ts';
import { MODULES } from './modules/index.ts';
import { isPublicRead, runAsPublicRead } from './db/readRouting.ts';
import type { KenesModule } from './modules/module.ts';
import type { AppRegistry } from './web/context.ts';

export interface BuildOptions {
  logger?: boolean | object;
  /** The capabilities to build the app from; the module list unless a test builds a smaller app. */
  modules?: readonly KenesModule[];
  /** How long requests in progress may take to finish once the app closes (default 10 s). */
  shutdownGraceMs?: number;
}

/** An app's nav, figures and catalogs, from its module list. */
export function registryOf(modules: readonly KenesModule[]): AppRegistry {
  return {
    modules,
    nav: modules.flatMap((m) => m.nav ?? []),
    figures: modules.flatMap((m) => m.figures ?? []),
    search: modules.flatMap((m) => m.search ?? []),
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
  const serverOptions: FastifyServerOptions = {
    logger: opts.logger === false ? false : { level: ctx.config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'], serializers: { req: requestForLog }, ...(typeof opts.logger === 'object' ? opts.logger : {}) },
    genReqId: (req) => (typeof req.headers['x-request-id'] === 'string' && /^[\w-]{1,64}$/.test(req.headers['x-request-id']) ? req.headers['x-request-id'] : randomUUID()),
    requestIdHeader: false,
    bodyLimit: BODY_LIMIT,
    trustProxy: trustProxyOption(ctx.config.trustProxy),
    // strictNumbers: NaN and ±Infinity are no numbers in a JSON body; x-finite (finiteNumbers, set on
    // every route by declareRoute) also refuses them after coercion of a query or path (issue 14).
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false, strictNumbers: true }, plugins: [finiteNumbers as never] },
    // Each route's validator is compiled when a request first needs it (docs/adr/0011).
    schemaController: { compilersFactory: { buildValidator: lazyValidators() } },
    // Errors the router and the HTTP parser answer before any route: problem details too.
    frameworkErrors: (err, _req, reply: FastifyReply) => {
      const status = (err as FastifyError).code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
      const detail = status === 414 ? 'a path segment is too long' : 'the URL is not valid (bad percent-encoding)';
      return reply.status(status).type('application/problem+json').send(problemBody(status, detail, { code: status === 414 ? 'uri-too-long' : 'bad-url', errors: [{ field: 'url', message: detail }] }));
    },
    clientErrorHandler: clientError,
  };
  const app = Fastify(serverOptions).withTypeProvider<TypeBoxTypeProvider>();
  closeStalledConnections(app, opts.shutdownGraceMs);

  const registry = registryOf(opts.modules ?? MODULES);
  app.decorate('ctx', ctx);
  app.decorate('kenes', registry);
  // The real route table, for checks that must cover every route (not a hand-kept list), with each
  // route's access rule as declared where it is defined (docs/adr/0406).
  app.addHook('onRoute', (r) => declareRoute(r, registry));
  app.decorateRequest('lang', 'kk' as Lang);
  app.decorateRequest('t', null as unknown as FastifyRequest['t']);
  app.decorateRequest('user', null);
  // First hook: a public read runs (with every later hook and the handler) where its SELECTs may use
  // the read replica (docs/adr/1801).
  if (ctx.db.replica) app.addHook('onRequest', (req, _reply, done) => (isPublicRead(req.method, req.url, req.headers.cookie) ? runAsPublicRead(done) : done()));

  // Hooks on every request are callback-style: no promise and microtask per hook (docs/adr/0704).
  app.addHook('onSend', (req, reply, payload, done) => {
    reply.header('x-request-id', req.id);
    // What depends on the session (a signed-in page, the CSRF token, a new cookie) is never stored by
    // a browser or shared cache (ASVS V3/V8); a route that says `public` (style sheets, open data)
    // keeps that for signed-in callers too.
    const declaredPublic = String(reply.getHeader('cache-control') ?? '').startsWith('public');
    if (reply.hasHeader('set-cookie') || SESSION_PATHS.test(req.url) || (req.user && !declaredPublic)) reply.header('cache-control', 'no-store');
    // A public page or feed is in the language chosen by the `lang` cookie or Accept-Language: a cache
    // must key it by both, or a reader who switched languages gets the last language's copy.
    else if (declaredPublic && !UNWORDED_TYPES.test(String(reply.getHeader('content-type') ?? ''))) varyByLanguage(reply);
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

  app.get('/lang/:code', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
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
  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(ctx.db.db);
      return { status: 'ready', database: ctx.db.dialect, pid: process.pid };
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
    } else if (typeof (err as FastifyError).code === 'string' && (err as FastifyError).code!.startsWith('FST_ERR_CTP_')) {
      // Body parsing: bad JSON, an empty JSON body, a body too large, an unsupported media type.
      const fe = err as FastifyError;
      status = fe.statusCode ?? 400;
      const field = fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH' ? 'headers.content-type' : 'body';
      detail = `${field}: ${bodyErrorMessage(fe)}`;
      extra = { errors: [{ field, message: bodyErrorMessage(fe) }] };
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
  await searchModule(app, ctx);
  await infoModule(app, ctx);
  for (const m of registry.modules) if (!m.global) await registerModule(app, ctx, m);
  return app;
}

/** Session-dependent whatever the caller: the signed-in user and their CSRF token, their own pages. */
const SESSION_PATHS = /^\/(api\/v1\/)?me(\/|\?|$)/;
/** Content whose bytes do not depend on the reader's language (style sheets, scripts, images, fonts). */
const UNWORDED_TYPES = /^(text\/css|text\/javascript|application\/javascript|image\/|font\/)/;
/** Adds Cookie and Accept-Language to the response's Vary, keeping what is there. */
function varyByLanguage(reply: FastifyReply): void {
  const have = String(reply.getHeader('vary') ?? '');
  if (have === '*' || /\bcookie\b/i.test(have)) return;
  reply.header('vary', have ? `${have}, Cookie, Accept-Language` : 'Cookie, Accept-Language');
}

/** Query parameters that must not reach the logs: OIDC authorisation codes and state, tokens. */
const SECRET_PARAMS = /([?&](?:code|state|session_state|id_token|access_token|token)=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.includes('?') ? url.replace(SECRET_PARAMS, '$1[redacted]') : url;
}

/** The request as logged: Fastify's default fields, with secrets in the query replaced. */
function requestForLog(req: FastifyRequest) {
  return { method: req.method, url: redactUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

function bodyErrorMessage(err: FastifyError): string {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return `not valid JSON (${err.message.replace(/^Body is not valid JSON but content-type is set to 'application\/json'/, '').replace(/^[:\s-]+/, '') || 'parse error'})`;
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'empty, but the content type is application/json';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported media type: send application/json';
    default:
      return err.message;
  }
}

const CLIENT_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'the request headers are too large'],
  HPE_INVALID_METHOD: [400, 'unknown HTTP method'],
  HPE_INVALID_URL: [400, 'the URL is not valid'],
};

/** The HTTP parser's errors (431, unknown methods, malformed requests) as problem details. */
function clientError(err: Error & { code?: string }, socket: import('node:net').Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy(err);
  const [status, detail] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'malformed request'];
  const title = status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
  const body = JSON.stringify({ type: 'about:blank', title, status, detail });
  socket.end(`HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

const FINITE = 'x-finite';
const TEXT = 'x-text';

type KeywordCheck = ((schema: string, data: unknown) => boolean) & { errors?: { keyword: string; message: string; params: object }[] };

/**
 * The `x-finite` keyword: a number is finite and an integer is a safe integer (|n| < 2^53). Ajv's
 * coercion turns "Infinity", "1e309" and "99999999999999999999" into numbers that its own bounds skip
 * or that overflow the databases; this keyword sees the coerced value.
 */
function finiteNumbers(ajv: { addKeyword(def: object): unknown }): void {
  const check: KeywordCheck = (schema, data) => {
    if (typeof data !== 'number') return true;
    const ok = schema === 'integer' ? Number.isSafeInteger(data) : Number.isFinite(data);
    check.errors = ok ? undefined : [{ keyword: FINITE, params: {}, message: schema === 'integer' ? `must be an integer between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}` : 'must be a finite number' }];
    return ok;
  };
  ajv.addKeyword({ keyword: FINITE, schemaType: 'string', errors: true, validate: check });
  // Text: no NUL character, which PostgreSQL cannot store or compare (a 500 there before, issue 14 fuzzing).
  const text: KeywordCheck = (_schema, data) => {
    const ok = typeof data !== 'string' || !data.includes('\u0000');
    text.errors = ok ? undefined : [{ keyword: TEXT, params: {}, message: 'must not contain the NUL character (U+0000)' }];
    return ok;
  };
  ajv.addKeyword({ keyword: TEXT, schemaType: 'boolean', errors: true, validate: text });
}

/** Marks every number and integer of a request schema with `x-finite`, every string with `x-text` (above). */
function safeIntegers(schema: unknown, seen = new Set<unknown>()): void {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
  seen.add(schema);
  const s = schema as Record<string, unknown>;
  const types = [s.type].flat();
  if (types.includes('integer')) s[FINITE] = 'integer';
  else if (types.includes('number')) s[FINITE] = 'number';
  if (types.includes('string')) s[TEXT] = true;
  for (const v of Object.values(s)) {
    if (Array.isArray(v)) for (const x of v) safeIntegers(x, seen);
    else if (v && typeof v === 'object') safeIntegers(v, seen);
  }
}

/** Routes added by plugins that take no route options: the static files and the API explorer. */
const SHELL_PUBLIC = /^\/(static|docs)(\/|$)/;

const hookList = (h: unknown): unknown[] => (h === undefined || h === null ? [] : [h].flat());

/**
 * Reads a route's access rule (its guard's, or `config.access`), refuses a declaration its guard does
 * not enforce, runs guards in onRequest (before any body is read or validated: issue 14) and marks
 * guarded routes as needing a session in the OpenAPI document.
 */
function declareRoute(r: RouteOptions, registry: AppRegistry): void {
  const where = `${[r.method].flat().join(',')} ${r.url}`;
  const declared = (r.config as { access?: unknown } | undefined)?.access;
  if (declared !== undefined && !isAccessRule(declared)) throw new Error(`${where}: config.access is not an access rule (src/core/access.ts)`);
  const pre = hookList(r.preHandler);
  const guards = [...hookList(r.onRequest), ...pre].filter((f) => accessOfGuard(f));
  const enforced = guards.map((g) => accessOfGuard(g)!);
  if (new Set(enforced.map(describeAccess)).size > 1) throw new Error(`${where}: guards disagree (${enforced.map(describeAccess).join(', ')})`);
  const guard = enforced[0];
  if (declared && guard && !sameGuard(declared, guard)) throw new Error(`${where}: config.access says ${describeAccess(declared)} but its guard enforces ${describeAccess(guard)}`);
  if (declared && declared !== 'public' && !guard) throw new Error(`${where}: config.access says ${describeAccess(declared)} but the route has no guard (requireUser/requireRole)`);
  if (pre.some((f) => accessOfGuard(f))) {
    r.preHandler = pre.filter((f) => !accessOfGuard(f)) as RouteOptions['preHandler'];
    r.onRequest = [...hookList(r.onRequest), ...pre.filter((f) => accessOfGuard(f))] as RouteOptions['onRequest'];
  }
  const access: AccessRule | null = declared ?? guard ?? (SHELL_PUBLIC.test(r.url) ? 'public' : null);
  const schema = r.schema as Record<string, unknown> | undefined;
  for (const part of ['params', 'querystring', 'body', 'headers']) safeIntegers(schema?.[part]);
  const hidden = schema?.hide === true;
  if (access && access !== 'public' && schema && !hidden && !schema.security) r.schema = { ...schema, security: [{ session: [] }] };
  for (const method of [r.method].flat()) registry.routes.push({ method, url: r.url, access, hidden });
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
