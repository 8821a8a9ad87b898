// Public API of the sortition engine: pure functions, no I/O, safe to call from a worker thread.
//
//   parsePanelot({ categoriesCsv, respondentsCsv }, { k, idColumn?, householdColumns? }) -> SelectionInput
//   parseSortitionFoundation({ featuresCsv, peopleCsv }, { k, idColumn?, householdColumns? }) -> SelectionInput
//       Throw SortitionInputError (with .location {file,row,column}) on bad input.
//   commitment(input, { algorithm?, lotterySize? }) -> { inputHash, ... }
//       What to publish before the draw (with the list of entropy sources).
//   runSelection(input, { algorithm?, seed? | entropy?, lotterySize?, timeLimitSeconds?,
//                legacyComparisonRuns? }, onProgress?) -> Promise<SelectionReport>
//       Throws InfeasibleQuotasError (with .diagnosis: conflicts + proposed relaxation) when no
//       panel meets the quotas. Progress events go to onProgress (round, minimum, fixed, elapsed).
//   verifySelection(input, report) -> Promise<{ ok, problems }>
//       Re-runs the draw and compares everything but timing, bit for bit.
//   renderHtmlReport(report) -> string   (self-contained HTML, no script)
import { canonicalEntropy, HashRng, fastRng, isSeed, seedFromEntropy } from './random.ts';
import { checkDistribution, type ProgressFn, type TypeDistribution, typeMarginals } from './distribution.ts';
import { InfeasibleQuotasError } from './errors.ts';
import { diagnoseInfeasibility, isFeasible } from './infeasibility.ts';
import { inputHash } from './canonical.ts';
import { CERTIFICATE_FORMAT } from './certificate.ts';
import { legacyEstimate } from './legacy.ts';
import { leximin } from './leximin.ts';
import { type Lottery, panelOfTicket, roundToLottery } from './lottery.ts';
import type { Algorithm, DistributionRule, SelectionInput } from './model.ts';
import { entropyOf, MARGINAL_TOLERANCE, maxEntropy } from './maxEntropy.ts';
import { nash } from './nash.ts';
import { quotaCounts } from './panels.ts';
import { REPORT_FORMAT, type SelectionReport, verifiablePart } from './report.ts';
import { gini, onGrid } from './stats.ts';
import { buildTypes, type TypedInstance } from './types.ts';

export { parsePanelot, parseSortitionFoundation } from './inputs.ts';
export type { PanelotFiles, PoolOptions, SortitionFoundationFiles } from './inputs.ts';
export { InfeasibleQuotasError, SortitionInputError } from './errors.ts';
export type { InfeasibilityDiagnosis } from './infeasibility.ts';
export { ALGORITHMS, DISTRIBUTION_RULES } from './model.ts';
export type { Algorithm, DistributionRule, Person, Quota, SelectionInput } from './model.ts';
export type { ProgressEvent, ProgressFn } from './distribution.ts';
export type { SelectionReport } from './report.ts';
export { ENGLISH_REPORT, type ReportWords, renderHtmlReport, reportSections } from './html.ts';
export { canonicalEntropy, seedFromEntropy } from './random.ts';
export { inputHash } from './canonical.ts';
export { REPORT_FORMAT, verifiablePart } from './report.ts';

export const ENGINE_VERSION = '1.1.0';
const SOLVER = 'HiGHS via highs (npm) 1.15';
export const DEFAULT_LOTTERY_SIZE = 1000;

export interface SelectionOptions {
  algorithm?: Algorithm;
  /** After the algorithm fixes the marginals: its own distribution (default) or maximum entropy (ADR 0116). */
  distribution?: DistributionRule;
  /** 64 hex digits. Give either a seed or an entropy string. */
  seed?: string;
  /** Public entropy statement; the seed is SHA-256 of its canonical form. */
  entropy?: string;
  /** Tickets in the final uniform lottery (M). */
  lotterySize?: number;
  /** Return the best result found so far after this long, marked not optimal. */
  timeLimitSeconds?: number;
  /** Also estimate the old greedy algorithm's smallest probability with this many draws. */
  legacyComparisonRuns?: number;
  /** The published commitment this draw was revealed against (ADR 0111); absent for private runs. */
  commitment?: string;
}

