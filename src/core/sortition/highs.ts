// One place that loads HiGHS (WebAssembly) and writes models in CPLEX LP format. The WASM build is
// deterministic across machines, which the verifiable draw relies on (see ADR 0103).

type Highs = unknown;
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

const STATUS_TEXT: Record<number, string> = { 7: 'Optimal', 8: 'Infeasible', 13: 'Time limit reached' };

/**
 * One-shot solve of an LP-format model. It goes through the persistent API (created, run, disposed)
 * rather than the legacy `solve()`, which failed with "memory access out of bounds" once persistent
 * models had grown the WASM heap.
 */
export async function solve(model: string, options: Record<string, unknown> = {}): Promise<LpSolution> {
  const { PersistentModel } = await import('./persistent.ts');
  const m = await PersistentModel.fromLp(model, { ...BASE_OPTIONS, ...options });
  try {
    const r = m.run();
    const x = r.x;
    const names = new Map(m.colNames().map((name, i) => [name, i]));
    return {
      status: STATUS_TEXT[r.status] ?? `status ${r.status}`,
      objective: r.objective,
      value: (name) => x[names.get(name) ?? -1] ?? 0,
      rowDuals: Array.from(r.rowDual),
    };
  } finally {
    m.dispose();
  }
}

/** Formats a linear expression `sum coef * var` for the LP format. */
export function linear(terms: Iterable<readonly [number, string]>): string {
  let out = '';
  for (const [coef, name] of terms) {
    if (coef === 0) continue;
    // JavaScript's shortest round-trip decimal (exponent form below 1e-6), which the LP reader parses.
    out += coef < 0 ? ` - ${-coef} ${name}` : ` + ${coef} ${name}`;
  }
  return out === '' ? ' 0' : out;
}

/** Rows `lo <= expr <= hi` written as one or two inequalities (skipping trivial sides). */
export function rangeRows(name: string, expr: string, lo: number, hi: number): string[] {
  if (lo === hi) return [` ${name}: ${expr} = ${lo}`];
  const rows: string[] = [];
  if (lo > 0) rows.push(` ${name}_lo: ${expr} >= ${lo}`);
  if (Number.isFinite(hi)) rows.push(` ${name}_hi: ${expr} <= ${hi}`);
  return rows;
}
