// Demo mode: the demo sign-in list and one-click sign-in exist only in demo mode; demo data is
// deterministic, covers every region and every role.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { demoSeeders, runSeeders, seederNames, seedOnce } from '../../src/demo/index.ts';
import { identityService } from '../../src/modules/identity/service.ts';
import { ROLES } from '../../src/web/context.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

/** Only the people seeders: the other modules' demo data is tested by their own suites. */
const PEOPLE = ['identity.citizens', 'identity.staff'];
let demo: TestApp;
let plain: TestApp;

before(async () => {
  demo = await testApp({ demo: true }, {}, undefined, { seed: { only: PEOPLE } });
  plain = await testApp({ demo: false });
});
after(async () => {
  await demo.close();
  await plain.close();
});

function setCookies(res: { headers: Record<string, unknown> }): Record<string, string> {
  const raw = res.headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : raw ? [String(raw)] : [];
  return Object.fromEntries(list.map((c) => String(c).split(';')[0].split(/=(.*)/s).slice(0, 2)));
}

/** Reads the demo sign-in forms of the login page: user id and the CSRF token embedded with it. */
function demoForms(body: string): { userId: string; csrf: string }[] {
  const forms = body.match(/<form method="post" action="\/auth\/demo"[\s\S]*?<\/form>/g) ?? [];
  return forms.map((f) => ({ userId: /name="userId" value="([^"]+)"/.exec(f)![1], csrf: /name="_csrf" value="([^"]+)"/.exec(f)![1] }));
}

test('demo data: citizens in all 20 regions and one staff member for every role', async () => {
  const svc = identityService(demo.ctx);
  const users = await svc.list({ origin: 'demo', limit: 10000 });
  const regions = new Set(users.map((u) => u.region));
  const charter = demo.ctx.charter;
  assert.equal(charter.regions.length, 20);
  for (const r of charter.regions) assert.ok(regions.has(r.code), `no demo citizen in ${r.code}`);
  for (const role of ROLES) assert.ok(users.some((u) => u.roles.includes(role)), `no demo ${role}`);
  const officer = users.find((u) => u.roles.includes('agency_officer'));
  assert.ok(officer?.agencyId);
  assert.ok(users.every((u) => /^[\p{L}-]+ [\p{L}-]+$/u.test(u.displayName)), 'names are "First Surname"');
});

test('demo data is deterministic for a seed, differs for another seed, and a second run adds nothing', async () => {
  const a = await testApp({ demo: true });
  const b = await testApp({ demo: true });
  try {
    await runSeeders(a.ctx, { seed: 'same', only: PEOPLE });
    await runSeeders(b.ctx, { seed: 'same', only: PEOPLE });
    const list = async (x: TestApp) => (await identityService(x.ctx).list({ limit: 10000 })).map((u) => `${u.id}|${u.pseudonym}|${u.displayName}|${u.region}|${u.roles}`).sort();
    assert.deepEqual(await list(a), await list(b));
    const before = (await list(a)).length;
    await runSeeders(a.ctx, { seed: 'same', only: PEOPLE });
    assert.equal((await list(a)).length, before, 'idempotent');
    const c = await testApp({ demo: true });
    try {
      await runSeeders(c.ctx, { seed: 'other', only: PEOPLE });
      const ours = new Set(await list(a));
      assert.ok((await list(c)).filter((x) => ours.has(x)).length === 0);
    } finally {
      await c.close();
    }
  } finally {
    await a.close();
    await b.close();
  }
});

test('serve --demo seeds once; later it runs only the seeders that never ran on that database', async () => {
  const x = await testApp({ demo: true });
  try {
    // As if everything but the staff seeder had run before (the empty-database path runs them all).
    const others = seederNames().filter((n) => n !== 'identity.staff');
    await x.db.db.insertInto('demo_seed_runs').values({ seed: 'first', seeders: others.join(','), ran_at: new Date().toISOString() }).execute();
    const run = await seedOnce(x.ctx);
    assert.deepEqual(run, { seed: 'first', seeders: ['identity.staff'] });
    assert.equal((await identityService(x.ctx).list({ origin: 'demo' })).length, ROLES.length - 1);
    assert.equal(await seedOnce(x.ctx), null);
    // A module added later declares its seeder: the next start runs just that one.
    let ran = 0;
    const later = [...demoSeeders(), { name: 'test.late-module', run: async () => void ran++ }];
    assert.deepEqual(await seedOnce(x.ctx, undefined, later), { seed: 'first', seeders: ['test.late-module'] });
    assert.equal(ran, 1);
    assert.equal(await seedOnce(x.ctx, undefined, later), null);
  } finally {
    await x.close();
  }
});

