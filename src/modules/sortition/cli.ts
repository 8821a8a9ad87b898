// `kenes select run|commit|verify`: the sortition engine on CSV files (src/core/sortition).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  ALGORITHMS,
  type Algorithm,
  DEFAULT_LOTTERY_SIZE,
  DISTRIBUTION_RULES,
  type DistributionRule,
  InfeasibleQuotasError,
  type ProgressEvent,
  type SelectionInput,
  type SelectionReport,
  SortitionInputError,
  commitment,
  parsePanelot,
  parseSortitionFoundation,
  renderHtmlReport,
  runSelection,
  verifySelection,
} from '../../core/sortition/index.ts';
import { randomBytes } from 'node:crypto';
import { checkReportCertificate } from '../../core/sortition/certificate.ts';
import { CliError } from '../../cli/errors.ts';
import { type PublicVerifyFlags, verifyPublicRun } from './cliVerify.ts';

interface InputFlags {
  categories?: string;
  respondents?: string;
  features?: string;
  people?: string;
  k?: string;
  idColumn?: string;
  households?: string;
}

interface RunFlags extends InputFlags {
  algorithm: string;
  distribution: string;
  seed?: string;
  entropy?: string;
  lotterySize: string;
  timeLimit?: string;
  legacyRuns?: string;
  json?: boolean;
  out?: string;
  html?: string;
  quiet?: boolean;
}

function inputOptions(cmd: Command): Command {
  return cmd
    .option('--categories <file>', 'Panelot quotas: category,feature,min,max')
    .option('--respondents <file>', 'Panelot pool: one column per category')
    .option('--features <file>', 'Sortition Foundation quotas: feature,value,min,max[,min_flex,max_flex]')
    .option('--people <file>', 'Sortition Foundation pool, with an id column')
    .option('--k <n>', 'panel size')
    .option('--id-column <name>', 'column holding person ids (Panelot default: row index)')
    .option('--households <columns>', 'comma-separated columns; people sharing them: at most one per panel');
}

function drawOptions(cmd: Command): Command {
  return cmd
    .option('--algorithm <name>', `one of ${ALGORITHMS.join(', ')}`, 'leximin')
    .option('--distribution <rule>', `distribution over panels once the probabilities are fixed: ${DISTRIBUTION_RULES.join(' or ')} (ADR 0116)`, 'leximin')
    .option('--lottery-size <m>', 'tickets in the final uniform lottery', String(DEFAULT_LOTTERY_SIZE));
}

