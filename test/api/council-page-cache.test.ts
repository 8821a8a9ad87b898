// A session page is the same for every reader not signed in: it renders once a second at most
// (src/web/anonymousPageCache.ts), so a sitting read by many at once costs one render a second. A
// change shows to anonymous readers within a second, to signed-in readers at once; a page is never
// served for another address or language.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { councilWorld, openVoteWithEveryoneIn } from './council.fixtures.ts';

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

test('a page is kept past its second until an event is recorded or the day changes (ADR 0706): session page and Council page', async () => {
  const w = await councilWorld();
  try {
    const { ok, secretariat } = w;
    w.t.setDay(w.schedule.termStart);
    const read = async (url: string) => {
      const r = await w.t.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      assert.equal(r.statusCode, 200, r.body);
      return r.body;
    };
    const s = await ok('POST', '/api/v1/council/sessions', secretariat, { kind: 'regular', date: '2099-05-04', place: 'Astana' });
    const url = `/council/sessions/${s.id}?lang=en`;
    assert.match(await read(url), /Astana/);
    // A change written past the service records no event: the page is not rendered again for it.
    // (Every real change emits its event in its own transaction; this one is the probe.)
    await w.t.ctx.db.db.updateTable('council_sessions').set({ place: 'Turkistan' }).where('id', '=', s.id).execute();
    await sleep(1100);
    const kept = await read(url);
    assert.match(kept, /Astana/, 'past the second, no event: the kept page');
    assert.doesNotMatch(kept, /Turkistan/);
    // Any recorded event moves the stamp: the next read after the second renders the page afresh.
    await ok('POST', '/api/v1/council/sessions', secretariat, { kind: 'regular', date: '2099-06-01', place: 'Almaty' });
    await sleep(1100);
    assert.match(await read(url), /Turkistan/, 'after an event, a fresh render');

    // The Council page, the same rule; the day is part of the stamp.
    const council = '/council?lang=en';
    const before = await read(council);
    const member = await w.t.ctx.db.db.selectFrom('council_members').select(['id', 'display_name as name']).where('status', '=', 'sitting').orderBy('id').executeTakeFirstOrThrow();
    assert.ok(before.includes(member.name), 'a sitting member is on the Council page');
    await w.t.ctx.db.db.updateTable('council_members').set({ display_name: 'Probe Renamed-Member' }).where('id', '=', member.id).execute();
    await sleep(1100);
    assert.doesNotMatch(await read(council), /Probe Renamed-Member/, 'no event, same day: the kept page');
    w.t.setDay(new Date(Date.parse(`${w.schedule.termStart}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10));
    await sleep(1100);
    assert.match(await read(council), /Probe Renamed-Member/, 'another day: a fresh render');
  } finally {
    await w.t.close();
  }
});

test('a vote page read during the vote: kept within the second, the new ballot after it (ADR 0706)', async () => {
  const w = await councilWorld();
  try {
    const vote = await openVoteWithEveryoneIn(w);
    const url = `/council/votes/${vote}?lang=en`;
    const read = async () => {
      const r = await w.t.app.inject({ method: 'GET', url, headers: { accept: 'text/html', 'accept-encoding': 'gzip' } });
      assert.equal(r.statusCode, 200, r.body);
      assert.match(String(r.headers.vary), /Accept-Encoding/);
      return r.headers['content-encoding'] === 'gzip' ? gunzipSync(r.rawPayload).toString('utf8') : r.body;
    };
    const before = await read();
    assert.equal(await read(), before, 'the kept page, compressed');
    await w.ok('POST', `/api/v1/council/votes/${vote}/ballot`, w.members[0]!.who, { choice: 'no' });
    assert.equal(await read(), before, 'within the second, the same page');
    await sleep(1100);
    const after = await read();
    assert.notEqual(after, before, 'the ballot (an event) renders the page afresh');
    assert.match(before, /data-count="no">0</, 'no "no" before the ballot');
    assert.match(after, /data-count="no">1</, 'the live count shows the ballot');
  } finally {
    await w.t.close();
  }
});
