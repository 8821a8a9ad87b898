// The LEXIMIN optimality certificate (ADR 0113): for every level, LP dual multipliers that prove no
// distribution over panels can lift that level's minimum above its value, given the earlier levels.
// The check below uses exact arithmetic on dyadic rationals (every IEEE double is m * 2^e; sums and
// products of such numbers are again exact dyadics, kept as BigInt mantissa and exponent), so it
// needs no LP solver and no floating-point trust. Standard library only: the single-file verifier
// can bundle it.
import type { SelectionInput } from './model.ts';
import type { SelectionReport } from './report.ts';
import { buildTypes, type TypedInstance } from './types.ts';

/** One level of the certificate, as published in the report (`certificate.levels`). */
export interface CertificateLevel {
  /** The level value: the selection probability of the level's types. */
  value: number;
  /** The types fixed at this level (indexes into `lottery.types`). */
  types: number[];
  /** [type, w_t]: multiplier per expected count x_t of a type not fixed at an earlier level. */
  weights: [number, number][];
  /** Multiplier per quota (input order): > 0 uses its maximum, < 0 its minimum. */
  quotas: number[];
  /** Multiplier of "panel size = k" (any sign). */
  size: number;
  /** Multiplier per household group (>= 0; "at most one of the group"). */
  households: number[];
}

export interface LeximinCertificate {
  format: typeof CERTIFICATE_FORMAT;
  levels: CertificateLevel[];
}

export const CERTIFICATE_FORMAT = 'kenes-leximin-certificate/1';
/** Every comparison of published numbers allows this much (probabilities are printed to 1e-10). */
export const CERTIFICATE_TOLERANCE = 1e-8;

/** What the checker needs to know of the instance: the quota polytope over types. */
export interface CertificateInstance {
  k: number;
  /** Members per type. */
  size: number[];
  /** For each quota, its bounds and the types counting toward it. */
  quotas: { min: number; max: number; types: number[] }[];
  /** Groups of types of which at most one member may sit on a panel. */
  households: number[][];
}

export interface LevelCheck {
  level: number;
  ok: boolean;
  /** Proven upper bound on the level's minimum (B / Y), as a double rounded up. */
  bound: number;
  value: number;
  problem?: string;
}

export interface CertificateCheck {
  ok: boolean;
  levels: LevelCheck[];
  /** Problems not tied to one level (shape, partition, distribution). */
  problems: string[];
}

// ---- exact dyadic arithmetic -------------------------------------------------------------------

/** m * 2^e, exactly. */
export class Dyadic {
  private constructor(
    readonly m: bigint,
    readonly e: number,
  ) {}

  static readonly ZERO = new Dyadic(0n, 0);

  static of(x: number): Dyadic {
    if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
    if (x === 0) return Dyadic.ZERO;
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    const hi = view.getUint32(0);
    const lo = view.getUint32(4);
    const sign = hi >>> 31 ? -1n : 1n;
    const exp = (hi >>> 20) & 0x7ff;
    let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
    if (exp === 0) return new Dyadic(sign * mant, -1074);
    mant |= 1n << 52n;
    return new Dyadic(sign * mant, exp - 1075);
  }

  static int(n: number | bigint): Dyadic {
    return new Dyadic(BigInt(n), 0);
  }

  add(o: Dyadic): Dyadic {
    if (this.m === 0n) return o;
    if (o.m === 0n) return this;
    const e = Math.min(this.e, o.e);
    return new Dyadic((this.m << BigInt(this.e - e)) + (o.m << BigInt(o.e - e)), e);
  }

  sub(o: Dyadic): Dyadic {
    return this.add(o.neg());
  }

  neg(): Dyadic {
    return new Dyadic(-this.m, this.e);
  }

  mul(o: Dyadic): Dyadic {
    return new Dyadic(this.m * o.m, this.e + o.e);
  }

  sign(): number {
    return this.m > 0n ? 1 : this.m < 0n ? -1 : 0;
  }

  cmp(o: Dyadic): number {
    return this.sub(o).sign();
  }

  /** A double near the value (for messages only; never used in a decision). */
  approx(): number {
    if (this.m === 0n) return 0;
    const bits = this.m.toString(2).length;
    const drop = Math.max(0, bits - 60);
    return Number(this.m >> BigInt(drop)) * 2 ** (this.e + drop);
  }
}

