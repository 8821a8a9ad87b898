// Sortition benchmark. `node --import tsx bench/sortition/run.ts [instance] [algorithm]` runs one
// instance in this process and prints one JSON line (time, peak RSS, min probability, optimality);
// without arguments it runs every target in its own child process so peak memory is per instance.
import { spawnSync } from 'node:child_process';
import { buildTypes } from '../../src/core/sortition/types.ts';
import { runSelection } from '../../src/core/sortition/index.ts';
import { checkReportCertificate } from '../../src/core/sortition/certificate.ts';
import { INSTANCES } from './instances.ts';

const TARGETS: [string, string][] = [
  ['example_small_20', 'leximin'],
  ['example_large_200', 'leximin'],
  ['sf_150_22', 'maximin'],
  ['sf_150_22', 'leximin'],
  ['sf_300_45', 'maximin'],
  ['sf_300_45', 'leximin'],
  ['sf_500_75', 'maximin'],
  ['sf_500_75', 'leximin'],
  ['sf_750_112', 'maximin'],
  ['sf_750_112', 'leximin'],
  ['hard_1727_110', 'leximin'],
  ['national_50000_126', 'leximin'],
  ['obf_like_321_30', 'leximin'],
  ['national_like_2000_126', 'leximin'],
  ['sfe_like_1727_110', 'leximin'],
  ['national_like_50000_126', 'leximin'],
];

/** `node --import tsx bench/sortition/run.ts hard` runs only the hard shapes of issue 17. */
const HARD = TARGETS.filter(([inst]) => inst.includes('_like_'));
/** `node --import tsx bench/sortition/run.ts maxentropy`: LEXIMIN then `--distribution maxentropy` on every instance (ADR 0116). */
const MAXENT: [string, string][] = Object.keys(INSTANCES).map((inst) => [inst, 'maxentropy']);
const LISTS: Record<string, [string, string][]> = { hard: HARD, maxentropy: MAXENT };

const LIMIT_SECONDS = Number(process.env.BENCH_LIMIT_SECONDS ?? 300);
const [name, algorithm] = process.argv.slice(2);
if (name && !(name in LISTS)) {
  const input = INSTANCES[name]();
  const started = performance.now();
  const timeLimit = process.env.BENCH_TIME_LIMIT ? Number(process.env.BENCH_TIME_LIMIT) : undefined;
  const cpuBefore = process.cpuUsage();
  // `maxentropy` is LEXIMIN followed by the maximum-entropy distribution with its marginals.
  const maxent = algorithm === 'maxentropy';
  const options = { algorithm: (maxent ? 'leximin' : algorithm) as 'leximin', distribution: maxent ? ('maxentropy' as const) : undefined };
  const report = await runSelection(input, { ...options, seed: '0'.repeat(64), timeLimitSeconds: timeLimit }, (e) => {
    if (process.env.BENCH_PROGRESS) process.stderr.write(`${JSON.stringify(e)}\n`);
  });
  const seconds = (performance.now() - started) / 1000;
  const cpuRun = process.cpuUsage(cpuBefore);
  // The optimality certificate (ADR 0113), checked as a verifier would, and its own CPU time.
  const cpuCheck = process.cpuUsage();
  const certificate = algorithm === 'leximin' || maxent ? checkReportCertificate(input, report) : null;
  const certificateCpuSeconds = Number((process.cpuUsage(cpuCheck).user / 1e6).toFixed(2));
  const probs = report.people.map((p) => p.probability);
  console.log(
    JSON.stringify({
      instance: name,
      algorithm,
      n: input.people.length,
      k: input.k,
      typeCount: buildTypes(input).types.length,
      seconds: Number(seconds.toFixed(2)),
      cpuSeconds: Number((cpuRun.user / 1e6).toFixed(2)),
      certificate: certificate ? (certificate.ok ? 'optimal, proven' : certificate.message) : null,
      certificateCpuSeconds,
      gap: report.gap,
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      optimal: report.optimal,
      min: report.summary.min,
      max: report.summary.max,
      allWithin1e6Of01: probs.every((p) => Math.abs(p - 0.1) <= 1e-6),
      lotteryMaxChange: report.summary.lotteryMaxChange,
      ...(report.maxEntropy ? maxEntropyColumns(report) : {}),
      ...report.stats,
    }),
  );
} else {
  for (const [inst, alg] of LISTS[name] ?? TARGETS) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, inst, alg], {
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
      timeout: LIMIT_SECONDS * 1000,
    });
    const failed = r.error ? `not finished within ${LIMIT_SECONDS} s` : `exit ${r.status}`;
    process.stdout.write(r.stdout || `${JSON.stringify({ instance: inst, algorithm: alg, failed })}\n`);
  }
}

/** Entropies (nats) of LEXIMIN's own distribution and the maximum-entropy one, before and after rounding. */
function maxEntropyColumns(report: Awaited<ReturnType<typeof runSelection>>) {
  const me = report.maxEntropy!;
  const r = (x: number) => Number(x.toFixed(4));
  return {
    entropyUnit: me.unit,
    leximinTypeH: r(me.leximin.distribution.typePanels),
    leximinPeopleH: r(me.leximin.distribution.peoplePanels),
    leximinLotteryTypeH: r(me.leximin.lottery.typePanels),
    leximinLotteryPeopleH: r(me.leximin.lottery.peoplePanels),
    maxentTypeH: r(me.maxentropy.distribution.typePanels),
    maxentPeopleH: r(me.maxentropy.distribution.peoplePanels),
    maxentLotteryTypeH: r(me.maxentropy.lottery.typePanels),
    maxentLotteryPeopleH: r(me.maxentropy.lottery.peoplePanels),
    dualBound: r(me.dualBound),
    leximinPanels: me.leximin.panels,
    maxentPanels: me.maxentropy.panels,
    lotteryPanels: [me.leximin.lotteryPanels, me.maxentropy.lotteryPanels],
    candidates: me.candidates,
    usable: me.usable,
    usedLeximin: me.usedLeximin,
    newtonIterations: me.newtonIterations,
    mixture: me.mixture,
    marginalError: me.marginalError,
    maxEntropySeconds: Number(((report.timing.maxEntropyMs ?? 0) / 1000).toFixed(2)),
    maxEntropyCpuSeconds: Number(((report.timing.maxEntropyCpuMs ?? 0) / 1000).toFixed(2)),
  };
}
