// Long-run simulation of the Council's rotation (issue 12, deliverable 8; ADR 0806). N cycles of a
// charter on synthetic nominees with a realistic skew, every draw through the real sortition engine
// and every rule through the membership core: eligibility (cooling-off, sitting members, one member
// per organisation), renewal quotas from the continuing members, the first selection's class split,
// alternates and replacements for declines. The report compares the whole Council with the target
// after each cycle, and counts how often each person served over all cycles. Rule breaches are
// counted by checks of their own, independent of the code that enforces the rules, so "zero
// violations" is a finding and not a tautology. No I/O: the CLI (`kenes council simulate`) prints it.
import type { Charter } from '../charter/types.ts';
import { quotasFromCharter, selectionCategories } from '../selection/charterQuotas.ts';
import { type Algorithm, InfeasibleQuotasError, runSelection, type SelectionInput, type SelectionReport } from '../sortition/index.ts';
import { fastRng, sha256Hex } from '../sortition/random.ts';
import { chooseReplacement } from './alternates.ts';
import { splitIntoClasses } from './classSplit.ts';
import { assignFirstSeats, assignSeats, planCycle } from './cyclePlan.ts';
import { type Candidate, checkNominations, continuesPast, type MembershipRecord } from './eligibility.ts';
import { blockDrawInput, blockTargetQuotas, type Features, type PoolEntry, quotaViolations, renewalQuotas } from './quotas.ts';
import { rankBlockAlternates } from './robustAlternates.ts';
import { addYears, councilSeats, termEndCycle } from './rotation.ts';
import { type CycleSchedule, selectionDate } from './timeline.ts';

export interface SimulationOptions {
  cycles: number;
  /** Any text: the synthetic population, the nominations, the declines and every draw's seed follow from it. */
  seed: string;
  /** Nominees per cycle, all blocks together (about; each person is nominated with their own propensity). */
  poolSize: number;
  /** Share of drawn candidates (and called alternates) who decline. */
  declineRate?: number;
  /** Share of the synthetic population replaced by newcomers between cycles (moves, deaths, new adults). */
  turnover?: number;
  algorithm?: Algorithm;
  lotterySize?: number;
  /**
   * The correction under test (ADR 0806): a person who has served this many terms is no longer
   * eligible. Null: the charter's rules only.
   */
  maxTerms?: number | null;
  /** Called after each cycle, e.g. for progress on stderr. */
  onCycle?: (cycle: CycleReport) => void;
  /**
   * Runs one block's draw (default: `runSelection` on this thread). The CLI passes one that runs it in a
   * worker thread, so the blocks' draws of a cycle run side by side on a machine's cores; the results are
   * the same, since each draw follows from its own input and seed.
   */
  select?: (input: SelectionInput, options: SelectOptions) => Promise<SelectionReport>;
}

export type SelectOptions = { seed: string; algorithm: Algorithm; lotterySize: number };

export interface CategoryComposition {
  count: number;
  /** The whole Council's target for the category: share × seats (regions: by population). */
  target: number;
  /** The sum of the blocks' quota ranges. */
  min: number;
  max: number;
}

export interface CycleReport {
  cycle: number;
  selectionDate: string;
  /** Eligible nominees per block, and the nominations refused (cooling-off, sitting, organisation, …) by reason. */
  pool: Record<string, number>;
  refused: Record<string, number>;
  seatsDrawn: number;
  /** The whole Council after the cycle's renewal, dimension → category → count against the target. */
  composition: Record<string, Record<string, CategoryComposition>>;
  /** The smallest and largest selection probability of any eligible nominee in the cycle's draws. */
  minProbability: number;
  maxProbability: number;
  declines: number;
  replacements: { fromAlternates: number; fromReserve: number; replacementDraws: number; vacancies: number };
  /** Quotas relaxed (the engine's smallest relaxation, accepted) because the pool could not meet them. */
  relaxations: { block: string; category: string; value: string; min: [number, number]; max: [number, number] }[];
  /** Rule breaches (total: their sum), and apart from them the quota minimums missed only because a seat stayed vacant. */
  violations: { quota: number; coolingOff: number; organisation: number; sittingTwice: number; total: number; vacancyShortfall: number; relaxed: number };
  /** CPU seconds of this process spent on the cycle (user + system). */
  cpuSeconds: number;
}

