// Several processes on one PostgreSQL database (docs/adr/1802): `kenes serve --workers 2` (two cluster
// workers on one port) plus a third `kenes serve` on another port, all running every background
// service. 120 events emitted while they run are appended to the ledger exactly once each (contiguous
// tree indexes) and each reaches a webhook exactly once (outbox fan-out, then delivery claims under
// SKIP LOCKED leases); a draw revealed through one process streams its progress to a server-sent-events
// client of the other (PostgreSQL LISTEN/NOTIFY). On SQLite, `--workers 2` is refused with one line.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { generateSigningKey } from '../../src/core/ledger/signing.ts';
import { emit } from '../../src/modules/outbox/api.ts';
import { signInAs, type SignedIn } from '../helpers/auth.ts';
import { type TestApp, testApp } from '../helpers/app.ts';
import { testDialect } from '../helpers/db.ts';
import { freePort } from '../helpers/serveProcess.ts';
import { hookReceiver } from '../helpers/smtp.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const BIN = `${root}bin/kenes.mjs`;
const FIXTURES = new URL('../fixtures/sortition/example_small_20/', import.meta.url);
const EVENTS = 120;
const postgres = testDialect() === 'postgres';

function serve(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn', KENES_DEMO: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out };
}

/** Waits until `n` distinct processes have answered /readyz on `port` (the cluster's round robin). */
async function ready(port: number, n: number, p: { child: ChildProcess; output: () => string }): Promise<Set<number>> {
  const pids = new Set<number>();
  const until = Date.now() + 400_000;
  while (pids.size < n) {
    if (p.child.exitCode !== null) throw new Error(`serve exited with ${p.child.exitCode}: ${p.output()}`);
    if (Date.now() > until) throw new Error(`only ${pids.size} of ${n} processes ready on ${port}: ${p.output()}`);
    try {
      const pid = await readyPid(port);
      if (pid) pids.add(pid);
    } catch {
      // not listening yet
    }
    if (pids.size < n) await sleep(100);
  }
  return pids;
}

/**
 * The pid that answers /readyz on a new connection (null while not ready). A kept-alive connection
 * (fetch's pool) stays with the one worker the cluster gave it, so every poll must open its own.
 */
function readyPid(port: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path: '/readyz', agent: false, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve(res.statusCode === 200 ? Number(JSON.parse(body).pid) : null));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function stop(p: { child: ChildProcess } | undefined): Promise<number | null> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return p?.child.exitCode ?? null;
  const exited = once(p.child, 'exit');
  p.child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  return code;
}

test('--workers on SQLite is refused in one line (exit 2)', { skip: postgres && 'SQLite only' }, async () => {
  const p = serve(['--workers', '2', '--port', String(await freePort()), '--db', 'sqlite::memory:'], {});
  const [code] = (await once(p.child, 'exit')) as [number];
  assert.equal(code, 2, p.output());
  assert.match(p.output(), /--workers: several processes need PostgreSQL/);
  const bad = serve(['--workers', 'lots', '--port', String(await freePort())], {});
  assert.equal(((await once(bad.child, 'exit')) as [number])[0], 2);
  assert.match(bad.output(), /--workers: a whole number from 1 to 64, got "lots"/);
});

let t: TestApp;
let secretariat: SignedIn;
let cluster: ReturnType<typeof serve> | undefined;
let single: ReturnType<typeof serve> | undefined;
let hook: Awaited<ReturnType<typeof hookReceiver>>;
let portA = 0;
let portB = 0;
const keys = generateSigningKey();
// Commit two days "ago" with the entropy date yesterday, so that the servers (on the real clock) may reveal.
const DAY = 24 * 3600_000;
let clock = Date.now() - 2 * DAY;

before(async () => {
  if (!postgres) return;
  t = await testApp({ ledgerKey: keys.privateKeyBase64 });
  t.ctx.now = () => new Date(clock);
  secretariat = await signInAs(t, { roles: ['secretariat'] });
  hook = await hookReceiver();
  await t.db.db
    .insertInto('notify_webhooks')
    .values({ owner_user_id: secretariat.user.id, url: hook.url, kinds: JSON.stringify(['proposal.submitted']), secret: 'scale-test-secret', created_at: new Date().toISOString(), disabled_at: null })
    .execute();
  [portA, portB] = [await freePort(), await freePort()];
  const env = { KENES_LEDGER_KEY: keys.privateKeyBase64, KENES_NOTIFY_ALLOW_LOOPBACK: '1', KENES_NOTIFY_RETRY_BASE_MS: '200' };
  cluster = serve(['--workers', '2', '--port', String(portA), '--db', t.db.url], env);
  single = serve(['--port', String(portB), '--db', t.db.url], env);
  const pids = await ready(portA, 2, cluster);
  const other = await ready(portB, 1, single);
  assert.equal(new Set([...pids, ...other]).size, 3, 'three distinct server processes');
});