export function commitment(
  input: SelectionInput,
  options: Pick<SelectionOptions, 'algorithm' | 'lotterySize' | 'distribution'> = {},
) {
  const algorithm = options.algorithm ?? 'leximin';
  const lotterySize = options.lotterySize ?? DEFAULT_LOTTERY_SIZE;
  const rule = options.distribution ?? 'leximin';
  return {
    inputHash: inputHash(input, algorithm, lotterySize, rule),
    algorithm,
    ...(rule === 'leximin' ? {} : { distribution: rule }),
    lotterySize,
    k: input.k,
    poolSize: input.people.length,
    engine: `kenes-sortition ${ENGINE_VERSION}`,
  };
}

export async function runSelection(
  input: SelectionInput,
  options: SelectionOptions,
  onProgress?: ProgressFn,
): Promise<SelectionReport> {
  const startedAt = new Date();
  const algorithm = options.algorithm ?? 'leximin';
  const M = options.lotterySize ?? DEFAULT_LOTTERY_SIZE;
  if (!Number.isSafeInteger(M) || M < 1) throw new Error(`lottery size must be a positive integer, got ${M}`);
  const rule = options.distribution ?? 'leximin';
  if (rule !== 'leximin' && rule !== 'maxentropy') throw new Error(`unknown distribution rule ${rule}`);
  if (rule === 'maxentropy' && algorithm === 'legacy') throw new Error('--distribution maxentropy needs an optimising algorithm, not legacy');
  const hash = inputHash(input, algorithm, M, rule);
  const { seed, entropy } = resolveSeed(options);
  const inst = buildTypes(input);
  if (!(await isFeasible(inst))) {
    const diagnosis = await diagnoseInfeasibility(inst);
    throw new InfeasibleQuotasError(diagnosis.message, diagnosis);
  }
  const deadline = options.timeLimitSeconds ? startedAt.getTime() + options.timeLimitSeconds * 1000 : undefined;

  let dist: TypeDistribution | null = null;
  let lottery: Lottery;
  let entropyReport: SelectionReport['maxEntropy'];
  let maxEntropyTiming: { maxEntropyMs: number; maxEntropyCpuMs: number } | undefined;
  if (algorithm === 'legacy') {
    // The lottery is M independent greedy draws; their average is the estimate of its probabilities.
    const est = legacyEstimate(inst, M, fastRng(`${seed}|legacy`));
    lottery = legacyLottery(inst, est.panels, M);
  } else {
    dist =
      algorithm === 'nash'
        ? await nash(inst, { deadline, onProgress })
        : await leximin(inst, { deadline, onProgress, maximinOnly: algorithm === 'maximin' });
    let leximinDist: TypeDistribution | undefined;
    let leximinLottery: Lottery | undefined;
    if (rule === 'maxentropy') {
      const wall = Date.now();
      const cpu = process.cpuUsage();
      const spread = await withMaxEntropy(inst, dist, M, hash);
      leximinDist = dist;
      leximinLottery = spread.leximinLottery;
      dist = spread.dist;
      entropyReport = spread.report;
      const used = process.cpuUsage(cpu);
      maxEntropyTiming = { maxEntropyMs: Date.now() - wall, maxEntropyCpuMs: Math.round((used.user + used.system) / 1000) };
    }
    const problems = checkDistribution(inst, dist.panels, dist.probs);
    if (problems.length) throw new Error(`internal check failed: ${problems.join('; ')}`);
    lottery = roundToLottery(inst, dist.panels, dist.probs, M);
    if (entropyReport && leximinDist && leximinLottery) {
      entropyReport.maxentropy.lottery = entropyOf(inst, lottery.panels, lottery.tickets.map((x) => x / M));
      entropyReport.maxentropy.lotteryPanels = lottery.panels.length;
      // Rounding can cost more entropy than the spreading gained: then the draw uses LEXIMIN's own.
      if (entropyReport.maxentropy.lottery.typePanels < entropyReport.leximin.lottery.typePanels) {
        dist = leximinDist;
        lottery = leximinLottery;
        entropyReport.usedLeximin = true;
      }
    }
  }

  const typeProb = dist ? dist.typeProb : lottery.typeProb;
  const legacyRuns = options.legacyComparisonRuns ?? 0;
  const legacyMinimum = legacyRuns > 0 ? legacyMin(inst, legacyRuns, seed) : null;

  const draw = drawPanel(inst, lottery, seed);
  const personType = new Int32Array(input.people.length);
  inst.types.forEach((t, ti) => {
    for (const m of t.members) personType[m] = ti;
  });
  const personProb = input.people.map((_, i) => typeProb[personType[i]]);
  const lotteryPersonProb = input.people.map((_, i) => lottery.typeProb[personType[i]]);
  const drawn = quotaCounts(inst, lottery.panels[draw.panel]);
  const expectedLottery = typeMarginals(inst, lottery.panels, lottery.tickets.map((x) => x / M));
  const probs = dist ? dist.probs : lottery.tickets.map((x) => x / M);
  let firstTicket = 0;

  return {
    format: REPORT_FORMAT,
    engine: { name: 'kenes-sortition', version: ENGINE_VERSION, solver: SOLVER },
    algorithm,
    k: input.k,
    poolSize: input.people.length,
    householdColumns: input.householdColumns ?? [],
    inputHash: hash,
    entropy,
    seed,
    optimal: dist ? dist.optimal : false,
    gap: onGrid(dist ? dist.gap : 0),
    summary: {
      min: onGrid(Math.min(...typeProb)),
      max: onGrid(Math.max(...typeProb)),
      gini: onGrid(gini(personProb)),
      lotteryMin: onGrid(Math.min(...lottery.typeProb)),
      lotteryMax: onGrid(Math.max(...lottery.typeProb)),
      lotteryMaxChange: onGrid(dist ? lottery.maxChange : 0),
      legacyMinimum: legacyMinimum === null ? null : onGrid(legacyMinimum),
      legacyRuns,
    },
    checks: {
      panelsMeetQuotas: checkDistribution(inst, lottery.panels, lottery.tickets.map((x) => x / M)).length === 0,
      probabilitySum: onGrid(probs.reduce((s, p) => s + p, 0)),
      marginalSum: onGrid(personProb.reduce((s, p) => s + p, 0), 8),
    },
    quotas: input.quotas.map((q, qi) => ({
      category: q.category,
      value: q.value,
      min: q.min,
      max: q.max,
      pool: inst.quotaTypes[qi].reduce((s, t) => s + inst.size[t], 0),
      expected: onGrid(inst.quotaTypes[qi].reduce((s, t) => s + expectedLottery[t] * inst.size[t], 0), 6),
      selected: drawn[qi],
    })),
    people: input.people.map((p, i) => ({
      id: p.id,
      probability: onGrid(personProb[i]),
      lotteryProbability: onGrid(lotteryPersonProb[i]),
      type: personType[i],
    })),
    lottery: {
      size: M,
      types: inst.types.map((t) => ({ values: t.values, size: t.members.length })),
      panels: lottery.panels.map((panel, j) => {
        const members: [number, number][] = [];
        panel.forEach((c, t) => {
          if (c) members.push([t, c]);
        });
        const entry = { firstTicket, tickets: lottery.tickets[j], members };
        firstTicket += lottery.tickets[j];
        return entry;
      }),
    },
    draw,
    distribution: dist ? { panels: dist.panels.map(pairsOf), probs: dist.probs.slice() } : null,
    ...(algorithm === 'leximin' ? { certificate: certificateOf(dist) } : {}),
    ...(entropyReport ? { distributionRule: 'maxentropy' as const, maxEntropy: entropyReport } : {}),
    ceremony: ceremonyOf(options, entropy),
    stats: {
      types: inst.types.length,
      levels: dist?.stats.levels ?? 0,
      rounds: dist?.stats.rounds ?? 0,
      pricingCalls: dist?.stats.pricingCalls ?? 0,
      panelsGenerated: dist?.stats.panelsGenerated ?? 0,
    },
    timing: {
      startedAt: startedAt.toISOString(),
      elapsedMs: Date.now() - startedAt.getTime(),
      timeLimitSeconds: options.timeLimitSeconds ?? null,
      ...maxEntropyTiming,
    },
  };
}

