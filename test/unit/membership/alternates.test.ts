import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  type PoolEntry,
  alternateKey,
  blockTargetQuotas,
  chooseReplacement,
  rankAlternates,
  shortfalls,
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

  test(`${name}: the replacement draw is among the whole remaining eligible pool, not only the ranked candidates skipped (ADR 0808)`, () => {
    const { members } = setting('s4');
    const q = target.find((x) => x.min > 0 && members.filter((m) => m.features[x.category] === x.value).length === x.min)!;
    const leaver = members.find((m) => m.features[q.category] === q.value)!;
    const remaining = members.filter((m) => m !== leaver);
    const otherValue = target.find((x) => x.category === q.category && x.value !== q.value)!.value;
    // The only ranked alternate breaks the quota; two unranked candidates of the pool (no reserve kept)
    // do not, and one of them is already unavailable.
    const alt: PoolEntry = { id: 'alt', organisationId: null, features: { ...leaver.features, [q.category]: otherValue } };
    const fits: PoolEntry = { id: 'unranked-fits', organisationId: null, features: { ...leaver.features } };
    const gone: PoolEntry = { id: 'unranked-gone', organisationId: null, features: { ...leaver.features } };
    const pool = new Map([alt, fits, gone].map((p) => [p.id, p]));
    const r = chooseReplacement(charter, { blockId: block.id, remaining, leaver, ranked: { alternates: ['alt'], reserve: [] }, pool, unavailable: new Set(['unranked-gone']) });
    assert.equal(r.kind, 'replacementDraw');
    if (r.kind !== 'replacementDraw') return;
    assert.deepEqual(r.input.people.map((p) => p.id).sort(), ['alt', 'unranked-fits']);
    assert.deepEqual(r.skipped, [{ id: 'alt', reason: 'breaksQuota' }]);
    // Members who stay are never in the draw, even when the pool map holds them.
    const withMembers = new Map([...pool, ...remaining.map((m) => [m.id, m] as const)]);
    const again = chooseReplacement(charter, { blockId: block.id, remaining, leaver, ranked: { alternates: ['alt'], reserve: [] }, pool: withMembers, unavailable: new Set(['unranked-gone']) });
    assert.deepEqual(again.kind === 'replacementDraw' && again.input.people.map((p) => p.id).sort(), ['alt', 'unranked-fits']);
  });

  test(`${name}: under a relaxation, an alternate who keeps the total shortfall but moves it to another category is skipped (ADR 0808)`, () => {
    // A member L in two categories at their minimum (v1 of c1, v2 of c2), each with another value
    // that has room (w1, w2). The block with L's q1 value swapped to w1 is one short in v1 (the state
    // an accepted relaxation leaves); an alternate that is L with c2 swapped to w2 repairs v1 but
    // leaves v2 one short: the same total, another category.
    const found = (() => {
      for (const seed of Array.from({ length: 80 }, (_, i) => `s5-${i}`)) {
        const { members } = setting(seed);
        const count = (c: string, v: string) => members.filter((m) => m.features[c] === v).length;
        const atMin = (c: string, v: string) => target.some((x) => x.category === c && x.value === v && x.min > 0 && count(c, v) === x.min);
        const room = (c: string, v: string) => target.find((x) => x.category === c && x.value !== v && count(c, x.value) < x.max)?.value;
        for (const L of members) {
          const cats = Object.keys(L.features).filter((c) => atMin(c, L.features[c]!) && room(c, L.features[c]!));
          if (cats.length >= 2) return { members, L, c1: cats[0]!, c2: cats[1]!, w1: room(cats[0]!, L.features[cats[0]!]!)!, w2: room(cats[1]!, L.features[cats[1]!]!)! };
        }
      }
      return null;
    })();
    assert.ok(found, 'a fixture with a member in two categories at their minimum');
    const { members, L, c1, c2, w1, w2 } = found;
    const remaining = members.filter((m) => m !== L);
    const leaver: PoolEntry = { ...L, features: { ...L.features, [c1]: w1 } };
    const shifter: PoolEntry = { id: 'shifter', organisationId: null, features: { ...L.features, [c2]: w2 } };
    const keeper: PoolEntry = { id: 'keeper', organisationId: null, features: { ...L.features } };
    const total = (v: number[]) => v.reduce((x, y) => x + y, 0);
    const before = shortfalls(target, [...remaining, leaver].map((m) => m.features));
    const withShifter = shortfalls(target, [...remaining, shifter].map((m) => m.features));
    assert.equal(total(before), 1);
    assert.equal(total(withShifter), 1, 'the same total shortfall: the old rule took the shifter');
    const r = chooseReplacement(charter, { blockId: block.id, remaining, leaver, ranked: { alternates: ['shifter', 'keeper'], reserve: [] }, pool: new Map([shifter, keeper].map((p) => [p.id, p])), unavailable: new Set() });
    assert.deepEqual(r.kind === 'alternate' && [r.id, r.skipped], ['keeper', [{ id: 'shifter', reason: 'breaksQuota' }]]);
  });

  test(`${name}: property: a chosen alternate leaves no quota further from its range than the leaver did`, () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 6 }), fc.nat({ max: block.seats - 1 }), fc.nat({ max: 5 }), (seed, li, drop) => {
        const { members, others, ranked, pool } = setting(seed);
        const remaining = members.filter((_, i) => i !== li);
        // A leaver from the pool of others: the block before may be outside its quotas (a relaxation).
        const leaver = others[drop % others.length]!;
        const r = chooseReplacement(charter, { blockId: block.id, remaining, leaver, ranked, pool, unavailable: new Set([leaver.id]) });
        if (r.kind === 'replacementDraw') return r.input.people.every((p) => p.id !== leaver.id && !remaining.some((m) => m.id === p.id));
        if (r.kind !== 'alternate') return true;
        const before = shortfalls(target, [...remaining, leaver].map((m) => m.features));
        return shortfalls(target, [...remaining, pool.get(r.id)!].map((m) => m.features)).every((v, i) => v <= before[i]!);
      }),
      { numRuns: 60 },
    );
  });
}
