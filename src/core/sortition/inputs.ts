// The two quota-and-pool formats in use: Panelot (Flanigan et al.) and the Sortition Foundation's.
// Both end in one validated SelectionInput; every rejection names file, row and column, and the row
// problems of a file are gathered so that one submission lists them all (RowProblems).
import { type CsvTable, findColumn, integerCell, readCsv, requireColumn } from './csv.ts';
import { RowProblems, SortitionInputError } from './errors.ts';
import type { Person, Quota, SelectionInput } from './model.ts';

export interface PanelotFiles {
  /** Text of categories.csv: `category,feature,min,max`. */
  categoriesCsv: string;
  /** Text of respondents.csv: one column per category, one row per person. */
  respondentsCsv: string;
  categoriesFile?: string;
  respondentsFile?: string;
}

export interface SortitionFoundationFiles {
  /** Text of features.csv: `feature,value,min,max[,min_flex,max_flex]`. */
  featuresCsv: string;
  /** Text of the people CSV, with an id column and one column per feature. */
  peopleCsv: string;
  featuresFile?: string;
  peopleFile?: string;
}

export interface PoolOptions {
  k: number;
  /** Column holding the person id; Panelot defaults to the 0-based row index. */
  idColumn?: string;
  /** Columns that together identify a household (at most one member per panel). */
  householdColumns?: string[];
  /** A reason to refuse an id value (e.g. it is an IIN), or null to accept it; the error names row and column. */
  refuseId?: (id: string) => string | null;
}

export function parsePanelot(files: PanelotFiles, options: PoolOptions): SelectionInput {
  const quotaTable = readCsv(files.categoriesCsv, files.categoriesFile ?? 'categories.csv');
  const cols = {
    category: requireColumn(quotaTable, 'category'),
    value: requireColumn(quotaTable, 'feature'),
    min: requireColumn(quotaTable, 'min'),
    max: requireColumn(quotaTable, 'max'),
  };
  const quotas = readQuotas(quotaTable, cols);
  const people = readCsv(files.respondentsCsv, files.respondentsFile ?? 'respondents.csv');
  return buildInput(quotas, people, options, options.idColumn);
}

export function parseSortitionFoundation(files: SortitionFoundationFiles, options: PoolOptions): SelectionInput {
  const quotaTable = readCsv(files.featuresCsv, files.featuresFile ?? 'features.csv');
  const cols = {
    category: requireColumn(quotaTable, 'feature'),
    value: requireColumn(quotaTable, 'value'),
    min: requireColumn(quotaTable, 'min'),
    max: requireColumn(quotaTable, 'max'),
    minFlex: findColumn(quotaTable, 'min_flex'),
    maxFlex: findColumn(quotaTable, 'max_flex'),
  };
  const quotas = readQuotas(quotaTable, cols);
  const people = readCsv(files.peopleCsv, files.peopleFile ?? 'people.csv');
  const idColumn =
    options.idColumn ?? findColumn(people, 'id') ?? findColumn(people, 'nationbuilder_id') ?? undefined;
  if (idColumn === undefined) {
    throw new SortitionInputError('no id column: name it with --id-column (tried "id", "nationbuilder_id")', {
      file: people.file,
      row: 1,
    });
  }
  return buildInput(quotas, people, options, idColumn);
}

interface QuotaColumns {
  category: string;
  value: string;
  min: string;
  max: string;
  minFlex?: string;
  maxFlex?: string;
}

interface LocatedQuota extends Quota {
  line: number;
}

