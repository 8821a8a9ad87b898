// Threshold arithmetic against hand-counted cases and, by property, against the rational comparison
// it implements (share × base compared with the count, cross-multiplied, so no floats are involved).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { exactProduct, threshold } from '../../../src/core/council/index.ts';

test('hand-counted thresholds: 2/3 of 126, more than half of 126 and of 125, at least half of 4', () => {
  assert.equal(threshold({ numerator: 2, denominator: 3 }, 126, 'atLeast'), 84);
  assert.equal(threshold({ numerator: 2, denominator: 3 }, 125, 'atLeast'), 84); // 83 1/3 → 84
  assert.equal(threshold({ numerator: 2, denominator: 3 }, 126, 'moreThan'), 85);
  assert.equal(threshold({ numerator: 1, denominator: 2 }, 126, 'moreThan'), 64);
  assert.equal(threshold({ numerator: 1, denominator: 2 }, 125, 'moreThan'), 63); // 62 1/2 → 63
  assert.equal(threshold({ numerator: 1, denominator: 2 }, 4, 'atLeast'), 2);
  assert.equal(threshold({ numerator: 1, denominator: 1 }, 7, 'atLeast'), 7);
  assert.equal(threshold({ numerator: 1, denominator: 2 }, 0, 'atLeast'), 0);
  assert.equal(threshold({ numerator: 1, denominator: 2 }, 0, 'moreThan'), 1);
});

test('exact products are written as whole numbers or mixed fractions', () => {
  assert.equal(exactProduct({ numerator: 2, denominator: 3 }, 126), '84');
  assert.equal(exactProduct({ numerator: 2, denominator: 3 }, 125), '83 1/3');
  assert.equal(exactProduct({ numerator: 1, denominator: 2 }, 125), '62 1/2');
  assert.equal(exactProduct({ numerator: 2, denominator: 4 }, 3), '1 1/2');
  assert.equal(exactProduct({ numerator: 1, denominator: 3 }, 1), '1/3');
});

test('a base that is not a count is a programming error', () => {
  assert.throws(() => threshold({ numerator: 1, denominator: 2 }, -1, 'atLeast'), RangeError);
  assert.throws(() => threshold({ numerator: 1, denominator: 2 }, 2.5, 'moreThan'), RangeError);
});

const share = fc.integer({ min: 1, max: 40 }).chain((d) => fc.record({ numerator: fc.integer({ min: 1, max: d }), denominator: fc.constant(d) }));

test('property: the threshold is the smallest count meeting the rule (cross-multiplied)', () => {
  fc.assert(
    fc.property(share, fc.integer({ min: 0, max: 10_000 }), fc.constantFrom('atLeast' as const, 'moreThan' as const), (s, base, comparison) => {
      const meets = (k: number) => (comparison === 'atLeast' ? k * s.denominator >= s.numerator * base : k * s.denominator > s.numerator * base);
      const t = threshold(s, base, comparison);
      return meets(t) && (t === 0 || !meets(t - 1));
    }),
  );
});

test('property: one more member raises the threshold by at most one (share ≤ 1)', () => {
  fc.assert(
    fc.property(share, fc.integer({ min: 0, max: 10_000 }), fc.constantFrom('atLeast' as const, 'moreThan' as const), (s, base, comparison) => {
      const d = threshold(s, base + 1, comparison) - threshold(s, base, comparison);
      return d === 0 || d === 1;
    }),
  );
});
