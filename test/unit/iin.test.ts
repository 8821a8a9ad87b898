import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { iinCheckDigit, makeIin, parseIin } from '../../src/core/iin.ts';

test('the domain example 061211600012 is valid: born 2006-12-11, female', () => {
  const r = parseIin('061211600012');
  assert.equal(r.valid, true);
  assert.equal(r.birthDate, '2006-12-11');
  assert.equal(r.sex, 'female');
  assert.equal(r.reason.code, 'ok');
});

test('a changed last digit is invalid and says which check digit was expected', () => {
  const r = parseIin('061211600013');
  assert.equal(r.valid, false);
  assert.equal(r.reason.code, 'checkDigitMismatch');
  assert.equal(!r.valid && r.expectedCheckDigit, 2);
  for (const lang of ['kk', 'ru', 'en'] as const) assert.match(r.reason.message[lang], /2/);
});

test('second weight set: 9001013008 1 sums to 131 ≡ 10 with weights 1..11, 78 ≡ 1 with 3..11,1,2', () => {
  assert.equal(iinCheckDigit('90010130081'), 1);
  const r = parseIin('900101300811');
  assert.equal(r.valid, true);
  assert.equal(r.birthDate, '1990-01-01');
  assert.equal(r.sex, 'male');
});

test('both weight sets giving 10 (120 ≡ 10, 76 ≡ 10) means no IIN exists', () => {
  assert.equal(iinCheckDigit('90010130080'), null);
  for (let last = 0; last <= 9; last++) assert.equal(parseIin(`90010130080${last}`).reason.code, 'checkDigitUndefined');
});

test('structure, century digit and date are checked before the check digit', () => {
  assert.equal(parseIin('06121160001').reason.code, 'notTwelveDigits');
  assert.equal(parseIin('0612116000123').reason.code, 'notTwelveDigits');
  assert.equal(parseIin('06121160001a').reason.code, 'notTwelveDigits');
  assert.equal(parseIin('061211000012').reason.code, 'invalidCenturyDigit');
  assert.equal(parseIin('061211700012').reason.code, 'invalidCenturyDigit');
  assert.equal(parseIin('061311600012').reason.code, 'invalidBirthDate'); // month 13
  assert.equal(parseIin('070229500012').reason.code, 'invalidBirthDate'); // 2007 is not a leap year
  assert.equal(parseIin(' 061211600012 ').valid, true);
});

test('a birth date after today is refused when today is given', () => {
  const iin = makeIin('2030-01-15', 'male', 42);
  assert.equal(parseIin(iin).valid, true);
  assert.equal(parseIin(iin, { today: '2026-11-28' }).reason.code, 'birthDateInFuture');
});

test('century and sex digits: 1/2 → 1800s, 3/4 → 1900s, 5/6 → 2000s; odd male, even female', () => {
  const cases = [
    ['1899-05-04', 'male', '1'],
    ['1899-05-04', 'female', '2'],
    ['1975-05-04', 'male', '3'],
    ['1975-05-04', 'female', '4'],
    ['2010-05-04', 'male', '5'],
    ['2010-05-04', 'female', '6'],
  ] as const;
  for (const [date, sex, digit] of cases) {
    const iin = makeIin(date, sex, 123);
    assert.equal(iin[6], digit, `${date} ${sex}`);
  }
});

const birthDate = fc
  .date({ min: new Date('1800-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const sex = fc.constantFrom('male' as const, 'female' as const);
const serial = fc.integer({ min: 0, max: 9999 });

test('property: makeIin → parseIin round-trips birth date and sex', () => {
  fc.assert(
    fc.property(birthDate, sex, serial, (date, s, n) => {
      const r = parseIin(makeIin(date, s, n));
      return r.valid && r.birthDate === date && r.sex === s;
    }),
    { numRuns: 2000 },
  );
});

test('property: changing one digit is caught whenever the check digit the prefix needs changes', () => {
  fc.assert(
    fc.property(birthDate, sex, serial, fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 9 }), (date, s, n, pos, delta) => {
      const iin = makeIin(date, s, n);
      const changed = iin.slice(0, pos) + ((Number(iin[pos]) + delta) % 10) + iin.slice(pos + 1);
      const needed = iinCheckDigit(changed.slice(0, 11));
      // A changed last digit always mismatches; a changed body digit is caught unless the new prefix needs the same check digit.
      if (pos === 11 || needed !== Number(iin[11])) return parseIin(changed).valid === false;
      return true;
    }),
    { numRuns: 3000 },
  );
});

test('property: a valid IIN has a defined check digit equal to its last digit', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^\d{12}$/), (s) => {
      const r = parseIin(s);
      if (!r.valid) return true;
      return iinCheckDigit(s.slice(0, 11)) === Number(s[11]);
    }),
    { numRuns: 5000 },
  );
});

test('makeIin rejects impossible inputs', () => {
  assert.throws(() => makeIin('2026-02-30', 'male', 1), RangeError);
  assert.throws(() => makeIin('1799-12-31', 'male', 1), RangeError);
  assert.throws(() => makeIin('2000-01-01', 'male', 10000), RangeError);
});
