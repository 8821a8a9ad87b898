// Pure proposal rules against the default charter: text limits, action-group spread, thresholds with
// the regional-spread rule, signing windows and public names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { loadCharter } from '../../../src/core/charter/index.ts';
import { defaultCharterPath } from '../../../src/config.ts';
import { checkTexts, closingTime, findKind, isLinkOnly, missingActionGroupRegions, publicSignerName, significantWords, textLength, thresholdMet } from '../../../src/core/proposals/rules.ts';

const charter = loadCharter(defaultCharterPath());
const petition = findKind(charter, 'petition')!;
const referendum = findKind(charter, 'referendumInitiative')!;

test('text limits come from the charter and count Kazakh letters once', () => {
  assert.equal(textLength('Қазақстан'), 9);
  const ok = { title: 'Ә'.repeat(petition.text.title.max), summary: 's'.repeat(petition.text.summary.min), body: 'b'.repeat(petition.text.body.min) };
  assert.deepEqual(checkTexts(petition, ok), []);
  const bad = checkTexts(petition, { ...ok, title: 'Ә'.repeat(petition.text.title.max + 1), body: 'short' });
  assert.deepEqual(
    bad.map((e) => [e.field, e.key]),
    [
      ['title', 'err.tooLong'],
      ['body', 'err.tooShort'],
    ],
  );
});

test('the action group needs the charter minimum from every region, and says which are missing', () => {
  const need = referendum.actionGroup!.minMembersPerRegion;
  const full = charter.regions.flatMap((r) => Array(need).fill(r.code));
  assert.deepEqual(missingActionGroupRegions(charter, referendum, full), []);
  const short = full.slice(1);
  assert.deepEqual(missingActionGroupRegions(charter, referendum, short), [{ region: charter.regions[0].code, have: need - 1, need }]);
  assert.deepEqual(missingActionGroupRegions(charter, petition, []), [], 'a petition needs no group');
});

test('a referendum reaches its threshold only with the regional spread', () => {
  const per = referendum.regionalSpread.minSignaturesPerRegion;
  const total = referendum.signatureThreshold;
  const concentrated = { 'KZ-75': total };
  assert.equal(thresholdMet(charter, referendum, total, concentrated), false);
  const spread = Object.fromEntries(charter.regions.map((r) => [r.code, Math.max(per, Math.ceil(total / charter.regions.length))]));
  const sum = Object.values(spread).reduce((a, b) => a + b, 0);
  assert.equal(thresholdMet(charter, referendum, sum, spread), true);
  assert.equal(thresholdMet(charter, petition, petition.signatureThreshold - 1, {}), false);
  assert.equal(thresholdMet(charter, petition, petition.signatureThreshold, {}), true);
});

test('link-only until the visibility threshold', () => {
  assert.equal(isLinkOnly(petition, petition.linkOnlyUntilSignatures - 1), true);
  assert.equal(isLinkOnly(petition, petition.linkOnlyUntilSignatures), false);
});

test('signing windows in months keep the day, clamped to the month end', () => {
  assert.equal(closingTime(new Date('2026-08-31T10:00:00Z'), { length: 6, unit: 'months' }).toISOString(), '2027-02-28T10:00:00.000Z');
  assert.equal(closingTime(new Date('2026-01-15T00:00:00Z'), { length: 6, unit: 'months' }).toISOString(), '2026-07-15T00:00:00.000Z');
  assert.equal(closingTime(new Date('2026-12-30T00:00:00Z'), { length: 5, unit: 'days' }).toISOString(), '2027-01-04T00:00:00.000Z');
  fc.assert(
    fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), fc.integer({ min: 1, max: 24 }), (d, n) => {
      const c = closingTime(d, { length: n, unit: 'months' });
      return c > d && c.getUTCDate() <= d.getUTCDate();
    }),
  );
});

test('public names: first name and surname initial only', () => {
  assert.equal(publicSignerName('Айгерим Сейткали'), 'Айгерим С.');
  assert.equal(publicSignerName('  Ерлан   өтегенов Болатұлы '), 'Ерлан Ө.');
  assert.equal(publicSignerName('Madina'), 'Madina');
});

test('similar-proposal words are significant and unique', () => {
  assert.deepEqual(significantWords('Мектеп мектеп асханасы in the park'), ['асханасы', 'мектеп', 'park']);
});