// ---- the check ---------------------------------------------------------------------------------

/**
 * Checks a certificate against the published type probabilities `prob` (one per type).
 *
 * Level l, with F the types of earlier levels and U the rest: for any expected counts x in the quota
 * polytope with x_t >= prob_t * s_t on F (which every distribution over panels giving F at least its
 * published probabilities satisfies), weak LP duality gives
 *     sum_{t in U} w_t x_t <= B = sum_q (lam_q > 0 ? lam_q max_q : lam_q min_q) + mu k + sum_g eta_g
 *                                 + sum_t (d_t > 0 ? d_t s_t : d_t l_t),
 *     d_t = [t in U] w_t - sum_{q containing t} lam_q - mu - sum_{g containing t} eta_g,
 *     l_t = prob_t s_t on F, 0 on U,
 * and with Y = sum_{t in U} w_t s_t, every type of U having probability > B/Y is impossible. The level
 * passes when B <= Y (value + tol), every type of U has prob >= value - tol, the level's types have
 * prob within tol of value and a positive weight (so they cannot rise without another falling).
 */
export function checkCertificate(
  inst: CertificateInstance,
  prob: number[],
  certificate: LeximinCertificate,
  tolerance = CERTIFICATE_TOLERANCE,
): CertificateCheck {
  const problems: string[] = [];
  const T = inst.size.length;
  const Q = inst.quotas.length;
  const H = inst.households.length;
  if (certificate?.format !== CERTIFICATE_FORMAT) {
    return { ok: false, levels: [], problems: [`unknown certificate format ${certificate?.format}`] };
  }
  if (prob.length !== T || prob.some((p) => !Number.isFinite(p) || p < -tolerance || p > 1 + tolerance)) {
    return { ok: false, levels: [], problems: ['the probabilities are not one number in [0, 1] per type'] };
  }
  // Levels must partition the types.
  const levelOf = new Int32Array(T).fill(-1);
  certificate.levels.forEach((lv, l) => {
    for (const t of lv.types ?? []) {
      if (!Number.isInteger(t) || t < 0 || t >= T) problems.push(`level ${l + 1} names type ${t}, which does not exist`);
      else if (levelOf[t] >= 0) problems.push(`type ${t} is in levels ${levelOf[t] + 1} and ${l + 1}`);
      else levelOf[t] = l;
    }
  });
  const missing = [...levelOf.keys()].filter((t) => levelOf[t] < 0);
  if (missing.length) problems.push(`types ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? '…' : ''} are in no level`);
  if (problems.length) return { ok: false, levels: [], problems };

  const typesQuotas: number[][] = Array.from({ length: T }, () => []);
  inst.quotas.forEach((q, qi) => {
    for (const t of q.types) typesQuotas[t].push(qi);
  });
  const typeHouseholds: number[][] = Array.from({ length: T }, () => []);
  inst.households.forEach((g, gi) => {
    for (const t of g) typeHouseholds[t].push(gi);
  });
  const tol = Dyadic.of(tolerance);
  const P = prob.map((p) => Dyadic.of(p));
  const S = inst.size.map((s) => Dyadic.int(s));

  const levels = certificate.levels.map((lv, l): LevelCheck => {
    const fail = (problem: string, bound = Number.NaN): LevelCheck => ({ level: l + 1, ok: false, bound, value: lv.value, problem });
    if (!Number.isFinite(lv.value)) return fail('the level value is not a number');
    if (!Array.isArray(lv.quotas) || lv.quotas.length !== Q || !lv.quotas.every(Number.isFinite)) return fail(`needs ${Q} finite quota multipliers`);
    if (!Number.isFinite(lv.size)) return fail('the size multiplier is not a number');
    if (!Array.isArray(lv.households) || lv.households.length !== H || !lv.households.every((h) => Number.isFinite(h) && h >= 0)) {
      return fail(`needs ${H} non-negative household multipliers`);
    }
    const w: (Dyadic | null)[] = new Array(T).fill(null);
    for (const pair of lv.weights ?? []) {
      const [t, v] = pair;
      if (!Number.isInteger(t) || t < 0 || t >= T || !Number.isFinite(v) || v < 0) return fail(`weight ${JSON.stringify(pair)} is not [type, w >= 0]`);
      if (levelOf[t] < l) return fail(`weight on type ${t}, fixed at the earlier level ${levelOf[t] + 1}`);
      if (w[t]) return fail(`two weights for type ${t}`);
      w[t] = Dyadic.of(v);
    }
    const value = Dyadic.of(lv.value);
    for (const t of lv.types) {
      if (!w[t] || w[t]!.sign() <= 0) return fail(`type ${t} of this level has no positive weight`);
      if (P[t].sub(value).cmp(tol) > 0 || value.sub(P[t]).cmp(tol) > 0) return fail(`type ${t} has probability ${prob[t]}, not the level's ${lv.value}`);
    }
    const lam = lv.quotas.map((v) => Dyadic.of(v));
    const mu = Dyadic.of(lv.size);
    const eta = lv.households.map((v) => Dyadic.of(v));
    let bound = mu.mul(Dyadic.int(inst.k));
    for (let q = 0; q < Q; q++) {
      const s = lam[q].sign();
      if (s > 0 && !Number.isFinite(inst.quotas[q].max)) return fail(`quota ${q + 1} has no maximum but a positive multiplier`);
      if (s !== 0) bound = bound.add(lam[q].mul(Dyadic.int(s > 0 ? inst.quotas[q].max : inst.quotas[q].min)));
    }
    for (const e of eta) bound = bound.add(e);
    let Y = Dyadic.ZERO;
    for (let t = 0; t < T; t++) {
      const inU = levelOf[t] >= l;
      let d = inU && w[t] ? w[t]! : Dyadic.ZERO;
      if (inU && w[t]) Y = Y.add(w[t]!.mul(S[t]));
      for (const q of typesQuotas[t]) d = d.sub(lam[q]);
      d = d.sub(mu);
      for (const g of typeHouseholds[t]) d = d.sub(eta[g]);
      const s = d.sign();
      if (s > 0) bound = bound.add(d.mul(S[t]));
      else if (s < 0 && !inU) bound = bound.add(d.mul(P[t]).mul(S[t]));
      if (inU && P[t].cmp(value.sub(tol)) < 0) return fail(`type ${t} (not fixed before this level) has probability ${prob[t]}, below the level's ${lv.value}`);
    }
    if (Y.sign() <= 0) return fail('the weights are all zero');
    const ratio = bound.approx() / Y.approx();
    // B <= Y (value + tol), exactly.
    if (bound.cmp(Y.mul(value.add(tol))) > 0) return fail(`the multipliers only prove a bound of ${ratio}, above the level's ${lv.value}`, ratio);
    return { level: l + 1, ok: true, bound: ratio, value: lv.value };
  });
  return { ok: problems.length === 0 && levels.every((c) => c.ok), levels, problems };
}

