import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  type PoolEntry,
  alternateKey,
  blockTargetQuotas,
  chooseReplacement,
  rankAlternates,
  violationTotal,
} from '../../../src/core/membership/index.ts';
import { charters, feasibleMembers } from './helpers.ts';

for (const [name, charter] of charters()) {
  const council = charter.bodies.council;
  const block = council.blocks[0]!;
  const target = blockTargetQuotas(charter, block.id);

  test(`${name}: alternates are the undrawn pool ranked by the seed's second ordering; the reserve follows if the charter keeps one`, () => {
    const pool = Array.from({ length: 30 }, (_, i) => `n${i}`);
    const drawn = pool.slice(0, 7);
    const r = rankAlternates(charter, block.id, pool, drawn, 'seed');
    const expected = pool
      .slice(7)
      .sort((a, b) => (alternateKey('seed', block.id, a) < alternateKey('seed', block.id, b) ? -1 : 1));
    assert.deepEqual(r.alternates, expected.slice(0, council.alternatesPerBlock));
    assert.deepEqual(r.reserve, council.nominations.keepReserve ? expected.slice(council.alternatesPerBlock) : []);
    assert.deepEqual(rankAlternates(charter, block.id, [...pool].reverse(), drawn, 'seed'), r);
    assert.notDeepEqual(rankAlternates(charter, block.id, pool, drawn, 'other').alternates, r.alternates);
  });

  /** A full block meeting its target, and a pool of others to replace from. */
  function setting(seed: string) {
    const members = feasibleMembers(charter, block.seats, seed, 'm');
    const others = feasibleMembers(charter, block.seats, `${seed}|others`, 'o');
    const ranked = rankAlternates(charter, block.id, others.map((o) => o.id), [], seed);
    return { members, others, ranked, pool: new Map(others.map((o) => [o.id, o])) };
  }

  test(`${name}: the first ranked candidate who keeps the quotas replaces the leaver; others are skipped with a reason`, () => {
    const { members, ranked, pool } = setting('s1');
    const leaver = members[0]!;
    const remaining = members.slice(1);
    const order = [...ranked.alternates, ...ranked.reserve];
    const r = chooseReplacement(charter, { blockId: block.id, remaining, leaver, ranked, pool, unavailable: new Set([order[0]!]) });
    assert.notEqual(r.kind, 'none');
    assert.equal(r.skipped[0]!.id, order[0]);
    assert.equal(r.skipped[0]!.reason, 'unavailable');
    if (r.kind === 'alternate') {
      const chosen = pool.get(r.id)!;
      assert.equal(order[r.rank - 1], r.id);
      assert.equal(violationTotal(target, [...remaining, chosen].map((m) => m.features)), 0);
      for (const s of r.skipped.filter((x) => x.reason === 'breaksQuota')) {
        assert.ok(violationTotal(target, [...remaining, pool.get(s.id)!].map((m) => m.features)) > 0);
      }
    }
  });

  test(`${name}: an alternate identical to the leaver always fits; a clone of another member's organisation is skipped under one-per-organisation`, () => {
    const { members } = setting('s2');
    const leaver = members[3]!;
    const remaining = members.filter((m) => m !== leaver).map((m, i) => ({ ...m, organisationId: i === 0 ? 'org-x' : null }));
    const twin: PoolEntry = { id: 'twin', organisationId: null, features: { ...leaver.features } };
    const sameOrg: PoolEntry = { id: 'same-org', organisationId: 'org-x', features: { ...leaver.features } };
    const ranked = { alternates: ['same-org', 'twin'], reserve: [] };
    const r = chooseReplacement(charter, { blockId: block.id, remaining, leaver, ranked, pool: new Map([twin, sameOrg].map((p) => [p.id, p])), unavailable: new Set() });
    const oneOrg = council.nominations.membersPerOrganisation === 1;
    assert.equal(r.kind, 'alternate');
    assert.equal(r.kind === 'alternate' && r.id, oneOrg ? 'twin' : 'same-org');
    assert.deepEqual(r.skipped, oneOrg ? [{ id: 'same-org', reason: 'organisationTaken' }] : []);
  });

  test(`${name}: when no ranked candidate keeps the quotas, a one-seat replacement draw under target − remaining; none left, none`, () => {
    const { members } = setting('s3');
    // The leaver holds the last seat of a category at its minimum; the only alternate lacks that value.
    const q = target.find((x) => x.min > 0 && members.filter((m) => m.features[x.category] === x.value).length === x.min)!;
    assert.ok(q, 'the fixture has a category at its minimum');
    const leaver = members.find((m) => m.features[q.category] === q.value)!;
    const remaining = members.filter((m) => m !== leaver);
    const otherValue = target.find((x) => x.category === q.category && x.value !== q.value)!.value;
    const alt: PoolEntry = { id: 'alt', organisationId: null, features: { ...leaver.features, [q.category]: otherValue } };
    const ranked = { alternates: ['alt'], reserve: [] };
    const r = chooseReplacement(charter, { blockId: block.id, remaining, leaver, ranked, pool: new Map([[alt.id, alt]]), unavailable: new Set() });
    assert.equal(r.kind, 'replacementDraw');
    if (r.kind === 'replacementDraw') {
      assert.equal(r.input.k, 1);
      assert.deepEqual(r.input.people.map((p) => p.id), ['alt']);
      const drawQ = r.input.quotas.find((x) => x.category === q.category && x.value === q.value)!;
      assert.equal(drawQ.min, 1);
      assert.deepEqual(r.skipped, [{ id: 'alt', reason: 'breaksQuota' }]);
    }
    const none = chooseReplacement(charter, { blockId: block.id, remaining, leaver, ranked, pool: new Map([[alt.id, alt]]), unavailable: new Set(['alt']) });
    assert.equal(none.kind, 'none');
  });

  test(`${name}: property: a replacement never takes the block further from its target than it was with the leaver`, () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 6 }), fc.nat({ max: block.seats - 1 }), (seed, li) => {
        const { members, ranked, pool } = setting(seed);
        const leaver = members[li]!;
        const remaining = members.filter((m) => m !== leaver);
        const r = chooseReplacement(charter, { blockId: block.id, remaining, leaver, ranked, pool, unavailable: new Set() });
        if (r.kind !== 'alternate') return true;
        const before = violationTotal(target, members.map((m) => m.features));
        return violationTotal(target, [...remaining, pool.get(r.id)!].map((m) => m.features)) <= before;
      }),
      { numRuns: 40 },
    );
  });
}