export interface SimulationReport {
  charter: { seats: number; termYears: number; cycleYears: number; coolingOffYears: number; renewalShare: string };
  options: { cycles: number; seed: string; poolSize: number; declineRate: number; turnover: number; algorithm: Algorithm; lotterySize: number; maxTerms: number | null };
  skew: { underRepresentedRegions: string[]; femaleShare: number; ruralShare: number; ageWeights: Record<string, number> };
  cycles: CycleReport[];
  /** People who held a seat at least once. */
  distinctMembers: number;
  /** Terms served per person who served: number of terms → how many people. */
  termsServed: Record<string, number>;
  /** Share of the people who served who served more than once. */
  repeatShare: number;
  /** Terms held by the 10% of the people who served most, as a share of all terms (0.1 when even). */
  top10Share: number;
  violations: { quota: number; coolingOff: number; organisation: number; sittingTwice: number; total: number; vacancyShortfall: number; relaxed: number };
  replacements: number;
  vacancies: number;
  relaxations: number;
  cpuSeconds: number;
}

interface Person {
  id: string;
  blockId: string;
  region: string;
  sex: 'male' | 'female';
  birthDate: string;
  settlement: string;
  organisationId: string | null;
  /** Chance of being nominated in a given cycle: a few are nominated nearly every time. */
  propensity: number;
}

