// LEXIMIN against an independent brute force: enumerate every feasible panel of people, then compute
// the leximin vector by the textbook LP sequence (maximise the minimum; fix exactly those people who
// cannot rise above it, found by one LP each). Compare with the column-generation engine over types.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { linear, solve } from '../../../src/core/sortition/highs.ts';
import { isFeasible } from '../../../src/core/sortition/infeasibility.ts';
import { leximin } from '../../../src/core/sortition/leximin.ts';
import type { SelectionInput } from '../../../src/core/sortition/model.ts';
import { buildTypes } from '../../../src/core/sortition/types.ts';
import { CERTIFICATE_FORMAT, checkCertificate } from '../../../src/core/sortition/certificate.ts';
import { relaxedLeximin } from '../../../src/core/sortition/relaxation.ts';

function feasiblePanels(input: SelectionInput): number[][] {
  const n = input.people.length;
  const out: number[][] = [];
  const pick: number[] = [];
  const rec = (start: number) => {
    if (pick.length === input.k) {
      const ok = input.quotas.every((q) => {
        const c = pick.filter((i) => input.people[i].features[q.category] === q.value).length;
        return c >= q.min && c <= q.max;
      });
      const households = pick.map((i) => input.people[i].household).filter((h) => h !== undefined);
      if (ok && new Set(households).size === households.length) out.push(pick.slice());
      return;
    }
    for (let i = start; i < n; i++) {
      pick.push(i);
      rec(i + 1);
      pick.pop();
    }
  };
  rec(0);
  return out;
}

/** max objective over distributions on `panels` with pi_i >= z (unfixed), pi_i >= f_i (fixed). */
async function lp(panels: number[][], objective: string, floors: (number | 'z')[]): Promise<number> {
  const rows = floors.map((f, i) => {
    const terms = panels.flatMap((p, j) => (p.includes(i) ? [[1, `p${j}`] as const] : []));
    return f === 'z' ? ` r${i}:${linear(terms)} - 1 z >= 0` : ` r${i}:${linear(terms)} >= ${f - 1e-9}`;
  });
  rows.push(` sum:${linear(panels.map((_, j) => [1, `p${j}`] as const))} = 1`);
  const sol = await solve(`Maximize\n obj: ${objective}\nSubject To\n${rows.join('\n')}\nBounds\n z free\nEnd\n`);
  assert.equal(sol.status, 'Optimal');
  return sol.objective;
}

async function bruteLeximin(input: SelectionInput, panels: number[][]): Promise<number[]> {
  const n = input.people.length;
  const fixed: (number | undefined)[] = new Array(n).fill(undefined);
  while (fixed.some((f) => f === undefined)) {
    const floors = fixed.map((f) => (f === undefined ? ('z' as const) : f));
    const z = await lp(panels, '1 z', floors);
    let progress = false;
    for (let i = 0; i < n; i++) {
      if (fixed[i] !== undefined) continue;
      const terms = panels.flatMap((p, j) => (p.includes(i) ? [[1, `p${j}`] as const] : []));
      const zFloors = floors.map((f) => (f === 'z' ? z - 1e-9 : f));
      const best = terms.length ? await lp(panels, linear(terms).trim().replace(/^\+ /, ''), zFloors) : 0;
      if (best <= z + 1e-7) {
        fixed[i] = z;
        progress = true;
      }
    }
    assert.ok(progress, 'brute force must fix someone at every level');
  }
  return fixed as number[];
}

const instance = fc
  .record({
    n: fc.integer({ min: 3, max: 8 }),
    seedValues: fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 2 })), {
      minLength: 8,
      maxLength: 8,
    }),
    kFrac: fc.double({ min: 0.2, max: 0.7, noNaN: true }),
    bounds: fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 1, max: 4 })), {
      minLength: 5,
      maxLength: 5,
    }),
    households: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 8, maxLength: 8 }),
    useHouseholds: fc.boolean(),
  })
  .map(({ n, seedValues, kFrac, bounds, households, useHouseholds }): SelectionInput => {
    const k = Math.max(1, Math.min(n - 1, Math.round(n * kFrac)));
    const values = [
      ['a', 'b'],
      ['x', 'y', 'z'],
    ];
    const quotas = [
      ...values[0].map((v) => ({ category: 'g', value: v })),
      ...values[1].map((v) => ({ category: 'h', value: v })),
    ].map((q, i) => ({ ...q, min: bounds[i][0], max: bounds[i][0] + bounds[i][1] }));
    const people = Array.from({ length: n }, (_, i) => ({
      id: String(i),
      features: { g: values[0][seedValues[i][0]], h: values[1][seedValues[i][1]] },
      // Household ids 0..5 among up to 8 people: some share, most do not.
      ...(useHouseholds && households[i] < 3 ? { household: `h${households[i]}` } : {}),
    }));
    return { people, categories: ['g', 'h'], quotas, k, ...(useHouseholds ? { householdColumns: ['addr'] } : {}) };
  });

function perPersonProbs(input: SelectionInput, inst: ReturnType<typeof buildTypes>, typeProb: number[]): number[] {
  const out = new Array<number>(input.people.length);
  inst.types.forEach((t, ti) => {
    for (const m of t.members) out[m] = typeProb[ti];
  });
  return out;
}

