// Dropout-robust alternates (ADR 0811), in the spirit of Gambhir, Flanigan and Roth, "Near-Optimal
// Dropout-Robust Sortition" (arXiv 2511.16897): when drawn members are expected to drop out at known
// rates, choose who stands by so that the block after dropouts and replacements meets its quotas.
// Unlike the paper, the panel is already drawn (the engine's fair draw is untouched); only the named
// alternates and their order are chosen, the replacement rule is ADR 0808's chooseReplacement, and
// the loss is an average over dropout scenarios sampled from the draw's seed, not a minimax one.
//
// Method: a greedy fill of the alternate ranks. Rank r takes the candidate whose addition most lowers,
// over the scenarios, the number of blocks left outside a quota and then the seats short or above
// (the block's target quotas; a seat the named alternates cannot fill counts as vacant). Ties go to
// the candidate first in the seed's hash order (alternateKey), so anyone can recompute the ranking
// from the published seed. The result is kept only if it beats the hash ranking on the same
// scenarios (exactly, by enumerating every dropout pattern, when the block is small); otherwise the
// hash ranking stands. The reserve keeps the hash order of those not chosen.
import type { Charter, DropoutRates } from '../charter/types.ts';
import { fastRng, sha256Hex } from '../sortition/random.ts';
import { alternateKey, type RankedAlternates, rankAlternates } from './alternates.ts';
import { blockTargetQuotas, type Features, type PoolEntry } from './quotas.ts';

/** A candidate's dropout rate: the largest rate listed for one of their values, else the default. */
export function dropoutRate(rates: DropoutRates, features: Features): number {
  const listed = rates.byValue.filter((e) => features[e.dimension] === e.value).map((e) => e.rate);
  return listed.length ? Math.max(...listed) : rates.default;
}

export interface RobustBlock {
  blockId: string;
  /** Members who sit on: they do not drop out in this model. */
  seated: readonly PoolEntry[];
  /** The members just drawn, who may decline. */
  drawn: readonly PoolEntry[];
  /** The block's committed pool; the drawn among them are left out. */
  pool: readonly PoolEntry[];
  seed: string;
}

/** The expected outcome of a ranking: share of blocks left outside any quota, and seats short or above. */
export interface Expected {
  violated: number;
  shortfall: number;
}

export interface RobustRanking extends RankedAlternates {
  /** 'robust' when the greedy ranking beat the hash one; 'hash' when it did not (or nobody drops out). */
  method: 'robust' | 'hash';
  /** How the two were compared: every dropout pattern ('exact') or the sampled scenarios. */
  evaluation: 'exact' | 'sampled';
  robust: Expected;
  hash: Expected;
}

/** Blocks with at most this many members and alternates are compared exactly (2^this patterns). */
export const EXACT_LIMIT = 14;

/** The block as small integers: quota indices per candidate, counts, organisations. */
interface Model {
  quotas: { min: number; max: number }[];
  base: Int32Array;
  drawn: Cand[];
  oneOrg: boolean;
  orgCount: Map<string, number>;
}

interface Cand {
  entry: PoolEntry;
  q: number[];
  rate: number;
  key: string;
}

function model(charter: Charter, block: RobustBlock, rates: DropoutRates): { m: Model; cand: (e: PoolEntry) => Cand } {
  const target = blockTargetQuotas(charter, block.blockId);
  const index = new Map(target.map((q, i) => [`${q.category}\u0000${q.value}`, i]));
  const cand = (entry: PoolEntry): Cand => ({
    entry,
    q: Object.entries(entry.features).flatMap(([c, v]) => index.get(`${c}\u0000${v}`) ?? []),
    rate: dropoutRate(rates, entry.features),
    key: alternateKey(block.seed, block.blockId, entry.id),
  });
  const drawn = [...block.drawn].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(cand);
  const base = new Int32Array(target.length);
  const orgCount = new Map<string, number>();
  for (const e of [...block.seated.map(cand), ...drawn]) {
    for (const i of e.q) base[i]!++;
    if (e.entry.organisationId !== null) orgCount.set(e.entry.organisationId, (orgCount.get(e.entry.organisationId) ?? 0) + 1);
  }
  const oneOrg = charter.bodies.council.nominations.membersPerOrganisation === 1;
  return { m: { quotas: target.map((q) => ({ min: q.min, max: q.max })), base, drawn, oneOrg, orgCount }, cand };
}

const off = (q: { min: number; max: number }, c: number) => Math.max(0, q.min - c) + Math.max(0, c - q.max);

