// The console's check before a commit (issue 15): counts per quota value, feasibility with the engine's
// diagnosis, the relaxation applied and written back as a quota file, and every row problem of a file
// reported at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_ROW_PROBLEMS } from '../../../src/core/sortition/errors.ts';
import { SortitionInputError, parsePanelot, parseSortitionFoundation } from '../../../src/core/sortition/index.ts';
import { previewPool, quotasCsv, relaxQuotas } from '../../../src/core/sortition/preview.ts';

// 20 people: 10 f / 10 m; ages young for i % 4 < 2 (10) and old (10); households of two for i < 8.
const people = `id,gender,age,address
${Array.from({ length: 20 }, (_, i) => `p${i},${i % 2 ? 'm' : 'f'},${i % 4 < 2 ? 'young' : 'old'},${i < 8 ? `street ${Math.floor(i / 2)}` : ''}`).join('\n')}
`;

test('a feasible pool: counts per value, shares, no diagnosis', async () => {
  const input = parseSortitionFoundation({ featuresCsv: 'feature,value,min,max\ngender,f,2,4\ngender,m,2,4\nage,young,1,5\nage,old,1,5\n', peopleCsv: people }, { k: 6 });
  const p = await previewPool(input);
  assert.equal(p.poolSize, 20);
  assert.equal(p.k, 6);
  assert.equal(p.households, null);
  assert.equal(p.feasible, true);
  assert.equal(p.diagnosis, null);
  assert.deepEqual(
    p.categories.map((c) => [c.category, c.values.map((v) => [v.value, v.min, v.max, v.pool, v.short])]),
    [
      ['gender', [['f', 2, 4, 10, false], ['m', 2, 4, 10, false]]],
      ['age', [['young', 1, 5, 10, false], ['old', 1, 5, 10, false]]],
    ],
  );
});

test('households are counted when the rule is on: 4 pairs and 12 people alone', async () => {
  const input = parseSortitionFoundation({ featuresCsv: 'feature,value,min,max\ngender,f,0,6\ngender,m,0,6\n', peopleCsv: people }, { k: 6, householdColumns: ['address'] });
  assert.equal((await previewPool(input)).households, 16);
});

test('an infeasible pool: the short value is marked, the conflict named, and the relaxation makes it feasible', async () => {
  // 8 women wanted on a panel of 6, and only 10 young people of whom 6 at least: the gender minimum conflicts with k.
  const features = 'feature,value,min,max,min_flex,max_flex\ngender,f,5,6,2,6\ngender,m,3,6,0,6\nage,young,0,6,0,6\nage,old,0,6,0,6\n';
  const input = parseSortitionFoundation({ featuresCsv: features, peopleCsv: people }, { k: 6 });
  const p = await previewPool(input);
  assert.equal(p.feasible, false);
  assert.deepEqual(p.diagnosis!.conflicts.map((c) => `${c.category}=${c.value} ${c.bound}`).sort(), ['gender=f min', 'gender=m min']);
  const relax = p.diagnosis!.relaxation!;
  assert.ok(relax.length > 0);
  assert.equal(relax.reduce((s, c) => s + (c.min - c.newMin) + (c.newMax - c.max), 0), 2, 'two seats too many: the smallest change is 2');

  const text = quotasCsv('sortition-foundation', relaxQuotas(input.quotas, relax));
  const again = parseSortitionFoundation({ featuresCsv: text, peopleCsv: people }, { k: 6 });
  assert.deepEqual(again.quotas.map((q) => [q.minFlex, q.maxFlex]), input.quotas.map((q) => [q.minFlex, q.maxFlex]), 'flex bounds survive the round trip');
  assert.equal((await previewPool(again)).feasible, true);

  // A value with fewer people than its minimum is marked as impossible on its own.
  const short = await previewPool(parsePanelot({ categoriesCsv: 'category,feature,min,max\ngender,f,12,12\ngender,m,0,20\n', respondentsCsv: 'gender\n' + 'f\n'.repeat(10) + 'm\n'.repeat(10) }, { k: 15 }));
  assert.deepEqual(short.categories[0]!.values.map((v) => [v.value, v.short]), [['f', true], ['m', false]]);
  assert.equal(short.feasible, false);
});

test('quotasCsv writes Panelot files and quotes cells that need it', () => {
  const quotas = [{ category: 'region, city', value: 'Almaty "south"', min: 1, max: 2 }, { category: 'region, city', value: 'Astana', min: 0, max: 3 }];
  const text = quotasCsv('panelot', quotas);
  assert.equal(text, 'category,feature,min,max\n"region, city","Almaty ""south""",1,2\n"region, city",Astana,0,3\n');
  const back = parsePanelot({ categoriesCsv: text, respondentsCsv: '"region, city"\n"Almaty ""south"""\nAstana\nAstana\n' }, { k: 2 });
  assert.deepEqual(back.quotas, quotas);
});

test('every row problem of a pool file is reported at once, the first as the error itself', () => {
  const pool = 'id,gender\na,f\na,m\nb,x\n,f\nc,f\nd,\n';
  let err: unknown;
  try {
    parseSortitionFoundation({ featuresCsv: 'feature,value,min,max\ngender,f,0,2\ngender,m,0,2\n', peopleCsv: pool }, { k: 2 });
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof SortitionInputError);
  const all = [err, ...err.others].map((e) => e.message);
  assert.deepEqual(all, [
    'people.csv, row 3, column "id": duplicate id "a"',
    'people.csv, row 4, column "gender": value "x" is not among the quota values of "gender" in features.csv',
    'people.csv, row 5, column "id": empty id',
    'people.csv, row 7, column "gender": empty value is not among the quota values of "gender" in features.csv',
  ]);
  assert.equal(err.others.every((e) => e.others.length === 0), true);
});

test('quota rows are gathered too, and at most MAX_ROW_PROBLEMS are kept', () => {
  const rows = Array.from({ length: MAX_ROW_PROBLEMS + 10 }, (_, i) => `gender,v${i},3,1`).join('\n');
  try {
    parsePanelot({ categoriesCsv: `category,feature,min,max\n${rows}\n`, respondentsCsv: 'gender\nv0\n' }, { k: 1 });
    assert.fail('expected an error');
  } catch (err) {
    assert.ok(err instanceof SortitionInputError);
    assert.equal(1 + err.others.length, MAX_ROW_PROBLEMS);
    assert.match(err.message, /row 2, column "min": min 3 is greater than max 1/);
    assert.match(err.others.at(-1)!.message, new RegExp(`row ${MAX_ROW_PROBLEMS + 1}, column "min"`));
  }
});
