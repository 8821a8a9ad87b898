// Dropout-robust alternates (issue 17, ADR 0811): how often a block ends outside its quotas after
// declines and replacements, under three rules, on the same dropout rounds:
//   (a) same features: hash-ranked alternates; a leaver is replaced only by one with exactly their values;
//   (b) today: hash ranking + chooseReplacement (ADR 0808);
//   (c) robust ranking (robustAlternates) + chooseReplacement.
// Blocks are shaped like the default charter's renewal: 42 seats, 21 sitting on and 21 just drawn
// (together meeting the target), a skewed pool of undrawn candidates and 10 alternates. Shapes:
// "charter" (no reserve: a seat none of the alternates can take is left vacant; in the platform it
// goes to a one-seat replacement draw, counted here as "to draw"), "tight" (the same with slack 0
// for gender, age and settlement), "charter + reserve" (the default charter's reserve: the whole
// undrawn pool after the alternates, in hash order under every rule).
// In each round every drawn member and every alternate declines independently with their rate; the
// rounds come from their own seed, not from the scenarios the robust ranking was chosen on.
//
//   node --import tsx bench/membership/dropout.ts [--blocks 8] [--rounds 300] [--pool 100]
import { parseArgs } from 'node:util';
import type { Charter, DropoutRates } from '../../src/core/charter/types.ts';
import { loadCharter } from '../../src/core/charter/index.ts';
import { defaultCharterPath } from '../../src/config.ts';
import { blockTargetQuotas, chooseReplacement, dropoutRate, type PoolEntry, rankAlternates, robustAlternates, shortfalls } from '../../src/core/membership/index.ts';
import { fastRng, sha256Hex } from '../../src/core/sortition/random.ts';

const { values: args } = parseArgs({ options: { blocks: { type: 'string', default: '8' }, rounds: { type: 'string', default: '300' }, pool: { type: 'string', default: '100' } } });
const BLOCKS = Number(args.blocks);
const ROUNDS = Number(args.rounds);
const POOL = Number(args.pool);

const LEVELS: { name: string; rates: Omit<DropoutRates, 'scenarios' | 'source'> }[] = [
  { name: '5 %', rates: { default: 0.05, byValue: [] } },
  { name: '15 %', rates: { default: 0.15, byValue: [] } },
  { name: '30 %', rates: { default: 0.3, byValue: [] } },
  {
    name: 'skewed (10 %; rural 35 %, 18–29 30 %, male 20 %)',
    rates: { default: 0.1, byValue: [{ dimension: 'settlement', value: 'rural', rate: 0.35 }, { dimension: 'ageBand', value: 'age18to29', rate: 0.3 }, { dimension: 'gender', value: 'male', rate: 0.2 }] },
  },
];

const SHAPES = [
  { name: 'charter', tight: false, reserve: false },
  { name: 'tight', tight: true, reserve: false },
  { name: 'charter + reserve', tight: false, reserve: true },
];

function shaped(tight: boolean, reserve: boolean, rates: DropoutRates): Charter {
  const c = structuredClone(loadCharter(defaultCharterPath()));
  c.bodies.council.alternatesPerBlock = 10;
  c.bodies.council.nominations.keepReserve = reserve;
  if (tight) for (const d of c.bodies.council.selectionDimensions) if (d.id !== 'region') d.quota = { ...d.quota, slack: 0 };
  c.bodies.council.dropout = rates;
  return c;
}

/** Category ids and population shares per dimension, in the charter's order. */
function dimensions(c: Charter) {
  const total = c.regions.reduce((s, r) => s + r.population.count, 0);
  return c.bodies.council.selectionDimensions.map((d) => ({
    id: d.id,
    values: d.categoriesFrom === 'regions' ? c.regions.map((r) => ({ id: r.code, share: r.population.count / total })) : (d.categories ?? []).map((x) => ({ id: x.id, share: x.share })),
  }));
}

const pick = (rnd: () => number, weights: number[]) => {
  let u = rnd() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i]!;
    if (u < 0) return i;
  }
  return weights.length - 1;
};

