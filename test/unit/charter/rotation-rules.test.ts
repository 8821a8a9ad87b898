// The charter fields of the Council's rotation (ADR 0801): schema defaults, and a semantic error
// with its path for each rule the schema cannot express.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { type Charter, validateCharter } from '../../../src/core/charter/index.ts';

const root = new URL('../../../', import.meta.url).pathname;
const fresh = (): Charter & Record<string, unknown> => JSON.parse(readFileSync(`${root}charter/kz-default.json`, 'utf8'));
const schema = JSON.parse(readFileSync(`${root}charter/schema.json`, 'utf8'));

function errorsOf(mutate: (c: Charter) => void): string[] {
  const c = fresh();
  mutate(c);
  const r = validateCharter(c);
  assert.equal(r.ok, false, 'expected the charter to be invalid');
  return r.ok ? [] : r.errors;
}

const has = (errors: string[], prefix: string) => assert.ok(errors.some((e) => e.startsWith(prefix)), `missing ${prefix}\n${errors.join('\n')}`);

test('a charter without the new fields validates and gets the schema defaults', () => {
  const c = fresh();
  const council = c.bodies.council as unknown as Record<string, unknown>;
  delete council.cycle;
  delete council.nominations;
  const elig = council.eligibility as Record<string, unknown>;
  delete elig.ageAt;
  delete elig.incompatibleOffices;
  for (const b of c.bodies.council.blocks) delete (b as Partial<typeof b>).selfNomination;
  c.assumptions = c.assumptions.filter((a) => !/cycle|nominations|ageAt|incompatibleOffices|selfNomination/.test(a.path));
  const r = validateCharter(c);
  assert.ok(r.ok, r.ok ? '' : r.errors.join('\n'));
  const d = schema.$defs;
  const cycle = r.charter.bodies.council.cycle as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(d.selectionCycle.properties as Record<string, { default: unknown }>)) assert.deepEqual(cycle[k], v.default, k);
  const noms = r.charter.bodies.council.nominations as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(d.nominationRules.properties as Record<string, { default: unknown }>)) assert.deepEqual(noms[k], v.default, k);
  assert.equal(r.charter.bodies.council.eligibility.ageAt, d.council.properties.eligibility.properties.ageAt.default);
  assert.deepEqual(r.charter.bodies.council.eligibility.incompatibleOffices, []);
  assert.ok(r.charter.bodies.council.blocks.every((b) => b.selfNomination === false));
});

test('the default charter states every new rule and an assumption for each', () => {
  const c = fresh();
  const council = c.bodies.council;
  assert.ok(council.cycle.confirmationWorkingDays > 0);
  assert.equal(council.nominations.membersPerOrganisation, 1);
  for (const path of ['bodies.council.cycle', 'bodies.council.nominations', 'bodies.council.eligibility.ageAt', 'bodies.council.eligibility.incompatibleOffices', 'bodies.council.firstSelection']) {
    assert.ok(c.assumptions.some((a) => a.path === path), path);
  }
});

test('a term that is not a whole number of cycles is refused at termYears', () => {
  const errors = errorsOf((c) => {
    c.bodies.council.termYears = 5;
    c.bodies.council.cycleYears = 2;
    c.bodies.council.renewalShare = { numerator: 2, denominator: 5 };
    for (const b of c.bodies.council.blocks) b.seats = 40;
    c.bodies.council.seats = 120;
  });
  has(errors, 'bodies.council.termYears: a 5-year term is not a whole number of 2-year cycles');
});

test('a block whose renewed seats cannot hold the minimum seats of a dimension is refused at that minSeats', () => {
  const errors = errorsOf((c) => {
    c.bodies.council.selectionDimensions[1]!.quota.minSeats = 11; // 2 genders × 11 > 21 seats per block
  });
  has(errors, 'bodies.council.selectionDimensions[1].quota.minSeats: 11 seats for each of 2 categories exceeds the 21 seats block "ethnoCultural" renews');
  // Two seats for each of the 20 regions fit in the council-wide 63 but not in one block's 21.
  const regions = errorsOf((c) => {
    c.bodies.council.selectionDimensions[0]!.quota.minSeats = 2;
  });
  has(regions, 'bodies.council.selectionDimensions[0].quota.minSeats: 2 seats for each of 20 categories exceeds the 21 seats block "ethnoCultural" renews');
});

test('stages longer than a cycle, more than one member per organisation, and bad derived categories are refused with their paths', () => {
  const errors = errorsOf((c) => {
    c.bodies.council.cycle.nominationWorkingDays = 600;
    c.bodies.council.nominations.membersPerOrganisation = 2;
    const gender = c.bodies.council.selectionDimensions[1]!;
    gender.categories![1]!.sex = 'female';
    const age = c.bodies.council.selectionDimensions[2]!;
    delete age.categories![1]!.fromAge;
    age.categories![0]!.fromAge = 21;
    age.categories![2]!.fromAge = 60;
    c.bodies.council.selectionDimensions[3]!.categories![0]!.fromAge = 3;
    c.bodies.council.eligibility.incompatibleOffices.push({ ...c.bodies.council.eligibility.incompatibleOffices[0]! });
  });
  has(errors, 'bodies.council.cycle: the stages take 638 working days, more than a 2-year cycle holds'); // 600 + the default charter's other five stages (38)
  has(errors, 'bodies.council.nominations.membersPerOrganisation: 2 is not supported');
  has(errors, 'bodies.council.selectionDimensions[1].categories[1].sex: "female" repeats');
  has(errors, 'bodies.council.selectionDimensions[2].categories[1].fromAge: is required');
  has(errors, 'bodies.council.selectionDimensions[2].categories[3].fromAge: 60 repeats');
  has(errors, 'bodies.council.selectionDimensions[2].categories: the youngest band starts at 21, above eligibility.minAge 18');
  has(errors, 'bodies.council.selectionDimensions[3].categories[0].fromAge: needs "derivedFrom"');
  has(errors, 'bodies.council.eligibility.incompatibleOffices[3].id: office id "kurultaiDeputy" repeats');
});

test('schema: unknown ageAt, a non-boolean selfNomination and a zero working-day stage name their field', () => {
  const errors = errorsOf((c) => {
    (c.bodies.council.eligibility as { ageAt: string }).ageAt = 'birthday';
    (c.bodies.council.blocks[0] as unknown as Record<string, unknown>).selfNomination = 'yes';
    c.bodies.council.cycle.confirmationWorkingDays = 0;
  });
  has(errors, 'bodies.council.eligibility.ageAt: ');
  has(errors, 'bodies.council.blocks[0].selfNomination: ');
  has(errors, 'bodies.council.cycle.confirmationWorkingDays: ');
});
