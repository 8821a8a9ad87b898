// The public draw (ADR 0111): what is committed before the entropy exists, the files published from
// it, and the check an outsider runs on them. Pure, and needs only Node's standard library and core
// code, so the single-file verifier (kenes-verify.mjs) can bundle it without the LP solver.
//
//   commitmentOf(publicInputs) -> hex SHA-256 of the canonical JSON (RFC 8785 shape) of the inputs
//   publicFiles(publicInputs) -> { poolCsv, quotasCsv, commitmentFile }
//   verifyPublicDraw({ commitment, publicPool, quotas, report, entropy?, ledgerEntries, heads? })
//       -> { ok, checks: [{ name, ok, detail }], notes }
//
// Where a verifier finds the inputs, given a draw's page URL BASE/sortition/runs/ID (ADR 0111):
//   ID/commitment.json, ID/pool.csv, ID/quotas.csv, ID/report.json    the published files (as text)
//   ID/ledger.json   { entries: [{ index, kind, entry }], commitHead }   the draw's ledger entries and
//                    the first signed head covering its commitment; prove each entry's inclusion with
//                    BASE/api/v1/ledger/entries/INDEX before passing `entries` here as ledgerEntries.
import { canonicalJson } from '../merkle/canonical.ts';
import { hashLeaf } from '../merkle/hash.ts';
import { inputHash } from './canonical.ts';
import { type Lottery, panelOfTicket, roundToLottery } from './lottery.ts';
import type { Algorithm, Quota, SelectionInput } from './model.ts';
import { readCsvRows, writeCsv } from './publicCsv.ts';
import { canonicalEntropy, HashRng, seedFromEntropy, sha256Hex } from './random.ts';
import type { SelectionReport } from './report.ts';
import { buildTypes, type TypedInstance } from './types.ts';

export const PUBLIC_DRAW_FORMAT = 'kenes-public-draw/1';
/** Column names of the public pool file besides the categories. */
export const CANDIDATE_COLUMN = 'candidate';
export const HOUSEHOLD_COLUMN = 'household_group';

export interface PublicPool {
  categories: string[];
  /** Whether people of one household group may not sit together (the groups are opaque labels). */
  householdRule: boolean;
  candidates: { number: string; values: string[]; household: string | null }[];
}

export interface EntropyPlan {
  /** Named sources whose values do not exist yet, e.g. "Lotto 6/49 draw of 2026-10-15". */
  sources: string[];
  /** ISO-8601 UTC time after which all their values will exist; the reveal is refused before it. */
  after: string;
}

/** Everything a public draw is a function of besides the entropy. Its hash is the commitment. */
export interface PublicInputs {
  format: typeof PUBLIC_DRAW_FORMAT;
  engine: string;
  algorithm: Algorithm;
  lotterySize: number;
  k: number;
  pool: PublicPool;
  quotas: Quota[];
  entropy: EntropyPlan;
}

/** commitment.json: the inputs without the two CSV files, plus the hash over all of it. */
export type CommitmentFile = Omit<PublicInputs, 'pool' | 'quotas'> & {
  commitment: string;
  poolSize: number;
  categories: string[];
  householdRule: boolean;
  seedRule: string;
};

export const SEED_RULE = 'seed = SHA-256 of the canonical entropy text (Unicode NFC, each line trimmed, inner whitespace collapsed to one space, empty lines dropped, lines joined with \\n)';

function canonicalQuota(q: Quota) {
  return { category: q.category, value: q.value, min: q.min, max: q.max, minFlex: q.minFlex ?? null, maxFlex: q.maxFlex ?? null };
}

/** The canonical text that is hashed: the pool as rows, quotas with explicit nulls. */
export function canonicalPublicInputs(p: PublicInputs): string {
  return canonicalJson({
    format: p.format,
    engine: p.engine,
    algorithm: p.algorithm,
    lotterySize: p.lotterySize,
    k: p.k,
    categories: p.pool.categories,
    householdRule: p.pool.householdRule,
    pool: p.pool.candidates.map((c) => [c.number, ...c.values, c.household]),
    quotas: p.quotas.map(canonicalQuota),
    entropy: { sources: p.entropy.sources, after: p.entropy.after },
  });
}