function readQuotas(table: CsvTable, cols: QuotaColumns): { quotas: LocatedQuota[]; file: string } {
  const quotas: LocatedQuota[] = [];
  const seen = new Set<string>();
  const problems = new RowProblems();
  for (const row of table.rows) {
    problems.row(() => {
      const at = (column: string) => ({ file: table.file, row: row.line, column });
      const category = row.cells[cols.category];
      const value = row.cells[cols.value];
      if (category === '') throw new SortitionInputError('empty category name', at(cols.category));
      if (value === '') throw new SortitionInputError('empty value name', at(cols.value));
      const key = JSON.stringify([category, value]);
      if (seen.has(key)) throw new SortitionInputError(`duplicate quota for ${category}=${value}`, at(cols.value));
      seen.add(key);
      const min = integerCell(table, row, cols.min);
      const max = integerCell(table, row, cols.max);
      if (min > max) throw new SortitionInputError(`min ${min} is greater than max ${max}`, at(cols.min));
      const quota: LocatedQuota = { category, value, min, max, line: row.line };
      if (cols.minFlex && row.cells[cols.minFlex] !== '') {
        quota.minFlex = integerCell(table, row, cols.minFlex);
        if (quota.minFlex > min) {
          throw new SortitionInputError(`min_flex ${quota.minFlex} is greater than min ${min}`, at(cols.minFlex));
        }
      }
      if (cols.maxFlex && row.cells[cols.maxFlex] !== '') {
        quota.maxFlex = integerCell(table, row, cols.maxFlex);
        if (quota.maxFlex < max) {
          throw new SortitionInputError(`max_flex ${quota.maxFlex} is less than max ${max}`, at(cols.maxFlex));
        }
      }
      quotas.push(quota);
    });
  }
  problems.check();
  if (quotas.length === 0) throw new SortitionInputError('no quotas', { file: table.file });
  return { quotas, file: table.file };
}

function buildInput(
  q: { quotas: LocatedQuota[]; file: string },
  table: CsvTable,
  options: PoolOptions,
  idColumn: string | undefined,
): SelectionInput {
  const categories = [...new Set(q.quotas.map((x) => x.category))];
  const allowed = new Map<string, Set<string>>(categories.map((c) => [c, new Set()]));
  for (const quota of q.quotas) allowed.get(quota.category)?.add(quota.value);

  const categoryColumn = new Map<string, string>();
  for (const category of categories) {
    const column = table.header.find((h) => h === category) ?? findColumn(table, category);
    if (column === undefined) {
      const line = q.quotas.find((x) => x.category === category)?.line;
      throw new SortitionInputError(`quota category "${category}" (${q.file} row ${line}) has no column`, {
        file: table.file,
        row: 1,
      });
    }
    categoryColumn.set(category, column);
  }
  if (idColumn !== undefined && !table.header.includes(idColumn)) {
    throw new SortitionInputError(`missing id column "${idColumn}"`, { file: table.file, row: 1 });
  }
  const householdColumns = options.householdColumns ?? [];
  for (const column of householdColumns) {
    if (!table.header.includes(column)) {
      throw new SortitionInputError(`missing household column "${column}"`, { file: table.file, row: 1 });
    }
  }

  if (table.rows.length === 0) throw new SortitionInputError('the pool is empty', { file: table.file });
  const ids = new Set<string>();
  const people: Person[] = [];
  const problems = new RowProblems();
  table.rows.forEach((row, index) => {
    problems.row(() => {
      const id = idColumn === undefined ? String(index) : row.cells[idColumn];
      if (id === '') throw new SortitionInputError('empty id', { file: table.file, row: row.line, column: idColumn });
      if (ids.has(id)) {
        throw new SortitionInputError(`duplicate id "${id}"`, { file: table.file, row: row.line, column: idColumn });
      }
      ids.add(id);
      const refused = idColumn === undefined ? null : (options.refuseId?.(id) ?? null);
      if (refused) throw new SortitionInputError(refused, { file: table.file, row: row.line, column: idColumn });
      const features: Record<string, string> = {};
      for (const category of categories) {
        const column = categoryColumn.get(category) as string;
        const value = row.cells[column];
        if (!allowed.get(category)?.has(value)) {
          const what = value === '' ? 'empty value' : `value "${value}"`;
          throw new SortitionInputError(`${what} is not among the quota values of "${category}" in ${q.file}`, {
            file: table.file,
            row: row.line,
            column,
          });
        }
        features[category] = value;
      }
      const person: Person = { id, features };
      if (householdColumns.length) {
        const parts = householdColumns.map((c) => row.cells[c].trim().toLowerCase());
        // A person with no address at all shares a household with no one.
        if (parts.some((p) => p !== '')) person.household = JSON.stringify(parts);
      }
      people.push(person);
    });
  });
  problems.check();

  const k = options.k;
  if (!Number.isInteger(k) || k < 1 || k > people.length) {
    throw new SortitionInputError(`panel size k=${k} is out of range 1..${people.length} (the pool size)`);
  }
  const quotas: Quota[] = q.quotas.map(({ line: _line, ...quota }) => quota);
  return {
    people,
    categories,
    quotas,
    k,
    ...(householdColumns.length ? { householdColumns } : {}),
  };
}