/** Candidate panels per lottery ticket: more than M panels cannot all get a ticket (ADR 0116). */
const CANDIDATES_PER_TICKET = 2;

/**
 * Replaces the distribution by the maximum-entropy one with the same marginals; the candidate walks
 * are seeded by the input hash (inputs and rule), so the distribution is committed before the seed.
 */
async function withMaxEntropy(
  inst: TypedInstance,
  dist: TypeDistribution,
  M: number,
  hash: string,
): Promise<{ dist: TypeDistribution; leximinLottery: Lottery; report: NonNullable<SelectionReport['maxEntropy']> }> {
  const me = await maxEntropy(inst, dist, { candidates: CANDIDATES_PER_TICKET * M, seed: `${hash}|maxentropy` });
  const base = roundToLottery(inst, dist.panels, dist.probs, M);
  const report: NonNullable<SelectionReport['maxEntropy']> = {
    unit: 'nats',
    leximin: {
      distribution: entropyOf(inst, dist.panels, dist.probs),
      lottery: entropyOf(inst, base.panels, base.tickets.map((x) => x / M)),
      panels: dist.panels.length,
      lotteryPanels: base.panels.length,
    },
    maxentropy: {
      distribution: entropyOf(inst, me.panels, me.probs),
      lottery: { typePanels: 0, peoplePanels: 0 },
      panels: me.panels.length,
      lotteryPanels: 0,
    },
    ...me.stats,
    marginalTolerance: MARGINAL_TOLERANCE,
    usedLeximin: false,
  };
  // The marginals stay LEXIMIN's (the fairness claim); the new distribution meets them to the tolerance.
  return { dist: { ...dist, panels: me.panels, probs: me.probs }, leximinLottery: base, report };
}

