// `kenes council simulate`: the long-run simulation of the rotation (src/core/membership/simulate.ts,
// ADR 0806) on the charter's rules, printed as a table per cycle or as JSON.
import type { Command } from 'commander';
import { loadCharterForCli } from '../../cli/charterPath.ts';
import { CliError } from '../../cli/errors.ts';
import { type CycleReport, simulateCouncil } from '../../core/membership/simulate.ts';
import { ALGORITHMS, type Algorithm } from '../../core/sortition/index.ts';
import { selectInWorker } from '../sortition/api.ts';

interface SimulateFlags {
  cycles: string;
  seed: string;
  poolSize: string;
  declineRate: string;
  algorithm: string;
  lotterySize: string;
  maxTerms?: string;
  charter?: string;
  json?: boolean;
  quiet?: boolean;
}

function whole(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new CliError(`--${name} must be a whole number ${min}..${max}, got "${value}"`, 2);
  return n;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function line(c: CycleReport): string {
  const pool = Object.values(c.pool).reduce((a, b) => a + b, 0);
  const r = c.replacements;
  return [
    `cycle ${String(c.cycle).padStart(2)}`,
    c.selectionDate,
    `pool ${String(pool).padStart(6)}`,
    `seats ${String(c.seatsDrawn).padStart(3)}`,
    `p min ${pct(c.minProbability).padStart(6)} max ${pct(c.maxProbability).padStart(6)}`,
    `declines ${String(c.declines).padStart(3)}`,
    `replaced ${r.fromAlternates}+${r.fromReserve}+${r.replacementDraws} vacant ${r.vacancies}`,
    `relaxed ${c.relaxations.length}`,
    `violations ${c.violations.total}`,
    `cpu ${c.cpuSeconds.toFixed(1)} s`,
  ].join('  ');
}

export function registerCouncil(program: Command) {
  const council = program.command('council').description("the People's Council's membership by rotation");
  council
    .command('simulate')
    .description('run N selection cycles of the charter on synthetic skewed pools through the real draw, and report fairness and rule checks')
    .requiredOption('--cycles <n>', 'number of cycles (1..100)')
    .option('--seed <text>', 'seed of the synthetic population, nominations, declines and draws', 'kenes')
    .option('--pool-size <n>', 'nominees per cycle, all blocks together', '3000')
    .option('--decline-rate <share>', 'share of drawn candidates who decline', '0.1')
    .option('--algorithm <name>', `draw algorithm: ${ALGORITHMS.join(', ')}`, 'leximin')
    .option('--lottery-size <n>', 'tickets of each draw’s lottery', '1000')
    .option('--max-terms <n>', 'the correction under test (ADR 0806): no one is drawn again after this many terms')
    .option('--charter <file>', 'charter file (default: the one Kenes uses)')
    .option('--json', 'print the JSON report on stdout')
    .option('--quiet', 'no progress on stderr')
    .action(async (flags: SimulateFlags) => {
      const cycles = whole('cycles', flags.cycles, 1, 100);
      const poolSize = whole('pool-size', flags.poolSize, 1, 1_000_000);
      const lotterySize = whole('lottery-size', flags.lotterySize, 1, 100_000);
      const maxTerms = flags.maxTerms === undefined ? null : whole('max-terms', flags.maxTerms, 1, 100);
      const declineRate = Number(flags.declineRate);
      if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(flags.declineRate) || declineRate >= 1) throw new CliError(`--decline-rate must be a share 0..0.99, got "${flags.declineRate}"`, 2);
      if (!(ALGORITHMS as readonly string[]).includes(flags.algorithm)) throw new CliError(`--algorithm must be one of ${ALGORITHMS.join(', ')}, got "${flags.algorithm}"`, 2);
      const charter = loadCharterForCli(flags.charter);
      if (poolSize < charter.bodies.council.seats * 2) throw new CliError(`--pool-size must be at least twice the Council's ${charter.bodies.council.seats} seats, got ${poolSize}`, 2);
      const log = flags.quiet ? () => {} : (s: string) => process.stderr.write(`${s}\n`);
      log(`simulating ${cycles} cycles of "${charter.bodies.council.name.en}" (${charter.bodies.council.seats} seats), about ${poolSize} nominees a cycle, ${flags.algorithm}`);
      const report = await simulateCouncil(charter, { cycles, seed: flags.seed, poolSize, declineRate, algorithm: flags.algorithm as Algorithm, lotterySize, maxTerms, onCycle: (c) => log(line(c)), select: selectInWorker });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        if (report.violations.total > 0) throw new CliError(`${report.violations.total} rule violations in the simulation`, 1);
        return;
      }
      const out: string[] = [];
      out.push(`distinct members: ${report.distinctMembers}`);
      out.push(`terms served per person: ${Object.entries(report.termsServed).map(([t, n]) => `${t}×: ${n}`).join(', ')}`);
      out.push(`served more than once: ${pct(report.repeatShare)}; the top 10% of members held ${pct(report.top10Share)} of the terms`);
      out.push(`replacements: ${report.replacements}; vacancies left: ${report.vacancies}`);
      const v = report.violations;
      out.push(`violations: quota ${v.quota}, cooling-off ${v.coolingOff}, organisation ${v.organisation}, two seats ${v.sittingTwice} (total ${v.total}); quota minimums short only by vacant seats: ${v.vacancyShortfall}, under accepted relaxations: ${v.relaxed}`);
      const last = report.cycles.at(-1)!;
      out.push(`Council after cycle ${last.cycle} against the target:`);
      for (const [dim, cats] of Object.entries(last.composition)) {
        out.push(`  ${dim}: ${Object.entries(cats).map(([c, x]) => `${c} ${x.count} (target ${x.target.toFixed(1)}, ${x.min}..${x.max})`).join('; ')}`);
      }
      out.push(`cpu: ${report.cpuSeconds.toFixed(1)} s`);
      process.stdout.write(`${out.join('\n')}\n`);
      if (v.total > 0) throw new CliError(`${v.total} rule violations in the simulation`, 1);
    });
}
