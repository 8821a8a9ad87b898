import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SortitionInputError, parsePanelot, parseSortitionFoundation } from '../../../src/core/sortition/index.ts';
import { panelotFixture, scotland } from './helpers.ts';

const CATS = 'category,feature,min,max\ngender,f,1,2\ngender,m,1,2\n';
const POOL = 'gender\nf\nm\nf\nm\n';

function inputError(fn: () => unknown): SortitionInputError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof SortitionInputError, `expected SortitionInputError, got ${err}`);
    return err;
  }
  assert.fail('expected an error');
}

test('Panelot fixture: 200 people, 4 quotas, ids are row indexes', () => {
  const input = panelotFixture('example_small_20', 20);
  assert.equal(input.people.length, 200);
  assert.deepEqual(input.categories, ['gender', 'leaning']);
  assert.equal(input.quotas.length, 4);
  assert.equal(input.people[0].id, '0');
  assert.deepEqual(input.people[0].features, { gender: 'female', leaning: 'conservative' });
});

test('Sortition Foundation fixture: ids, flex bounds, household keys', () => {
  const input = scotland(['primary_address1', 'primary_zip']);
  assert.equal(input.people.length, 150);
  assert.equal(input.people[0].id, 'p0');
  const female = input.quotas.find((q) => q.value === 'Female');
  assert.deepEqual(female, { category: 'Gender', value: 'Female', min: 11, max: 12, minFlex: 0, maxFlex: 12 });
  assert.ok(input.people[0].household);
});

test('a value missing from the quotas names file, row and column', () => {
  const err = inputError(() =>
    parsePanelot({ categoriesCsv: CATS, respondentsCsv: 'gender\nf\nx\n', respondentsFile: 'pool.csv' }, { k: 2 }),
  );
  assert.deepEqual(err.location, { file: 'pool.csv', row: 3, column: 'gender' });
  assert.match(err.message, /^pool\.csv, row 3, column "gender": value "x"/);
});

test('min greater than max names the quota row', () => {
  const err = inputError(() =>
    parsePanelot({ categoriesCsv: 'category,feature,min,max\ngender,f,3,2\n', respondentsCsv: POOL }, { k: 2 }),
  );
  assert.deepEqual(err.location, { file: 'categories.csv', row: 2, column: 'min' });
  assert.match(err.message, /min 3 is greater than max 2/);
});

test('duplicate and empty ids are rejected with their row', () => {
  const features = 'feature,value,min,max\ng,a,0,2\n';
  const dup = inputError(() =>
    parseSortitionFoundation({ featuresCsv: features, peopleCsv: 'id,g\n1,a\n2,a\n1,a\n' }, { k: 1 }),
  );
  assert.deepEqual(dup.location, { file: 'people.csv', row: 4, column: 'id' });
  assert.match(dup.message, /duplicate id "1"/);
  const empty = inputError(() => parseSortitionFoundation({ featuresCsv: features, peopleCsv: 'id,g\n,a\n' }, { k: 1 }));
  assert.deepEqual(empty.location, { file: 'people.csv', row: 2, column: 'id' });
});

test('an empty pool and k out of range are rejected', () => {
  assert.match(inputError(() => parsePanelot({ categoriesCsv: CATS, respondentsCsv: 'gender\n' }, { k: 1 })).message, /pool is empty/);
  assert.match(inputError(() => parsePanelot({ categoriesCsv: CATS, respondentsCsv: POOL }, { k: 5 })).message, /k=5 is out of range 1\.\.4/);
  assert.match(inputError(() => parsePanelot({ categoriesCsv: CATS, respondentsCsv: POOL }, { k: 0 })).message, /out of range/);
});

test('unparseable CSV and missing columns name the file', () => {
  const bad = inputError(() => parsePanelot({ categoriesCsv: CATS, respondentsCsv: 'gender\n"f\nm\n' }, { k: 1 }));
  assert.match(bad.message, /^respondents\.csv.*cannot parse CSV/);
  const missing = inputError(() => parsePanelot({ categoriesCsv: 'category,feature,min\ng,a,1\n', respondentsCsv: POOL }, { k: 1 }));
  assert.match(missing.message, /categories\.csv, row 1: missing column "max"/);
  const noCol = inputError(() => parsePanelot({ categoriesCsv: CATS, respondentsCsv: 'sex\nf\n' }, { k: 1 }));
  assert.match(noCol.message, /quota category "gender".*has no column/);
  const notInt = inputError(() => parsePanelot({ categoriesCsv: 'category,feature,min,max\ng,a,1,two\n', respondentsCsv: POOL }, { k: 1 }));
  assert.deepEqual(notInt.location, { file: 'categories.csv', row: 2, column: 'max' });
});
