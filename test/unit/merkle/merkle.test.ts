// The Merkle log against RFC 9162: a literal transcription of the RFC's recursive definitions serves
// as the reference, and the Certificate Transparency test vectors pin the hashing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  EMPTY_ROOT,
  type Hash,
  TreeBuilder,
  canonicalJson,
  consistencyProof,
  frontierOf,
  hashChildren,
  hashLeaf,
  inclusionProof,
  mapReader,
  nodeKey,
  nodesRead,
  rootOfHashes,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from '../../../src/core/merkle/index.ts';

// ---- reference: RFC 9162 §2.1.1, §2.1.3.1, §2.1.4.1, written as recursion over the leaf list ----
function k(n: number): number {
  let x = 1;
  while (x * 2 < n) x *= 2;
  return x;
}
function mth(d: Buffer[]): Hash {
  if (d.length === 0) return EMPTY_ROOT;
  if (d.length === 1) return hashLeaf(d[0]);
  const s = k(d.length);
  return hashChildren(mth(d.slice(0, s)), mth(d.slice(s)));
}
function path(m: number, d: Buffer[]): Hash[] {
  if (d.length === 1) return [];
  const s = k(d.length);
  return m < s ? [...path(m, d.slice(0, s)), mth(d.slice(s))] : [...path(m - s, d.slice(s)), mth(d.slice(0, s))];
}
function subproof(m: number, d: Buffer[], b: boolean): Hash[] {
  const n = d.length;
  if (m === n) return b ? [] : [mth(d)];
  const s = k(n);
  return m <= s ? [...subproof(m, d.slice(0, s), b), mth(d.slice(s))] : [...subproof(m - s, d.slice(s), false), mth(d.slice(0, s))];
}

/** Stores every complete subtree the way the ledger does, through the builder's sink. */
function store(entries: Buffer[]) {
  const nodes = new Map<string, Hash>();
  const b = new TreeBuilder();
  for (const e of entries) b.push(hashLeaf(e), (l, i, h) => nodes.set(nodeKey(l, i), h));
  return { nodes, read: mapReader(nodes), builder: b };
}

const leaves = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`entry ${i}`));

