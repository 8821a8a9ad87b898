// A page that is the same for every reader who is not signed in (the same address and language) is
// rendered once a second at most, however many read it at once (ADR 0703 for proposals; the Council's
// pages use the same rule). Signed-in readers always get a fresh page: it holds their forms and tokens.
// Readers who arrive while that page is being rendered wait for the render rather than each starting
// their own: a hundred readers at the moment a sitting opens cost one render, not a hundred.
//
// With a `stamp` (ADR 0706), a page is kept past its second for as long as the stamp is unchanged (up
// to `maxAgeMs`): a closed sitting read all day is rendered once, not 86,400 times. When the stamp has
// moved, one reader renders the new page and those who arrive meanwhile get the last one at once
// instead of waiting, so a render no longer holds a crowd.
//
// A kept page is also kept gzip-compressed (compressed once, on its first reader who accepts gzip):
// a 100 KB sitting is about 10 KB on a phone's connection, and neither Node nor the nginx in front
// (ADR 1804) compresses it again for every reader.
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface AnonymousPageCache {
  /**
   * The page for this address and language rendered less than `ttlMs` ago (or still current by its
   * stamp, or being rendered now, once it is), for a reader not signed in; undefined when this reader
   * is to render it.
   */
  lookup(req: FastifyRequest): Promise<string | undefined>;
  /**
   * Sends the kept page (gzip-compressed when the reader accepts it) and returns true, or returns
   * false when this reader is to render it: `if (await pages.answer(req, reply)) return reply;`.
   */
  answer(req: FastifyRequest, reply: FastifyReply): Promise<boolean>;
  /** Pages rendered into the cache and pages served from it, since the start (for tests and benches). */
  readonly counts: { rendered: number; served: number };
}

export interface AnonymousPageCacheOptions {
  /** How long a page is served without asking anything (default 1,000 ms). */
  ttlMs?: number;
  maxEntries?: number;
  /**
   * A cheap token of everything the page shows (e.g. the day and the outbox's last event), read before
   * the page's own reads: a page whose stamp is unchanged is served again without rendering.
   */
  stamp?: (req: FastifyRequest) => Promise<string>;
  /** A page is rendered again after this long even with an unchanged stamp (default 60,000 ms). */
  maxAgeMs?: number;
}

interface Entry {
  /** When the page was rendered or last found current by its stamp. */
  at: number;
  /** When the page was rendered. */
  born: number;
  stamp: string | undefined;
  html: string;
  /** The page gzip-compressed, made on first need. */
  gzip?: Buffer;
}

/** Whether the request's Accept-Encoding allows gzip (not refused with q=0). */
function acceptsGzip(req: FastifyRequest): boolean {
  const accept = req.headers['accept-encoding'];
  if (typeof accept !== 'string' || !/gzip|\*/.test(accept)) return false;
  return accept.split(',').some((part) => {
    const [name, ...params] = part.trim().split(';');
    if (name.trim() !== 'gzip' && name.trim() !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** Adds Accept-Encoding to the response's Vary, keeping what is there. */
function varyByEncoding(reply: FastifyReply): void {
  const vary = reply.getHeader('vary');
  const list = vary === undefined ? '' : String(vary);
  if (!/accept-encoding/i.test(list)) reply.header('vary', list ? `${list}, Accept-Encoding` : 'Accept-Encoding');
}

/**
 * Keeps every 200 HTML answer of the route `route` (as registered, e.g. `/council/sessions/:id`) sent
 * to a reader not signed in, keyed by language and address (query included, so a notice in the query
 * is never served to another reader).
 */
export function anonymousPageCache(app: FastifyInstance, route: string, opts: AnonymousPageCacheOptions = {}): AnonymousPageCache {
  const ttl = opts.ttlMs ?? 1000;
  const max = opts.maxEntries ?? 1000;
  const maxAge = opts.maxAgeMs ?? 60_000;
  const entries = new Map<string, Entry>();
  /** Renders in progress, by key: the request rendering it, its stamp, and what the waiting readers await. */
  const rendering = new Map<string, { req: FastifyRequest; stamp: string | undefined; done: (page: Entry | undefined) => void; page: Promise<Entry | undefined> }>();
  /** Requests answered from the cache: what they send is not a new render and must not re-date the entry. */
  const served = new WeakSet<FastifyRequest>();
  const counts = { rendered: 0, served: 0 };
  const keyOf = (req: FastifyRequest) => `${req.lang}\u0000${req.url}`;
  const finish = (req: FastifyRequest, html: string | undefined) => {
    const key = keyOf(req);
    const r = rendering.get(key);
    if (r?.req !== req) return;
    rendering.delete(key);
    let entry: Entry | undefined;
    if (html !== undefined) {
      const now = Date.now();
      entry = { at: now, born: now, stamp: r.stamp, html };
      entries.delete(key);
      entries.set(key, entry);
      if (entries.size > max) entries.delete(entries.keys().next().value!);
      counts.rendered++;
    }
    r.done(entry);
  };
  const serve = (req: FastifyRequest, e: Entry) => {
    served.add(req);
    counts.served++;
    return e;
  };
  // Callback-style: it runs on every response of this context, and a promise per response is not free (ADR 0704).
  app.addHook('onSend', (req, reply, payload, done) => {
    if (req.routeOptions.url === route) varyByEncoding(reply);
    if (req.method === 'GET' && !req.user && req.routeOptions.url === route && !served.has(req)) {
      // An error page is not shared: the waiting readers render their own.
      finish(req, reply.statusCode === 200 && typeof payload === 'string' ? payload : undefined);
    }
    done(null, payload);
  });
  // A render that ended without a page (the connection dropped) releases its waiters too.
  app.addHook('onResponse', (req, _reply, done) => {
    if (req.routeOptions.url === route) finish(req, undefined);
    done();
  });
  /** The kept page for this reader, or undefined when this reader is to render it. */
  async function find(req: FastifyRequest): Promise<Entry | undefined> {
    if (req.user) return undefined;
    const key = keyOf(req);
    let e = entries.get(key);
    if (e && Date.now() - e.at < ttl) return serve(req, e);
    /** While another reader renders: the last page at once, rather than a wait behind the next one. */
    const duringRender = async (r: { page: Promise<Entry | undefined> }) => {
      if (e) return serve(req, e);
      const page = await r.page;
      return page && serve(req, page);
    };
    const inProgress = rendering.get(key);
    if (inProgress) return duringRender(inProgress);
    // Read before the page's own reads: a change between the two renders again next time.
    const stamp = opts.stamp ? await opts.stamp(req) : undefined;
    e = entries.get(key);
    if (e && stamp !== undefined && e.stamp === stamp && Date.now() - e.born < maxAge) {
      e.at = Date.now();
      return serve(req, e);
    }
    // Another reader may have started the render while the stamp was read.
    const started = rendering.get(key);
    if (started) return duringRender(started);
    let done!: (page: Entry | undefined) => void;
    const page = new Promise<Entry | undefined>((resolve) => (done = resolve));
    rendering.set(key, { req, stamp, done, page });
    return undefined;
  }
  return {
    counts,
    async lookup(req) {
      return (await find(req))?.html;
    },
    async answer(req, reply) {
      const e = await find(req);
      if (!e) return false;
      reply.type('text/html; charset=utf-8');
      if (acceptsGzip(req)) {
        e.gzip ??= gzipSync(e.html, { level: 6 });
        reply.header('content-encoding', 'gzip').send(e.gzip);
      } else reply.send(e.html);
      return true;
    },
  };
}