// ---- a whole report ----------------------------------------------------------------------------

export interface ReportCertificateCheck {
  ok: boolean;
  /** One line: "optimal, proven (…)" or what fails. */
  message: string;
  check?: CertificateCheck;
}

/**
 * Checks a LEXIMIN report's certificate against its inputs: the types are rebuilt from the pool and
 * must be the report's; every person's probability is their type's; the published distribution's
 * panels meet the quotas and give exactly those probabilities (within the tolerance); then every
 * level's multipliers are checked by `checkCertificate`. No LP solver is involved.
 */
export function checkReportCertificate(input: SelectionInput, report: SelectionReport, tolerance = CERTIFICATE_TOLERANCE): ReportCertificateCheck {
  const no = (message: string): ReportCertificateCheck => ({ ok: false, message });
  if (report.algorithm !== 'leximin') return no(`no certificate: the report is of ${report.algorithm}, certificates are for LEXIMIN`);
  const cert = report.certificate;
  if (!cert) return no('no certificate in the report');
  if (cert.format === null) return no(cert.note);
  const inst = buildTypes(input);
  const T = inst.types.length;
  const types = report.lottery?.types ?? [];
  if (types.length !== T || types.some((t, i) => t.size !== inst.size[i] || JSON.stringify(t.values) !== JSON.stringify(inst.types[i].values))) {
    return no("the report's types are not the ones of these inputs");
  }
  if (report.people?.length !== input.people.length) return no('the report does not list every person of the pool');
  const prob: number[] = new Array(T).fill(Number.NaN);
  for (let t = 0; t < T; t++) {
    for (const m of inst.types[t].members) {
      const row = report.people[m];
      if (row?.id !== input.people[m].id || row.type !== t) return no(`person ${input.people[m].id} is not where the inputs put them`);
      if (Number.isNaN(prob[t])) prob[t] = row.probability;
      else if (row.probability !== prob[t]) return no(`people of type ${t} have different probabilities (${prob[t]}, ${row.probability})`);
    }
  }
  const dist = report.distribution;
  if (!dist || !Array.isArray(dist.panels) || dist.panels.length !== dist.probs?.length) return no('the report has no distribution over panels');
  const tol = Dyadic.of(tolerance);
  let total = Dyadic.ZERO;
  const reached: Dyadic[] = new Array(T).fill(Dyadic.ZERO);
  for (let j = 0; j < dist.panels.length; j++) {
    const p = dist.probs[j];
    if (!Number.isFinite(p) || p < 0) return no(`panel ${j + 1} of the distribution has probability ${p}`);
    const counts = new Array<number>(T).fill(0);
    for (const [t, c] of dist.panels[j]) {
      if (!Number.isInteger(t) || t < 0 || t >= T || !Number.isInteger(c) || c < 0 || c > inst.size[t] || counts[t] !== 0) {
        return no(`panel ${j + 1} of the distribution has a bad entry [${t}, ${c}]`);
      }
      counts[t] = c;
    }
    const bad = panelProblem(inst, counts);
    if (bad) return no(`panel ${j + 1} of the distribution breaks the rules: ${bad}`);
    const P = Dyadic.of(p);
    total = total.add(P);
    for (const [t, c] of dist.panels[j]) reached[t] = reached[t].add(P.mul(Dyadic.int(c)));
  }
  const one = Dyadic.int(1);
  if (total.sub(one).cmp(tol) > 0 || one.sub(total).cmp(tol) > 0) return no(`the distribution's probabilities sum to ${total.approx()}, not 1`);
  for (let t = 0; t < T; t++) {
    // |sum_j p_j x_jt - prob_t s_t| <= tol s_t
    const diff = reached[t].sub(Dyadic.of(prob[t]).mul(Dyadic.int(inst.size[t])));
    const limit = tol.mul(Dyadic.int(inst.size[t]));
    if (diff.cmp(limit) > 0 || diff.neg().cmp(limit) > 0) {
      return no(`type ${t}: the distribution gives ${reached[t].approx() / inst.size[t]}, the report says ${prob[t]}`);
    }
  }
  const check = checkCertificate(
    {
      k: input.k,
      size: inst.size,
      quotas: input.quotas.map((q, i) => ({ min: q.min, max: q.max, types: inst.quotaTypes[i] })),
      households: inst.householdGroups,
    },
    prob,
    cert,
    tolerance,
  );
  if (!check.ok) {
    const failed = check.levels.find((l) => !l.ok);
    const why = failed ? `level ${failed.level} of ${cert.levels.length} fails: ${failed.problem}` : check.problems.join('; ');
    return { ok: false, message: `not proven: ${why}`, check };
  }
  return {
    ok: true,
    message: `optimal, proven: ${cert.levels.length} levels, each bound checked in exact arithmetic (tolerance ${tolerance}), the distribution meets the quotas and gives the published probabilities`,
    check,
  };
}

function panelProblem(inst: TypedInstance, counts: number[]): string | null {
  if (counts.reduce((s, c) => s + c, 0) !== inst.input.k) return `not ${inst.input.k} members`;
  for (let q = 0; q < inst.quotaTypes.length; q++) {
    const n = inst.quotaTypes[q].reduce((s, t) => s + counts[t], 0);
    const { category, value, min, max } = inst.input.quotas[q];
    if (n < min || n > max) return `${category}=${value} has ${n}, quota ${min}..${max}`;
  }
  for (const g of inst.householdGroups) if (g.reduce((s, t) => s + counts[t], 0) > 1) return 'two members of one household';
  return null;
}
