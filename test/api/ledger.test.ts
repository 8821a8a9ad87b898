// The public ledger through its API: appending from the outbox exactly once, signed heads, inclusion
// and consistency proofs checked with the RFC 9162 verifier, export, pages, and problem details.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { fromHex, hashLeaf, verifyConsistency, verifyInclusion } from '../../src/core/merkle/index.ts';
import { appendBatch, appendPending } from '../../src/modules/ledger/appender.ts';
import { issueHead } from '../../src/modules/ledger/heads.ts';
import { generateSigningKey, headSignatureValid, loadSigningKey, parsePublicKey } from '../../src/core/ledger/signing.ts';
import { linesOf, verifyExport } from '../../src/core/ledger/verifyExport.ts';
import { emit } from '../../src/modules/outbox/outbox.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { story } from '../helpers/story.ts';

const keys = generateSigningKey();
const signing = loadSigningKey(keys.privateKeyBase64);
let t: TestApp;

async function emitMany(n: number, kind = 'test.event', from = 0) {
  await t.db.db.transaction().execute(async (trx) => {
    for (let i = from; i < from + n; i++) await emit(trx, { kind, subject: `thing/${i}`, payload: { n: i, note: 'Қазақ тілі' } });
  });
}

// Every test has an app and a database of its own; the story of one ledger (append, sign, prove,
// export, browse) replays its earlier steps (test/helpers/story.ts), so any one test runs alone.
beforeEach(async () => {
  t = await testApp({ ledgerKey: keys.privateKeyBase64 });
});
afterEach(async () => t.close());
const { step } = story(() => ({}));

step('events are appended once each, in order, and marked in the outbox', async () => {
  await emitMany(5, 'proposal.published');
  await emitMany(4, 'decision.adopted', 5);
  assert.equal(await appendBatch(t.db, 3), 3);
  assert.equal(await appendPending(t.db), 6);
  assert.equal(await appendPending(t.db), 0);
  const r = await t.app.inject('/api/v1/ledger/entries?limit=500');
  assert.equal(r.statusCode, 200);
  const body = r.json();
  assert.equal(body.size, 9);
  assert.deepEqual(
    body.entries.map((e: { index: number }) => e.index),
    [8, 7, 6, 5, 4, 3, 2, 1, 0],
  );
  const e0 = body.entries.at(-1);
  assert.equal(e0.kind, 'proposal.published');
  assert.equal(e0.subject, 'thing/0');
  assert.deepEqual(Object.keys(JSON.parse(e0.entry)), ['event_time', 'kind', 'payload', 'subject', 'time']);
  assert.equal(JSON.parse(e0.entry).time, e0.time, 'the entry carries the log-assigned time');
  assert.equal(e0.leaf_hash, hashLeaf(e0.entry).toString('hex'));
  const filtered = (await t.app.inject('/api/v1/ledger/entries?kind=decision.adopted')).json();
  assert.deepEqual(
    filtered.entries.map((e: { subject: string }) => e.subject),
    ['thing/8', 'thing/7', 'thing/6', 'thing/5'],
  );
  // (The ledger's marker column is now its outbox cursor: no outbox row is left without its entry.)
  const unmarked = await t.db.db.selectFrom('outbox').leftJoin('ledger_entry', 'ledger_entry.outbox_id', 'outbox.id').select('outbox.id').where('ledger_entry.idx', 'is', null).execute();
  assert.equal(unmarked.length, 0);
});

step('a signed head verifies with the platform key; on-demand signing is idempotent per size', async () => {
  const h = await issueHead(t.db, signing);
  assert.equal(h.size, 9);
  assert.ok(headSignatureValid(h, parsePublicKey(keys.publicKeyBase64)));
  assert.deepEqual(await issueHead(t.db, signing), h);
  const latest = (await t.app.inject('/api/v1/ledger/heads/latest')).json();
  assert.deepEqual(latest, h);
  assert.deepEqual((await t.app.inject('/api/v1/ledger/heads/9')).json(), h);
  const none = await t.app.inject('/api/v1/ledger/heads/3');
  assert.equal(none.statusCode, 404);
  assert.match(String(none.headers['content-type']), /problem\+json/);
});