export function registerSelect(program: Command) {
  const select = program.command('select').description('stratified lottery for a panel (sortition)');

  drawOptions(inputOptions(select.command('run')))
    .description('compute fair selection probabilities and draw a panel')
    .option('--seed <hex>', 'seed: 64 hex digits (use --entropy for a public draw)')
    .option('--entropy <text>', 'public entropy statement; seed = SHA-256 of its canonical form')
    .option('--time-limit <seconds>', 'return the best result so far after this long (marked not optimal)')
    .option('--legacy-runs <n>', "also estimate the old greedy algorithm's smallest probability")
    .option('--json', 'print the JSON report on stdout (progress stays on stderr)')
    .option('--out <file>', 'write the JSON report to a file')
    .option('--html <file>', 'write the HTML report to a file')
    .option('--quiet', 'no progress on stderr')
    .action(async (flags: RunFlags) => {
      const { input, source } = readInputs(flags);
      const algorithm = parseAlgorithm(flags.algorithm);
      const distribution = parseDistribution(flags.distribution, algorithm);
      let seed = flags.seed;
      if (seed === undefined && flags.entropy === undefined) {
        seed = randomBytes(32).toString('hex');
        process.stderr.write('kenes: no --entropy given; using a private random seed (the draw is not publicly verifiable)\n');
      }
      const report = await run(input, {
        algorithm,
        distribution,
        seed,
        entropy: flags.entropy,
        lotterySize: positiveInt(flags.lotterySize, '--lottery-size'),
        timeLimitSeconds: flags.timeLimit === undefined ? undefined : positiveNumber(flags.timeLimit, '--time-limit'),
        legacyComparisonRuns: flags.legacyRuns === undefined ? 0 : positiveInt(flags.legacyRuns, '--legacy-runs'),
      }, flags.quiet ? undefined : progressPrinter());
      if (flags.out) {
        report.source = relativeSource(source, dirname(resolve(flags.out)));
        writeFileSync(flags.out, `${JSON.stringify(report, null, 1)}\n`);
      } else report.source = source;
      if (flags.html) writeFileSync(flags.html, renderHtmlReport(report));
      if (flags.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else process.stdout.write(summary(report));
    });

  drawOptions(inputOptions(select.command('commit')))
    .description('print the input hash and entropy sources to publish before the draw')
    .option('--entropy-source <text>', 'a public entropy source that will be used (repeatable)', collect, [])
    .option('--json', 'print JSON')
    .action((flags: InputFlags & { algorithm: string; distribution: string; lotterySize: string; entropySource: string[]; json?: boolean }) => {
      const { input } = readInputs(flags);
      const algorithm = parseAlgorithm(flags.algorithm);
      const c = {
        ...commitment(input, {
          algorithm,
          distribution: parseDistribution(flags.distribution, algorithm),
          lotterySize: positiveInt(flags.lotterySize, '--lottery-size'),
        }),
        entropySources: flags.entropySource,
        seedRule: 'seed = SHA-256(canonical entropy): NFC, lines trimmed, inner whitespace collapsed, empty lines dropped',
      };
      if (flags.json) process.stdout.write(`${JSON.stringify(c)}\n`);
      else {
        process.stdout.write(
          `input hash: ${c.inputHash}\nalgorithm: ${c.algorithm}, k=${c.k}, pool ${c.poolSize}, lottery of ${c.lotterySize} tickets, ${c.engine}\n` +
            `entropy sources:\n${c.entropySources.map((s) => `  - ${s}\n`).join('') || '  (none listed)\n'}${c.seedRule}\n`,
        );
      }
    });

  inputOptions(select.command('verify'))
    .argument('<report>', 'a public draw\'s page URL, or a JSON report (with --commitment/--pool/--quotas/--ledger for a public draw, or the input files for a private run)')
    .description('check a public draw against its files and the ledger and rerun it; or rerun a private run from its inputs')
    .option('--commitment <file>', 'commitment.json of a public draw')
    .option('--pool <file>', 'pool.csv of a public draw')
    .option('--quotas <file>', 'quotas.csv of a public draw')
    .option('--ledger <file>', 'a ledger export (kenes ledger export, or /api/v1/ledger/export)')
    .option('--entropy <text>', 'the entropy text as you have it (default: the one revealed on the ledger)')
    .option('--key <key>', 'the platform public key to trust (base64 SPKI, PEM, or a file)')
    .option('--no-rerun', 'skip rerunning the optimisation (the lottery and the pick are always redone)')
    .option('--certificate', 'instead of rerunning the optimisation, check the LEXIMIN optimality certificate (exact arithmetic, no LP solver)')
    .action(async (reportFile: string, flags: InputFlags & PublicVerifyFlags) => {
      if (/^https?:\/\//.test(reportFile) || flags.commitment) {
        await verifyPublicRun(reportFile, flags);
        return;
      }
      let report: SelectionReport;
      try {
        report = JSON.parse(readFileSync(reportFile, 'utf8'));
      } catch (err) {
        throw new CliError(`${reportFile}: cannot read the report: ${(err as Error).message}`, 2);
      }
      const src = (report.source ?? {}) as Record<string, string>;
      const base = dirname(resolve(reportFile));
      const fromReport = (key: keyof InputFlags) =>
        flags[key] ?? (src[key] === undefined ? undefined : resolve(base, String(src[key])));
      const { input } = readInputs({
        categories: fromReport('categories'),
        respondents: fromReport('respondents'),
        features: fromReport('features'),
        people: fromReport('people'),
        k: flags.k ?? String(report.k),
        idColumn: flags.idColumn ?? src.idColumn,
        households: flags.households ?? (report.householdColumns?.join(',') || undefined),
      });
      if (flags.certificate) {
        const checked = checkReportCertificate(input, report);
        if (!checked.ok) throw new CliError(`certificate check failed: ${checked.message}`, 1);
        process.stdout.write(`${checked.message}\n`);
        return;
      }
      const result = await verifySelection(input, report);
      if (!result.ok) throw new CliError(`verification failed: ${result.problems.join('; ')}`, 1);
      process.stdout.write(
        `verified: ${report.algorithm}${report.distributionRule ? ` (${report.distributionRule} distribution)` : ''} draw, input hash ${report.inputHash}, seed ${report.seed}, ticket ${report.draw.ticket}, ${report.draw.members.length} members match${report.ceremony?.public === false ? ` (${report.ceremony.note})` : ''}\n`,
      );
    });
}

function collect(value: string, previous: string[]) {
  return [...previous, value];
}

function readInputs(flags: InputFlags): { input: SelectionInput; source: Record<string, string> } {
  if (flags.k === undefined) throw new CliError('--k (panel size) is required', 2);
  const k = positiveInt(flags.k, '--k');
  const householdColumns = flags.households?.split(',').map((s) => s.trim()).filter(Boolean);
  const options = { k, idColumn: flags.idColumn, householdColumns };
  const source: Record<string, string> = {};
  if (flags.idColumn) source.idColumn = flags.idColumn;
  try {
    if (flags.categories || flags.respondents) {
      if (!flags.categories || !flags.respondents) throw new CliError('Panelot input needs --categories and --respondents', 2);
      Object.assign(source, { format: 'panelot', categories: flags.categories, respondents: flags.respondents });
      return {
        input: parsePanelot(
          {
            categoriesCsv: readText(flags.categories),
            respondentsCsv: readText(flags.respondents),
            categoriesFile: flags.categories,
            respondentsFile: flags.respondents,
          },
          options,
        ),
        source,
      };
    }
    if (flags.features || flags.people) {
      if (!flags.features || !flags.people) throw new CliError('Sortition Foundation input needs --features and --people', 2);
      Object.assign(source, { format: 'sortition-foundation', features: flags.features, people: flags.people });
      return {
        input: parseSortitionFoundation(
          {
            featuresCsv: readText(flags.features),
            peopleCsv: readText(flags.people),
            featuresFile: flags.features,
            peopleFile: flags.people,
          },
          options,
        ),
        source,
      };
    }
  } catch (err) {
    if (err instanceof SortitionInputError) throw new CliError(err.message, 2);
    throw err;
  }
  throw new CliError('give --categories and --respondents (Panelot) or --features and --people (Sortition Foundation)', 2);
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`${file}: ${(err as NodeJS.ErrnoException).code ?? 'cannot read'}`, 2);
  }
}

