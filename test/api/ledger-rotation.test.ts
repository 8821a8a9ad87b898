// Key rotation (docs/adr/0303): `kenes ledger rotate-key` records a ledger.key_rotated entry signed by
// the old and the new key and has the old key sign a head over it; afterwards heads signed by the new
// key verify for a reader who pinned the old key, and a witness follows the rotation. A head signed
// by a new key without such an entry, or a rotation the old key did not sign, is refused.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { generateKeyPairSync } from 'node:crypto';
import { appendPending } from '../../src/modules/ledger/appender.ts';
import { issueHead } from '../../src/modules/ledger/heads.ts';
import { ROTATION_KIND, rotationChain, rotationValid, signRotation } from '../../src/core/ledger/rotation.ts';
import { generateSigningKey, loadSigningKey, parsePublicKey } from '../../src/core/ledger/signing.ts';
import { linesOf, verifyExport } from '../../src/core/ledger/verifyExport.ts';
import { emit } from '../../src/modules/outbox/outbox.ts';
import { Witness } from '../../src/witness/witness.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { root, run } from '../helpers/witness.ts';

const dir = mkdtempSync(join(tmpdir(), 'kenes-rotation-'));
const oldKeys = generateSigningKey();
const newKeys = generateSigningKey();
const oldKey = loadSigningKey(oldKeys.privateKeyBase64);
const newKey = loadSigningKey(newKeys.privateKeyBase64);
let t: TestApp;
let base: string;

async function emitN(n: number, from: number) {
  await t.db.db.transaction().execute(async (trx) => {
    for (let i = from; i < from + n; i++) await emit(trx, { kind: 'proposal.published', subject: `proposal/${i}`, payload: { i } });
  });
  await appendPending(t.db);
}
const exportText = async () => (await t.app.inject('/api/v1/ledger/export')).body;
const verifyPinnedOld = async () => verifyExport(linesOf([await exportText()]), { publicKey: parsePublicKey(oldKeys.publicKeyBase64) });

before(async () => {
  t = await testApp({ ledgerKey: oldKeys.privateKeyBase64 });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  await emitN(5, 0);
  await issueHead(t.db, oldKey);
});
after(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a head signed by a new key without a rotation entry is refused by the verifier and by a witness', async () => {
  const stateFile = join(dir, 'w.state.json');
  const { privateKey } = generateKeyPairSync('ed25519');
  const w = new Witness({ url: base, privateKey, publicKeyBase64: 'w', stateFile, logKey: oldKeys.publicKeyBase64, log: () => {}, submit: false });
  assert.equal((await w.pollOnce()).kind, 'cosigned');
  await emitN(1, 5);
  const sneaky = await issueHead(t.db, newKey);
  const r = await verifyPinnedOld();
  assert.equal(r.ok, false);
  assert.match(r.problems[0], /^head: signature does not verify/);
  const refused = await w.consider(sneaky);
  assert.match(refused.kind === 'refused' ? refused.refusal.reason : '', /signed by an unknown key/);
  // Undo for the next test: that head was never legitimate.
  await t.db.db.deleteFrom('ledger_head').where('size', '=', sneaky.size).execute();
});

test('kenes ledger rotate-key: both keys sign the entry, the old key signs its head; new heads verify against the old pin and a witness follows', async () => {
  const newKeyFile = join(dir, 'new.key');
  writeFileSync(newKeyFile, `${newKeys.privateKeyBase64}\n`);
  const r = await run(process.execPath, [join(root, 'bin/kenes.mjs'), 'ledger', 'rotate-key', '--new-key', newKeyFile, '--db', t.db.url], root, { KENES_LEDGER_KEY: oldKeys.privateKeyBase64 });
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^rotated: [0-9a-f]{64} -> [0-9a-f]{64}; the old key signed head 7/m);
  const entries = (await t.app.inject(`/api/v1/ledger/entries?kind=${ROTATION_KIND}`)).json().entries;
  assert.equal(entries.length, 1);
  const payload = JSON.parse(entries[0].entry).payload;
  assert.equal(payload.old_public_key, oldKeys.publicKeyBase64);
  assert.equal(payload.new_public_key, newKeys.publicKeyBase64);
  assert.ok(rotationValid(payload));
  assert.equal((await t.app.inject('/api/v1/ledger/heads/latest')).json().public_key, oldKeys.publicKeyBase64);

  await emitN(2, 10);
  await issueHead(t.db, newKey);
  const ok = await verifyPinnedOld();
  assert.equal(ok.ok, true, ok.problems.join('\n'));
  assert.match(ok.notes.join('\n'), /head: signed by key [0-9a-f]{16}…, which the trusted key handed over to/);

  const { privateKey } = generateKeyPairSync('ed25519');
  const w = new Witness({ url: base, privateKey, publicKeyBase64: 'w', stateFile: join(dir, 'w.state.json'), logKey: oldKeys.publicKeyBase64, log: () => {}, submit: false });
  const polled = await w.pollOnce();
  assert.equal(polled.kind, 'cosigned', JSON.stringify(polled));
  assert.equal(w.state.log_key, newKeys.publicKeyBase64);
});

test('a rotation the old key did not sign hands over nothing', () => {
  const mallory = loadSigningKey(generateSigningKey().privateKeyBase64);
  const forged = signRotation(mallory, newKey);
  const claimed = { ...forged, old_public_key: oldKeys.publicKeyBase64 };
  assert.equal(rotationValid(claimed), false);
  assert.deepEqual(rotationChain(oldKeys.publicKeyBase64, [claimed]), [oldKeys.publicKeyBase64]);
  const genuine = signRotation(oldKey, newKey);
  assert.deepEqual(rotationChain(oldKeys.publicKeyBase64, [genuine]), [oldKeys.publicKeyBase64, newKeys.publicKeyBase64]);
  assert.equal(rotationValid({ ...genuine, new_signature: forged.new_signature }), false, 'the new key must sign too');
});