test('hashes and roots match the Certificate Transparency test vectors', () => {
  const data = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'));
  const roots = [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];
  assert.equal(EMPTY_ROOT.toString('hex'), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  const { read } = store(data);
  for (let n = 1; n <= 8; n++) {
    assert.equal(treeRoot(read, n).toString('hex'), roots[n - 1], `root of ${n}`);
    assert.equal(mth(data.slice(0, n)).toString('hex'), roots[n - 1]);
  }
});

test('roots, inclusion and consistency proofs equal the RFC definitions for every size up to 70', () => {
  const all = leaves(70);
  const { read } = store(all);
  for (let n = 1; n <= 70; n++) {
    const d = all.slice(0, n);
    const root = mth(d);
    assert.deepEqual(treeRoot(read, n), root);
    for (let m = 0; m < n; m++) {
      const p = inclusionProof(read, m, n);
      assert.deepEqual(p, path(m, d), `PATH(${m}, ${n})`);
      assert.ok(verifyInclusion(hashLeaf(d[m]), m, n, p, root), `verify inclusion ${m} in ${n}`);
    }
    for (let m = 1; m <= n; m++) {
      const p = consistencyProof(read, m, n);
      assert.deepEqual(p, m === n ? [] : subproof(m, d, true), `PROOF(${m}, ${n})`);
      assert.ok(verifyConsistency(m, n, mth(all.slice(0, m)), root, p), `verify consistency ${m}→${n}`);
    }
  }
});

test('proofs read O(log n) stored subtrees, also for sizes near 10 million', () => {
  for (const n of [10_000_000, 9_999_999, 2 ** 23 + 1, 2 ** 23]) {
    const log = Math.ceil(Math.log2(n));
    for (const m of [0, 1, n >> 1, n - 2, n - 1]) {
      assert.ok(nodesRead((r) => inclusionProof(r, m, n)).length <= 2 * log, `inclusion ${m}/${n}`);
    }
    for (const m of [1, 3, 1000, n - 1]) {
      assert.ok(nodesRead((r) => consistencyProof(r, m, n)).length <= 3 * log, `consistency ${m}/${n}`);
    }
  }
});

test('a wrong leaf, index, size, root or sibling fails verification', () => {
  const all = leaves(13);
  const { read } = store(all);
  const root = treeRoot(read, 13);
  const p = inclusionProof(read, 6, 13);
  assert.ok(verifyInclusion(hashLeaf(all[6]), 6, 13, p, root));
  assert.ok(!verifyInclusion(hashLeaf(all[7]), 6, 13, p, root));
  assert.ok(!verifyInclusion(hashLeaf(all[6]), 7, 13, p, root));
  // (size only shapes the path, so 12 and 13 would agree here; the signed head binds size to root)
  assert.ok(!verifyInclusion(hashLeaf(all[6]), 6, 8, p, root));
  assert.ok(!verifyInclusion(hashLeaf(all[6]), 6, 13, p, treeRoot(read, 12)));
  assert.ok(!verifyInclusion(hashLeaf(all[6]), 6, 13, p.slice(1), root));
  assert.ok(!verifyInclusion(hashLeaf(all[6]), 6, 13, [...p, p[0]], root));
  const bad = p.map((h, i) => (i === 1 ? hashLeaf('x') : h));
  assert.ok(!verifyInclusion(hashLeaf(all[6]), 6, 13, bad, root));
  // a leaf can never pose as an interior node (domain separation)
  assert.ok(!verifyInclusion(hashChildren(hashLeaf(all[0]), hashLeaf(all[1])), 0, 12, inclusionProof(read, 0, 12).slice(1), treeRoot(read, 12)));

  const c = consistencyProof(read, 5, 13);
  assert.ok(verifyConsistency(5, 13, treeRoot(read, 5), root, c));
  assert.ok(!verifyConsistency(5, 13, treeRoot(read, 6), root, c));
  assert.ok(!verifyConsistency(6, 13, treeRoot(read, 5), root, c));
  assert.ok(!verifyConsistency(5, 13, treeRoot(read, 5), treeRoot(read, 12), c));
  assert.ok(!verifyConsistency(5, 13, treeRoot(read, 5), root, c.slice(0, -1)));
  assert.ok(!verifyConsistency(5, 13, treeRoot(read, 5), root, []));
  // a rewritten history is not consistent with its past
  const forked = store([...all.slice(0, 4), Buffer.from('forged'), ...all.slice(5)]);
  assert.ok(!verifyConsistency(5, 13, treeRoot(read, 5), treeRoot(forked.read, 13), consistencyProof(forked.read, 5, 13)));
});

test('property: random trees and indexes verify, and flipping any proof byte breaks them', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(), fc.nat(), fc.nat(), (n, a, b, flip) => {
      const all = leaves(n);
      const { read } = store(all);
      const root = treeRoot(read, n);
      const m = a % n;
      const p = inclusionProof(read, m, n);
      if (!verifyInclusion(hashLeaf(all[m]), m, n, p, root)) return false;
      const first = 1 + (b % n);
      const c = consistencyProof(read, first, n);
      if (!verifyConsistency(first, n, treeRoot(read, first), root, c)) return false;
      if (p.length) {
        const q = p.map((h) => Buffer.from(h));
        q[flip % q.length][flip % 32] ^= 1;
        if (verifyInclusion(hashLeaf(all[m]), m, n, q, root)) return false;
      }
      return true;
    }),
    { numRuns: 150 },
  );
});

test('builder resumes from its frontier and reports every complete subtree once', () => {
  const all = leaves(45);
  const whole = store(all);
  const firstPart = store(all.slice(0, 29));
  const frontier = frontierOf(29).map((r) => firstPart.read(r.level, r.index));
  const resumed = TreeBuilder.resume(29, frontier);
  const seen: string[] = [];
  for (const e of all.slice(29)) resumed.push(hashLeaf(e), (l, i) => seen.push(nodeKey(l, i)));
  assert.deepEqual(resumed.root(), whole.builder.root());
  assert.equal(new Set(seen).size, seen.length);
  for (const key of seen) assert.ok(whole.nodes.has(key));
  assert.equal(firstPart.nodes.size + seen.length, whole.nodes.size);
  assert.deepEqual(frontierOf(0), []);
  assert.deepEqual(frontierOf(6), [
    { level: 2, index: 0 },
    { level: 1, index: 2 },
  ]);
});

test('a tree of block hashes has the same root as the tree of their leaves', () => {
  for (const n of [1, 7, 8, 9, 33, 100]) {
    const all = leaves(n);
    const { read, builder } = store(all);
    for (const level of [0, 1, 2, 3]) {
      const span = 2 ** level;
      const blocks: Hash[] = [];
      for (let s = 0; s < n; s += span) blocks.push(s + span <= n ? read(level, s / span) : builder.trailingBelow(level)!);
      assert.deepEqual(rootOfHashes(blocks), builder.root(), `n=${n} level=${level}`);
    }
  }
});

test('canonical JSON sorts keys, drops whitespace and is stable under reparsing', () => {
  const v = { b: [1, 'two', { z: null, a: true }], a: 'Қазақ "тілі"', c: 1.5e-7, d: -0 };
  const s = canonicalJson(v);
  assert.equal(s, '{"a":"Қазақ \\"тілі\\"","b":[1,"two",{"a":true,"z":null}],"c":1.5e-7,"d":0}');
  assert.equal(canonicalJson(JSON.parse(s)), s);
  assert.throws(() => canonicalJson({ x: Number.NaN }));
});