/** ADR 0808's test, on counts: with `cand` instead of `leaver`, no quota is further from its range. */
function keeps(m: Model, counts: Int32Array, leaver: Cand, cand: Cand): boolean {
  for (const i of new Set([...leaver.q, ...cand.q])) {
    const after = counts[i]! - (leaver.q.includes(i) ? 1 : 0) + (cand.q.includes(i) ? 1 : 0);
    if (off(m.quotas[i]!, after) > off(m.quotas[i]!, counts[i]!)) return false;
  }
  return true;
}

const move = (counts: Int32Array, out: Cand | null, into: Cand | null) => {
  if (out) for (const i of out.q) counts[i]!--;
  if (into) for (const i of into.q) counts[i]!++;
};

const orgMove = (orgs: Map<string, number>, out: Cand | null, into: Cand | null) => {
  const o1 = out?.entry.organisationId;
  const o2 = into?.entry.organisationId;
  if (o1 != null) orgs.set(o1, orgs.get(o1)! - 1);
  if (o2 != null) orgs.set(o2, (orgs.get(o2) ?? 0) + 1);
};

/** One dropout scenario: which drawn members decline, and whether the alternate at each rank would. */
export interface Scenario {
  member: (i: number, c: Cand) => boolean;
  alternate: (rank: number, c: Cand) => boolean;
}

/**
 * Replays a scenario as the confirmations module does (ADR 0808): each declining member, in id
 * order, is replaced by the first uncalled alternate who keeps the quotas and whose organisation is
 * free; a called alternate who declines leaves in turn; no one left who fits, the seat is vacant.
 * Returns the seats short or above, and whether any search reached the end of the list (only then can
 * appending an alternate change the outcome).
 */
function replay(m: Model, list: readonly Cand[], s: Scenario): { shortfall: number; reachedEnd: boolean } {
  const counts = m.base.slice();
  const orgs = new Map(m.orgCount);
  const called = new Set<number>();
  let reachedEnd = false;
  m.drawn.forEach((member, i) => {
    if (!s.member(i, member)) return;
    let leaver = member;
    for (;;) {
      orgMove(orgs, leaver, null);
      const r = list.findIndex((c, k) => !called.has(k) && !(m.oneOrg && c.entry.organisationId !== null && (orgs.get(c.entry.organisationId) ?? 0) > 0) && keeps(m, counts, leaver, c));
      if (r < 0) {
        reachedEnd = true;
        move(counts, leaver, null);
        return;
      }
      called.add(r);
      move(counts, leaver, list[r]!);
      orgMove(orgs, null, list[r]!);
      if (!s.alternate(r, list[r]!)) return;
      leaver = list[r]!;
    }
  });
  return { shortfall: m.quotas.reduce((t, q, i) => t + off(q, counts[i]!), 0), reachedEnd };
}

/** Uniform draws for `count` scenarios, from SHA-256 of the draw's seed: public and reproducible. */
function sampledScenarios(seed: string, blockId: string, members: number, ranks: number, count: number): Scenario[] {
  const rnd = fastRng(sha256Hex(`${seed}|dropout|${blockId}`));
  return Array.from({ length: count }, () => {
    const mu = Float64Array.from({ length: members }, rnd);
    const au = Float64Array.from({ length: ranks }, rnd);
    return { member: (i, c) => mu[i]! < c.rate, alternate: (r, c) => au[r]! < c.rate };
  });
}

/** Sum over scenarios: blocks outside a quota, and seats short or above. */
function total(m: Model, list: readonly Cand[], scenarios: readonly Scenario[]): Expected {
  let violated = 0;
  let shortfall = 0;
  for (const s of scenarios) {
    const r = replay(m, list, s);
    if (r.shortfall > 0) violated++;
    shortfall += r.shortfall;
  }
  return { violated, shortfall };
}

/** The exact expectation, summing every pattern of declines of the members and the listed alternates. */
function exact(m: Model, list: readonly Cand[]): Expected {
  const n = m.drawn.length + list.length;
  let violated = 0;
  let shortfall = 0;
  for (let bits = 0; bits < 2 ** n; bits++) {
    const on = (k: number) => ((bits >>> k) & 1) === 1;
    let w = 1;
    [...m.drawn, ...list].forEach((c, k) => {
      w *= on(k) ? c.rate : 1 - c.rate;
    });
    if (w === 0) continue;
    const r = replay(m, list, { member: (i) => on(i), alternate: (k) => on(m.drawn.length + k) });
    if (r.shortfall > 0) violated += w;
    shortfall += w * r.shortfall;
  }
  return { violated, shortfall };
}