/** 42 members meeting the block's target: each dimension's counts inside its range, columns shuffled apart. */
function members(c: Charter, blockId: string, rnd: () => number): PoolEntry[] {
  const target = blockTargetQuotas(c, blockId);
  const seats = c.bodies.council.blocks.find((b) => b.id === blockId)!.seats;
  const columns = dimensions(c).map((d) => {
    const qs = d.values.map((v) => target.find((q) => q.category === d.id && q.value === v.id)!);
    const counts = qs.map((q) => q.min);
    for (let left = seats - counts.reduce((a, b) => a + b, 0); left > 0; left--) counts[pick(rnd, d.values.map((v, i) => (counts[i]! < qs[i]!.max ? v.share : 0)))]!++;
    const col = d.values.flatMap((v, i) => Array.from({ length: counts[i]! }, () => v.id));
    for (let i = col.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [col[i], col[j]] = [col[j]!, col[i]!];
    }
    return col;
  });
  const ids = dimensions(c).map((d) => d.id);
  return Array.from({ length: seats }, (_, i) => ({ id: `m${String(i).padStart(3, '0')}`, organisationId: null, features: Object.fromEntries(ids.map((d, j) => [d, columns[j]![i]!])) }));
}

/** The undrawn pool, skewed: a quarter of the regions rare, fewer women, the young and the rural under-nominated. */
function pool(c: Charter, size: number, rnd: () => number): PoolEntry[] {
  const skew: Record<string, Record<string, number>> = { gender: { female: 0.8 }, ageBand: { age18to29: 0.4 }, settlement: { rural: 0.5 } };
  const dims = dimensions(c);
  return Array.from({ length: size }, (_, i) => ({
    id: `p${String(i).padStart(4, '0')}`,
    organisationId: null,
    features: Object.fromEntries(dims.map((d) => [d.id, d.values[pick(rnd, d.values.map((v, j) => v.share * (d.id === 'region' ? (j % 4 === 0 ? 0.2 : 1) : (skew[d.id]?.[v.id] ?? 1))))]!.id])),
  }));
}

interface Outcome {
  shortfall: number;
  toDraw: number;
}

type Rule = (leaver: PoolEntry, remaining: PoolEntry[], called: Set<string>) => PoolEntry | null;

/** One round: each drawn member who declines is replaced by `rule`, who may decline in turn. */
function round(c: Charter, blockId: string, seated: PoolEntry[], drawn: PoolEntry[], declines: (p: PoolEntry) => boolean, rule: Rule): Outcome {
  const seats: (PoolEntry | null)[] = [...drawn];
  const called = new Set<string>();
  let toDraw = 0;
  drawn.forEach((m, i) => {
    if (!declines(m)) return;
    let leaver = m;
    for (;;) {
      const next = rule(leaver, [...seated, ...(seats.filter((s, j) => j !== i && s !== null) as PoolEntry[])], called);
      seats[i] = next;
      if (!next) {
        toDraw++;
        return;
      }
      called.add(next.id);
      if (!declines(next)) return;
      leaver = next;
    }
  });
  const panel = [...seated, ...(seats.filter((s) => s !== null) as PoolEntry[])];
  return { shortfall: shortfalls(blockTargetQuotas(c, blockId), panel.map((p) => p.features)).reduce((a, b) => a + b, 0), toDraw };
}

const sameFeatures = (list: PoolEntry[]): Rule => (leaver, _remaining, called) => list.find((a) => !called.has(a.id) && Object.entries(leaver.features).every(([k, v]) => a.features[k] === v)) ?? null;

const replacementRule = (c: Charter, blockId: string, list: PoolEntry[]): Rule => {
  const byId = new Map(list.map((p) => [p.id, p]));
  return (leaver, remaining, called) => {
    const r = chooseReplacement(c, { blockId, remaining, leaver, ranked: { alternates: list.map((p) => p.id), reserve: [] }, pool: byId, unavailable: called });
    return r.kind === 'alternate' ? byId.get(r.id)! : null;
  };
};