function certificateOf(dist: TypeDistribution | null): NonNullable<SelectionReport['certificate']> {
  if (dist?.certificate) {
    return {
      format: CERTIFICATE_FORMAT,
      note: 'check with: kenes select verify REPORT --certificate (exact arithmetic, no LP solver; ADR 0113)',
      levels: dist.certificate,
    };
  }
  const why = !dist?.optimal
    ? 'the run stopped before optimality was proven'
    : "the relaxation's LEXIMIN vector was not reachable, so the levels were proven by pricing MIPs, which a certificate of LP multipliers cannot replay";
  return { format: null, note: `no certificate: ${why}` };
}

/** Panel as [type, count] pairs of its non-zero counts. */
function pairsOf(panel: Int32Array): [number, number][] {
  const out: [number, number][] = [];
  panel.forEach((c, t) => {
    if (c) out.push([t, c]);
  });
  return out;
}

function ceremonyOf(options: SelectionOptions, entropy: string | null): SelectionReport['ceremony'] {
  if (options.commitment !== undefined && entropy !== null) return { public: true, commitment: options.commitment, note: 'public draw: the inputs and entropy sources were committed on the ledger before the entropy existed' };
  const why = entropy === null ? 'the seed was chosen by the operator' : 'no commitment was published before the entropy';
  return { public: false, commitment: null, note: `private run, not a public draw: ${why}` };
}

function resolveSeed(options: SelectionOptions): { seed: string; entropy: string | null } {
  if (options.entropy !== undefined) {
    const seed = seedFromEntropy(options.entropy);
    if (options.seed !== undefined && options.seed !== seed) {
      throw new Error('both a seed and an entropy string were given, and the seed is not SHA-256 of the entropy');
    }
    return { seed, entropy: canonicalEntropy(options.entropy) };
  }
  if (options.seed === undefined) throw new Error('a seed or an entropy string is required');
  if (!isSeed(options.seed)) throw new Error('the seed must be 64 lowercase hex digits (SHA-256)');
  return { seed: options.seed, entropy: null };
}

