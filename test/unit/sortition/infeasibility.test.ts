import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InfeasibleQuotasError, parseSortitionFoundation, runSelection } from '../../../src/core/sortition/index.ts';
import { SEED } from './helpers.ts';

const people = `id,gender,age
${Array.from({ length: 20 }, (_, i) => `${i},${i % 2 ? 'm' : 'f'},${i % 4 < 2 ? 'young' : 'old'}`).join('\n')}
`;

async function infeasible(features: string): Promise<InfeasibleQuotasError> {
  const input = parseSortitionFoundation({ featuresCsv: features, peopleCsv: people }, { k: 6 });
  try {
    await runSelection(input, { seed: SEED });
  } catch (err) {
    assert.ok(err instanceof InfeasibleQuotasError);
    return err;
  }
  assert.fail('expected infeasible quotas');
}

test('conflicting minima are named and a minimal relaxation is proposed', async () => {
  const err = await infeasible(`feature,value,min,max,min_flex,max_flex
gender,f,4,6,0,6
gender,m,4,6,0,6
age,young,0,6,0,6
age,old,0,6,0,6
`);
  const conflicts = err.diagnosis.conflicts.map((c) => `${c.category}=${c.value} ${c.bound}`).sort();
  assert.deepEqual(conflicts, ['gender=f min', 'gender=m min']);
  // Two seats too many are demanded: the smallest fix lowers one minimum by 2 (or both by 1).
  const relax = err.diagnosis.relaxation ?? [];
  assert.equal(
    relax.reduce((s, c) => s + (c.min - c.newMin) + (c.newMax - c.max), 0),
    2,
  );
  assert.match(err.message, /conflicting gender=f min 4.*gender=m min 4/);
});

test('a relaxation respects min_flex/max_flex, and says so when none exists', async () => {
  const bounded = await infeasible(`feature,value,min,max,min_flex,max_flex
gender,f,4,6,4,6
gender,m,4,6,3,6
age,young,0,6,0,6
age,old,0,6,0,6
`);
  assert.equal(bounded.diagnosis.relaxation, null, 'gender=m may drop only to 3: not enough');
  assert.match(bounded.message, /none within min_flex\/max_flex/);

  const flexible = await infeasible(`feature,value,min,max,min_flex,max_flex
gender,f,4,6,4,6
gender,m,4,6,2,6
age,young,0,2,0,2
age,old,0,6,0,6
`);
  assert.deepEqual(
    flexible.diagnosis.relaxation?.map((c) => [c.value, c.newMin, c.newMax]),
    [['m', 2, 6]],
  );
});

test('a minimum above the pool count is a conflict on its own', async () => {
  const err = await infeasible(`feature,value,min,max
gender,f,0,6
gender,m,0,6
age,young,0,6
age,old,11,12
`);
  assert.deepEqual(
    err.diagnosis.conflicts.map((c) => [c.value, c.bound, c.limit, c.pool]),
    [['old', 'min', 11, 10]],
  );
});
