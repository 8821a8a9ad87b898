import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { assignFirstSeats, classCount, councilSeats, seatsPerClass, splitIntoClasses } from '../../../src/core/membership/index.ts';
import { charters, feasibleMembers } from './helpers.ts';

for (const [name, charter] of charters()) {
  const council = charter.bodies.council;
  const block = council.blocks[0]!;
  const T = classCount(council);
  const size = seatsPerClass(council, block);

  /** A block made of T class-sized groups that each meet the class quotas: a perfect split exists. */
  const splittable = (seed: string) => Array.from({ length: T }, (_, c) => feasibleMembers(charter, size, `${seed}|${c}`, `c${c}-`)).flat();

  test(`${name}: the split is a partition into ${T} classes of seats × renewalShare, the same for the same seed`, () => {
    const members = splittable('a');
    const s = splitIntoClasses(charter, block.id, members, 'seed-1');
    assert.equal(s.classes.length, T);
    for (const c of s.classes) assert.equal(c.length, size);
    assert.deepEqual(s.classes.flat().sort(), members.map((m) => m.id).sort());
    assert.deepEqual(splitIntoClasses(charter, block.id, [...members].reverse(), 'seed-1'), s);
    assert.notDeepEqual(splitIntoClasses(charter, block.id, members, 'seed-2').classes, s.classes);
    assert.throws(() => splitIntoClasses(charter, block.id, members.slice(1), 'seed-1'), RangeError);
  });

  test(`${name}: property: when a split meeting every class's quotas exists, each class meets its own quotas`, () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 6 }), fc.string({ minLength: 1, maxLength: 6 }), (poolSeed, seed) => {
        const s = splitIntoClasses(charter, block.id, splittable(poolSeed), seed);
        return s.violations.every((v) => v.length === 0);
      }),
      { numRuns: 100 },
    );
  });

  test(`${name}: class c's members take the seats of class c`, () => {
    const s = splitIntoClasses(charter, block.id, splittable('b'), 'seed');
    const seats = new Map(councilSeats(charter).map((x) => [x.id, x]));
    const assigned = assignFirstSeats(charter, block.id, s.classes);
    assert.equal(assigned.length, block.seats);
    assert.equal(new Set(assigned.map((a) => a.seatId)).size, block.seats);
    for (const a of assigned) assert.ok(s.classes[seats.get(a.seatId)!.seatClass]!.includes(a.memberId));
  });
}

test('a split whose first shuffle stalls short of the quotas is redone from a fresh shuffle of the same seed', () => {
  // fast-check found this pool and seed: pair swaps from the first shuffle left one class without KZ-39.
  const [, charter] = charters()[0]!;
  const council = charter.bodies.council;
  const block = council.blocks[0]!;
  const members = Array.from({ length: classCount(council) }, (_, c) => feasibleMembers(charter, seatsPerClass(council, block), `O;|${c}`, `c${c}-`)).flat();
  const s = splitIntoClasses(charter, block.id, members, 'O?x');
  assert.deepEqual(s.violations, s.classes.map(() => []));
  assert.deepEqual(splitIntoClasses(charter, block.id, members, 'O?x'), s, 'the retries are part of the lot: same seed, same split');
});
