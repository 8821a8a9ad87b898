// A persistent HiGHS model: read once from LP text, then changed in place (costs, rows, integrality)
// and re-solved with a warm start. Column generation re-solves almost the same LP hundreds of times,
// and re-parsing it from text every round cost most of the run time.
import { loadHighs } from './highs.ts';

// The persistent API's types are richer than we need; keep to the calls used here.
interface NativeModel {
  readModel(source: { format: 'lp'; data: string }): unknown;
  options: { set(values: Record<string, unknown>): unknown };
  getColByName(name: string): number;
  getColName(index: number): string;
  getRowByName(name: string): number;
  changeColsCost(sel: { kind: 'range'; from: number; to: number }, costs: Float64Array): unknown;
  changeColCost(index: number, cost: number): unknown;
  changeCoefficient(row: number, col: number, value: number): unknown;
  changeColsIntegrality(sel: { kind: 'range'; from: number; to: number }, types: Int32Array): unknown;
  addRow(lower: number, upper: number, entries: { indices: Int32Array; values: Float64Array }): unknown;
  changeColBounds(index: number, lower: number, upper: number): unknown;
  changeColsBounds(sel: { kind: 'range'; from: number; to: number }, lower: Float64Array, upper: Float64Array): unknown;
  changeRowBounds(index: number, lower: number, upper: number): unknown;
  changeRowsBounds(sel: { kind: 'range'; from: number; to: number }, lower: Float64Array, upper: Float64Array): unknown;
  run(): { modelStatus: number };
  zeroAllClocks(): unknown;
  getObjectiveValue(): number;
  getSolution(): { colValue: Float64Array; rowDual: Float64Array };
  getDimensions(): { numCols: number; numRows: number };
  dispose(): void;
}

export const STATUS = { optimal: 7, infeasible: 8, timeLimit: 13 } as const;

export class PersistentModel {
  private constructor(
    private readonly model: NativeModel,
    readonly infinity: number,
  ) {}

  static async fromLp(text: string, options: Record<string, unknown>): Promise<PersistentModel> {
    const highs = (await loadHighs()) as unknown as { createModel(): NativeModel; infinity: number };
    const model = highs.createModel();
    model.options.set({ output_flag: false, ...options });
    model.readModel({ format: 'lp', data: text });
    return new PersistentModel(model, highs.infinity);
  }

  col(name: string): number {
    return this.model.getColByName(name);
  }

  row(name: string): number {
    return this.model.getRowByName(name);
  }

  /** Column names in model order. */
  colNames(): string[] {
    return Array.from({ length: this.numCols }, (_, i) => this.model.getColName(i));
  }

  get numCols(): number {
    return this.model.getDimensions().numCols;
  }

  get numRows(): number {
    return this.model.getDimensions().numRows;
  }

  setOptions(options: Record<string, unknown>): void {
    this.model.options.set(options);
  }

  setCosts(costs: Float64Array): void {
    this.model.changeColsCost({ kind: 'range', from: 0, to: costs.length - 1 }, costs);
  }

  setCost(col: number, cost: number): void {
    this.model.changeColCost(col, cost);
  }

  setCoefficient(row: number, col: number, value: number): void {
    this.model.changeCoefficient(row, col, value);
  }

  setIntegral(count: number, integral: boolean): void {
    this.model.changeColsIntegrality({ kind: 'range', from: 0, to: count - 1 }, new Int32Array(count).fill(integral ? 1 : 0));
  }

  addRow(lower: number, upper: number, indices: number[], values: number[]): void {
    this.model.addRow(lower, upper, { indices: Int32Array.from(indices), values: Float64Array.from(values) });
  }

  setColBounds(col: number, lower: number, upper: number): void {
    this.model.changeColBounds(col, lower, upper);
  }

  /** Bounds of columns 0..lower.length-1. */
  setColsBounds(lower: Float64Array, upper: Float64Array): void {
    this.model.changeColsBounds({ kind: 'range', from: 0, to: lower.length - 1 }, lower, upper);
  }

  setRowBounds(row: number, lower: number, upper: number): void {
    this.model.changeRowBounds(row, lower, upper);
  }

  /** Bounds of rows 0..lower.length-1 in one call (one per row costs a WASM round trip each). */
  setRowsBounds(lower: Float64Array, upper: Float64Array): void {
    this.model.changeRowsBounds({ kind: 'range', from: 0, to: lower.length - 1 }, lower, upper);
  }

  run(): { status: number; objective: number; x: Float64Array; rowDual: Float64Array } {
    // HiGHS measures time_limit on a clock that runs across calls; each solve gets its own budget.
    this.model.zeroAllClocks();
    const { modelStatus } = this.model.run();
    const sol = this.model.getSolution();
    return { status: modelStatus, objective: this.model.getObjectiveValue(), x: sol.colValue, rowDual: sol.rowDual };
  }

  dispose(): void {
    this.model.dispose();
  }
}
