// The pure checks of ADR 0803: the BIN's check digit, an organisation's fields, a candidate's
// declaration, and the one-seat replacement draw's relaxation rule.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Charter } from '../../../src/core/charter/types.ts';
import { defaultCharterPath } from '../../../src/config.ts';
import { iinCheckDigit } from '../../../src/core/iin.ts';
import { checkConsent, checkOrganisation, isValidBin, makeBin, replacementDrawInput } from '../../../src/core/membership/index.ts';

const charter = JSON.parse(readFileSync(defaultCharterPath(), 'utf8')) as Charter;

test('a BIN is 12 digits with the IIN check digit; any other last digit is refused', () => {
  const bin = makeBin('1905', 42);
  assert.ok(isValidBin(bin));
  assert.equal(Number(bin[11]), iinCheckDigit(bin.slice(0, 11)));
  for (let d = 0; d < 10; d++) if (d !== Number(bin[11])) assert.equal(isValidBin(bin.slice(0, 11) + d), false);
  for (const bad of ['', '12345', `${bin}0`, `${bin.slice(0, 11)}x`]) assert.equal(isValidBin(bad), false, bad);
});

test('an organisation names every bad field; a good one comes back trimmed', () => {
  const r = checkOrganisation(charter, { bin: '1', name: { kk: ' ', ru: 'Общество', en: 'x'.repeat(301) }, region: 'KZ-99', block: 'chess' });
  assert.equal(r.ok, false);
  assert.deepEqual(!r.ok && r.problems.map((p) => `${p.field}:${p.code}`), ['bin:invalid-bin', 'name.kk:required', 'name.en:too-long', 'region:unknown-region', 'block:unknown-block']);
  const good = checkOrganisation(charter, { bin: ` ${makeBin('1905', 1)} `, name: { kk: ' Қоғам ', ru: 'Общество', en: 'Society' }, region: 'KZ-75', block: 'civicNgo' });
  assert.ok(good.ok);
  assert.equal(good.ok && good.value.name.kk, 'Қоғам');
});

test("a declaration needs the region, every declared dimension, known offices and the confirmation", () => {
  assert.deepEqual(
    checkConsent(charter, { region: '', declared: { settlement: 'suburb' }, offices: ['judge', 'wizard'], confirm: false }).map((p) => `${p.field}:${p.code}`),
    ['region:required', 'declared.settlement:unknown-category', 'offices.1:unknown-office', 'confirm:required'],
  );
  assert.deepEqual(checkConsent(charter, { region: 'KZ-75', declared: { settlement: 'rural' }, offices: ['judge'], confirm: true }), []);
});

test('a replacement draw is among those who break the fewest bounds, exactly those bounds relaxed', () => {
  const people = [
    { id: 'a', features: { gender: 'male', settlement: 'urban' } },
    { id: 'b', features: { gender: 'male', settlement: 'rural' } },
    { id: 'c', features: { gender: 'male', settlement: 'urban' } },
  ];
  const quotas = [
    { category: 'gender', value: 'female', min: 1, max: 1 },
    { category: 'gender', value: 'male', min: 0, max: 0 },
    { category: 'settlement', value: 'urban', min: 0, max: 1 },
    { category: 'settlement', value: 'rural', min: 0, max: 0 },
  ];
  const r = replacementDrawInput({ people, categories: ['gender', 'settlement'], quotas, k: 1 });
  // b also breaks rural's max: a and c break two bounds, b three.
  assert.deepEqual(r.input.people.map((p) => p.id), ['a', 'c']);
  assert.deepEqual(r.relaxed, [
    { category: 'gender', value: 'female', bound: 'min', from: 1, to: 0 },
    { category: 'gender', value: 'male', bound: 'max', from: 0, to: 1 },
  ]);
  assert.deepEqual(r.input.quotas.slice(2), quotas.slice(2));
  // When someone fits, nothing is relaxed.
  const fits = replacementDrawInput({ people: [...people, { id: 'd', features: { gender: 'female', settlement: 'urban' } }], categories: ['gender', 'settlement'], quotas, k: 1 });
  assert.deepEqual(fits.relaxed, []);
  assert.deepEqual(fits.input.people.map((p) => p.id), ['d']);
  assert.throws(() => replacementDrawInput({ people, categories: [], quotas, k: 2 }), RangeError);
});