export function commitmentOf(publicInputs: PublicInputs): string {
  return sha256Hex(canonicalPublicInputs(publicInputs));
}

/** The selection problem the engine solves for a public draw: ids are the public numbers. */
export function selectionInputOf(p: Pick<PublicInputs, 'pool' | 'quotas' | 'k'>): SelectionInput {
  const { categories, householdRule, candidates } = p.pool;
  return {
    people: candidates.map((c) => ({
      id: c.number,
      features: Object.fromEntries(categories.map((cat, i) => [cat, c.values[i]])),
      ...(c.household !== null ? { household: c.household } : {}),
    })),
    categories: categories.slice(),
    quotas: p.quotas.map((q) => ({ category: q.category, value: q.value, min: q.min, max: q.max, ...(q.minFlex != null ? { minFlex: q.minFlex } : {}), ...(q.maxFlex != null ? { maxFlex: q.maxFlex } : {}) })),
    k: p.k,
    ...(householdRule ? { householdColumns: [HOUSEHOLD_COLUMN] } : {}),
  };
}

export function poolCsv(pool: PublicPool): string {
  const header = [CANDIDATE_COLUMN, ...pool.categories, ...(pool.householdRule ? [HOUSEHOLD_COLUMN] : [])];
  return writeCsv([header, ...pool.candidates.map((c) => [c.number, ...c.values, ...(pool.householdRule ? [c.household ?? ''] : [])])]);
}

export function quotasCsv(quotas: Quota[]): string {
  const num = (x: number | undefined | null) => (x == null ? '' : String(x));
  return writeCsv([['category', 'value', 'min', 'max', 'min_flex', 'max_flex'], ...quotas.map((q) => [q.category, q.value, String(q.min), String(q.max), num(q.minFlex), num(q.maxFlex)])]);
}

export function commitmentFile(p: PublicInputs): CommitmentFile {
  const { pool, quotas: _q, ...rest } = p;
  return { ...rest, commitment: commitmentOf(p), poolSize: pool.candidates.length, categories: pool.categories, householdRule: pool.householdRule, seedRule: SEED_RULE };
}

export function publicFiles(p: PublicInputs) {
  return { poolCsv: poolCsv(p.pool), quotasCsv: quotasCsv(p.quotas), commitmentFile: commitmentFile(p) };
}

/** Reads the published pool file back; `categories` and `householdRule` come from commitment.json. */
export function parsePoolCsv(text: string, categories: string[], householdRule: boolean): PublicPool {
  const rows = readCsvRows(text);
  const header = rows[0] ?? [];
  const want = [CANDIDATE_COLUMN, ...categories, ...(householdRule ? [HOUSEHOLD_COLUMN] : [])];
  if (header.join('\u0000') !== want.join('\u0000')) throw new Error(`pool file: header is "${header.join(',')}", expected "${want.join(',')}"`);
  const candidates = rows.slice(1).map((r, i) => {
    if (r.length !== want.length) throw new Error(`pool file: row ${i + 2} has ${r.length} cells, expected ${want.length}`);
    return { number: r[0], values: r.slice(1, 1 + categories.length), household: householdRule && r[want.length - 1] !== '' ? r[want.length - 1] : null };
  });
  return { categories: categories.slice(), householdRule, candidates };
}

export function parseQuotasCsv(text: string): Quota[] {
  const rows = readCsvRows(text);
  const want = 'category,value,min,max,min_flex,max_flex';
  if ((rows[0] ?? []).join(',') !== want) throw new Error(`quotas file: header is "${(rows[0] ?? []).join(',')}", expected "${want}"`);
  const int = (s: string, where: string) => {
    if (!/^\d+$/.test(s)) throw new Error(`quotas file: ${where} is "${s}", not a non-negative integer`);
    return Number(s);
  };
  return rows.slice(1).map((r, i) => {
    const at = (c: string) => `row ${i + 2} column ${c}`;
    const q: Quota = { category: r[0], value: r[1], min: int(r[2], at('min')), max: int(r[3], at('max')) };
    if (r[4]) q.minFlex = int(r[4], at('min_flex'));
    if (r[5]) q.maxFlex = int(r[5], at('max_flex'));
    return q;
  });
}

// ---------------------------------------------------------------------------------------------
// Verification

export interface LedgerEntryText {
  index: number;
  /** The canonical JSON text whose leaf hash is in the tree. */
  entry: string;
}

