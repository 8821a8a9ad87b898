// A national selection cycle through the membership core and the real sortition engine: 3 blocks,
// about 50,000 eligible nominees in all, LEXIMIN, quotas region × gender × age band × urban/rural
// from the charter, minus the continuing members at the renewal, alternates ranked, declines
// replaced. Runs the first selection (every seat, k = 42 per block, with the class split) and the
// first renewal (k = 21 per block under target − continuing), and prints each one's CPU and wall
// time and the process's peak memory. Not included: the database writes and the ceremony's files
// (the API benchmark of the ceremony is bench/sortition).
//
//   node --import tsx bench/membership/nationalCycle.ts [--pool 50000] [--algorithm leximin] [--one-thread]
import { parseArgs } from 'node:util';
import { loadCharter } from '../../src/core/charter/index.ts';
import { simulateCouncil } from '../../src/core/membership/simulate.ts';
import type { Algorithm } from '../../src/core/sortition/index.ts';
import { defaultCharterPath } from '../../src/config.ts';
import { selectInWorker } from '../../src/modules/sortition/api.ts';

const { values: args } = parseArgs({ options: { pool: { type: 'string', default: '50000' }, algorithm: { type: 'string', default: 'leximin' }, cycles: { type: 'string', default: '2' }, 'one-thread': { type: 'boolean', default: false } } });
const charter = loadCharter(defaultCharterPath());
const t0 = performance.now();
let last = t0;
const report = await simulateCouncil(charter, {
  cycles: Number(args.cycles),
  seed: 'bench-national',
  poolSize: Number(args.pool),
  algorithm: args.algorithm as Algorithm,
  // Each cycle's three block draws in worker threads, side by side, as `kenes council simulate` runs
  // them (--one-thread: one after the other on this thread; the same results).
  ...(args['one-thread'] ? {} : { select: selectInWorker }),
  onCycle: (c) => {
    const now = performance.now();
    const pool = Object.values(c.pool).reduce((a, b) => a + b, 0);
    console.log(
      `cycle ${c.cycle}: ${pool} eligible nominees (${Object.entries(c.pool).map(([b, n]) => `${b} ${n}`).join(', ')}), ${c.seatsDrawn} seats, ` +
        `cpu ${c.cpuSeconds.toFixed(2)} s (${((c.cpuSeconds / pool) * 1e6).toFixed(0)} µs cpu per nominee), wall ${((now - last) / 1000).toFixed(2)} s, ` +
        `p min ${c.minProbability} max ${c.maxProbability}, declines ${c.declines}, replaced ${JSON.stringify(c.replacements)}, violations ${c.violations.total}, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
    );
    last = now;
  },
});
console.log(`total: cpu ${report.cpuSeconds.toFixed(2)} s, wall ${((performance.now() - t0) / 1000).toFixed(2)} s, peak rss ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
