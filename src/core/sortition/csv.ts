// Reads a CSV text into a header and rows that remember their line number, so that every later
// error can name the exact row and column.
import { CsvError, parse } from 'csv-parse/sync';
import { SortitionInputError } from './errors.ts';

export interface CsvRow {
  /** 1-based line number in the file. */
  line: number;
  cells: Record<string, string>;
}

export interface CsvTable {
  file: string;
  header: string[];
  rows: CsvRow[];
}

export function readCsv(text: string, file: string): CsvTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (err) {
    if (err instanceof CsvError) {
      const line = typeof err.lines === 'number' ? err.lines : undefined;
      throw new SortitionInputError(`cannot parse CSV (${err.code}): ${err.message}`, { file, row: line });
    }
    throw err;
  }
  if (records.length === 0) throw new SortitionInputError('file is empty', { file });
  const header = records[0].record;
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (name === '') throw new SortitionInputError(`header cell ${i + 1} is empty`, { file, row: 1 });
    if (seen.has(name)) throw new SortitionInputError('duplicate column in header', { file, row: 1, column: name });
    seen.add(name);
  });
  const rows = records.slice(1).map(({ record, info }) => {
    const cells: Record<string, string> = {};
    header.forEach((name, i) => {
      cells[name] = record[i] ?? '';
    });
    return { line: info.lines, cells };
  });
  return { file, header, rows };
}

/** Returns the header name matching `wanted` case-insensitively, or fails naming the file. */
export function requireColumn(table: CsvTable, wanted: string): string {
  const found = findColumn(table, wanted);
  if (found === undefined) throw new SortitionInputError(`missing column "${wanted}"`, { file: table.file, row: 1 });
  return found;
}

export function findColumn(table: CsvTable, wanted: string): string | undefined {
  return table.header.find((h) => h.toLowerCase() === wanted.toLowerCase());
}

/** A non-negative integer cell; anything else is an error naming the cell. */
export function integerCell(table: CsvTable, row: CsvRow, column: string): number {
  const raw = row.cells[column];
  if (!/^\d+$/.test(raw)) {
    throw new SortitionInputError(`expected a non-negative integer, got "${raw}"`, {
      file: table.file,
      row: row.line,
      column,
    });
  }
  return Number(raw);
}