step('every entry has an inclusion proof that verifies against the signed root', async () => {
  await emitMany(20, 'test.more', 100);
  await appendPending(t.db);
  const head = (await t.app.inject('/api/v1/ledger/heads/latest')).json();
  for (let i = 0; i < 29; i++) {
    const r = await t.app.inject(`/api/v1/ledger/entries/${i}`);
    assert.equal(r.statusCode, 200);
    const e = r.json();
    const proof = e.inclusion_proof.map(fromHex);
    if (i < head.size) {
      assert.equal(e.tree_size, head.size, 'proved against the signed head');
      assert.deepEqual(e.head, head);
    } else {
      assert.equal(e.tree_size, 29);
      assert.equal(e.head, null);
    }
    assert.ok(verifyInclusion(hashLeaf(e.entry), i, e.tree_size, proof, fromHex(e.root_hash)), `entry ${i}`);
    const other = (await t.app.inject(`/api/v1/ledger/entries/${i}?size=29`)).json();
    assert.ok(verifyInclusion(hashLeaf(other.entry), i, 29, other.inclusion_proof.map(fromHex), fromHex(other.root_hash)));
  }
  const missing = await t.app.inject('/api/v1/ledger/entries/29');
  assert.equal(missing.statusCode, 404);
  const badSize = await t.app.inject('/api/v1/ledger/entries/5?size=3');
  assert.equal(badSize.statusCode, 400);
  assert.equal(badSize.json().errors[0].field, 'querystring.size');
});

step('consistency proofs between any two sizes verify; bad sizes are named', async () => {
  for (let first = 1; first <= 29; first++) {
    for (const second of [first, 9, 17, 29]) {
      if (second < first) continue;
      const c = (await t.app.inject(`/api/v1/ledger/consistency?first=${first}&second=${second}`)).json();
      assert.ok(verifyConsistency(first, second, fromHex(c.first_root), fromHex(c.second_root), c.proof.map(fromHex)), `${first}→${second}`);
    }
  }
  const head = (await t.app.inject('/api/v1/ledger/heads/9')).json();
  const c = (await t.app.inject('/api/v1/ledger/consistency?first=9&second=29')).json();
  assert.equal(c.first_root, head.root_hash);
  const tooBig = await t.app.inject('/api/v1/ledger/consistency?first=2&second=30');
  assert.equal(tooBig.statusCode, 400);
  assert.equal(tooBig.json().errors[0].field, 'querystring.second');
  const reversed = await t.app.inject('/api/v1/ledger/consistency?first=5&second=4');
  assert.equal(reversed.json().errors[0].field, 'querystring.first');
  const zero = await t.app.inject('/api/v1/ledger/consistency?first=0&second=4');
  assert.equal(zero.statusCode, 400);
  assert.match(zero.json().errors[0].field, /first/);
}, { changesNothing: true });

step('the export streams JSON lines up to the signed head and verifies', async () => {
  await issueHead(t.db, signing);
  const r = await t.app.inject('/api/v1/ledger/export');
  assert.equal(r.statusCode, 200);
  assert.match(String(r.headers['content-type']), /ndjson/);
  const lines = r.body.trimEnd().split('\n');
  assert.equal(lines.length, 30);
  const head = JSON.parse(lines[0]);
  assert.equal(head.size, 29);
  assert.equal(head.blocks.length, 29);
  const report = await verifyExport(linesOf([r.body]), { publicKey: parsePublicKey(keys.publicKeyBase64) });
  assert.deepEqual(report.problems, []);
  assert.ok(report.ok);
  assert.equal(report.entries, 29);
});

test('the API is in OpenAPI', async () => {
  const doc = (await t.app.inject('/openapi.json')).json();
  for (const p of ['/api/v1/ledger/entries', '/api/v1/ledger/entries/{index}', '/api/v1/ledger/heads/latest', '/api/v1/ledger/heads/{size}', '/api/v1/ledger/consistency', '/api/v1/ledger/export']) {
    assert.ok(doc.paths[p], p);
  }
});

step('pages: browser with kind filter, entry with proof, verify with commands, in three languages', async () => {
  const html = { accept: 'text/html' };
  const list = await t.app.inject({ url: '/ledger?lang=en', headers: html });
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /Public ledger/);
  assert.match(list.body, /href="\/ledger\/entries\/28"/);
  assert.match(list.body, /test\.more \(20\)/);
  const filtered = await t.app.inject({ url: '/ledger?kind=decision.adopted&lang=en', headers: html });
  assert.match(filtered.body, /thing\/8/);
  assert.doesNotMatch(filtered.body, /thing\/100/);
  const entry = await t.app.inject({ url: '/ledger/entries/3?lang=ru', headers: html });
  assert.equal(entry.statusCode, 200);
  assert.match(entry.body, /Доказательство включения/);
  const proof = (await t.app.inject('/api/v1/ledger/entries/3')).json();
  for (const h of proof.inclusion_proof) assert.ok(entry.body.includes(h));
  const verify = await t.app.inject({ url: '/ledger/verify', headers: html });
  assert.match(verify.body, /<html lang="kk"/);
  assert.match(verify.body, /Өзіңіз тексеріңіз/);
  // The commands name the stand-alone verifier served by this instance (no `npx kenes`: that npm name is not ours)
  // and the charter's key (the server's key differs here, and the page says so).
  assert.ok(verify.body.includes('node kenes-verify.mjs ledger http://localhost:80 --pin '), 'the command uses the address the request used');
  assert.doesNotMatch(verify.body, /npx kenes/);
  assert.ok(verify.body.includes(keys.publicKeyBase64));
  const nav = await t.app.inject({ url: '/?lang=en', headers: html });
  assert.match(nav.body, /href="\/ledger"/);
  const bad = await t.app.inject({ url: '/ledger/entries/999', headers: html });
  assert.equal(bad.statusCode, 404);
}, { changesNothing: true });