/** Nominees' skew against the national shares: fewer women, young and rural people, some regions far fewer. */
const SKEW = { femaleShare: 0.42, ruralShare: 0.27, ageWeights: { age18to29: 0.12, age30to44: 0.3, age45to59: 0.33, age60plus: 0.25 } as Record<string, number>, regionFactor: 0.35, regionsUnder: 4 };
const AGE_SPAN: Record<string, [number, number]> = { age18to29: [18, 29], age30to44: [30, 44], age45to59: [45, 59], age60plus: [60, 79] };

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function pickWeighted<T>(rnd: () => number, items: readonly T[], weights: readonly number[]): T {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = rnd() * total;
  for (let i = 0; i < items.length; i++) {
    x -= weights[i]!;
    if (x < 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

export async function simulateCouncil(charter: Charter, opts: SimulationOptions): Promise<SimulationReport> {
  const council = charter.bodies.council;
  if (!Number.isInteger(opts.cycles) || opts.cycles < 1 || opts.cycles > 100) throw new RangeError(`cycles must be a whole number 1..100, got ${opts.cycles}`);
  if (!Number.isInteger(opts.poolSize) || opts.poolSize < council.seats * 2 || opts.poolSize > 1_000_000) throw new RangeError(`pool size must be a whole number ${council.seats * 2}..1000000, got ${opts.poolSize}`);
  const declineRate = opts.declineRate ?? 0.1;
  const turnover = opts.turnover ?? 0.1;
  const algorithm = opts.algorithm ?? 'leximin';
  const lotterySize = opts.lotterySize ?? 1000;
  const maxTerms = opts.maxTerms === undefined ? (charter.bodies.council.eligibility.maxTerms ?? null) : opts.maxTerms;
  const rnd = fastRng(sha256Hex(`simulate|${opts.seed}`));
  const select = opts.select ?? runSelection;
  const started = cpu();

  const dimOf = (derived: 'sex' | 'age' | 'regions' | 'other') =>
    council.selectionDimensions.find((d) => (derived === 'regions' ? d.categoriesFrom === 'regions' : derived === 'other' ? !d.categoriesFrom && !d.derivedFrom : d.derivedFrom === derived));
  const settlementDim = dimOf('other');
  const ageDim = dimOf('age');
  // The least populous regions are the under-nominated ones (they are the hardest to fill).
  const byPopulation = [...charter.regions].sort((a, b) => a.population.count - b.population.count);
  const under = new Set(byPopulation.slice(0, SKEW.regionsUnder).map((r) => r.code));
  const regionWeights = charter.regions.map((r) => r.population.count * (under.has(r.code) ? SKEW.regionFactor : 1));
  const ageBands = ageDim?.categories?.map((c) => c.id) ?? [];
  const rural = settlementDim?.categories?.find((c) => c.id === 'rural')?.id ?? settlementDim?.categories?.at(-1)?.id;
  const urban = settlementDim?.categories?.find((c) => c.id !== rural)?.id;

  // Propensity: 30% are "regulars" nominated nine times in ten, the rest three times in ten; the
  // population is sized so that the expected nominations per cycle are the pool size.
  const meanPropensity = 0.3 * 0.9 + 0.7 * 0.3;
  const perBlock = Math.ceil(opts.poolSize / council.blocks.length / meanPropensity);
  let serial = 0;
  let orgSerial = 0;
  /** The organisation still taking members, by block and region, and its places left. */
  const orgs = new Map<string, { id: string; left: number }>();
  const newPerson = (blockId: string, refDate: string): Person => {
    const block = council.blocks.find((b) => b.id === blockId)!;
    const band = ageBands.length ? pickWeighted(rnd, ageBands, ageBands.map((b) => SKEW.ageWeights[b] ?? 0.25)) : '';
    const [lo, hi] = AGE_SPAN[band] ?? [18, 79];
    const age = lo + Math.floor(rnd() * (hi - lo + 1));
    const birthDate = addYears(refDate, -age - 1).slice(0, 5) + String(1 + Math.floor(rnd() * 12)).padStart(2, '0') + '-' + String(1 + Math.floor(rnd() * 28)).padStart(2, '0');
    const region = pickWeighted(rnd, charter.regions, regionWeights).code;
    // Organisations: a self-nomination where the block allows it (40%), otherwise one of the region's
    // organisations of the block, most nominating one person, some several.
    let organisationId: string | null = null;
    if (!(block.selfNomination && rnd() < 0.4)) {
      const key = `${blockId}/${region}`;
      const open = orgs.get(key);
      if (open && open.left > 0) {
        organisationId = open.id;
        open.left--;
      } else {
        organisationId = `${key}/org${(orgSerial++).toString(36)}`;
        orgs.set(key, { id: organisationId, left: rnd() < 0.6 ? 0 : 1 + Math.floor(rnd() * 4) });
      }
    }
    return {
      id: `p${(serial++).toString(36).padStart(5, '0')}`,
      blockId,
      region,
      sex: rnd() < SKEW.femaleShare ? 'female' : 'male',
      birthDate,
      settlement: rnd() < SKEW.ruralShare ? (rural ?? '') : (urban ?? ''),
      organisationId,
      propensity: rnd() < 0.3 ? 0.9 : 0.3,
    };
  };
  const firstDate = selectionDate(charter, 0);
  const population = new Map<string, Person[]>(council.blocks.map((b) => [b.id, Array.from({ length: perBlock }, () => newPerson(b.id, firstDate))]));

  const memberships: (MembershipRecord & { features: Features })[] = [];
  const termsOf = new Map<string, number>();
  const seatClass = new Map(councilSeats(charter).map((s) => [s.id, s.seatClass]));
  const cycles: CycleReport[] = [];
  const acceptedRelaxations = new Map<string, number>();

  for (let n = 0; n < opts.cycles; n++) {
    const cycleStart = cpu();
    const drawDate = selectionDate(charter, n);
    // The simulation needs only the selection date (cooling-off) and the age reference date.
    const schedule: CycleSchedule = { cycle: n, announced: drawDate, nominationsOpen: drawDate, nominationsClosed: drawDate, committed: drawDate, drawn: drawDate, confirmationDeadline: drawDate, termStart: drawDate };
    if (n > 0) {
      const sittingOn = new Set(memberships.filter((m) => continuesPast(m, n)).map((m) => m.personId));
      for (const [blockId, people] of population) {
        for (let i = 0; i < people.length; i++) if (rnd() < turnover && !sittingOn.has(people[i]!.id)) people[i] = newPerson(blockId, drawDate);
      }
    }

    // Nominations: each person with their propensity, organisations up to the charter's limit.
    const candidates: Candidate[] = [];
    const persons = new Map<string, Person>();
    const nominatedBy = new Map<string, number>();
    for (const block of council.blocks) {
      for (const p of population.get(block.id)!) {
        if (rnd() >= p.propensity) continue;
        if (p.organisationId !== null) {
          const c = nominatedBy.get(p.organisationId) ?? 0;
          if (c >= council.nominations.maxPerOrganisation) continue;
          nominatedBy.set(p.organisationId, c + 1);
        }
        const id = `c${n}-${p.id}`;
        persons.set(id, p);
        candidates.push({ id, personId: p.id, blockId: block.id, organisationId: p.organisationId, birthDate: p.birthDate, sex: p.sex, region: p.region, declared: settlementDim ? { [settlementDim.id]: p.settlement } : {}, offices: [], consented: true });
      }
    }
    const checked = checkNominations({ charter, schedule, memberships }, candidates);
    const refused: Record<string, number> = {};
    const pools = new Map<string, PoolEntry[]>(council.blocks.map((b) => [b.id, []]));
    for (const c of candidates) {
      const r = checked.get(c.id)!;
      const codes = new Set<string>(r.reasons.map((x) => x.code));
      if (maxTerms !== null && (termsOf.get(c.personId) ?? 0) >= maxTerms) codes.add('maxTerms');
      if (codes.size > 0) {
        for (const code of codes) refused[code] = (refused[code] ?? 0) + 1;
        continue;
      }
      pools.get(c.blockId)!.push({ id: c.id, organisationId: c.organisationId, features: r.features });
    }

    const plan = planCycle(charter, n, memberships);
    let minP = 1;
    let maxP = 0;
    let declines = 0;
    const repl = { fromAlternates: 0, fromReserve: 0, replacementDraws: 0, vacancies: 0 };
    let seatsDrawn = 0;
    const relaxations: CycleReport['relaxations'] = [];
    // A block's draw depends only on its pool, its continuing members and its seed, never on the other
    // blocks' draws: the cycle's draws run side by side; what follows them (declines, replacements,
    // seats) runs block after block, in the order of the plan.
    const drawn = await Promise.all(
      plan.map(async (b) => {
        const pool = pools.get(b.blockId)!;
        const continuing = memberships.filter((m) => m.blockId === b.blockId && continuesPast(m, n));
        const quotas = renewalQuotas(charter, b.blockId, continuing.map((m) => m.features), b.k);
        const seed = sha256Hex(`${opts.seed}|cycle ${n}|${b.blockId}`);
        const relaxed: CycleReport['relaxations'] = [];
        const draw = () => select(blockDrawInput(charter, pool, quotas), { seed, algorithm, lotterySize });
        try {
          return { continuing, seed, relaxed, report: await draw() };
        } catch (err) {
          // The pool cannot meet the quotas: the secretariat accepts the engine's smallest relaxation
          // (ADR 0801), recorded in the report, and the draw runs under it.
          if (!(err instanceof InfeasibleQuotasError) || !err.diagnosis.relaxation) throw err;
          for (const ch of err.diagnosis.relaxation) {
            const q = quotas.quotas.find((x) => x.category === ch.category && x.value === ch.value)!;
            q.min = ch.newMin;
            q.max = ch.newMax;
            relaxed.push({ block: b.blockId, category: ch.category, value: ch.value, min: [ch.min, ch.newMin], max: [ch.max, ch.newMax] });
          }
          return { continuing, seed, relaxed, report: await draw() };
        }
      }),
    );
    for (const [bi, b] of plan.entries()) {
      const pool = pools.get(b.blockId)!;
      const byId = new Map(pool.map((p) => [p.id, p]));
      const { continuing, seed, relaxed, report } = drawn[bi]!;
      relaxations.push(...relaxed);
      minP = Math.min(minP, report.summary.min);
      maxP = Math.max(maxP, report.summary.max);
      seatsDrawn += b.k;
      const contEntries: PoolEntry[] = continuing.map((m) => ({ id: `m-${m.personId}`, organisationId: m.organisationId, features: m.features }));
      const drawnEntries = report.draw.members.map((id) => byId.get(id)!);
      // The charter's dropout rates, if any, shape the ranking (ADR 0811); without them, the hash ranking.
      const ranked = rankBlockAlternates(charter, { blockId: b.blockId, seated: contEntries, drawn: drawnEntries, pool, seed: report.seed });
      // Confirmations: each drawn member may decline; the seat goes to the highest-ranked alternate who
      // keeps the block inside its quotas, who may decline too; failing all, a replacement draw of one seat.
      const members: (PoolEntry | null)[] = [...drawnEntries];
      const unavailable = new Set<string>(report.draw.members);
      for (let i = 0; i < members.length; i++) {
        let leaver = members[i]!;
        if (rnd() >= declineRate) continue;
        declines++;
        for (let tries = 0; ; tries++) {
          const remaining = [...contEntries, ...(members.filter((m, j) => j !== i && m !== null) as PoolEntry[])];
          const choice = chooseReplacement(charter, { blockId: b.blockId, remaining, leaver, ranked, pool: byId, unavailable });
          if (choice.kind === 'alternate') {
            unavailable.add(choice.id);
            const entry = byId.get(choice.id)!;
            if (rnd() < declineRate && tries < 50) {
              declines++;
              leaver = entry;
              continue;
            }
            members[i] = entry;
            if (choice.fromReserve) repl.fromReserve++;
            else repl.fromAlternates++;
          } else if (choice.kind === 'replacementDraw') {
            try {
              // One seat, maximin, one after the other: on this thread (a worker would only add its start-up).
              const r = await runSelection(choice.input, { seed: sha256Hex(`${seed}|replacement|${i}|${tries}`), algorithm: 'maximin', lotterySize: 100 });
              members[i] = byId.get(r.draw.members[0]!)!;
              unavailable.add(r.draw.members[0]!);
              repl.replacementDraws++;
            } catch {
              members[i] = null;
              repl.vacancies++;
            }
          } else {
            members[i] = null;
            repl.vacancies++;
          }
          break;
        }
      }
      const seated = members.filter((m): m is PoolEntry => m !== null);
      let seats: { seatId: string; memberId: string }[];
      if (n === 0 && seated.length === b.k) seats = assignFirstSeats(charter, b.blockId, splitIntoClasses(charter, b.blockId, seated, report.seed).classes);
      else seats = assignSeats(b.vacated.slice(0, seated.length), seated.map((m) => m.id));
      for (const s of seats) {
        const entry = byId.get(s.memberId)!;
        const p = persons.get(s.memberId)!;
        memberships.push({ personId: p.id, blockId: b.blockId, seatId: s.seatId, organisationId: entry.organisationId, startCycle: n, endCycle: termEndCycle(council, seatClass.get(s.seatId)!, n), features: entry.features });
        termsOf.set(p.id, (termsOf.get(p.id) ?? 0) + 1);
      }
    }

    // A relaxation accepted at a draw holds while the members it let in sit (to the next renewal of their class).
    for (const r of relaxations) acceptedRelaxations.set(`${r.block}|${r.category}|${r.value}`, n + 2);
    for (const [k, until] of acceptedRelaxations) if (until <= n) acceptedRelaxations.delete(k);
    const violations = checkRules(charter, memberships, n, new Set(acceptedRelaxations.keys()));
    const sitting = memberships.filter((m) => m.startCycle <= n && m.endCycle > n);
    const report: CycleReport = {
      cycle: n,
      selectionDate: drawDate,
      pool: Object.fromEntries([...pools].map(([k, v]) => [k, v.length])),
      refused,
      seatsDrawn,
      composition: composition(charter, sitting.map((m) => m.features)),
      minProbability: round(minP),
      maxProbability: round(maxP),
      declines,
      replacements: repl,
      relaxations,
      violations,
      cpuSeconds: round(cpu() - cycleStart, 2),
    };
    cycles.push(report);
    opts.onCycle?.(report);
  }

  const counts = [...termsOf.values()].sort((a, b) => b - a);
  const termsServed: Record<string, number> = {};
  for (const c of counts) termsServed[c] = (termsServed[c] ?? 0) + 1;
  const top = counts.slice(0, Math.max(1, Math.ceil(counts.length / 10))).reduce((a, b) => a + b, 0);
  const all = counts.reduce((a, b) => a + b, 0);
  const sum = (k: keyof CycleReport['violations']) => cycles.reduce((a, c) => a + c.violations[k], 0);
  return {
    charter: { seats: council.seats, termYears: council.termYears, cycleYears: council.cycleYears, coolingOffYears: council.coolingOffYears, renewalShare: `${council.renewalShare.numerator}/${council.renewalShare.denominator}` },
    options: { cycles: opts.cycles, seed: opts.seed, poolSize: opts.poolSize, declineRate, turnover, algorithm, lotterySize, maxTerms },
    skew: { underRepresentedRegions: [...under], femaleShare: SKEW.femaleShare, ruralShare: SKEW.ruralShare, ageWeights: SKEW.ageWeights },
    cycles,
    distinctMembers: termsOf.size,
    termsServed,
    repeatShare: round(counts.filter((c) => c > 1).length / Math.max(1, counts.length)),
    top10Share: round(top / Math.max(1, all)),
    violations: { quota: sum('quota'), coolingOff: sum('coolingOff'), organisation: sum('organisation'), sittingTwice: sum('sittingTwice'), total: sum('total'), vacancyShortfall: sum('vacancyShortfall'), relaxed: sum('relaxed') },
    replacements: cycles.reduce((a, c) => a + c.replacements.fromAlternates + c.replacements.fromReserve + c.replacements.replacementDraws, 0),
    vacancies: cycles.reduce((a, c) => a + c.replacements.vacancies, 0),
    relaxations: cycles.reduce((a, c) => a + c.relaxations.length, 0),
    cpuSeconds: round(cpu() - started, 2),
  };
}

const round = (x: number, digits = 6) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The rules checked afresh on the membership records after cycle n, without the eligibility code:
 * each block inside its target quotas; no new member within coolingOffYears of the selection date
 * that ended an earlier term of theirs (or still sitting); at most the charter's members per
 * organisation among a block's sitting members; no person on two seats at once.
 */
export function checkRules(charter: Charter, records: readonly (MembershipRecord & { features: Features })[], n: number, accepted: ReadonlySet<string> = new Set()) {
  const council = charter.bodies.council;
  const sitting = records.filter((m) => m.startCycle <= n && m.endCycle > n);
  let quota = 0;
  let shortfall = 0;
  let relaxed = 0;
  for (const b of council.blocks) {
    const inBlock = sitting.filter((m) => m.blockId === b.id);
    for (const v of quotaViolations(blockTargetQuotas(charter, b.id), inBlock.map((m) => m.features))) {
      // A block with a seat left vacant (no eligible candidate could take it) is short of a minimum by
      // the vacancy: counted apart as a shortfall. Above a maximum, or short in a full block, is a breach.
      if (accepted.has(`${b.id}|${v.category}|${v.value}`)) relaxed += Math.max(v.count - v.max, v.min - v.count);
      else if (v.count > v.max) quota += v.count - v.max;
      else if (inBlock.length < b.seats) shortfall += v.min - v.count;
      else quota += v.min - v.count;
    }
  }
  let coolingOff = 0;
  const drawDate = selectionDate(charter, n);
  for (const m of records.filter((r) => r.startCycle === n)) {
    for (const e of records) {
      if (e === m || e.personId !== m.personId || e.startCycle >= n) continue;
      const ended = e.leftOn ?? selectionDate(charter, e.endCycle);
      if (e.endCycle > n || drawDate < addYears(ended, council.coolingOffYears)) coolingOff++;
    }
  }
  let organisation = 0;
  const limit = council.nominations.membersPerOrganisation;
  if (limit !== null) {
    const perOrg = new Map<string, number>();
    for (const m of sitting) if (m.organisationId !== null) perOrg.set(`${m.blockId}|${m.organisationId}`, (perOrg.get(`${m.blockId}|${m.organisationId}`) ?? 0) + 1);
    for (const c of perOrg.values()) if (c > limit) organisation += c - limit;
  }
  const people = new Map<string, number>();
  for (const m of sitting) people.set(m.personId, (people.get(m.personId) ?? 0) + 1);
  const sittingTwice = [...people.values()].filter((c) => c > 1).length;
  return { quota, coolingOff, organisation, sittingTwice, total: quota + coolingOff + organisation + sittingTwice, vacancyShortfall: shortfall, relaxed };
}

/** The whole Council's composition against the sum of the blocks' targets. */
export function composition(charter: Charter, people: readonly Features[]): Record<string, Record<string, CategoryComposition>> {
  const seats = charter.bodies.council.seats;
  const ranges = new Map<string, { min: number; max: number }>();
  for (const b of charter.bodies.council.blocks) {
    for (const q of quotasFromCharter(charter, b.seats)) {
      const k = `${q.category}|${q.value}`;
      const r = ranges.get(k) ?? { min: 0, max: 0 };
      ranges.set(k, { min: r.min + q.min, max: r.max + q.max });
    }
  }
  const out: Record<string, Record<string, CategoryComposition>> = {};
  for (const { dimension, categories } of selectionCategories(charter)) {
    out[dimension] = {};
    for (const c of categories) {
      const r = ranges.get(`${dimension}|${c.id}`) ?? { min: 0, max: seats };
      out[dimension]![c.id] = { count: people.filter((p) => p[dimension] === c.id).length, target: round(c.share * seats, 2), min: r.min, max: r.max };
    }
  }
  return out;
}
