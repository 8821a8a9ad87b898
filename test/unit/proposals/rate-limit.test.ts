// Fixed-window limits: 429 past the limit with Retry-After, off at 0, and pruning that stays cheap when
// a viral petition brings more distinct citizens in one window than the prune threshold.
import assert from 'node:assert/strict';
import test from 'node:test';
import { WindowLimiter } from '../../../src/modules/proposals/rateLimit.ts';
import { HttpProblem } from '../../../src/web/problem.ts';

test('the limit-th hit passes, the next is 429 with the seconds left; a new window starts afresh', () => {
  const l = new WindowLimiter(2, 60_000);
  l.hit('a', 'signatures', 0);
  l.hit('a', 'signatures', 1000);
  assert.throws(
    () => l.hit('a', 'signatures', 15_000),
    (e: unknown) => e instanceof HttpProblem && e.status === 429 && e.extra.retryAfter === 45,
  );
  l.hit('b', 'signatures', 15_000);
  l.hit('a', 'signatures', 60_000);
});

test('a limit of 0 is off', () => {
  const l = new WindowLimiter(0, 60_000);
  assert.equal(l.enabled, false);
  for (let i = 0; i < 100; i++) l.hit('a', 'signatures', i);
  assert.equal(new WindowLimiter(1, 1000).enabled, true);
});

test('many live keys in one window: limits still hold and pruning does not walk them on every hit', () => {
  const l = new WindowLimiter(1, 60_000);
  const n = 250_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) l.hit(`citizen-${i}`, 'signatures', 1000 + (i % 50_000));
  const ms = performance.now() - t0;
  // Walking ≥ 100,000 keys for each of the last 150,000 hits would take minutes; amortised it is well under a second or two.
  assert.ok(ms < 5000, `took ${ms.toFixed(0)} ms`);
  assert.throws(() => l.hit('citizen-7', 'signatures', 2000), (e: unknown) => e instanceof HttpProblem && e.status === 429);
  // Once their windows are over, the keys are pruned and the citizens may sign again.
  for (let i = 0; i < n; i++) l.hit(`later-${i}`, 'signatures', 120_000);
  l.hit('citizen-7', 'signatures', 120_000);
  assert.ok((l as unknown as { windows: Map<string, unknown> }).windows.size <= 2 * n + 1);
});