export interface VerifyPublicDrawArgs {
  /** commitment.json, parsed or as text. */
  commitment: CommitmentFile | string;
  /** The pool file (CSV text) or the parsed pool. */
  publicPool: PublicPool | string;
  /** The quotas file (CSV text) or the parsed quotas. */
  quotas: Quota[] | string;
  report: SelectionReport | string;
  /** The entropy text as the reader has it; defaults to the one in the ledger's reveal entry. */
  entropy?: string;
  /** Ledger entries as exported (their inclusion in a signed head is checked by the ledger verifier). */
  ledgerEntries: LedgerEntryText[];
  /** Signed heads (already verified), to show one covered the commitment before the entropy date. */
  heads?: { size: number; timestamp: string }[];
}

export interface DrawCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface PublicDrawVerdict {
  ok: boolean;
  checks: DrawCheck[];
  notes: string[];
}

interface Entry {
  index: number;
  text: string;
  kind: string;
  subject: string;
  time: string;
  payload: Record<string, unknown>;
}

export const NOT_RERUN_NOTE =
  'The LEXIMIN (or other) optimisation is not rerun here: the report\'s distribution is taken as given, checked to meet the quotas, and the rounding to the lottery and the pick are redone bit for bit. `kenes select verify URL` also reruns the optimisation.';

/** Entries of one draw, found by the commitment they carry. */
function readEntries(list: LedgerEntryText[]): Entry[] {
  const out: Entry[] = [];
  for (const e of list) {
    try {
      const v = JSON.parse(e.entry) as { kind?: unknown; subject?: unknown; time?: unknown; payload?: unknown };
      if (typeof v.kind === 'string' && v.payload && typeof v.payload === 'object') {
        out.push({ index: e.index, text: e.entry, kind: v.kind, subject: String(v.subject ?? ''), time: String(v.time ?? ''), payload: v.payload as Record<string, unknown> });
      }
    } catch {
      // Not JSON: not one of ours. The ledger verifier judges the entry itself.
    }
  }
  return out;
}

function sameLottery(a: Lottery, r: SelectionReport['lottery']): string | null {
  if (a.size !== r.size) return `size ${a.size} ≠ ${r.size}`;
  if (a.panels.length !== r.panels.length) return `${a.panels.length} panels after rounding, the report has ${r.panels.length}`;
  let first = 0;
  for (let j = 0; j < a.panels.length; j++) {
    const members: [number, number][] = [];
    a.panels[j].forEach((c, t) => {
      if (c) members.push([t, c]);
    });
    const p = r.panels[j];
    if (p.tickets !== a.tickets[j] || p.firstTicket !== first || JSON.stringify(p.members) !== JSON.stringify(members)) return `panel ${j} differs`;
    first += a.tickets[j];
  }
  return null;
}

function panelBreaksQuotas(inst: TypedInstance, counts: Int32Array): string | null {
  let total = 0;
  for (let t = 0; t < counts.length; t++) {
    if (counts[t] < 0 || counts[t] > inst.size[t]) return `type ${t} has ${counts[t]} of ${inst.size[t]}`;
    total += counts[t];
  }
  if (total !== inst.input.k) return `${total} members, k is ${inst.input.k}`;
  for (let qi = 0; qi < inst.input.quotas.length; qi++) {
    const q = inst.input.quotas[qi];
    const n = inst.quotaTypes[qi].reduce((s, t) => s + counts[t], 0);
    if (n < q.min || n > q.max) return `${q.category}=${q.value}: ${n} outside ${q.min}..${q.max}`;
  }
  for (const g of inst.householdGroups) if (g.reduce((s, t) => s + counts[t], 0) > 1) return 'two members of one household group';
  return null;
}

function toCounts(pairs: [number, number][], types: number): Int32Array {
  const a = new Int32Array(types);
  for (const [t, c] of pairs) {
    if (!Number.isInteger(t) || t < 0 || t >= types) throw new Error(`type ${t} out of range`);
    a[t] = c;
  }
  return a;
}

