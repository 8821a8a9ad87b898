// Fault test: the real server (child process) appends the outbox to the ledger while this process
// commits a stream of changes from three concurrent writers. The server is SIGKILLed twice mid-stream
// and restarted. In the end every acknowledged (committed) event is in the ledger exactly once, and
// `kenes ledger verify URL` passes against the platform key.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, } from 'node:child_process';
import { after, before, test } from 'node:test';
import { freePort, killHard, startServe } from '../helpers/serveProcess.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { type Db, openDb } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { appendPending } from '../../src/modules/ledger/appender.ts';
import { generateSigningKey } from '../../src/core/ledger/signing.ts';
import { emit } from '../../src/modules/outbox/outbox.ts';
import { freshDbUrl } from '../helpers/db.ts';

const root = new URL('../../', import.meta.url).pathname;
const keys = generateSigningKey();
let url: string;
let drop: () => Promise<void>;
let db: Db;
let port: number;
let server: ChildProcess | null = null;

function startServer(): Promise<ChildProcess> {
  return startServe({ db: url, port, env: { KENES_LEDGER_KEY: keys.privateKeyBase64, KENES_LEDGER_HEAD_INTERVAL: '1' } });
}

const kill = killHard;

before(async () => {
  ({ url, drop } = await freshDbUrl());
  db = openDb(url);
  await migrateToLatest(db);
  port = await freePort();
});
after(async () => {
  // The first test ends by killing the server. Waiting for an 'exit' that had already happened kept
  // this hook pending until the process ended, so the database was never dropped.
  try {
    if (server) await kill(server);
    await db.close();
  } finally {
    await drop();
  }
});

test('SIGKILL during a stream of changes loses nothing and duplicates nothing; verify passes', async () => {
  const acknowledged: string[] = [];
  let writing = true;
  let failures = 0;
  // A change is acknowledged once its transaction has committed; each emits one to three events.
  const writer = async (w: number) => {
    for (let n = 0; writing; n++) {
      const subjects = Array.from({ length: 1 + (n % 3) }, (_, k) => `change/${w}-${n}-${k}`);
      try {
        await db.db.transaction().execute(async (trx) => {
          for (const s of subjects) await emit(trx, { kind: 'test.change', subject: s, payload: { writer: w, n } });
        });
        acknowledged.push(...subjects);
      } catch {
        failures++; // rolled back, so neither acknowledged nor in the outbox
      }
      await sleep(2); // a steady stream, and room for the event loop to serve the checks
    }
  };

  server = await startServer();
  const writers = [0, 1, 2].map(writer);
  for (let round = 0; round < 2; round++) {
    await sleep(1200);
    await kill(server);
    await sleep(300); // changes keep committing while the server is down
    server = await startServer();
  }
  await sleep(800);
  writing = false;
  await Promise.all(writers);
  assert.ok(acknowledged.length > 100, `only ${acknowledged.length} events were written (${failures} changes failed)`);

  // Wait for the restarted appender to catch up and for a head that covers everything.
  const total = acknowledged.length;
  let head: { size: number } | null = null;
  for (let i = 0; i < 300 && head?.size !== total; i++) {
    await sleep(100);
    const r = await fetch(`http://127.0.0.1:${port}/api/v1/ledger/heads/latest`);
    head = r.ok ? ((await r.json()) as { size: number }) : null;
  }
  assert.equal(head?.size, total, `a signed head covers all ${total} acknowledged events`);

  const rows = await db.db.selectFrom('ledger_entry').select(['idx', 'subject', 'outbox_id']).orderBy('idx').execute();
  assert.equal(rows.length, total);
  assert.deepEqual(
    rows.map((r) => Number(r.idx)),
    rows.map((_, i) => i),
    'indexes are dense',
  );
  const inLedger = rows.map((r) => r.subject).sort();
  assert.deepEqual(inLedger, [...acknowledged].sort(), 'every acknowledged event exactly once, nothing else');
  assert.equal(new Set(rows.map((r) => Number(r.outbox_id))).size, total);
  const outbox = await db.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(outbox.n), total);

  const verify = await new Promise<{ code: number; out: string; err: string }>((resolve) => {
    execFile(process.execPath, [`${root}bin/kenes.mjs`, 'ledger', 'verify', `http://127.0.0.1:${port}`, '--key', keys.publicKeyBase64], { cwd: root }, (e, out, err) =>
      resolve({ code: e ? Number(e.code ?? 1) : 0, out, err }),
    );
  });
  assert.equal(verify.code, 0, verify.err);
  assert.match(verify.out, new RegExp(`^ok: ${total} entries`));
  await kill(server);
});

test('racing appenders in three processes still append each event exactly once', async () => {
  const before = Number((await db.db.selectFrom('ledger_entry').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const N = 20_000;
  const rows = Array.from({ length: N }, (_, i) => ({ kind: 'test.race', subject: `race/${i}`, occurred_at: new Date().toISOString(), payload: JSON.stringify({ i }) }));
  for (let i = 0; i < N; i += 1000) await db.db.insertInto('outbox').values(rows.slice(i, i + 1000)).execute();
  // Two `kenes ledger head` processes (each appends everything pending, then signs) and this process.
  const cli = () =>
    new Promise<number>((resolve) => {
      execFile(process.execPath, [`${root}bin/kenes.mjs`, 'ledger', 'head', '--db', url], { cwd: root, env: { ...process.env, KENES_LEDGER_KEY: keys.privateKeyBase64, LOG_LEVEL: 'silent' } }, (e) =>
        resolve(e ? Number(e.code ?? 1) : 0),
      );
    });
  const [a, b, mine] = await Promise.all([cli(), cli(), sleep(1500).then(() => appendPending(db, { batch: 500 }))]);
  assert.deepEqual([a, b], [0, 0]);
  assert.ok(mine >= 0);
  const entries = await db.db.selectFrom('ledger_entry').select(['idx', 'outbox_id']).where('kind', '=', 'test.race').execute();
  assert.equal(entries.length, N);
  assert.equal(new Set(entries.map((e) => Number(e.outbox_id))).size, N);
  const total = Number((await db.db.selectFrom('ledger_entry').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  assert.equal(total, before + N);
  const max = await db.db.selectFrom('ledger_entry').select((eb) => eb.fn.max('idx').as('m')).executeTakeFirstOrThrow();
  assert.equal(Number(max.m), total - 1, 'indexes stay dense');
  // Every outbox row carries the index of its one ledger entry (its outbox position, which the
  // ledger's cursor follows from the first event).
  const mismatched = await db.db
    .selectFrom('outbox')
    .innerJoin('ledger_entry', 'ledger_entry.outbox_id', 'outbox.id')
    .select('outbox.id')
    .where(sql<boolean>`outbox.position is distinct from ledger_entry.idx`)
    .execute();
  assert.equal(mismatched.length, 0);
});
