// Witnessed heads (docs/adr/0303): two `kenes witness` processes on loopback cosign an instance's
// heads; after the operator rewrites history and re-signs it with the platform key (a split view),
// the plain check still passes but `verify --witness … --quorum 2` rejects it, and both witnesses
// refuse the rewritten head and say why. A witness killed mid-poll restarts with its state; a head
// signed by an unknown key is refused; the instance takes cosignatures only from charter witnesses.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cosign } from '../../src/core/ledger/cosign.ts';
import { appendPending } from '../../src/modules/ledger/appender.ts';
import { issueHead } from '../../src/modules/ledger/heads.ts';
import { generateSigningKey, loadSigningKey, signHead } from '../../src/core/ledger/signing.ts';
import { emit } from '../../src/modules/outbox/outbox.ts';
import { Witness } from '../../src/witness/witness.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { rewriteHistory, root, run, startWitness, stopProcess, until, type WitnessProcess, witnessKeyFile } from '../helpers/witness.ts';

const dir = mkdtempSync(join(tmpdir(), 'kenes-witness-'));
const keys = generateSigningKey();
const signing = loadSigningKey(keys.privateKeyBase64);
const w1 = witnessKeyFile(dir, 'w1');
const w2 = witnessKeyFile(dir, 'w2');
const bundle = join(root, 'dist/kenes-verify.mjs');
let t: TestApp;
let base: string;
const procs: WitnessProcess[] = [];

async function emitN(n: number, from: number) {
  await t.db.db.transaction().execute(async (trx) => {
    for (let i = from; i < from + n; i++) await emit(trx, { kind: 'proposal.published', subject: `proposal/${i}`, payload: { i } });
  });
  await appendPending(t.db);
  return issueHead(t.db, signing);
}

async function cosigners(size: number): Promise<number> {
  const r = await fetch(`${base}/api/v1/ledger/heads/${size}/cosigned`);
  return r.ok ? ((await r.json()) as { cosignatures: unknown[] }).cosignatures.length : 0;
}

async function status(w: WitnessProcess) {
  return (await (await fetch(`${w.url}/status`)).json()) as { last_cosigned: { size: number; root_hash: string } | null; refusals: { size: number; reason: string }[] };
}

const witnessArgs = (k: { file: string }, name: string) => ['--url', base, '--key', k.file, '--state', join(dir, `${name}.state.json`), '--port', '0', '--interval', '150', '--log-key', keys.publicKeyBase64];
const verify = (...extra: string[]) => run(process.execPath, [bundle, 'ledger', base, '--pin', keys.publicKeyBase64, ...extra]);
const quorum2 = ['--witness', w1.publicKey, '--witness', w2.publicKey, '--quorum', '2'];

before(async () => {
  const charter = JSON.parse(readFileSync(join(root, 'charter/kz-default.json'), 'utf8'));
  charter.ledger = {
    publicKey: keys.publicKeyBase64,
    witnesses: [
      { name: 'Witness one', publicKey: w1.publicKey },
      { name: 'Witness two', publicKey: w2.publicKey },
    ],
  };
  const charterPath = join(dir, 'charter.json');
  writeFileSync(charterPath, JSON.stringify(charter));
  t = await testApp({ charterPath, ledgerKey: keys.privateKeyBase64 });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = t.app.server.address() as { port: number };
  base = `http://127.0.0.1:${addr.port}`;
  await emitN(10, 0);
});

after(async () => {
  for (const p of procs) await stopProcess(p.child);
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('two witness processes cosign; a split view signed with the platform key is rejected by verify --witness and refused by both witnesses', async () => {
  procs.push(await startWitness(witnessArgs(w1, 'w1')), await startWitness(witnessArgs(w2, 'w2')));
  await until('two cosignatures of head 10', async () => (await cosigners(10)) === 2);

  const headDir = join(dir, 'heads');
  const first = await verify('--head-dir', headDir, ...quorum2);
  assert.equal(first.code, 0, first.err);
  assert.match(first.out, /^ok: 10 entries, .*cosigned by 2 of 2 witnesses at 10 entries/m);
  assert.deepEqual(readdirSync(headDir), ['0001.json']);

  await emitN(5, 10);
  await until('two cosignatures of head 15', async () => (await cosigners(15)) === 2);
  const second = await verify('--head-dir', headDir, ...quorum2);
  assert.equal(second.code, 0, second.err);
  // Saved heads are kept: the second run adds 0002.json beside 0001.json.
  assert.deepEqual(readdirSync(headDir).sort(), ['0001.json', '0002.json']);
  assert.equal(JSON.parse(readFileSync(join(headDir, '0001.json'), 'utf8')).size, 10);
  assert.equal(JSON.parse(readFileSync(join(headDir, '0002.json'), 'utf8')).size, 15);
  const cons = await run(process.execPath, [bundle, 'consistency', join(headDir, '0001.json'), join(headDir, '0002.json'), '--pin', keys.publicKeyBase64]);
  assert.equal(cons.code, 0, cons.err);
  assert.match(cons.out, /^ok: the head of 15 entries extends the head of 10/);

  // The operator rewrites entry 3 and re-signs every head size with the platform key, then grows the log.
  await rewriteHistory(t.db, 3, (e) => e.replace('"i":3', '"i":33'), signing);
  await emitN(2, 15);

  // A reader without witnesses (and without saved heads) cannot tell: the rewritten log is self-consistent.
  const plain = await verify();
  assert.equal(plain.code, 0, plain.err);

  // With the witnesses' keys and a quorum of two it is rejected.
  const witnessed = await verify(...quorum2);
  assert.equal(witnessed.code, 1);
  assert.match(witnessed.err, /ledger verify FAILED: .*witnesses: no head in this export is cosigned by 2 of the 2 pinned witnesses/);
  // The reader's own saved heads catch it too.
  const saved = await verify('--head-dir', headDir);
  assert.equal(saved.code, 1);
  assert.match(saved.err, /the first 15 entries do not match the saved head: history was rewritten/);
  assert.deepEqual(readdirSync(headDir).sort(), ['0001.json', '0002.json'], 'a failed check saves nothing');

  // Both witnesses refuse the rewritten head of 17 entries, say why, and keep their last cosigned head.
  for (const w of procs) {
    const s = await until('a refusal', async () => {
      const st = await status(w);
      return st.refusals.some((r) => r.size === 17) && st;
    });
    assert.equal(s.last_cosigned?.size, 15);
    assert.match(s.refusals.find((r) => r.size === 17)!.reason, /not consistent with the head of 15 entries this witness cosigned .*history was rewritten/);
  }
  assert.equal(await cosigners(17), 0);
});

test('a witness killed mid-poll restarts with its state and still refuses what contradicts it', async () => {
  const w = procs[0];
  const before = readFileSync(join(dir, 'w1.state.json'), 'utf8');
  await stopProcess(w.child, 'SIGKILL');
  const again = await startWitness(witnessArgs(w1, 'w1'));
  procs[0] = again;
  const s = await status(again);
  assert.equal(s.last_cosigned?.size, 15, 'the last cosigned head survived the kill');
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'w1.state.json'), 'utf8')).last, JSON.parse(before).last);
  // Its next poll sees the rewritten head again and still refuses it (no duplicate cosignature).
  await new Promise((r) => setTimeout(r, 600));
  assert.equal(await cosigners(17), 0);
  assert.ok((await status(again)).refusals.some((r) => r.size === 17));
});

