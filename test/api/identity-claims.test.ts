// Claims → identity mapping, public names and the demo PRNG: pure parts of sign-in and demo data.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { pseudonymize } from '../../src/core/pseudonym.ts';
import { DemoRng } from '../../src/demo/rng.ts';
import { mapClaims, matchRegion } from '../../src/modules/identity/claims.ts';
import { publicName, publicNameFromParts } from '../../src/modules/identity/names.ts';
import { insecureIssuerAllowed, safeNext } from '../../src/modules/identity/oidc.ts';

const oidc = loadConfig({}).oidc;
const pepper = 'p'.repeat(32);
const regions = ['KZ-10', 'KZ-75'];

test('the IIN claim becomes the pseudonym, and the result holds no IIN', () => {
  const r = mapClaims({ sub: 'x', iin: '061211600012', name: 'Айгерім Сейтқали', region: 'KZ-75' }, oidc, pepper, regions);
  assert.ok(r.ok);
  assert.equal(r.identity.pseudonym, pseudonymize(pepper, '061211600012'));
  assert.equal(r.identity.displayName, 'Айгерім Сейтқали');
  assert.equal(r.identity.region, 'KZ-75');
  assert.ok(!JSON.stringify(r).includes('061211600012'));
});

test('a numeric IIN claim keeps its leading zero', () => {
  const r = mapClaims({ iin: 61211600012 }, oidc, pepper, regions);
  assert.ok(r.ok);
  assert.equal(r.identity.pseudonym, pseudonymize(pepper, '061211600012'));
});

test('missing or invalid IIN is refused, and the detail never repeats the number', () => {
  const missing = mapClaims({ name: 'x' }, oidc, pepper, regions);
  assert.equal(missing.ok, false);
  const bad = mapClaims({ iin: '061211600013' }, oidc, pepper, regions);
  assert.ok(!bad.ok && bad.code === 'invalidIin');
  assert.ok(!bad.ok && !bad.detail.includes('061211600013'));
});

test('the IIN claim name is configurable', () => {
  const r = mapClaims({ personal_number: '061211600012' }, { ...oidc, iinClaim: 'personal_number' }, pepper, regions);
  assert.ok(r.ok);
});

test('given and family name win over the name claim; unknown regions are dropped', () => {
  const r = mapClaims({ iin: '061211600012', name: 'СЕЙТҚАЛИ АЙГЕРІМ', given_name: 'Айгерім', family_name: 'Сейтқали', region: 'Mars' }, oidc, pepper, regions);
  assert.ok(r.ok);
  assert.equal(r.identity.displayName, 'Айгерім Сейтқали');
  assert.equal(r.identity.region, null);
  assert.equal(matchRegion('kz-10', regions), 'KZ-10');
  assert.equal(matchRegion('75', regions), 'KZ-75');
});

test('public names show the first name and surname initial only', () => {
  assert.equal(publicName('Айгерім Сейтқали'), 'Айгерім С.');
  assert.equal(publicName('  Ольга   Ким '), 'Ольга К.');
  assert.equal(publicName('Әлихан'), 'Әлихан');
  assert.equal(publicName(''), '');
  assert.equal(publicNameFromParts('Ерлан', 'әбдірахманов'), 'Ерлан Ә.');
});

test('only local return paths are followed; insecure issuers only on loopback outside production', () => {
  assert.equal(safeNext('/proposals?x=1'), '/proposals?x=1');
  for (const bad of ['//evil.example', 'https://evil.example', '/\\evil', 42, undefined]) assert.equal(safeNext(bad), '/');
  assert.ok(insecureIssuerAllowed(new URL('http://127.0.0.1:4000'), false));
  assert.ok(insecureIssuerAllowed(new URL('http://localhost:4000'), false));
  assert.ok(!insecureIssuerAllowed(new URL('http://127.0.0.1:4000'), true));
  assert.ok(!insecureIssuerAllowed(new URL('http://idp.example'), false));
});

test('the demo PRNG repeats for a seed, differs across seeds, and stays in range', () => {
  const a = new DemoRng('s');
  const b = new DemoRng('s');
  const c = new DemoRng('t');
  const xs = Array.from({ length: 50 }, () => a.u32());
  assert.deepEqual(xs, Array.from({ length: 50 }, () => b.u32()));
  assert.notDeepEqual(xs, Array.from({ length: 50 }, () => c.u32()));
  const r = new DemoRng('range');
  for (let i = 0; i < 1000; i++) {
    const v = r.int(3, 7);
    assert.ok(v >= 3 && v <= 7 && Number.isInteger(v));
  }
  assert.match(new DemoRng('u').uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
