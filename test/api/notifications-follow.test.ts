// Follow buttons on the pages of what can be followed (a proposal, an agency, the Council, a session,
// a member): a plain form posting with the CSRF token (no JavaScript), in the reader's language, the
// page showing the state afterwards; nothing for someone signed out; the subscriptions page in the
// account menu. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestApp } from '../helpers/app.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';
import { councilWorld } from './council.fixtures.ts';
import { api, signedPetition, world } from './notifications.fixtures.ts';

const FOLLOW = { kk: 'Жазылу', ru: 'Подписаться', en: 'Follow' } as const;
const UNFOLLOW = { kk: 'Жазылымнан шығу', ru: 'Отписаться', en: 'Unfollow' } as const;

function formOf(html: string, action: string): Record<string, string> | null {
  const m = new RegExp(`<form method="post" action="${action}" class="follow-form">([\\s\\S]*?)</form>`).exec(html);
  if (!m) return null;
  const fields: Record<string, string> = {};
  for (const f of m[1].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields[f[1]] = f[2].replace(/&amp;/g, '&');
  return fields;
}

/** Opens the page, presses Follow as a browser without JavaScript would, and sees Unfollow after the redirect. */
async function followFromPage(t: TestApp, who: SignedIn, page: string, kind: string, id: string, lang: 'kk' | 'ru' | 'en') {
  const anon = await t.app.inject({ method: 'GET', url: page, headers: { accept: 'text/html' } });
  assert.equal(anon.statusCode, 200, `${page}: ${anon.body.slice(0, 200)}`);
  assert.equal(formOf(anon.body, '/notifications/follow'), null, `${page}: no follow form for someone signed out`);
  const cookie = `${who.cookie}; kenes_lang=${lang}`;
  const before = await t.app.inject({ method: 'GET', url: `${page}${page.includes('?') ? '&' : '?'}lang=${lang}`, headers: { cookie, accept: 'text/html' } });
  assert.equal(before.statusCode, 200);
  const fields = formOf(before.body, '/notifications/follow');
  assert.ok(fields, `${page}: a follow form`);
  assert.equal(fields.kind, kind);
  assert.equal(fields.id, id);
  assert.ok(fields._csrf, 'the form carries the CSRF token');
  assert.ok(before.body.includes(`>${FOLLOW[lang]}</button>`), `${page}: the button in ${lang}`);
  // Without the token the post is refused and nothing is followed.
  const forged = await t.app.inject({ method: 'POST', url: '/notifications/follow', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ ...fields, _csrf: 'x' }).toString() });
  assert.equal(forged.statusCode, 403, forged.body.slice(0, 200));
  assert.equal((await api(t, 'GET', '/api/v1/notifications/follows', who)).json().follows.some((f: { kind: string; id: string }) => f.kind === kind && f.id === id), false);
  const post = await t.app.inject({ method: 'POST', url: '/notifications/follow', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
  assert.equal(post.statusCode, 303, post.body.slice(0, 300));
  assert.equal(post.headers.location, fields.back);
  const after = await t.app.inject({ method: 'GET', url: String(post.headers.location), headers: { cookie, accept: 'text/html' } });
  const un = formOf(after.body, '/notifications/unfollow');
  assert.ok(un, `${page}: an unfollow form after following`);
  assert.ok(after.body.includes(`${UNFOLLOW[lang]}</button>`));
  const mine = (await api(t, 'GET', '/api/v1/notifications/follows', who)).json().follows as { kind: string; id: string }[];
  assert.ok(mine.some((f) => f.kind === kind && f.id === id), `${kind}/${id} followed`);
  // And back: unfollow from the page.
  const off = await t.app.inject({ method: 'POST', url: '/notifications/unfollow', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(un).toString() });
  assert.equal(off.statusCode, 303);
  const again = await t.app.inject({ method: 'GET', url: page, headers: { cookie, accept: 'text/html' } });
  assert.ok(formOf(again.body, '/notifications/follow'), 'Follow again after unfollowing');
  // Follow once more so the subscriptions page lists it.
  await t.app.inject({ method: 'POST', url: '/notifications/follow', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
}

test('a proposal and an agency: follow from the page without JavaScript; the subscriptions page lists them and is in the account menu', async () => {
  const w = await world();
  try {
    const reader = await signInAs(w.t);
    const ref = await signedPetition(w, [await signInAs(w.t), await signInAs(w.t)]);
    await followFromPage(w.t, reader, `/proposals/${ref}`, 'proposal', ref, 'ru');
    await followFromPage(w.t, reader, '/responses/agencies/min-health', 'agency', 'min-health', 'kk');
    const my = await w.t.app.inject({ method: 'GET', url: '/notifications?lang=en', headers: { cookie: reader.cookie, accept: 'text/html' } });
    assert.equal(my.statusCode, 200);
    assert.ok(my.body.includes(`href="/proposals/${ref}"`) && my.body.includes('href="/responses/agencies/min-health"'), 'both on the subscriptions page');
    // The account menu links the subscriptions page for anyone signed in.
    const home = await w.t.app.inject({ method: 'GET', url: '/?lang=en', headers: { cookie: reader.cookie, accept: 'text/html' } });
    assert.match(home.body, /<a href="\/notifications"[^>]*>Notifications<\/a>/);
    const anon = await w.t.app.inject({ method: 'GET', url: '/?lang=en', headers: { accept: 'text/html' } });
    assert.doesNotMatch(anon.body, /<a href="\/notifications"/);
  } finally {
    await w.close();
  }
});

test('the Council, a session and a member: follow from their pages; a target that does not exist is refused', async () => {
  const w = await councilWorld();
  try {
    const { ok, secretariat, citizen, members } = w;
    w.t.setDay(w.schedule.termStart);
    const s = await ok('POST', '/api/v1/council/sessions', secretariat, { kind: 'regular', date: '2099-03-02', place: 'Astana' });
    await followFromPage(w.t, citizen, '/council', 'council', 'all', 'en');
    // The sessions list follows the same Council: it shows that it is followed already.
    const list = await w.t.app.inject({ method: 'GET', url: '/council/sessions?lang=kk', headers: { cookie: citizen.cookie, accept: 'text/html' } });
    assert.deepEqual({ ...formOf(list.body, '/notifications/unfollow'), _csrf: '', back: '' }, { _csrf: '', kind: 'council', id: 'all', back: '' });
    await followFromPage(w.t, citizen, `/council/sessions/${s.id}`, 'council-session', s.id, 'ru');
    await followFromPage(w.t, citizen, `/council/members/${members[0]!.id}`, 'council-member', members[0]!.id, 'en');
    for (const [kind, id] of [
      ['council-session', '00000000-0000-4000-8000-000000000000'],
      ['council-member', '00000000-0000-4000-8000-000000000000'],
      ['council', 'everything'],
    ]) {
      const r = await w.call('POST', '/api/v1/notifications/follows', citizen, { kind, id });
      assert.equal(r.statusCode, 404, r.body);
      assert.equal(r.json().code, 'target-not-found');
      assert.equal(r.json().errors[0].field, 'id');
    }
    const mine = (await ok('GET', '/api/v1/notifications/follows', citizen)).follows as { kind: string }[];
    assert.deepEqual(mine.map((f) => f.kind).sort(), ['council', 'council-member', 'council-session']);
    // The page of what I follow names each by what it is, not by its id.
    const member = await w.t.ctx.db.db.selectFrom('council_members').select('display_name').where('id', '=', members[0]!.id).executeTakeFirstOrThrow();
    const page = await w.t.app.inject({ method: 'GET', url: '/notifications?lang=en', headers: { cookie: citizen.cookie, accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    const followList = page.body.slice(page.body.indexOf('class="follow-list"'), page.body.indexOf('</ul>', page.body.indexOf('class="follow-list"')));
    const links = [...followList.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(
      links.sort(),
      [
        ['/council/sessions', 'all sessions and decisions'],
        [`/council/members/${members[0]!.id}`, member.display_name.replaceAll("'", '&#39;')],
        [`/council/sessions/${s.id}`, `session no. ${s.number}, 2099-03-02`],
      ].sort(),
    );
  } finally {
    await w.t.close();
  }
});
