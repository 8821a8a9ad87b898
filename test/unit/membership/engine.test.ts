// The core's quotas and pools driven through the real sortition engine: a first selection, its
// class split, and the renewal at cycle 1; the block after the renewal meets its whole target.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type PoolEntry,
  assignFirstSeats,
  blockDrawInput,
  blockTargetQuotas,
  councilSeats,
  planCycle,
  quotaViolations,
  rankAlternates,
  renewalQuotas,
  splitIntoClasses,
  termEndCycle,
} from '../../../src/core/membership/index.ts';
import { InfeasibleQuotasError, runSelection } from '../../../src/core/sortition/index.ts';
import { charters, feasibleMembers } from './helpers.ts';

for (const [name, charter] of charters()) {
  const council = charter.bodies.council;
  const block = council.blocks[0]!;

  test(`${name}: first selection, class split and renewal through the engine keep the block on target`, { timeout: 120_000 }, async () => {
    // Pools: several feasible blocks' worth of candidates, so that the quotas can be met.
    const pool0: PoolEntry[] = [0, 1, 2].flatMap((i) => feasibleMembers(charter, block.seats, `pool0-${i}`, `a${i}-`));
    const first = await runSelection(blockDrawInput(charter, pool0, renewalQuotas(charter, block.id, [], block.seats)), { entropy: 'cycle 0 entropy', algorithm: 'maximin', lotterySize: 100 });
    assert.equal(first.draw.members.length, block.seats);
    const byId = new Map(pool0.map((p) => [p.id, p]));
    const members = first.draw.members.map((id) => byId.get(id)!);
    assert.deepEqual(quotaViolations(blockTargetQuotas(charter, block.id), members.map((m) => m.features)), []);

    const alternates = rankAlternates(charter, block.id, pool0.map((p) => p.id), first.draw.members, first.seed);
    assert.equal(alternates.alternates.length, council.alternatesPerBlock);
    assert.ok(alternates.alternates.every((id) => !first.draw.members.includes(id)));

    const split = splitIntoClasses(charter, block.id, members, first.seed);
    const seatClass = new Map(councilSeats(charter).map((s) => [s.id, s.seatClass]));
    const records = assignFirstSeats(charter, block.id, split.classes).map((a) => ({
      personId: a.memberId,
      blockId: block.id,
      seatId: a.seatId,
      organisationId: null,
      startCycle: 0,
      endCycle: termEndCycle(council, seatClass.get(a.seatId)!, 0),
    }));

    const plan = planCycle(charter, 1, records).find((p) => p.blockId === block.id)!;
    const continuing = plan.continuing.map((m) => byId.get(m.personId)!);
    assert.equal(continuing.length, block.seats - plan.k);
    const pool1 = [0, 1, 2].flatMap((i) => feasibleMembers(charter, block.seats, `pool1-${i}`, `b${i}-`));
    const quotas = renewalQuotas(charter, block.id, continuing.map((m) => m.features), plan.k);
    assert.deepEqual(quotas.overfull, []);
    const second = await runSelection(blockDrawInput(charter, pool1, quotas), { entropy: 'cycle 1 entropy', algorithm: 'maximin', lotterySize: 100 });
    const byId1 = new Map(pool1.map((p) => [p.id, p]));
    const after = [...continuing, ...second.draw.members.map((id) => byId1.get(id)!)];
    assert.equal(after.length, block.seats);
    assert.deepEqual(quotaViolations(blockTargetQuotas(charter, block.id), after.map((m) => m.features)), []);
  });
}

test('a renewal the pool cannot meet is refused by the engine with the smallest relaxation, in the short dimension', { timeout: 120_000 }, async () => {
  const [, charter] = charters()[1]!;
  const council = charter.bodies.council;
  const block = council.blocks[0]!;
  const k = (block.seats * council.renewalShare.numerator) / council.renewalShare.denominator;
  const continuing = feasibleMembers(charter, block.seats, 'sit', 's').slice(0, block.seats - k);
  const quotas = renewalQuotas(charter, block.id, continuing.map((m) => m.features), k);
  // Every nominee of this cycle is male, though the renewal needs women to reach the block's target.
  const sexDim = council.selectionDimensions.find((d) => d.derivedFrom === 'sex')!;
  const male = sexDim.categories!.find((c) => c.sex === 'male')!.id;
  const female = sexDim.categories!.find((c) => c.sex === 'female')!.id;
  const needed = quotas.quotas.find((q) => q.category === sexDim.id && q.value === female)!;
  assert.ok(needed.min > 0, 'the fixture needs women in the renewal');
  const pool = [0, 1, 2].flatMap((i) => feasibleMembers(charter, block.seats, `p${i}`, `p${i}-`)).map((m) => ({ ...m, features: { ...m.features, [sexDim.id]: male } }));
  await assert.rejects(
    runSelection(blockDrawInput(charter, pool, quotas), { entropy: 'x', algorithm: 'maximin', lotterySize: 10 }),
    (err: unknown) => {
      assert.ok(err instanceof InfeasibleQuotasError);
      assert.ok(err.diagnosis.conflicts.every((c) => c.category === sexDim.id), JSON.stringify(err.diagnosis));
      const relaxFemale = err.diagnosis.relaxation?.find((r) => r.category === sexDim.id && r.value === female);
      assert.ok(relaxFemale && relaxFemale.newMin < needed.min, JSON.stringify(err.diagnosis));
      return true;
    },
  );
});
