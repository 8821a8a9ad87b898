// A page that is the same for every reader who is not signed in (the same address and language) is
// rendered once a second at most, however many read it at once (ADR 0703 for proposals; the Council's
// pages use the same rule). Signed-in readers always get a fresh page: it holds their forms and tokens.
// Readers who arrive while that page is being rendered wait for the render rather than each starting
// their own: a hundred readers at the moment a sitting opens cost one render, not a hundred.
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface AnonymousPageCache {
  /**
   * The page for this address and language rendered less than `ttlMs` ago (or being rendered now, once
   * it is), for a reader not signed in; undefined when this reader is to render it.
   */
  lookup(req: FastifyRequest): Promise<string | undefined>;
}

/**
 * Keeps, for `ttlMs`, every 200 HTML answer of the route `route` (as registered, e.g.
 * `/council/sessions/:id`) sent to a reader not signed in, keyed by language and address (query
 * included, so a notice in the query is never served to another reader).
 */
export function anonymousPageCache(app: FastifyInstance, route: string, opts: { ttlMs?: number; maxEntries?: number } = {}): AnonymousPageCache {
  const ttl = opts.ttlMs ?? 1000;
  const max = opts.maxEntries ?? 1000;
  const entries = new Map<string, { at: number; html: string }>();
  /** Renders in progress, by key: the request rendering it and what the waiting readers await. */
  const rendering = new Map<string, { req: FastifyRequest; done: (html: string | undefined) => void; page: Promise<string | undefined> }>();
  /** Requests answered from the cache: what they send is not a new render and must not re-date the entry. */
  const served = new WeakSet<FastifyRequest>();
  const keyOf = (req: FastifyRequest) => `${req.lang}\u0000${req.url}`;
  const finish = (req: FastifyRequest, html: string | undefined) => {
    const key = keyOf(req);
    const r = rendering.get(key);
    if (r?.req !== req) return;
    rendering.delete(key);
    r.done(html);
  };
  // Callback-style: it runs on every response of this context, and a promise per response is not free (ADR 0704).
  app.addHook('onSend', (req, reply, payload, done) => {
    if (req.method === 'GET' && !req.user && req.routeOptions.url === route && !served.has(req)) {
      const html = reply.statusCode === 200 && typeof payload === 'string' ? payload : undefined;
      if (html !== undefined) {
        entries.set(keyOf(req), { at: Date.now(), html });
        if (entries.size > max) entries.delete(entries.keys().next().value!);
      }
      // An error page is not shared: the waiting readers render their own.
      finish(req, html);
    }
    done(null, payload);
  });
  // A render that ended without a page (the connection dropped) releases its waiters too.
  app.addHook('onResponse', (req, _reply, done) => {
    if (req.routeOptions.url === route) finish(req, undefined);
    done();
  });
  return {
    async lookup(req) {
      if (req.user) return undefined;
      const key = keyOf(req);
      const e = entries.get(key);
      if (e && Date.now() - e.at < ttl) {
        served.add(req);
        return e.html;
      }
      const inProgress = rendering.get(key);
      if (inProgress) {
        const page = await inProgress.page;
        if (page !== undefined) served.add(req);
        return page;
      }
      let done!: (html: string | undefined) => void;
      const page = new Promise<string | undefined>((resolve) => (done = resolve));
      rendering.set(key, { req, done, page });
      return undefined;
    },
  };
}
