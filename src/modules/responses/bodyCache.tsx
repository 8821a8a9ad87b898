// The rendered-body cache of the public responses pages (docs/adr/0603).
import type { JSX } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { ResponsesService } from './service.ts';

/**
 * Public pages that are the same for everyone (the dashboard, an agency's page) are rendered at most
 * once every five seconds per language and process, and again at once after any change made in this process.
 * While a new rendering is made, other requests get the one of a moment ago.
 */
interface CachedBody {
  version: number;
  at: number;
  html: string;
  refreshing: Promise<string> | null;
}
const bodyCaches = new WeakMap<ResponsesService, Map<string, CachedBody>>();
const BODY_TTL_MS = 5000;
export async function cachedBody(svc: ResponsesService, name: string, render: () => Promise<JSX.Element>): Promise<JSX.Element> {
  let cache = bodyCaches.get(svc);
  if (!cache) {
    cache = new Map();
    bodyCaches.set(svc, cache);
  }
  const key = `${name}:${svc.today()}`;
  const entry = cache.get(key);
  const version = svc.version;
  const refresh = () => render().then((el) => renderToString(el));
  let html: string;
  if (entry && entry.version === version) {
    if (Date.now() - entry.at >= BODY_TTL_MS && !entry.refreshing) {
      entry.refreshing = refresh()
        .then((h) => {
          if (entry.version === svc.version) Object.assign(entry, { html: h, at: Date.now() });
          return h;
        })
        .finally(() => {
          entry.refreshing = null;
        });
    }
    html = entry.html;
  } else {
    html = await refresh();
    if (cache.size > 500) cache.clear();
    cache.set(key, { version, at: Date.now(), html, refreshing: null });
  }
  return <div class="rsp-cached" dangerouslySetInnerHTML={{ __html: html }} />;
}