/** Checks a public draw from its published files and ledger entries; never throws on bad files. */
export function verifyPublicDraw(args: VerifyPublicDrawArgs): PublicDrawVerdict {
  const checks: DrawCheck[] = [];
  const notes = [NOT_RERUN_NOTE];
  const add = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const done = () => ({ ok: checks.length > 0 && checks.every((c) => c.ok), checks, notes });

  let c: CommitmentFile;
  let report: SelectionReport;
  let pool: PublicPool;
  let quotas: Quota[];
  try {
    c = typeof args.commitment === 'string' ? (JSON.parse(args.commitment) as CommitmentFile) : args.commitment;
    report = typeof args.report === 'string' ? (JSON.parse(args.report) as SelectionReport) : args.report;
    if (c.format !== PUBLIC_DRAW_FORMAT) throw new Error(`commitment file format is ${String(c.format)}, expected ${PUBLIC_DRAW_FORMAT}`);
    pool = typeof args.publicPool === 'string' ? parsePoolCsv(args.publicPool, c.categories, c.householdRule) : args.publicPool;
    quotas = typeof args.quotas === 'string' ? parseQuotasCsv(args.quotas) : args.quotas;
  } catch (err) {
    add('files', false, `cannot read the published files: ${(err as Error).message}`);
    return done();
  }
  const inputs: PublicInputs = { format: PUBLIC_DRAW_FORMAT, engine: c.engine, algorithm: c.algorithm, lotterySize: c.lotterySize, k: c.k, pool, quotas, entropy: c.entropy };
  const commitment = commitmentOf(inputs);
  add('commitment', commitment === c.commitment, commitment === c.commitment ? `SHA-256 of the canonical inputs is ${commitment}` : `the pool, quotas and commitment.json hash to ${commitment}, but commitment.json says ${c.commitment}`);

  const entries = readEntries(args.ledgerEntries);
  const committed = entries.find((e) => e.kind === 'sortition.committed' && e.payload.commitment === commitment);
  if (!committed) {
    add('committed-entry', false, `no sortition.committed ledger entry carries the commitment ${commitment}`);
    return done();
  }
  const committedHash = hashLeaf(committed.text).toString('hex');
  add('committed-entry', true, `ledger entry ${committed.index} (${committed.subject}) commits to ${commitment}`);
  const cites = (e: Entry) => e.payload.commitmentIndex === committed.index && e.payload.commitmentEntryHash === committedHash;

  const after = Date.parse(c.entropy.after);
  const committedTime = Date.parse(committed.time);
  const covering = (args.heads ?? []).filter((h) => h.size > committed.index && Date.parse(h.timestamp) < after);
  const beforeOk = Number.isFinite(after) && committedTime < after && (args.heads === undefined || covering.length > 0);
  add(
    'commitment-before-entropy',
    beforeOk,
    `committed at ${committed.time}, entropy sources (${c.entropy.sources.join('; ')}) exist after ${c.entropy.after}` +
      (args.heads === undefined ? '; no signed heads given to date it' : covering.length ? `; signed head of size ${covering[0].size} at ${covering[0].timestamp} covers it` : '; no signed head covering the commitment was issued before that date'),
  );

  const revealed = entries.find((e) => e.kind === 'sortition.revealed' && e.payload.commitment === commitment && cites(e));
  if (!revealed) {
    add('reveal-entry', false, `no sortition.revealed ledger entry cites entry ${committed.index}`);
    return done();
  }
  const revealedAt = Date.parse(String(revealed.payload.revealedAt));
  const revealOk = revealed.index > committed.index && revealedAt >= after;
  add('reveal-after-commitment', revealOk, `entropy revealed in entry ${revealed.index} at ${String(revealed.payload.revealedAt)}${revealOk ? '' : ` — it must come after entry ${committed.index} and not before ${c.entropy.after}`}`);

  const entropyText = args.entropy ?? String(revealed.payload.entropy ?? '');
  let seed = '';
  try {
    seed = seedFromEntropy(entropyText);
  } catch (err) {
    add('seed', false, (err as Error).message);
    return done();
  }
  const canonical = canonicalEntropy(entropyText);
  const seedOk = seed === report.seed && report.entropy === canonical && revealed.payload.entropy === canonical && revealed.payload.seed === seed;
  add('seed', seedOk, seedOk ? `seed ${seed} = SHA-256 of the revealed entropy` : `SHA-256 of the entropy is ${seed}; the report's seed is ${report.seed}${revealed.payload.entropy === canonical ? '' : ' and the ledger revealed other entropy'}`);

  const input = selectionInputOf(inputs);
  const hash = inputHash(input, c.algorithm, c.lotterySize);
  const same = report.inputHash === hash && report.k === c.k && report.algorithm === c.algorithm && report.lottery?.size === c.lotterySize && report.ceremony?.commitment === commitment;
  add('report-inputs', same, same ? `the report is of these inputs (input hash ${hash})` : `the report's input hash, k, algorithm, lottery size or commitment differ from the published ones (input hash ${hash})`);

  try {
    const inst = buildTypes(input);
    const types = report.lottery.types;
    const typesOk = types.length === inst.types.length && types.every((t, i) => t.size === inst.size[i] && JSON.stringify(t.values) === JSON.stringify(inst.types[i].values));
    if (!typesOk) {
      add('lottery', false, 'the report\'s types are not those of the published pool');
      return done();
    }
    if (!report.distribution) {
      add('lottery', false, 'the report has no distribution to round (a legacy-algorithm report cannot be a public draw)');
      return done();
    }
    const panels = report.distribution.panels.map((p) => toCounts(p, inst.types.length));
    const bad = panels.map((p, j) => [j, panelBreaksQuotas(inst, p)] as const).find(([, why]) => why !== null);
    const sum = report.distribution.probs.reduce((s, p) => s + p, 0);
    const distOk = !bad && report.distribution.probs.every((p) => p >= 0) && Math.abs(sum - 1) < 1e-6 && panels.length === report.distribution.probs.length;
    add('distribution', distOk, distOk ? `${panels.length} panels, each meeting the quotas, probabilities summing to 1` : bad ? `panel ${bad[0]} breaks the rules: ${bad[1]}` : `probabilities sum to ${sum}`);
    const lottery = roundToLottery(inst, panels, report.distribution.probs, c.lotterySize);
    const diff = sameLottery(lottery, report.lottery);
    add('lottery', diff === null, diff === null ? `rounding gives the report's lottery of ${lottery.size} tickets over ${lottery.panels.length} panels` : `rounding the distribution does not give the report's lottery: ${diff}`);
    if (diff !== null) return done();
    const ticket = new HashRng(seed, 'ticket').below(lottery.size);
    const panel = panelOfTicket(lottery, ticket);
    const rng = new HashRng(seed, 'members');
    const chosen: number[] = [];
    lottery.panels[panel].forEach((count, t) => {
      if (count) chosen.push(...rng.sample(inst.types[t].members, count));
    });
    chosen.sort((a, b) => a - b);
    const members = chosen.map((i) => input.people[i].id);
    const pickOk = report.draw.ticket === ticket && report.draw.panel === panel && JSON.stringify(report.draw.members) === JSON.stringify(members);
    add('panel', pickOk, pickOk ? `ticket ${ticket} → panel ${panel}: ${members.join(', ')}` : `with this seed the ticket is ${ticket} and the panel ${members.join(', ')}; the report says ticket ${report.draw.ticket}: ${report.draw.members.join(', ')}`);
  } catch (err) {
    add('lottery', false, `cannot redo the lottery from the report: ${(err as Error).message}`);
  }

  const reportHash = sha256Hex(canonicalJson(report));
  const drawn = entries.find((e) => e.kind === 'sortition.drawn' && e.payload.commitment === commitment);
  if (!drawn) add('drawn-entry', false, `no sortition.drawn ledger entry for commitment ${commitment}`);
  else {
    const ok = drawn.payload.reportHash === reportHash && cites(drawn) && drawn.index > revealed.index;
    add('drawn-entry', ok, ok ? `ledger entry ${drawn.index} records this report (SHA-256 ${reportHash}) and cites entry ${committed.index}` : drawn.payload.reportHash !== reportHash ? `ledger entry ${drawn.index} records report ${String(drawn.payload.reportHash)}, this report hashes to ${reportHash}` : `ledger entry ${drawn.index} does not cite the commitment entry ${committed.index} (hash ${committedHash}) after the reveal`);
  }
  return done();
}

/** SHA-256 of the canonical JSON of a report: what the `sortition.drawn` entry records. */
export function reportHashOf(report: SelectionReport): string {
  return sha256Hex(canonicalJson(report));
}
