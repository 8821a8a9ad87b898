import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { makeIin } from '../../src/core/iin.ts';
import { pseudonymize } from '../../src/core/pseudonym.ts';

test('HMAC-SHA-256 matches RFC 4231 test case 2', () => {
  assert.equal(
    pseudonymize('Jefe', 'what do ya want for nothing?'),
    '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
  );
});

test('the pseudonym is stable, 64 hex digits, and does not contain the IIN', () => {
  const pepper = 'a pepper of at least thirty-two bytes!!';
  const p = pseudonymize(pepper, '061211600012');
  assert.match(p, /^[0-9a-f]{64}$/);
  assert.equal(pseudonymize(pepper, '061211600012'), p);
  assert.equal(pseudonymize(pepper, ' 061211600012\n'), p);
  assert.ok(!p.includes('061211600012'));
});

test('a different pepper gives an unrelated pseudonym', () => {
  assert.notEqual(pseudonymize('pepper-one', '061211600012'), pseudonymize('pepper-two', '061211600012'));
});

test('an empty pepper is refused', () => {
  assert.throws(() => pseudonymize('', '061211600012'), RangeError);
});

test('property: distinct IINs get distinct pseudonyms', () => {
  const iin = fc
    .tuple(fc.date({ min: new Date('1930-01-01'), max: new Date('2008-12-31'), noInvalidDate: true }), fc.boolean(), fc.integer({ min: 0, max: 9999 }))
    .map(([d, f, s]) => makeIin(d.toISOString().slice(0, 10), f ? 'female' : 'male', s));
  fc.assert(
    fc.property(iin, iin, (a, b) => (a === b) === (pseudonymize('k', a) === pseudonymize('k', b))),
    { numRuns: 1000 },
  );
});