test('the login page lists demo citizens from several regions and staff for every role', async () => {
  const r = await demo.app.inject({ url: '/auth/login', headers: { accept: 'text/html', cookie: 'lang=en' } });
  assert.equal(r.statusCode, 200);
  assert.match(r.body, /class="demo-banner"/);
  for (const role of ['Council member', 'Secretariat', 'Moderator', 'Agency officer', 'Auditor', 'Administrator']) {
    assert.ok(r.body.includes(role), `staff list lacks ${role}`);
  }
  const forms = demoForms(r.body);
  assert.ok(forms.length >= 6 + 5, `expected staff and several citizens, got ${forms.length}`);
  assert.ok(r.body.includes('Abai Region') && r.body.includes('Akmola Region'), 'citizens from several regions');
});

test('one-click demo sign-in: a form post with the page token signs in; without it, 403', async () => {
  const page = await demo.app.inject({ url: '/auth/login', headers: { accept: 'text/html' } });
  const pre = setCookies(page).kenes_csrf;
  assert.ok(pre, 'the login page plants the pre-session CSRF cookie');
  const [first] = demoForms(page.body);
  const form = { 'content-type': 'application/x-www-form-urlencoded', cookie: `kenes_csrf=${pre}` };

  const forged = await demo.app.inject({ method: 'POST', url: '/auth/demo', headers: { ...form, accept: 'text/html' }, payload: `userId=${first.userId}&next=/` });
  assert.equal(forged.statusCode, 403);
  assert.ok(!setCookies(forged).kenes_session);

  const noCookie = await demo.app.inject({ method: 'POST', url: '/auth/demo', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `userId=${first.userId}&_csrf=${first.csrf}` });
  assert.equal(noCookie.statusCode, 403, 'the token is bound to the browser cookie');

  const ok = await demo.app.inject({ method: 'POST', url: '/auth/demo', headers: form, payload: `userId=${first.userId}&next=/somewhere&_csrf=${encodeURIComponent(first.csrf)}` });
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, '/somewhere');
  const session = setCookies(ok).kenes_session;
  const me = await demo.app.inject({ url: '/api/v1/me', headers: { cookie: `kenes_session=${session}` } });
  assert.equal(me.json().id, first.userId);
});

test('demo sign-in works only for demo accounts', async () => {
  const page = await demo.app.inject({ url: '/auth/login', headers: { accept: 'text/html' } });
  const pre = setCookies(page).kenes_csrf;
  const [first] = demoForms(page.body);
  const real = await identityService(demo.ctx).ensureUser({ pseudonym: 'f'.repeat(64), displayName: 'Real Person', origin: 'oidc' });
  const r = await demo.app.inject({
    method: 'POST',
    url: '/auth/demo',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `kenes_csrf=${pre}` },
    payload: `userId=${real.id}&_csrf=${encodeURIComponent(first.csrf)}`,
  });
  assert.equal(r.statusCode, 404);
});

test('outside demo mode there is no demo list, no demo sign-in route and no banner', async () => {
  const svc = identityService(plain.ctx);
  const u = await svc.ensureUser({ pseudonym: 'd'.repeat(64), displayName: 'Demo Person', origin: 'demo' });
  const page = await plain.app.inject({ url: '/auth/login', headers: { accept: 'text/html' } });
  assert.equal(page.statusCode, 200);
  assert.doesNotMatch(page.body, /\/auth\/demo/);
  assert.doesNotMatch(page.body, /demo-banner/);
  const r = await plain.app.inject({ method: 'POST', url: '/auth/demo', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `userId=${u.id}` });
  assert.equal(r.statusCode, 404);
  assert.ok(!setCookies(r).kenes_session);
});
