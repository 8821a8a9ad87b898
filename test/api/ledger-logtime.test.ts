// Log-assigned time (docs/adr/0303): entries get a `time` from the log that never decreases, and keep
// the event's own time as `event_time`, even when events arrive out of time order or the clock is
// behind; an export whose log times go backwards fails verification even when correctly signed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { canonicalJson, hashLeaf, toHex, TreeBuilder } from '../../src/core/merkle/index.ts';
import { appendPending } from '../../src/modules/ledger/appender.ts';
import { generateSigningKey, loadSigningKey, parsePublicKey, signHead } from '../../src/core/ledger/signing.ts';
import { linesOf, verifyExport } from '../../src/core/ledger/verifyExport.ts';
import { emit } from '../../src/modules/outbox/outbox.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(async () => t?.close());

test('entries carry a monotone log time and their own event time', async () => {
  const times = ['2026-11-30T10:00:00.000Z', '2026-11-29T09:00:00.000Z', '2026-11-30T08:00:00.000Z', '2026-11-28T07:00:00.000Z'];
  for (const [i, occurredAt] of times.entries()) {
    await t.db.db.transaction().execute((trx) => emit(trx, { kind: 'test.event', subject: `e/${i}`, payload: { i }, occurredAt }));
    await appendPending(t.db);
  }
  // A log time in the future (a clock that was ahead) is never undercut by later entries.
  await t.db.db.updateTable('ledger_entry').set({ logged_at: '2999-01-01T00:00:00.000Z' }).where('idx', '=', 3).execute();
  await t.db.db.transaction().execute((trx) => emit(trx, { kind: 'test.event', subject: 'e/4', payload: { i: 4 } }));
  await appendPending(t.db);
  const entries = (await t.app.inject('/api/v1/ledger/entries?limit=10')).json().entries.reverse();
  assert.deepEqual(
    entries.slice(0, 4).map((e: { event_time: string }) => e.event_time),
    times,
  );
  for (let i = 1; i < entries.length; i++) assert.ok(entries[i].time >= entries[i - 1].time || i === 4, `entry ${i} not before ${i - 1}`);
  assert.equal(entries.length, 5);
  assert.equal(entries[4].time, '2999-01-01T00:00:00.000Z');
  // (Entry 3's column was moved ahead behind its signed bytes' back above; the others must agree.)
  for (const e of entries.filter((x: { index: number }) => x.index !== 3)) {
    const body = JSON.parse(e.entry);
    assert.equal(body.event_time, e.event_time);
    assert.equal(body.time, e.time);
  }
});

test('a signed export whose log times go backwards fails, naming the entry', async () => {
  const k = loadSigningKey(generateSigningKey().privateKeyBase64);
  const entries = ['2026-01-01T00:00:02.000Z', '2026-01-01T00:00:01.000Z'].map((time, i) => canonicalJson({ kind: 'x', subject: `s/${i}`, time, event_time: time, payload: {} }));
  const b = new TreeBuilder();
  for (const e of entries) b.push(hashLeaf(e));
  const head = signHead(k, { size: 2, root_hash: toHex(b.root()), timestamp: '2026-01-01T00:00:03.000Z' });
  const lines = [JSON.stringify({ type: 'head', ...head, block_level: 0, blocks: entries.map((e) => toHex(hashLeaf(e))) }), ...entries.map((e, i) => `{"index":${i},"entry":${e}}`)];
  const r = await verifyExport(linesOf([lines.join('\n')]), { publicKey: parsePublicKey(k.publicKeyBase64) });
  assert.equal(r.ok, false);
  assert.equal(r.firstBadEntry, 1);
  assert.match(r.problems[0], /entry 1: log time 2026-01-01T00:00:01.000Z is earlier than the previous entry's 2026-01-01T00:00:02.000Z/);
});
