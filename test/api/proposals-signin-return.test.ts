// "Sign in to sign": an anonymous reader of an open proposal follows the sign-in link, signs in, and
// lands back on the proposal, where the signature counts (issue 15's first journey).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { proposalsService } from '../../src/modules/proposals/service.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await testApp({ demo: true }, {}, undefined, { seed: { only: ['identity.citizens', 'identity.staff', 'proposals'] } });
});
after(async () => t?.close());

const cookiesOf = (res: { headers: Record<string, unknown> }) =>
  Object.fromEntries(([] as string[]).concat((res.headers['set-cookie'] as string[] | string | undefined) ?? []).map((c) => String(c).split(';')[0].split(/=(.*)/s).slice(0, 2)));

test('the sign-in link of a proposal returns to it, and the signature then counts', async () => {
  const list = await t.app.inject({ url: '/api/v1/proposals?status=open' });
  const open = list.json().items[0];
  assert.ok(open, 'the demo has an open proposal');
  const page = await t.app.inject({ url: `/proposals/${open.ref}`, headers: { accept: 'text/html' } });
  const link = /href="(\/auth\/login\?[^"]+)"/.exec(page.body)?.[1]?.replaceAll('&amp;', '&');
  assert.ok(link, 'an anonymous reader is offered a sign-in link');
  assert.equal(new URL(link, 'http://x').searchParams.get('next'), `/proposals/${open.ref}`, 'the link names the proposal as the place to return to');

  const login = await t.app.inject({ url: link, headers: { accept: 'text/html' } });
  const pre = cookiesOf(login).kenes_csrf;
  const form = /<form method="post" action="\/auth\/demo"[\s\S]*?<\/form>/.exec(login.body)![0];
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(form)?.[1] ?? '';
  assert.equal(field('next'), `/proposals/${open.ref}`, 'the sign-in form carries the return path');
  const signedIn = await t.app.inject({
    method: 'POST',
    url: '/auth/demo',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `kenes_csrf=${pre}` },
    payload: new URLSearchParams({ userId: field('userId'), next: field('next'), _csrf: field('_csrf') }).toString(),
  });
  assert.equal(signedIn.statusCode, 303);
  assert.equal(signedIn.headers.location, `/proposals/${open.ref}`);

  const cookie = `kenes_session=${cookiesOf(signedIn).kenes_session}`;
  const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie } });
  const csrf = me.json().csrfToken;
  assert.ok(csrf, 'the session has a CSRF token');
  const before = (await t.app.inject({ url: `/api/v1/proposals/${open.ref}` })).json();
  const signed = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${open.ref}/signatures`, headers: { cookie, 'x-csrf-token': csrf }, payload: {} });
  assert.equal(signed.statusCode, 201, signed.body);
  // Signatures are group-committed: wait for the batch, as a reader a moment later would.
  await proposalsService(t.ctx).writer.drain();
  const afterSign = (await t.app.inject({ url: `/api/v1/proposals/${open.ref}` })).json();
  assert.equal(afterSign.signatures, before.signatures + 1);
});
