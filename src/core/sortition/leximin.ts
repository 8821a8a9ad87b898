// LEXIMIN and MAXIMIN by column generation over types (Flanigan, Gölz, Gupta, Hennig, Procaccia,
// Nature 2021, Algorithm 1), see ADR 0101.
//
// Level by level we solve the dual LP over the panels found so far:
//   minimise  w - sum_{t fixed} f_t y_t
//   s.t.      sum_t (x_Pt / s_t) y_t <= w   for every known panel P
//             sum_{t unfixed} y_t = 1,  y >= 0
// and ask the pricing MIP for the feasible panel with the largest sum_t (y_t / s_t) x_t. While that
// exceeds w, the panel is added. Once it does not, the LP value z is the best possible minimum over the
// unfixed types; complementary slackness says every unfixed type with y_t > 0 sits at z in *every*
// optimal distribution, so those types are fixed at z and the next level begins.
import { type ProgressFn, PanelSet, type TypeDistribution, normalise, typeMarginals } from './distribution.ts';
import { linear, solve } from './highs.ts';
import { PersistentModel, STATUS } from './persistent.ts';
import { type Panel, PanelOracle } from './panels.ts';
import type { TypedInstance } from './types.ts';
import { legacyDraw } from './legacy.ts';
import { fastRng } from './random.ts';

export interface LeximinOptions {
  /** Stop after the first level (MAXIMIN). */
  maximinOnly?: boolean;
  /** Greedy panels added before column generation starts (default: 2 per type, at most 2000). */
  seedPanels?: number;
  /** Absolute time (ms since epoch) after which the best result so far is returned, marked not optimal. */
  deadline?: number;
  onProgress?: ProgressFn;
}

/** Column generation stops when the pricing panel beats the LP by no more than this. */
const CG_TOLERANCE = 1e-9;
/** Dual weights above this mark a type as tight at the current level. */
const FIX_THRESHOLD = 1e-7;
const FIX_SLACK = 1e-9;
/** Local search from this many known panels per round adds several columns at once. */
const COLUMNS_PER_ROUND = 24;

export async function leximin(inst: TypedInstance, options: LeximinOptions = {}): Promise<TypeDistribution> {
  const started = Date.now();
  const T = inst.types.length;
  const oracle = new PanelOracle(inst);
  const set = new PanelSet();
  const fixed = new Float64Array(T).fill(Number.NaN);
  const name = options.maximinOnly ? 'maximin' : 'leximin';

  seedPanels(inst, set, options.seedPanels ?? Math.min(2000, 2 * inst.types.length));
  for (const t of await coverTypes(inst, oracle, set)) fixed[t] = 0;
  const master = await DualMaster.create(inst, fixed);
  for (const panel of set.panels) master.addPanel(panel);
  try {
    return await run();
  } finally {
    master.dispose();
    oracle.dispose();
  }

  async function run(): Promise<TypeDistribution> {

  let rounds = 0;
  let levels = 0;
  let optimal = true;
  let gap = 0;
  const fixedPeople = () => inst.size.reduce((s, n, t) => s + (Number.isNaN(fixed[t]) ? 0 : n), 0);
  // Carried across levels: if time runs out inside the first LP of a level, the last level value
  // is still a valid lower bound for everyone left.
  let z = 0;
  let y: number[] = [];
  while (fixed.some(Number.isNaN)) {
    levels++;
    for (;;) {
      rounds++;
      const timeLeft = options.deadline === undefined ? undefined : (options.deadline - Date.now()) / 1000;
      const solved = master.solve(timeLeft);
      if (!solved) {
        // Out of time inside the LP: keep the last proven values (a valid lower bound).
        optimal = false;
        break;
      }
      ({ z, y } = solved);
      const w = z + fixedTerm(fixed, y);
      const priced = await oracle.improvingMany(
        y.map((v, t) => v / inst.size[t]),
        w + CG_TOLERANCE,
        timeLeft,
        set.panels,
        COLUMNS_PER_ROUND,
      );
      if (!priced) throw new Error('pricing found no feasible panel although one exists');
      gap = Math.max(0, priced.value - w);
      options.onProgress?.({
        algorithm: name,
        level: levels,
        round: rounds,
        minimum: z,
        fixedPeople: fixedPeople(),
        totalPeople: inst.input.people.length,
        gap,
        elapsedMs: Date.now() - started,
      });
      const fresh = priced.panels.filter((p) => set.add(p));
      if (fresh.length === 0 || gap <= CG_TOLERANCE) {
        gap = 0;
        break;
      }
      for (const p of fresh) master.addPanel(p);
      if (options.deadline !== undefined && Date.now() > options.deadline) {
        optimal = false;
        break;
      }
    }
    const tight = unfixed(fixed).filter((t) => y[t] > FIX_THRESHOLD);
    if (tight.length === 0) tight.push(argmaxUnfixed(fixed, y));
    // Without proven optimality (time limit) or for MAXIMIN, everyone left is held at the level value.
    const fixNow = options.maximinOnly || !optimal ? unfixed(fixed) : tight;
    for (const t of fixNow) {
      fixed[t] = Math.max(0, z);
      master.fix(t, fixed[t]);
    }
    if (!optimal) break;
  }
  const { panels, probs } = await solvePrimal(inst, set.panels, fixed);
  return {
    panels,
    probs,
    typeProb: typeMarginals(inst, panels, probs),
    optimal,
    gap,
    stats: { levels, rounds, pricingCalls: oracle.calls, panelsGenerated: set.panels.length },
  };
  }
}

