// A page that is the same for every reader who is not signed in (the same address and language) is
// rendered once a second at most, however many read it at once (ADR 0703 for proposals; the Council's
// pages use the same rule). Signed-in readers always get a fresh page: it holds their forms and tokens.
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface AnonymousPageCache {
  /** The page rendered for this address and language less than `ttlMs` ago, for a reader not signed in. */
  hit(req: FastifyRequest): string | undefined;
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
  const keyOf = (req: FastifyRequest) => `${req.lang}\u0000${req.url}`;
  // Callback-style: it runs on every response of this context, and a promise per response is not free (ADR 0704).
  app.addHook('onSend', (req, reply, payload, done) => {
    if (req.method === 'GET' && !req.user && reply.statusCode === 200 && typeof payload === 'string' && req.routeOptions.url === route) {
      entries.set(keyOf(req), { at: Date.now(), html: payload });
      if (entries.size > max) entries.delete(entries.keys().next().value!);
    }
    done(null, payload);
  });
  return {
    hit(req) {
      if (req.user) return undefined;
      const e = entries.get(keyOf(req));
      return e && Date.now() - e.at < ttl ? e.html : undefined;
    },
  };
}