const better = (a: Expected, b: Expected, eps = 0) => a.violated < b.violated - eps || (Math.abs(a.violated - b.violated) <= eps && a.shortfall < b.shortfall - eps);

/**
 * Candidates who are interchangeable for the replay: the same values (so the same rate) and, under
 * one member per organisation, the same organisation only where it is shared with a member or an
 * alternate already chosen (elsewhere an organisation changes nothing).
 */
function profile(m: Model, chosenOrgs: ReadonlySet<string>, c: Cand): string {
  const org = c.entry.organisationId;
  const relevant = m.oneOrg && org !== null && ((m.orgCount.get(org) ?? 0) > 0 || chosenOrgs.has(org));
  return JSON.stringify([c.q, relevant ? org : null]);
}

/** The greedy fill of `ranks` alternate ranks; `byHash` is the pool in hash order. */
function greedy(m: Model, byHash: readonly Cand[], ranks: number, scenarios: readonly Scenario[]): Cand[] {
  const chosen: Cand[] = [];
  const left = new Set(byHash);
  while (chosen.length < ranks && left.size > 0) {
    // Only scenarios whose searches reach the end of the list can gain from another alternate.
    const active = scenarios.filter((s) => replay(m, chosen, s).reachedEnd);
    if (active.length === 0) break;
    const orgs = new Set(chosen.flatMap((c) => (c.entry.organisationId === null ? [] : [c.entry.organisationId])));
    const seen = new Set<string>();
    let best: { c: Cand; score: Expected } | null = null;
    for (const c of left) {
      const p = profile(m, orgs, c);
      if (seen.has(p)) continue; // a later candidate of a profile already scored ties and loses on hash order
      seen.add(p);
      const score = total(m, [...chosen, c], active);
      if (!best || better(score, best.score)) best = { c, score };
    }
    chosen.push(best!.c);
    left.delete(best!.c);
  }
  // Ranks the scenarios no longer distinguish are filled in hash order.
  for (const c of byHash) {
    if (chosen.length >= ranks) break;
    if (left.has(c)) chosen.push(c);
  }
  return chosen;
}

/**
 * Chooses and orders a block's alternates for the charter's dropout rates (ADR 0811). Deterministic:
 * the same block, pool and seed give the same ranking, whatever the order of the inputs.
 */
export function robustAlternates(charter: Charter, block: RobustBlock, rates: DropoutRates): RobustRanking {
  const { m, cand } = model(charter, block, rates);
  const taken = new Set(block.drawn.map((d) => d.id));
  const byHash = block.pool
    .filter((p) => !taken.has(p.id))
    .map(cand)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.entry.id < b.entry.id ? -1 : 1));
  const n = Math.min(charter.bodies.council.alternatesPerBlock, byHash.length);
  const scenarios = sampledScenarios(block.seed, block.blockId, m.drawn.length, n, rates.scenarios);
  const hashList = byHash.slice(0, n);
  const robustList = greedy(m, byHash, n, scenarios);
  const small = m.drawn.length + n <= EXACT_LIMIT;
  const per = (e: Expected) => ({ violated: e.violated / scenarios.length, shortfall: e.shortfall / scenarios.length });
  const robust = small ? exact(m, robustList) : per(total(m, robustList, scenarios));
  const hash = small ? exact(m, hashList) : per(total(m, hashList, scenarios));
  const win = better(robust, hash, small ? 1e-12 : 0);
  const list = win ? robustList : hashList;
  const named = new Set(list);
  const reserve = charter.bodies.council.nominations.keepReserve ? byHash.filter((c) => !named.has(c)).map((c) => c.entry.id) : [];
  return { alternates: list.map((c) => c.entry.id), reserve, method: win ? 'robust' : 'hash', evaluation: small ? 'exact' : 'sampled', robust, hash };
}

/**
 * The ranking a draw stores: the robust one when the charter sets dropout rates (ADR 0811), else
 * exactly today's hash ranking (ADR 0801), computed by rankAlternates from the same ids.
 */
export function rankBlockAlternates(charter: Charter, block: RobustBlock): RankedAlternates {
  const rates = charter.bodies.council.dropout;
  if (!rates) return rankAlternates(charter, block.blockId, block.pool.map((p) => p.id), block.drawn.map((d) => d.id), block.seed);
  const { alternates, reserve } = robustAlternates(charter, block, rates);
  return { alternates, reserve };
}