const cpu = () => process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6;

console.log(`blocks ${BLOCKS} per shape and level, rounds ${ROUNDS} per block, undrawn pool ${POOL}, 10 alternates; the reserve only in "+ reserve"`);
console.log('| shape | dropout | rule | panels outside a quota | mean seats off | seats to a replacement draw per round | cpu s |');
console.log('|---|---|---|---:|---:|---:|---:|');
for (const shape of SHAPES) {
  for (const level of LEVELS) {
    const c = shaped(shape.tight, shape.reserve, { ...level.rates, scenarios: 400, source: 'bench' });
    const rates = c.bodies.council.dropout!;
    const stats = { a: { bad: 0, off: 0, draw: 0, cpu: 0 }, b: { bad: 0, off: 0, draw: 0, cpu: 0 }, c: { bad: 0, off: 0, draw: 0, cpu: 0 } };
    let rankCpu = 0;
    let robustUsed = 0;
    let worseBlocks = 0;
    for (let k = 0; k < BLOCKS; k++) {
      const blockId = c.bodies.council.blocks[k % c.bodies.council.blocks.length]!.id;
      const seed = sha256Hex(`bench-dropout|${shape.tight}|${k}`);
      const rnd = fastRng(`${seed}|block`);
      const all = members(c, blockId, rnd);
      const seated = all.slice(0, 21);
      const drawn = all.slice(21);
      const undrawn = pool(c, POOL, rnd);
      const byId = new Map(undrawn.map((p) => [p.id, p]));
      const hash = rankAlternates(c, blockId, undrawn.map((p) => p.id), [], seed);
      const hashList = [...hash.alternates, ...hash.reserve].map((id) => byId.get(id)!);
      const t0 = cpu();
      const robust = robustAlternates(c, { blockId, seated, drawn, pool: undrawn, seed }, rates);
      rankCpu += cpu() - t0;
      if (robust.method === 'robust') robustUsed++;
      const robustList = [...robust.alternates, ...robust.reserve].map((id) => byId.get(id)!);
      const before = { b: stats.b.bad, c: stats.c.bad };
      const rules: [keyof typeof stats, Rule][] = [
        ['a', sameFeatures(hashList)],
        ['b', replacementRule(c, blockId, hashList)],
        ['c', replacementRule(c, blockId, robustList)],
      ];
      // The same rounds for every rule: one uniform per person per round, from the round's own seed.
      for (let r = 0; r < ROUNDS; r++) {
        const u = fastRng(`${seed}|round|${r}`);
        const draws = new Map([...drawn, ...undrawn].map((p) => [p.id, u()]));
        const declines = (p: PoolEntry) => draws.get(p.id)! < dropoutRate(rates, p.features);
        for (const [name, rule] of rules) {
          const t = cpu();
          const o = round(c, blockId, seated, drawn, declines, rule);
          const s = stats[name];
          s.cpu += cpu() - t;
          if (o.shortfall > 0) s.bad++;
          s.off += o.shortfall;
          s.draw += o.toDraw;
        }
      }
      if (stats.c.bad - before.c > stats.b.bad - before.b) worseBlocks++;
    }
    const n = BLOCKS * ROUNDS;
    const label = { a: '(a) same features', b: '(b) hash + chooseReplacement', c: `(c) robust + chooseReplacement (robust kept in ${robustUsed}/${BLOCKS}, more violations than (b) on ${worseBlocks}/${BLOCKS} blocks; ranking ${rankCpu.toFixed(1)} cpu s)` };
    for (const k of ['a', 'b', 'c'] as const) {
      const s = stats[k];
      console.log(`| ${shape.name} | ${level.name} | ${label[k]} | ${((100 * s.bad) / n).toFixed(1)} % | ${(s.off / n).toFixed(3)} | ${(s.draw / n).toFixed(3)} | ${s.cpu.toFixed(1)} |`);
    }
  }
}
