// A session page is the same for every reader not signed in: it renders once a second at most
// (src/web/anonymousPageCache.ts), so a sitting read by many at once costs one render a second. A
// change shows to anonymous readers within a second, to signed-in readers at once; a page is never
// served for another address or language.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { councilWorld } from './council.fixtures.ts';

test('a session page: one render a second for anonymous readers, fresh for the signed-in, per address and language', async () => {
  const w = await councilWorld();
  try {
    const { ok, secretariat, chair, citizen } = w;
    w.t.setDay(w.schedule.termStart);
    const s = await ok('POST', '/api/v1/council/sessions', secretariat, { kind: 'regular', date: '2099-03-02', place: 'Astana' });
    const read = async (url: string, cookie?: string) => {
      const r = await w.t.app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } });
      assert.equal(r.statusCode, 200, r.body);
      return r.body;
    };
    const url = `/council/sessions/${s.id}?lang=en`;
    const before = await read(url);
    assert.match(before, />planned</);
    await ok('POST', `/api/v1/council/sessions/${s.id}/cancel`, chair, {});
    assert.equal(await read(url), before, 'within the second, the same page');
    assert.match(await read(url, citizen.cookie), />cancelled</, 'a signed-in reader sees the change at once');
    assert.match(await read(`/council/sessions/${s.id}?lang=ru`), />отменено</, 'another address is rendered, not served from the cache');
    await sleep(1100);
    assert.match(await read(url), />cancelled</, 'after the second, the change');

    // Read without pause: a page served from the cache does not re-date it, so a change still shows
    // within about a second however often the page is read.
    const s2 = await ok('POST', '/api/v1/council/sessions', secretariat, { kind: 'regular', date: '2099-04-06', place: 'Almaty' });
    const url2 = `/council/sessions/${s2.id}?lang=en`;
    assert.match(await read(url2), />planned</);
    await ok('POST', `/api/v1/council/sessions/${s2.id}/cancel`, chair, {});
    const changed = Date.now();
    let seen = 0;
    while (Date.now() - changed < 3000) {
      if (/>cancelled</.test(await read(url2))) {
        seen = Date.now() - changed;
        break;
      }
      await sleep(50);
    }
    assert.ok(seen > 0 && seen <= 1500, `read every 50 ms, the change showed after ${seen || 'more than 3000'} ms`);
  } finally {
    await w.t.close();
  }
});
