// Public figures of the dashboard, computed from item facts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { computeStats, median } from '../../../src/core/responses/stats.ts';

test('median of odd and even counts, and of nothing', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 10]), 3.5);
  assert.equal(median([]), null);
});

test('stats count assigned, answered, on time, overdue now and extensions', () => {
  const s = computeStats(
    [
      { dueDate: '2026-05-25', answeredOn: '2026-05-20', workingDaysToAnswer: 30, extended: false },
      { dueDate: '2026-05-25', answeredOn: '2026-05-27', workingDaysToAnswer: 42, extended: true },
      { dueDate: '2026-05-25', answeredOn: null, workingDaysToAnswer: null, extended: false },
      { dueDate: '2026-06-25', answeredOn: null, workingDaysToAnswer: null, extended: true },
    ],
    '2026-06-01',
  );
  assert.deepEqual(s, {
    assigned: 4,
    answered: 2,
    answeredOnTime: 1,
    shareOnTime: 0.5,
    medianWorkingDaysToAnswer: 36,
    overdueNow: 1,
    extended: 2,
    extensionRate: 0.5,
  });
  assert.equal(computeStats([], '2026-06-01').shareOnTime, null);
});

test('property: every assigned item is answered, overdue now, or still running, and shares stay in [0, 1]', () => {
  const date = fc.integer({ min: 0, max: 400 }).map((n) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10));
  const item = fc.record({ dueDate: date, answeredOn: fc.option(date), extended: fc.boolean(), workingDaysToAnswer: fc.constant(10) });
  fc.assert(
    fc.property(fc.array(item), date, (items, today) => {
      const s = computeStats(items, today);
      const running = items.filter((i) => !i.answeredOn && i.dueDate >= today).length;
      assert.equal(s.answered + s.overdueNow + running, s.assigned);
      for (const share of [s.shareOnTime, s.extensionRate]) if (share !== null) assert.ok(share >= 0 && share <= 1);
    }),
  );
});