function unfixed(fixed: Float64Array): number[] {
  const out: number[] = [];
  fixed.forEach((f, t) => {
    if (Number.isNaN(f)) out.push(t);
  });
  return out;
}

function argmaxUnfixed(fixed: Float64Array, y: number[]): number {
  let best = -1;
  for (const t of unfixed(fixed)) if (best < 0 || y[t] > y[best]) best = t;
  return best;
}

function fixedTerm(fixed: Float64Array, y: number[]): number {
  let s = 0;
  fixed.forEach((f, t) => {
    if (!Number.isNaN(f)) s += f * y[t];
  });
  return s;
}

/**
 * Starts the master with many cheap, diverse feasible panels: LEGACY greedy draws with a fixed seed
 * (so results stay a function of the inputs). Column generation then needs far fewer MIP rounds.
 */
export function seedPanels(inst: TypedInstance, set: PanelSet, count: number): void {
  const random = fastRng('kenes-sortition-initial-panels');
  let failures = 0;
  for (let i = 0; i < count && failures < 3 * count; ) {
    const panel = legacyDraw(inst, random);
    if (!panel) {
      failures++;
      continue;
    }
    set.add(panel);
    i++;
  }
}

/**
 * Finds panels so that every type that can sit on some panel sits on one we know: the master LP
 * starts feasible with a positive minimum. Returns the types no feasible panel contains.
 */
export async function coverTypes(inst: TypedInstance, oracle: PanelOracle, set: PanelSet): Promise<number[]> {
  const T = inst.types.length;
  const covered = new Uint8Array(T);
  for (const panel of set.panels) {
    for (let t = 0; t < T; t++) if (panel[t] > 0) covered[t] = 1;
  }
  for (;;) {
    const found = await oracle.best(Array.from(covered, (c, t) => (c ? 0 : 1 / inst.size[t])));
    if (!found) throw new Error('no feasible panel (quotas should have been checked first)');
    let fresh = false;
    found.panel.forEach((x, t) => {
      if (x > 0 && !covered[t]) {
        covered[t] = 1;
        fresh = true;
      }
    });
    set.add(found.panel);
    if (!fresh) break;
  }
  return unfixed(Float64Array.from(covered, (c) => (c ? 0 : Number.NaN)));
}

