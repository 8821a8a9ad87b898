// The anonymous page cache on a real Fastify instance (ADR 0703, 0706): a page is kept while its stamp
// is unchanged, rendered again when the stamp moves or the page grows too old, and readers who arrive
// during a render get the last page at once instead of waiting for the next one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { anonymousPageCache } from '../../src/web/anonymousPageCache.ts';

/** A page route whose content is `version`, and whose render waits for `gate` when one is set. */
function pageApp(opts: { ttlMs: number; maxAgeMs?: number; stamped: boolean }) {
  const app = Fastify();
  const state = { version: 1, stamp: 'a', renders: 0, gate: null as Promise<void> | null };
  const cache = anonymousPageCache(app, '/page', {
    ttlMs: opts.ttlMs,
    ...(opts.maxAgeMs === undefined ? {} : { maxAgeMs: opts.maxAgeMs }),
    ...(opts.stamped ? { stamp: async () => state.stamp } : {}),
  });
  app.get('/page', async (req, reply) => {
    const hit = await cache.lookup(req);
    if (hit) return reply.type('text/html').send(hit);
    state.renders++;
    const version = state.version;
    if (state.gate) await state.gate;
    return reply.type('text/html').send(`<p>version ${version}</p>`);
  });
  const read = async () => (await app.inject({ method: 'GET', url: '/page' })).body;
  return { app, state, cache, read };
}

test('a page is kept while its stamp is unchanged, past its ttl, and rendered again when the stamp moves', async () => {
  const { app, state, cache, read } = pageApp({ ttlMs: 20, stamped: true });
  assert.equal(await read(), '<p>version 1</p>');
  state.version = 2; // a change that recorded no event: the stamp says nothing changed
  await sleep(40);
  assert.equal(await read(), '<p>version 1</p>', 'unchanged stamp: the kept page, past its ttl');
  assert.equal(state.renders, 1);
  state.stamp = 'b';
  assert.equal(await read(), '<p>version 1</p>', 'within the ttl the stamp is not even read');
  await sleep(40);
  assert.equal(await read(), '<p>version 2</p>', 'a moved stamp renders again');
  assert.equal(state.renders, 2);
  assert.deepEqual(cache.counts, { rendered: 2, served: 2 });
  await app.close();
});

test('without a stamp a page is rendered again after its ttl; with one, after maxAgeMs at the latest', async () => {
  const plain = pageApp({ ttlMs: 20, stamped: false });
  await plain.read();
  plain.state.version = 2;
  await sleep(40);
  assert.equal(await plain.read(), '<p>version 2</p>');
  assert.equal(plain.state.renders, 2);
  await plain.app.close();

  const aged = pageApp({ ttlMs: 10, maxAgeMs: 60, stamped: true });
  await aged.read();
  aged.state.version = 2;
  await sleep(30);
  assert.equal(await aged.read(), '<p>version 1</p>', 'younger than maxAgeMs: kept');
  await sleep(50);
  assert.equal(await aged.read(), '<p>version 2</p>', 'older than maxAgeMs: rendered again, same stamp');
  await aged.app.close();
});

test('readers arriving during a render get the last page at once; with no last page they wait for the one render', async () => {
  const { app, state, read } = pageApp({ ttlMs: 10, stamped: true });
  let open!: () => void;
  state.gate = new Promise((r) => (open = r));
  // No page yet: three readers at once cost one render and all get it.
  const first = [read(), read(), read()];
  await sleep(20);
  assert.equal(state.renders, 1, 'one render for three readers');
  open();
  assert.deepEqual(await Promise.all(first), Array(3).fill('<p>version 1</p>'));

  state.version = 2;
  state.stamp = 'b';
  state.gate = new Promise((r) => (open = r));
  await sleep(20);
  const renderer = read();
  await sleep(20);
  assert.equal(state.renders, 2, 'the render of version 2 has started and is held');
  // Held render: the others are answered from the last page without waiting for it.
  assert.deepEqual(await Promise.all([read(), read()]), ['<p>version 1</p>', '<p>version 1</p>']);
  open();
  assert.equal(await renderer, '<p>version 2</p>');
  assert.equal(await read(), '<p>version 2</p>', 'then the new page for everyone');
  assert.equal(state.renders, 2);
  await app.close();
});

test('an error page is not kept: the next reader renders', async () => {
  const app = Fastify();
  let fail = true;
  const cache = anonymousPageCache(app, '/page', { ttlMs: 1000, stamp: async () => 's' });
  app.get('/page', async (req, reply) => {
    const hit = await cache.lookup(req);
    if (hit) return reply.type('text/html').send(hit);
    if (fail) return reply.code(503).type('text/html').send('<p>down</p>');
    return reply.type('text/html').send('<p>up</p>');
  });
  assert.equal((await app.inject('/page')).statusCode, 503);
  fail = false;
  const r = await app.inject('/page');
  assert.equal(r.statusCode, 200);
  assert.equal(r.body, '<p>up</p>');
  assert.deepEqual(cache.counts, { rendered: 1, served: 0 });
  await app.close();
});

test('a kept page goes gzip-compressed to readers who accept it, compressed once; Vary names Accept-Encoding', async () => {
  const app = Fastify();
  const cache = anonymousPageCache(app, '/page', { ttlMs: 1000, stamp: async () => 's' });
  const html = `<ul>${Array.from({ length: 500 }, (_, i) => `<li>item ${i}</li>`).join('')}</ul>`;
  let renders = 0;
  app.get('/page', async (req, reply) => {
    if (await cache.answer(req, reply)) return reply;
    renders++;
    return reply.type('text/html; charset=utf-8').send(html);
  });
  const get = (encoding?: string) => app.inject({ method: 'GET', url: '/page', headers: encoding ? { 'accept-encoding': encoding } : {} });
  const first = await get('gzip, deflate, br');
  assert.equal(first.body, html, 'the render itself goes as it was made');
  assert.match(String(first.headers.vary), /Accept-Encoding/);
  for (const enc of ['gzip, deflate, br', 'br;q=1, gzip;q=0.5', '*']) {
    const r = await get(enc);
    assert.equal(r.headers['content-encoding'], 'gzip', enc);
    assert.match(String(r.headers.vary), /Accept-Encoding/);
    assert.match(String(r.headers['content-type']), /^text\/html/);
    assert.ok(r.rawPayload.length < html.length / 5, `compressed: ${r.rawPayload.length} of ${html.length} bytes`);
    assert.equal(gunzipSync(r.rawPayload).toString('utf8'), html);
  }
  for (const enc of [undefined, 'identity', 'gzip;q=0', 'br']) {
    const r = await get(enc);
    assert.equal(r.headers['content-encoding'], undefined, String(enc));
    assert.equal(r.body, html);
  }
  assert.equal(renders, 1);
  await app.close();
});