/** Ticket from the seed, then the members of each type uniformly from the seed, integers only. */
function drawPanel(inst: TypedInstance, lottery: Lottery, seed: string) {
  const ticket = new HashRng(seed, 'ticket').below(lottery.size);
  const panel = panelOfTicket(lottery, ticket);
  const rng = new HashRng(seed, 'members');
  const chosen: number[] = [];
  lottery.panels[panel].forEach((count, t) => {
    if (count) chosen.push(...rng.sample(inst.types[t].members, count));
  });
  chosen.sort((a, b) => a - b);
  return { ticket, panel, members: chosen.map((i) => inst.input.people[i].id) };
}

function legacyLottery(inst: TypedInstance, draws: Int32Array[], M: number): Lottery {
  const sorted = draws.slice().sort((a, b) => {
    for (let t = 0; t < a.length; t++) if (a[t] !== b[t]) return a[t] - b[t];
    return 0;
  });
  const panels: Int32Array[] = [];
  const tickets: number[] = [];
  for (const p of sorted) {
    const last = panels[panels.length - 1];
    if (last?.every((x, t) => x === p[t])) tickets[tickets.length - 1]++;
    else {
      panels.push(p);
      tickets.push(1);
    }
  }
  const typeTickets = new Array<number>(inst.types.length).fill(0);
  panels.forEach((p, j) => {
    p.forEach((c, t) => {
      typeTickets[t] += c * tickets[j];
    });
  });
  const typeProb = typeTickets.map((x, t) => x / (M * inst.size[t]));
  return { panels, tickets, size: M, maxChange: 0, typeProb, typeTickets };
}

function legacyMin(inst: TypedInstance, runs: number, seed: string): number {
  const est = legacyEstimate(inst, runs, fastRng(`${seed}|legacy-comparison`));
  return Math.min(...est.typeProb);
}

export interface VerifyResult {
  ok: boolean;
  problems: string[];
}

/** Re-runs the draw described by `report` on `input` and compares it bit for bit (timing aside). */
export async function verifySelection(input: SelectionInput, report: SelectionReport): Promise<VerifyResult> {
  const problems: string[] = [];
  if (report.format !== REPORT_FORMAT) return { ok: false, problems: [`unknown report format ${report.format}`] };
  const rule: DistributionRule = report.distributionRule ?? 'leximin';
  const hash = inputHash(input, report.algorithm, report.lottery?.size ?? DEFAULT_LOTTERY_SIZE, rule);
  if (hash !== report.inputHash) {
    problems.push(`input hash differs: the pool, quotas or k are not the ones of the report (${hash} ≠ ${report.inputHash})`);
  }
  if (report.entropy !== null && seedFromEntropy(report.entropy) !== report.seed) {
    problems.push('the seed is not SHA-256 of the recorded entropy');
  }
  if (report.engine?.version !== ENGINE_VERSION) {
    problems.push(`report made by engine ${report.engine?.version}, this is ${ENGINE_VERSION}`);
  }
  if (report.timing?.timeLimitSeconds) {
    problems.push('the report was made under a time limit, so it cannot be reproduced exactly');
  }
  if (problems.length) return { ok: false, problems };
  const again = await runSelection(input, {
    algorithm: report.algorithm,
    distribution: rule,
    ...(report.ceremony?.commitment ? { commitment: report.ceremony.commitment } : {}),
    ...(report.entropy !== null ? { entropy: report.entropy } : { seed: report.seed }),
    lotterySize: report.lottery.size,
    legacyComparisonRuns: report.summary.legacyRuns,
  });
  const a = verifiablePart(again) as unknown as Record<string, unknown>;
  const b = verifiablePart(report) as unknown as Record<string, unknown>;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) problems.push(`"${key}" differs from the re-run`);
  }
  return { ok: problems.length === 0, problems };
}