/** The dual master LP, kept in one persistent model: new panels become rows, fixing edits in place. */
class DualMaster {
  private constructor(
    private readonly inst: TypedInstance,
    private readonly model: PersistentModel,
    private readonly yCol: Int32Array,
    private readonly wCol: number,
    private readonly normRow: number,
  ) {}

  static async create(inst: TypedInstance, fixed: Float64Array): Promise<DualMaster> {
    const T = inst.types.length;
    const objective = ['1 w', ...Array.from({ length: T }, (_, t) => `0 y${t}`)].join(' + ');
    const norm = unfixed(fixed).map((t) => `1 y${t}`);
    const model = await PersistentModel.fromLp(
      `Minimize\n obj: ${objective}\nSubject To\n norm: ${norm.join(' + ')} = 1\nBounds\n w free\nEnd\n`,
      // Presolve off: it would discard the basis that makes each re-solve a short warm start.
      { primal_feasibility_tolerance: 1e-9, dual_feasibility_tolerance: 1e-9, random_seed: 0, presolve: 'off' },
    );
    const yCol = Int32Array.from({ length: T }, (_, t) => model.col(`y${t}`));
    return new DualMaster(inst, model, yCol, model.col('w'), model.row('norm'));
  }

  addPanel(panel: Panel): void {
    const idx: number[] = [this.wCol];
    const val: number[] = [-1];
    panel.forEach((x, t) => {
      if (x) {
        idx.push(this.yCol[t]);
        val.push(x / this.inst.size[t]);
      }
    });
    this.model.addRow(-this.model.infinity, 0, idx, val);
  }

  fix(t: number, level: number): void {
    // The master holds fixed types a hair below their level, so that LP tolerances can never make a
    // later level infeasible (an unbounded dual); the final primal uses the exact levels.
    this.model.setCost(this.yCol[t], -Math.max(0, level - FIX_SLACK));
    this.model.setCoefficient(this.normRow, this.yCol[t], 0);
  }

  /** Null when the time limit stopped the LP before optimality. */
  solve(timeLimit?: number): { z: number; y: number[] } | null {
    this.model.setOptions({ time_limit: timeLimit === undefined ? 1e30 : Math.max(0.05, timeLimit) });
    const sol = this.model.run();
    if (sol.status === STATUS.timeLimit) return null;
    if (sol.status !== STATUS.optimal) throw new Error(`master LP ended with status ${sol.status}`);
    return { z: sol.objective, y: Array.from(this.yCol, (c) => Math.max(0, sol.x[c])) };
  }

  dispose(): void {
    this.model.dispose();
  }
}

/**
 * The distribution itself: panel probabilities meeting every fixed level as closely as the LP allows
 * (minimise the largest shortfall d).
 */
export async function solvePrimal(
  inst: TypedInstance,
  panels: Panel[],
  floor: ArrayLike<number>,
): Promise<{ panels: Panel[]; probs: number[] }> {
  const T = inst.types.length;
  const perType: [number, string][][] = Array.from({ length: T }, () => []);
  panels.forEach((panel, j) => {
    for (let t = 0; t < T; t++) if (panel[t]) perType[t].push([panel[t] / inst.size[t], `p${j}`]);
  });
  const rows: string[] = [];
  for (let t = 0; t < T; t++) {
    if (floor[t] > 0) rows.push(` t${t}:${linear(perType[t])} + 1 d >= ${floor[t]}`);
  }
  rows.push(` sum:${linear(panels.map((_, j) => [1, `p${j}`] as const))} = 1`);
  const model = `Minimize\n obj: 1 d\nSubject To\n${rows.join('\n')}\nEnd\n`;
  const sol = await solve(model);
  if (sol.status !== 'Optimal') throw new Error(`final LP ended with status ${sol.status}`);
  return normalise(
    panels,
    panels.map((_, j) => sol.value(`p${j}`)),
  );
}