test('an empty ledger: no entries, no head, an unsigned export that verify refuses, pages still render', async () => {
  const empty = await testApp({ ledgerKey: undefined });
  try {
    const list = (await empty.app.inject('/api/v1/ledger/entries')).json();
    assert.deepEqual(list, { size: 0, entries: [], next_before: null });
    assert.equal((await empty.app.inject('/api/v1/ledger/heads/latest')).statusCode, 404);
    assert.equal((await empty.app.inject('/api/v1/ledger/entries/0')).statusCode, 404);
    assert.equal((await empty.app.inject('/api/v1/ledger/consistency?first=1&second=1')).statusCode, 400);
    const exp = await empty.app.inject('/api/v1/ledger/export');
    const head = JSON.parse(exp.body.split('\n')[0]);
    assert.equal(head.size, 0);
    assert.equal(head.signature, null);
    assert.equal(head.root_hash, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const report = await verifyExport(linesOf([exp.body]));
    assert.equal(report.ok, false);
    assert.match(report.problems[0], /not signed/);
    // Signed, the empty tree verifies.
    await issueHead(empty.db, signing);
    const signed = await empty.app.inject('/api/v1/ledger/export');
    assert.ok((await verifyExport(linesOf([signed.body]), { publicKey: parsePublicKey(keys.publicKeyBase64) })).ok);
    const page = await empty.app.inject({ url: '/ledger?lang=en', headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /No entries yet/);
    const verifyPage = await empty.app.inject({ url: '/ledger/verify?lang=en', headers: { accept: 'text/html' } });
    assert.match(verifyPage.body, /no signing key configured/);
  } finally {
    await empty.close();
  }
});

test('an event committed late with a lower id is appended after the higher one, and only once', async () => {
  const size0 = (await t.app.inject('/api/v1/ledger/entries?limit=1')).json().size;
  const row = (id: number, subject: string) => ({ id, kind: 'test.late', subject, occurred_at: new Date().toISOString(), payload: '{}' });
  // What a bigserial gap looks like to the consumer: id 1000002 is committed and appended first…
  await t.db.db.insertInto('outbox').values(row(1_000_002, 'late/high')).execute();
  assert.equal(await appendPending(t.db), 1);
  // …then the transaction that took id 1000001 commits.
  await t.db.db.insertInto('outbox').values(row(1_000_001, 'late/low')).execute();
  assert.equal(await appendPending(t.db), 1);
  assert.equal(await appendPending(t.db), 0);
  const late = (await t.app.inject('/api/v1/ledger/entries?kind=test.late')).json().entries;
  assert.deepEqual(
    late.map((e: { index: number; subject: string }) => [e.index, e.subject]),
    [
      [size0 + 1, 'late/low'],
      [size0, 'late/high'],
    ],
  );

  if (t.db.dialect === 'postgres') {
    // The real thing: two concurrent transactions on separate connections, committing out of id order.
    const pg = (await import('pg')).default;
    const slow = new pg.Client({ connectionString: t.db.url });
    await slow.connect();
    try {
      await slow.query('begin');
      await slow.query(`insert into outbox (kind, subject, occurred_at, payload) values ('test.race', 'slow', now()::text, '{}')`);
      await emit(t.db.db, { kind: 'test.race', subject: 'fast', payload: {} });
      assert.equal(await appendPending(t.db), 1, 'only the committed event');
      await slow.query('commit');
      assert.equal(await appendPending(t.db), 1, 'the late one, once');
      const ids = await t.db.db.selectFrom('outbox').select(['id', 'subject']).where('kind', '=', 'test.race').orderBy('id').execute();
      assert.deepEqual(
        ids.map((r) => r.subject),
        ['slow', 'fast'],
        'the slow transaction holds the lower id',
      );
      const entries = (await t.app.inject('/api/v1/ledger/entries?kind=test.race')).json().entries;
      assert.deepEqual(
        entries.map((e: { subject: string }) => e.subject),
        ['slow', 'fast'],
        'newest first: slow was appended after fast',
      );
    } finally {
      await slow.end();
    }
  }
});
