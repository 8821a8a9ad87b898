// One place that loads HiGHS (WebAssembly) and writes models in CPLEX LP format. The WASM build is
// deterministic across machines, which the verifiable draw relies on (see ADR 0103).
import type { HighsSolution } from 'highs';

type Highs = { solve(problem: string, options?: Record<string, unknown>): HighsSolution };
let loading: Promise<Highs> | undefined;

export function loadHighs(): Promise<Highs> {
  loading ??= import('highs').then(async (m) => {
    const load = m.default as unknown as () => Promise<Highs>;
    return load();
  });
  return loading;
}

const BASE_OPTIONS = {
  output_flag: false,
  primal_feasibility_tolerance: 1e-9,
  dual_feasibility_tolerance: 1e-9,
  random_seed: 0,
};

export interface LpSolution {
  status: string;
  objective: number;
  /** Primal value by column name. */
  value: (name: string) => number;
  /** Row duals in model order (LP only). */
  rowDuals: number[];
}

export async function solve(model: string, options: Record<string, unknown> = {}): Promise<LpSolution> {
  const highs = await loadHighs();
  let result: HighsSolution;
  try {
    result = highs.solve(model, { ...BASE_OPTIONS, ...options });
  } catch (err) {
    // A failed native solve can leave the WASM instance unusable; reload next time.
    loading = undefined;
    throw err;
  }
  const columns = (result.Columns ?? {}) as Record<string, { Primal?: number }>;
  const rows = (result.Rows ?? []) as { Dual?: number }[];
  return {
    status: result.Status,
    objective: result.ObjectiveValue,
    value: (name) => columns[name]?.Primal ?? 0,
    rowDuals: rows.map((r) => r.Dual ?? 0),
  };
}

/** Formats a linear expression `sum coef * var` for the LP format. */
export function linear(terms: Iterable<readonly [number, string]>): string {
  let out = '';
  for (const [coef, name] of terms) {
    if (coef === 0) continue;
    out += coef < 0 ? ` - ${num(-coef)} ${name}` : ` + ${num(coef)} ${name}`;
  }
  return out === '' ? ' 0' : out;
}

/** Numbers in plain decimal form: the LP reader accepts exponents, but keep text stable and short. */
export function num(x: number): string {
  return Number.isInteger(x) ? String(x) : String(x);
}

/** Rows `lo <= expr <= hi` written as one or two inequalities (skipping trivial sides). */
export function rangeRows(name: string, expr: string, lo: number, hi: number): string[] {
  if (lo === hi) return [` ${name}: ${expr} = ${lo}`];
  const rows: string[] = [];
  if (lo > 0) rows.push(` ${name}_lo: ${expr} >= ${lo}`);
  if (Number.isFinite(hi)) rows.push(` ${name}_hi: ${expr} <= ${hi}`);
  return rows;
}