/** Compares the engine (both ways of computing LEXIMIN, and MAXIMIN) with the brute force. */
async function checkAgainstBruteForce(input: SelectionInput, via: Record<string, number>): Promise<boolean> {
  const panels = feasiblePanels(input);
  const inst = buildTypes(input);
  assert.equal(await isFeasible(inst), panels.length > 0, 'feasibility agrees with enumeration');
  if (panels.length === 0) return false;
  const expected = await bruteLeximin(input, panels);
  const fast = await leximin(inst);
  const generated = await leximin(inst, { walkFirst: false });
  const levelByLevel = await leximin(inst, { relaxationFirst: false });
  for (const got of [fast, generated]) via[got.stats.via ?? 'none'] = (via[got.stats.via ?? 'none'] ?? 0) + 1;
  assert.notEqual(generated.stats.via, 'walk');
  assert.equal(levelByLevel.stats.via, 'levels');
  for (const [name, got] of [
    ['default', fast],
    ['column generation aimed at the relaxation', generated],
    ['level by level', levelByLevel],
  ] as const) {
    perPersonProbs(input, inst, got.typeProb).forEach((p, i) => {
      assert.ok(Math.abs(p - expected[i]) <= 1e-6, `${name}, person ${i}: engine ${p}, brute force ${expected[i]}`);
    });
  }
  // The optimality certificate (ADR 0113): present exactly when the relaxation's vector was reached,
  // and then accepted by the exact checker; where the relaxation is out of reach, its multipliers
  // must not certify the true (brute-force) LEXIMIN vector, which is lower.
  const polytope = {
    k: input.k,
    size: inst.size,
    quotas: input.quotas.map((q, i) => ({ min: q.min, max: q.max, types: inst.quotaTypes[i] })),
    households: inst.householdGroups,
  };
  for (const got of [fast, generated]) {
    assert.equal(got.certificate !== undefined, got.stats.via !== 'levels', `certificate present iff via relaxation (${got.stats.via})`);
    if (got.certificate) {
      const checked = checkCertificate(polytope, got.typeProb, { format: CERTIFICATE_FORMAT, levels: got.certificate });
      assert.ok(checked.ok, `certificate rejected: ${JSON.stringify(checked.levels.find((l) => !l.ok) ?? checked.problems)}`);
      via.certified = (via.certified ?? 0) + 1;
    }
  }
  if (fast.stats.via === 'levels') {
    const relaxed = await relaxedLeximin(inst);
    const truth = inst.types.map((t) => expected[t.members[0]]);
    const checked = checkCertificate(polytope, truth, { format: CERTIFICATE_FORMAT, levels: relaxed!.certificate });
    assert.equal(checked.ok, false, 'the relaxation certifies a vector no distribution reaches');
    via.refuted = (via.refuted ?? 0) + 1;
  }
  const maximin = await leximin(inst, { maximinOnly: true });
  assert.ok(Math.abs(Math.min(...maximin.typeProb) - Math.min(...expected)) <= 1e-6, 'MAXIMIN min = LEXIMIN min');
  return true;
}

/** Runs the comparison on `numRuns` generated instances; the paths taken, by name. */
async function compareOnRandom(instances: fc.Arbitrary<SelectionInput>, numRuns: number, seed: number) {
  let compared = 0;
  const via: Record<string, number> = {};
  await fc.assert(
    fc.asyncProperty(instances, async (input) => {
      if (await checkAgainstBruteForce(input, via)) compared++;
    }),
    { numRuns, seed },
  );
  assert.ok(compared >= 60, `only ${compared} feasible instances were compared`);
  return { compared, via };
}

test('LEXIMIN equals brute-force leximin on random small instances (with and without households)', async () => {
  await compareOnRandom(instance, 150, 20261128);
});

// Three binary categories: the quota matrix is no longer totally unimodular, so the LP relaxation's
// LEXIMIN is sometimes out of reach of whole panels and the engine must fall back; every path (ADRs
// 0105, 0106) must be exercised and agree with the brute force.
const threeCategories = fc
  .record({
    n: fc.integer({ min: 4, max: 9 }),
    features: fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1 })), {
      minLength: 9,
      maxLength: 9,
    }),
    kFrac: fc.double({ min: 0.25, max: 0.6, noNaN: true }),
    bounds: fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 3 })), { minLength: 6, maxLength: 6 }),
  })
  .map(({ n, features, kFrac, bounds }): SelectionInput => {
    const k = Math.max(2, Math.min(n - 1, Math.round(n * kFrac)));
    const categories = ['a', 'b', 'c'];
    const quotas = categories.flatMap((category, c) =>
      ['0', '1'].map((value, v) => ({ category, value, min: bounds[2 * c + v][0], max: bounds[2 * c + v][0] + bounds[2 * c + v][1] })),
    );
    const people = Array.from({ length: n }, (_, i) => ({
      id: String(i),
      features: Object.fromEntries(categories.map((category, c) => [category, String(features[i][c])])),
    }));
    return { people, categories, quotas, k };
  });

test('LEXIMIN equals brute force with three categories, whether or not the relaxation is reachable', async () => {
  const { compared, via } = await compareOnRandom(threeCategories, 200, 20261129);
  console.log(`three categories: ${compared} compared, ${JSON.stringify(via)}`);
  // The direct walk, the column generation aimed at the relaxation, and the level-by-level search.
  assert.ok((via.walk ?? 0) > 0 && (via.relaxation ?? 0) > 0 && (via.levels ?? 0) > 0, `every path taken: ${JSON.stringify(via)}`);
  assert.ok((via.certified ?? 0) > 0 && (via.refuted ?? 0) > 0, `certificates checked and refuted: ${JSON.stringify(via)}`);
});