function relativeSource(source: Record<string, string>, dir: string): Record<string, string> {
  const out = { ...source };
  for (const key of ['categories', 'respondents', 'features', 'people']) {
    if (out[key]) out[key] = relative(dir, resolve(out[key]));
  }
  return out;
}

async function run(input: SelectionInput, options: Parameters<typeof runSelection>[1], onProgress?: (e: ProgressEvent) => void) {
  try {
    return await runSelection(input, options, onProgress);
  } catch (err) {
    if (err instanceof InfeasibleQuotasError) throw new CliError(err.message, 2);
    if (err instanceof Error && /seed|entropy/.test(err.message)) throw new CliError(err.message, 2);
    throw err;
  }
}

function progressPrinter() {
  let last = 0;
  let lastLevel = 0;
  return (e: ProgressEvent) => {
    const now = Date.now();
    if (now - last < 500 && e.level === lastLevel) return;
    last = now;
    lastLevel = e.level;
    process.stderr.write(
      `[${e.algorithm}] level ${e.level} round ${e.round}: min ${e.minimum.toFixed(6)}, fixed ${e.fixedPeople}/${e.totalPeople}, gap ${e.gap.toExponential(1)}, ${(e.elapsedMs / 1000).toFixed(1)} s\n`,
    );
  };
}

function summary(r: SelectionReport): string {
  const s = r.summary;
  return [
    `${r.algorithm.toUpperCase()} k=${r.k} pool=${r.poolSize}${r.optimal || r.algorithm === 'legacy' ? '' : ` NOT OPTIMAL (gap ${r.gap})`}`,
    `probabilities: min ${s.min}, max ${s.max}, Gini ${s.gini}; lottery of ${r.lottery.size}: max change ${s.lotteryMaxChange}`,
    ...(s.legacyMinimum === null ? [] : [`legacy greedy estimated min: ${s.legacyMinimum} (${s.legacyRuns} draws)`]),
    ...(r.maxEntropy ? [entropyLine(r.maxEntropy)] : []),
    `input hash ${r.inputHash}`,
    `seed ${r.seed}${r.entropy === null ? '' : ' (from entropy)'}`,
    `ticket ${r.draw.ticket} → panel: ${r.draw.members.join(', ')}`,
    '',
  ].join('\n');
}

function parseAlgorithm(name: string): Algorithm {
  const a = name.toLowerCase() as Algorithm;
  if (!ALGORITHMS.includes(a)) throw new CliError(`--algorithm must be one of ${ALGORITHMS.join(', ')}, got "${name}"`, 2);
  return a;
}

function entropyLine(me: NonNullable<SelectionReport['maxEntropy']>): string {
  const f = (x: number) => x.toFixed(3);
  return `maxentropy distribution: entropy over type panels ${f(me.maxentropy.distribution.typePanels)} nats (lottery ${f(me.maxentropy.lottery.typePanels)}), LEXIMIN's own ${f(me.leximin.distribution.typePanels)} (lottery ${f(me.leximin.lottery.typePanels)}); over people panels ${f(me.maxentropy.lottery.peoplePanels)} vs ${f(me.leximin.lottery.peoplePanels)}; ${me.maxentropy.panels} panels, ${me.maxentropy.lotteryPanels} in the lottery`;
}

function parseDistribution(name: string, algorithm: Algorithm): DistributionRule {
  const d = name.toLowerCase() as DistributionRule;
  if (!DISTRIBUTION_RULES.includes(d)) throw new CliError(`--distribution must be one of ${DISTRIBUTION_RULES.join(', ')}, got "${name}"`, 2);
  if (d === 'maxentropy' && algorithm === 'legacy') throw new CliError('--distribution maxentropy needs an optimising algorithm (leximin, maximin or nash), not legacy', 2);
  return d;
}

function positiveInt(raw: string, flag: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new CliError(`${flag} must be a positive integer, got "${raw}"`, 2);
  return Number(raw);
}

function positiveNumber(raw: string, flag: string): number {
  const x = Number(raw);
  if (!(x > 0)) throw new CliError(`${flag} must be a positive number, got "${raw}"`, 2);
  return x;
}
