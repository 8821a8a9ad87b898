// The public pool of a draw (ADR 0112): every person gets a random public candidate number at commit
// time, and only the values of the draw's categories are kept. The source ids (a CRM id, a pseudonym)
// stay in a staff-only map; household keys (addresses) become opaque group labels.
import { iinCheckDigit } from '../iin.ts';
import { SortitionInputError } from './errors.ts';
import type { Person, SelectionInput } from './model.ts';
import type { PublicPool } from './publicDraw.ts';

/** True for 12 digits whose check digit is right: an IIN or a BIN, which must never enter a pool id. */
export function looksLikeIinOrBin(value: string): boolean {
  const v = value.trim();
  if (!/^\d{12}$/.test(v)) return false;
  return iinCheckDigit(v.slice(0, 11)) === Number(v[11]);
}

export const IIN_ID_REASON = 'this id passes the IIN/BIN check digit: personal numbers must not be pool ids (use a pseudonym or the row number)';

/** Validates a pool given as data (not CSV): the same rules the CSV readers apply, rows numbered from 1. */
export function validatePoolData(input: SelectionInput, file = 'pool'): void {
  if (!input.categories.length) throw new SortitionInputError('no categories', { file });
  const allowed = new Map<string, Set<string>>(input.categories.map((c) => [c, new Set()]));
  for (const q of input.quotas) {
    const values = allowed.get(q.category);
    if (!values) throw new SortitionInputError(`quota for unknown category "${q.category}"`, { file: 'quotas' });
    if (!Number.isInteger(q.min) || !Number.isInteger(q.max) || q.min < 0 || q.min > q.max) {
      throw new SortitionInputError(`quota ${q.category}=${q.value}: min ${q.min} and max ${q.max} must be integers with 0 ≤ min ≤ max`, { file: 'quotas' });
    }
    values.add(q.value);
  }
  if (!input.people.length) throw new SortitionInputError('the pool is empty', { file });
  const ids = new Set<string>();
  input.people.forEach((p: Person, i) => {
    const at = (column: string) => ({ file, row: i + 1, column });
    if (typeof p.id !== 'string' || p.id === '') throw new SortitionInputError('empty id', at('id'));
    if (ids.has(p.id)) throw new SortitionInputError(`duplicate id "${p.id}"`, at('id'));
    if (looksLikeIinOrBin(p.id)) throw new SortitionInputError(IIN_ID_REASON, at('id'));
    ids.add(p.id);
    for (const c of input.categories) {
      if (!allowed.get(c)?.has(p.features[c])) throw new SortitionInputError(`value "${p.features[c] ?? ''}" is not among the quota values of "${c}"`, at(c));
    }
  });
  if (!Number.isInteger(input.k) || input.k < 1 || input.k > input.people.length) {
    throw new SortitionInputError(`panel size k=${input.k} is out of range 1..${input.people.length} (the pool size)`);
  }
}

export interface AnonymisedPool {
  pool: PublicPool;
  /** Public candidate number → source id. Staff-only. */
  sourceIds: Record<string, string>;
}

/**
 * Assigns the numbers 1..N in a uniformly random order (`randomBelow(n)` gives an integer in [0, n)),
 * zero-padded to one width so that text order is number order, and lists the pool by number, so the
 * public file keeps nothing of the source file's order either.
 */
export function anonymisePool(input: SelectionInput, randomBelow: (n: number) => number): AnonymisedPool {
  const n = input.people.length;
  const numbers = Array.from({ length: n }, (_, i) => i + 1);
  for (let i = n - 1; i > 0; i--) {
    const j = randomBelow(i + 1);
    [numbers[i], numbers[j]] = [numbers[j], numbers[i]];
  }
  const width = String(n).length;
  const rows = input.people.map((p, i) => ({ person: p, number: String(numbers[i]).padStart(width, '0') }));
  rows.sort((a, b) => (a.number < b.number ? -1 : 1));
  const householdSize = new Map<string, number>();
  for (const p of input.people) if (p.household !== undefined) householdSize.set(p.household, (householdSize.get(p.household) ?? 0) + 1);
  const groupLabel = new Map<string, string>();
  const sourceIds: Record<string, string> = {};
  const candidates = rows.map(({ person, number }) => {
    sourceIds[number] = person.id;
    let household: string | null = null;
    if (person.household !== undefined && (householdSize.get(person.household) ?? 0) > 1) {
      household = groupLabel.get(person.household) ?? `H${groupLabel.size + 1}`;
      groupLabel.set(person.household, household);
    }
    return { number, values: input.categories.map((c) => person.features[c]), household };
  });
  return { pool: { categories: input.categories.slice(), householdRule: (input.householdColumns?.length ?? 0) > 0, candidates }, sourceIds };
}
