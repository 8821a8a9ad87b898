import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  blockDrawInput,
  blockTargetQuotas,
  quotaViolations,
  renewalQuotas,
  seatsPerClass,
} from '../../../src/core/membership/index.ts';
import { quotasFromCharter } from '../../../src/core/selection/charterQuotas.ts';
import { charters, feasibleMembers } from './helpers.ts';

for (const [name, charter] of charters()) {
  const council = charter.bodies.council;
  const block = council.blocks[0]!;

  test(`${name}: a block's target is the charter's quotas for its seats; with no one sitting on, the draw's quotas are the target`, () => {
    const target = blockTargetQuotas(charter, block.id);
    assert.deepEqual(target, quotasFromCharter(charter, block.seats));
    const first = renewalQuotas(charter, block.id, [], block.seats);
    assert.deepEqual(first.quotas, target.map((q) => ({ category: q.category, value: q.value, min: q.min, max: q.max })));
    assert.deepEqual(first.overfull, []);
  });

  test(`${name}: property: the renewed seats meet target − continuing exactly when the whole block meets the target`, () => {
    const k = seatsPerClass(council, block);
    const target = blockTargetQuotas(charter, block.id);
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ minLength: 1, maxLength: 8 }), (s1, s2) => {
        // Continuing members from one feasible block, newcomers from another: the union may or may not meet the target.
        const continuing = feasibleMembers(charter, block.seats, s1, 'c').slice(0, block.seats - k);
        const drawn = feasibleMembers(charter, block.seats, s2, 'd').slice(0, k);
        const r = renewalQuotas(charter, block.id, continuing.map((m) => m.features), k);
        if (r.overfull.length) return quotaViolations(target, [...continuing, ...drawn].map((m) => m.features)).length > 0;
        const drawOk = quotaViolations(r.quotas, drawn.map((m) => m.features)).length === 0;
        const blockOk = quotaViolations(target, [...continuing, ...drawn].map((m) => m.features)).length === 0;
        return drawOk === blockOk;
      }),
      { numRuns: 60 },
    );
  });

  test(`${name}: continuing members above a maximum are reported as overfull, and the draw gets none of that category`, () => {
    const k = seatsPerClass(council, block);
    const target = blockTargetQuotas(charter, block.id);
    const q = target.find((x) => x.category === 'gender')!;
    const continuing = Array.from({ length: q.max + 1 }, () => ({ [q.category]: q.value }));
    const r = renewalQuotas(charter, block.id, continuing, k);
    assert.deepEqual(r.overfull, [{ category: q.category, value: q.value, count: q.max + 1, min: q.min, max: q.max }]);
    const drawQ = r.quotas.find((x) => x.category === q.category && x.value === q.value)!;
    assert.deepEqual([drawQ.min, drawQ.max], [0, 0]);
    assert.throws(() => renewalQuotas(charter, block.id, [], 0), RangeError);
  });

  test(`${name}: the draw input: k, the charter's dimensions, the organisation as household when one member per organisation`, () => {
    const k = seatsPerClass(council, block);
    const pool = feasibleMembers(charter, block.seats, 'pool').map((m, i) => ({ ...m, organisationId: i % 2 ? `org-${i % 5}` : null }));
    const input = blockDrawInput(charter, pool, renewalQuotas(charter, block.id, [], k));
    assert.equal(input.k, k);
    assert.deepEqual(input.categories, council.selectionDimensions.map((d) => d.id));
    assert.deepEqual(input.people.map((p) => p.id), pool.map((p) => p.id).sort());
    const oneOrg = council.nominations.membersPerOrganisation === 1;
    for (const p of input.people) {
      const src = pool.find((x) => x.id === p.id)!;
      assert.equal(p.household, oneOrg && src.organisationId !== null ? src.organisationId : undefined);
    }
  });
}
