// People with identical feature vectors and no household ties are interchangeable: every fair
// distribution can give them equal probability, so the LPs work on these *types* (one integer count
// per type) instead of people. People with household ties stay single-person types, so that the
// "one per household" rule stays exact.
import type { SelectionInput } from './model.ts';

export interface PersonType {
  /** Indexes into input.people, ascending. */
  members: number[];
  /** Index of the quota this type counts toward, one per category (category order). */
  quotaIndex: number[];
  /** Feature values in category order. */
  values: string[];
}

export interface TypedInstance {
  input: SelectionInput;
  types: PersonType[];
  size: number[];
  /** For each quota (input.quotas order), the types that count toward it. */
  quotaTypes: number[][];
  /** Groups of types (single-person) of which at most one may be chosen. */
  householdGroups: number[][];
}

export function buildTypes(input: SelectionInput): TypedInstance {
  const quotaIdx = new Map(input.quotas.map((q, i) => [JSON.stringify([q.category, q.value]), i]));
  const householdSize = new Map<string, number>();
  for (const p of input.people) {
    if (p.household !== undefined) householdSize.set(p.household, (householdSize.get(p.household) ?? 0) + 1);
  }
  const byKey = new Map<string, PersonType>();
  input.people.forEach((person, index) => {
    const values = input.categories.map((c) => person.features[c]);
    const tied = person.household !== undefined && (householdSize.get(person.household) ?? 0) > 1;
    // JSON keeps the key unambiguous whatever the values contain.
    const key = JSON.stringify(tied ? [values, index] : [values]);
    let type = byKey.get(key);
    if (!type) {
      const quotaIndex = input.categories.map((c, i) => quotaIdx.get(JSON.stringify([c, values[i]])) as number);
      type = { members: [], quotaIndex, values };
      byKey.set(key, type);
    }
    type.members.push(index);
  });
  // Canonical order: by feature values, then by first member, so the LPs are the same for the same pool.
  const types = [...byKey.values()].sort((a, b) => {
    for (let i = 0; i < a.values.length; i++) {
      if (a.values[i] !== b.values[i]) return a.values[i] < b.values[i] ? -1 : 1;
    }
    return a.members[0] - b.members[0];
  });
  const quotaTypes: number[][] = input.quotas.map(() => []);
  types.forEach((t, ti) => {
    for (const q of t.quotaIndex) quotaTypes[q].push(ti);
  });
  const groups = new Map<string, number[]>();
  types.forEach((t, ti) => {
    const h = input.people[t.members[0]].household;
    if (t.members.length === 1 && h !== undefined && (householdSize.get(h) ?? 0) > 1) {
      const g = groups.get(h) ?? [];
      g.push(ti);
      groups.set(h, g);
    }
  });
  return {
    input,
    types,
    size: types.map((t) => t.members.length),
    quotaTypes,
    householdGroups: [...groups.values()],
  };
}