test('a witness refuses a head signed by an unknown key, and a second root for a size it cosigned', async () => {
  const stateFile = join(dir, 'inproc.state.json');
  const { privateKey } = generateKeyPairSync('ed25519');
  const logs: string[] = [];
  const w = new Witness({ url: base, privateKey, publicKeyBase64: 'unused', stateFile, logKey: keys.publicKeyBase64, log: (l) => logs.push(l), submit: false });
  const other = loadSigningKey(generateSigningKey().privateKeyBase64);
  const forged = signHead(other, { size: 17, root_hash: 'ab'.repeat(32), timestamp: new Date().toISOString() });
  const r = await w.consider(forged);
  assert.equal(r.kind, 'refused');
  assert.match(r.kind === 'refused' ? r.refusal.reason : '', /signed by an unknown key/);
  assert.match(logs.join('\n'), /refused head 17/);
  assert.equal(w.state.last, undefined, 'nothing cosigned');
  const genuine = signHead(signing, { size: 3, root_hash: 'cd'.repeat(32), timestamp: '2026-01-01T00:00:00.000Z' });
  assert.equal((await w.consider(genuine)).kind, 'cosigned');
  const twin = signHead(signing, { size: 3, root_hash: 'ef'.repeat(32), timestamp: '2026-01-01T00:00:01.000Z' });
  const refused = await w.consider(twin);
  assert.match(refused.kind === 'refused' ? refused.refusal.reason : '', /a second root for 3 entries/);
  const smaller = signHead(signing, { size: 2, root_hash: 'ef'.repeat(32), timestamp: '2026-01-01T00:00:02.000Z' });
  assert.match(((await w.consider(smaller)) as { refusal: { reason: string } }).refusal.reason, /shrank from 3 to 2/);
  // Its state file says the same after a restart.
  assert.equal(new Witness({ url: base, privateKey, publicKeyBase64: 'unused', stateFile, log: () => {} }).state.refusals.length, 3);
});

test('the instance takes cosignatures only from charter witnesses, over a head it signed', async () => {
  const head = (await (await fetch(`${base}/api/v1/ledger/heads/latest`)).json()) as { size: number; root_hash: string; timestamp: string };
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const stranger = cosign(privateKey, publicKey.export({ format: 'der', type: 'spki' }).toString('base64'), head);
  const post = (body: object) => t.app.inject({ method: 'POST', url: '/api/v1/ledger/cosignatures', payload: body });
  const r1 = await post({ ...stranger, size: head.size, root_hash: head.root_hash });
  assert.equal(r1.statusCode, 403);
  assert.match(r1.json().detail, /body.witness_key: not a witness named in the charter/);
  const r2 = await post({ ...stranger, witness_key: w1.publicKey, size: head.size, root_hash: head.root_hash });
  assert.equal(r2.statusCode, 400);
  assert.match(r2.json().detail, /signature/);
  const r3 = await post({ ...stranger, witness_key: w1.publicKey, size: head.size, root_hash: 'ab'.repeat(32) });
  assert.equal(r3.statusCode, 409);
  const r4 = await post({ ...stranger, witness_key: w1.publicKey, size: 999, root_hash: head.root_hash });
  assert.equal(r4.statusCode, 404);
  assert.equal(await cosigners(head.size), 0, 'nothing stored');
  const feed = (await t.app.inject('/api/v1/ledger/heads')).json();
  assert.equal(feed.version, 'https://jsonfeed.org/version/1.1');
  assert.deepEqual(
    feed.items.map((i: { _kenes_head: { size: number } }) => i._kenes_head.size),
    [17, 15, 10],
  );
  assert.equal(feed.items[1]._kenes_head.cosignatures.length, 2);
});
