import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { loadCharter } from '../../../src/core/charter/index.ts';
import { quotasFromCharter, selectionCategories } from '../../../src/core/selection/charterQuotas.ts';
import { defaultCharterPath } from '../../../src/config.ts';

const charter = loadCharter(defaultCharterPath());

test('a 63-seat draw: every region at least one seat, Almaty city around its population share', () => {
  const q = quotasFromCharter(charter, 63);
  const regions = q.filter((x) => x.category === 'region');
  assert.equal(regions.length, 20);
  for (const r of regions) assert.ok(r.min >= 1, `${r.value} min ${r.min}`);
  // Almaty city: 2,347,924 of the charter total → target 63 × share; range floor−1 .. ceil+1.
  const total = charter.regions.reduce((s, r) => s + r.population.count, 0);
  const target = (63 * 2_347_924) / total;
  const almaty = regions.find((r) => r.value === 'KZ-75')!;
  assert.deepEqual([almaty.min, almaty.max], [Math.floor(target) - 1, Math.ceil(target) + 1]);
  const female = q.find((x) => x.category === 'gender' && x.value === 'female')!;
  assert.deepEqual([female.min, female.max], [Math.floor(0.52 * 63) - 2, Math.ceil(0.52 * 63) + 2]);
});

test('for any panel size, each dimension can be filled: sum of mins ≤ seats ≤ sum of maxes', () => {
  fc.assert(
    fc.property(fc.integer({ min: 20, max: 400 }), (seats) => {
      const q = quotasFromCharter(charter, seats);
      for (const { dimension } of selectionCategories(charter)) {
        const d = q.filter((x) => x.category === dimension);
        const mins = d.reduce((s, x) => s + x.min, 0);
        const maxes = d.reduce((s, x) => s + x.max, 0);
        if (!(mins <= seats && seats <= maxes)) return false;
        if (d.some((x) => x.min < 0 || x.max > seats || x.min > x.max)) return false;
      }
      return true;
    }),
  );
});

test('a non-positive or fractional seat count is refused', () => {
  assert.throws(() => quotasFromCharter(charter, 0), RangeError);
  assert.throws(() => quotasFromCharter(charter, 2.5), RangeError);
});