after(async () => {
  if (!postgres) return;
  assert.equal(await stop(cluster), 0, cluster?.output());
  await stop(single);
  await hook?.close();
  await t?.close();
});

test('background work runs exactly once with three processes: ledger entries and webhook deliveries', { skip: !postgres && 'PostgreSQL only' }, async () => {
  for (let i = 0; i < EVENTS; i += 10) {
    await t.db.db.transaction().execute(async (trx) => {
      for (let j = i; j < i + 10; j++) await emit(trx, { kind: 'proposal.submitted', subject: `proposal/scale-${j}`, payload: { n: j } });
    });
  }
  const ids = (await t.db.db.selectFrom('outbox').select('id').where('kind', '=', 'proposal.submitted').where('subject', 'like', 'proposal/scale-%').execute()).map((r) => Number(r.id));
  assert.equal(ids.length, EVENTS);
  const until = Date.now() + 240_000;
  for (;;) {
    const entries = await t.db.db.selectFrom('ledger_entry').select((eb) => eb.fn.countAll<number>().as('n')).where('outbox_id', 'in', ids).executeTakeFirstOrThrow();
    if (Number(entries.n) >= EVENTS && hook.hits.length >= EVENTS) break;
    if (Date.now() > until) assert.fail(`after 240 s: ${entries.n} ledger entries, ${hook.hits.length} webhook hits of ${EVENTS}`);
    await sleep(250);
  }
  // Give a duplicate the time to show up.
  await sleep(3000);
  const entries = await t.db.db.selectFrom('ledger_entry').select(['idx', 'outbox_id']).orderBy('idx').execute();
  assert.deepEqual(
    entries.map((e) => Number(e.idx)),
    entries.map((_, i) => i),
    'the tree has no gap and no repeat',
  );
  const logged = entries.map((e) => Number(e.outbox_id)).filter((id) => ids.includes(id));
  assert.equal(logged.length, EVENTS, 'each event appended once');
  assert.equal(new Set(logged).size, EVENTS);
  const hooked = hook.hits.map((h) => JSON.parse(h.body).event.id as number);
  assert.equal(hooked.length, EVENTS, 'each webhook delivered once');
  assert.deepEqual([...new Set(hooked)].sort((a, b) => a - b), [...ids].sort((a, b) => a - b));
  const sent = await t.db.db.selectFrom('notify_deliveries').select('status').where('channel', '=', 'webhook').execute();
  assert.equal(sent.length, EVENTS);
  assert.ok(sent.every((d) => d.status === 'sent'));
});

test('a draw revealed on one process streams its progress to a client of another (LISTEN/NOTIFY)', { skip: !postgres && 'PostgreSQL only' }, async () => {
  const features = readFileSync(new URL('categories.csv', FIXTURES), 'utf8').replace('category,feature,min,max', 'feature,value,min,max');
  const peopleCsv = readFileSync(new URL('respondents.csv', FIXTURES), 'utf8')
    .trim()
    .split('\n')
    .map((line, i) => (i === 0 ? `id,${line}` : `crm-${String(7000 + i)},${line}`))
    .join('\n');
  const c = await t.app.inject({
    method: 'POST',
    url: '/api/v1/sortition/draws',
    headers: secretariat.headers,
    payload: { format: 'sortition-foundation', featuresCsv: features, peopleCsv, k: 20, entropySources: ['Kazakhstan lottery draw of 2026-10-15'], entropyAfter: new Date(clock + DAY).toISOString() },
  });
  assert.equal(c.statusCode, 201, c.body);
  const id = c.json().id as string;
  clock = Date.now();

  // The client listens on the single process; the draw is revealed (and run) on the cluster.
  const stream = await fetch(`http://127.0.0.1:${portB}/api/v1/sortition/runs/${id}/events`);
  assert.equal(stream.status, 200);
  const reader = stream.body!.getReader();
  let text = '';
  const read = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      text += Buffer.from(value).toString('utf8');
    }
  })();
  await sleep(300);
  const r = await fetch(`http://127.0.0.1:${portA}/api/v1/sortition/draws/${id}/reveal`, { method: 'POST', headers: { ...secretariat.headers, 'content-type': 'application/json' }, body: JSON.stringify({ entropy: 'Kazakhstan lottery draw 2026-10-15: 03 11 19 27 35 41' }) });
  assert.equal(r.status, 202, await r.text());
  // An unreferenced timer: a referenced one would hold the process for 120 s after the stream ends.
  await Promise.race([read, sleep(120_000, undefined, { ref: false })]);
  assert.match(text, /event: progress/, `progress crossed processes: ${text.slice(0, 500)}`);
  assert.match(text, /event: done/);
});
