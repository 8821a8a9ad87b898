// `kenes council simulate`, run as a process: --json prints the report with the fields the issue
// names (cycles[].composition, cycles[].minProbability, cycles[].violations, distinctMembers) and
// progress stays on stderr; bad flags are one line naming the flag, exit code 2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadCharterForCli } from '../../../src/cli/charterPath.ts';
import { simulateCouncil } from '../../../src/core/membership/simulate.ts';

const BIN = fileURLToPath(new URL('../../../bin/kenes.mjs', import.meta.url));
const kenes = (...args: string[]) => spawnSync(process.execPath, [BIN, 'council', 'simulate', ...args], { encoding: 'utf8', timeout: 600_000 });

test('kenes council simulate --json: the report on stdout, one progress line per cycle on stderr; its draws in worker threads give the report of one thread', { timeout: 600_000 }, async () => {
  const r = kenes('--cycles', '2', '--pool-size', '600', '--seed', 'cli', '--algorithm', 'maximin', '--lottery-size', '100', '--json');
  // The report is printed in full either way; the exit code says whether any rule was broken. (On a
  // pool this small a replacement under an accepted relaxation can move the shortfall to another
  // category: the zero-breach runs are the unit test's and docs/benchmarks.md's larger pools.)
  const report = JSON.parse(r.stdout);
  assert.equal(r.status, report.violations.total > 0 ? 1 : 0, r.stderr);
  assert.equal(report.cycles.length, 2);
  for (const c of report.cycles) {
    assert.ok(c.composition.region && c.composition.gender && c.composition.ageBand && c.composition.settlement);
    assert.equal(typeof c.minProbability, 'number');
    assert.equal(typeof c.violations.total, 'number');
    assert.ok(Array.isArray(c.relaxations));
  }
  assert.ok(report.distinctMembers >= 126);
  assert.equal(report.options.seed, 'cli');
  assert.equal(r.stderr.split('\n').filter((l) => /^cycle +\d/.test(l)).length, 2, r.stderr);
  // The CLI runs each cycle's block draws side by side in workers; on this thread, one after the
  // other, the same options give the same report but for the CPU seconds.
  const here = await simulateCouncil(loadCharterForCli(undefined), { cycles: 2, poolSize: 600, seed: 'cli', algorithm: 'maximin', lotterySize: 100, declineRate: 0.1, maxTerms: null });
  const withoutCpu = (x: unknown) => JSON.stringify(x, (k, v) => (/cpu/i.test(k) ? undefined : v));
  assert.equal(withoutCpu(report), withoutCpu(here));
});

test('kenes council simulate: bad flags are refused naming the flag', () => {
  const none = kenes('--cycles', '0');
  assert.equal(none.status, 2);
  assert.match(none.stderr, /^kenes: --cycles must be a whole number 1\.\.100, got "0"/);
  const small = kenes('--cycles', '1', '--pool-size', '100');
  assert.equal(small.status, 2);
  assert.match(small.stderr, /--pool-size must be at least twice the Council's 126 seats, got 100/);
  const algo = kenes('--cycles', '1', '--algorithm', 'coin');
  assert.equal(algo.status, 2);
  assert.match(algo.stderr, /--algorithm must be one of/);
});
