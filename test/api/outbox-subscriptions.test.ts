// Outbox subscriptions (docs/adr/0004): each subscriber gets every event exactly once, in position
// order, in the same transaction as its own writes; a failing handler rolls back and is retried; a
// new subscriber replays from the start or starts now; a late commit is not lost; a local commit
// wakes the consumer; and several processes, or a SIGKILL in the middle of a backlog, change nothing.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDb } from '../../src/db/connection.ts';
import { startConsumer } from '../../src/modules/outbox/consumer.ts';
import { emit } from '../../src/modules/outbox/outbox.ts';
import { claimBatch, cursorOf, drain } from '../../src/modules/outbox/subscription.ts';
import { freshDb, type TestDb } from '../helpers/db.ts';
import { createLog, deliveries, recording } from './outbox-subscriptions.fixtures.ts';
import { thisFileArgs } from '../helpers/thisFile.ts';

// Child mode: this file, started as its own process, runs one consumer until the subscriber's cursor
// reaches KENES_OUTBOX_UNTIL (or it is killed).
const child = process.env.KENES_OUTBOX_CHILD;
if (child) {
  const handle = openDb(child);
  const name = process.env.KENES_OUTBOX_SUB!;
  const until = Number(process.env.KENES_OUTBOX_UNTIL);
  const slowMs = Number(process.env.KENES_OUTBOX_SLOW_MS ?? 0);
  const sub = recording(name, { worker: String(process.pid), batch: Number(process.env.KENES_OUTBOX_BATCH ?? 50), before: () => (slowMs ? sleep(slowMs).then(() => undefined) : undefined) });
  if (process.env.KENES_OUTBOX_TURNS) {
    // Batch by batch with a short random pause, so the other processes get the cursor too (SQLite's
    // file lock is not fair: a process that asks again at once would keep it).
    process.stdout.write('ready\n');
    while (((await cursorOf(handle, name)) ?? -1) < until) {
      await claimBatch(handle, sub).catch((err) => console.error(err)); // busy or lost: retried, as the consumer does
      await sleep(Math.random() * 8);
    }
  } else {
    const consumer = startConsumer(handle, sub, { pollMs: 10, maxPerRun: 200, onError: (err) => console.error(err) });
    process.stdout.write('ready\n');
    while (((await cursorOf(handle, name)) ?? -1) < until) await sleep(20);
    await consumer.stop();
  }
  await handle.close();
  process.exit(0);
}

let db: TestDb;
const positions = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);

async function emitMany(n: number, prefix: string, kind = 'test.sub', perTransaction = 10): Promise<void> {
  for (let i = 0; i < n; i += perTransaction) {
    await db.db.transaction().execute(async (trx) => {
      for (let k = i; k < Math.min(n, i + perTransaction); k++) await emit(trx, { kind, subject: `${prefix}/${k}`, payload: { k } });
    });
  }
}

async function outboxSize(): Promise<number> {
  return Number((await db.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

function consumerProcess(name: string, until: number, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, thisFileArgs(import.meta.url), {
    env: { ...process.env, KENES_OUTBOX_CHILD: db.url, KENES_OUTBOX_SUB: name, KENES_OUTBOX_UNTIL: String(until), NODE_TEST_CONTEXT: '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

async function ready(p: ChildProcess): Promise<void> {
  let out = '';
  for await (const chunk of p.stdout!) {
    out += chunk;
    if (out.includes('ready')) return;
  }
  throw new Error('consumer process ended before it was ready');
}

async function exited(p: ChildProcess): Promise<number | null> {
  if (p.exitCode !== null) return p.exitCode;
  const [code] = await once(p, 'exit');
  return code as number | null;
}

before(async () => {
  db = await freshDb();
  await createLog(db);
});
after(async () => db.drop());

test('each event is handled once, in order, in batches, with the handler’s writes', async () => {
  await emitMany(25, 'a');
  const sub = recording('in-order', { batch: 7 });
  const first = await claimBatch(db, sub, { wait: true });
  assert.deepEqual({ handled: first.handled, more: first.more }, { handled: 7, more: true });
  assert.equal(await cursorOf(db, 'in-order'), 6);
  assert.equal(await drain(db, sub), 18);
  assert.equal(await drain(db, sub), 0, 'nothing twice');
  const got = await deliveries(db, 'in-order');
  assert.deepEqual(
    got.map((d) => d.position),
    positions(25),
  );
  assert.deepEqual(
    got.map((d) => d.subject),
    positions(25).map((k) => `a/${k}`),
    'position order is emit order for sequential commits',
  );
  assert.equal(await cursorOf(db, 'in-order'), 24);
});

test('a handler that throws rolls back its writes and the cursor; the batch is delivered again', async () => {
  let failures = 1;
  const sub = recording('flaky', {
    batch: 10,
    before: (events) => {
      if (events.some((e) => e.subject === 'a/13') && failures-- > 0) throw new Error('handler failed');
    },
  });
  assert.equal((await claimBatch(db, sub, { wait: true })).handled, 10);
  await assert.rejects(claimBatch(db, sub, { wait: true }), /handler failed/);
  assert.equal(await cursorOf(db, 'flaky'), 9, 'the cursor did not move');
  assert.equal((await deliveries(db, 'flaky')).length, 10, 'its writes were rolled back with it');
  assert.equal(await drain(db, sub), 15);
  assert.deepEqual(
    (await deliveries(db, 'flaky')).map((d) => d.position),
    positions(25),
  );
});

test('a new subscriber replays everything from the start in the same order; one from now sees only what follows', async () => {
  const late = recording('from-now', { from: 'now' });
  assert.equal(await drain(db, late), 0);
  assert.equal(await cursorOf(db, 'from-now'), 24);
  const replay = recording('replay');
  assert.equal(await drain(db, replay), 25);
  assert.deepEqual(await deliveries(db, 'replay'), await deliveries(db, 'in-order'));
  await emitMany(2, 'b');
  assert.equal(await drain(db, late), 2);
  assert.deepEqual(
    (await deliveries(db, 'from-now')).map((d) => [d.position, d.subject]),
    [
      [25, 'b/0'],
      [26, 'b/1'],
    ],
  );
});

test('a subscriber of some kinds gets only those; its cursor passes the others', async () => {
  await emitMany(3, 'c', 'test.other');
  await emitMany(2, 'd', 'test.wanted');
  await emitMany(3, 'e', 'test.other');
  const sub = recording('kinds', { kinds: ['test.wanted'], batch: 1 });
  assert.equal(await drain(db, sub), 2);
  assert.deepEqual(
    (await deliveries(db, 'kinds')).map((d) => d.subject),
    ['d/0', 'd/1'],
  );
  assert.equal(await cursorOf(db, 'kinds'), (await outboxSize()) - 1, 'the cursor is past the last event of any kind');
});

test('an event committed late with a lower id is delivered after the ones before it, once', async () => {
  const sub = recording('late');
  await drain(db, sub);
  const size0 = await outboxSize();
  if (db.dialect === 'postgres') {
    // Two concurrent transactions on separate connections, committing out of id order.
    const pg = (await import('pg')).default;
    const slow = new pg.Client({ connectionString: db.url });
    await slow.connect();
    try {
      await slow.query('begin');
      await slow.query(`insert into outbox (kind, subject, occurred_at, payload) values ('test.race', 'race/slow', now()::text, '{}')`);
      await emit(db.db, { kind: 'test.race', subject: 'race/fast', payload: {} });
      assert.equal(await drain(db, sub), 1, 'only the committed event');
      await slow.query('commit');
    } finally {
      await slow.end();
    }
  } else {
    // What that looks like to a consumer, with ids given by hand (SQLite's one writer commits in id order).
    const row = (id: number, subject: string) => ({ id, kind: 'test.race', subject, occurred_at: new Date().toISOString(), payload: '{}' });
    await db.db.insertInto('outbox').values(row(2_000_002, 'race/fast')).execute();
    assert.equal(await drain(db, sub), 1, 'only the committed event');
    await db.db.insertInto('outbox').values(row(2_000_001, 'race/slow')).execute();
  }
  assert.equal(await drain(db, sub), 1, 'the late one, once');
  const ids = await db.db.selectFrom('outbox').select(['id', 'subject']).where('kind', '=', 'test.race').orderBy('id').execute();
  assert.deepEqual(
    ids.map((r) => r.subject),
    ['race/slow', 'race/fast'],
    'the late transaction holds the lower id',
  );
  const got = (await deliveries(db, 'late')).slice(-2);
  assert.deepEqual(
    got.map((d) => [d.position, d.subject]),
    [
      [size0, 'race/fast'],
      [size0 + 1, 'race/slow'],
    ],
  );
});

test('a local commit that emitted events wakes the consumer at once (no waiting for the poll)', async () => {
  const sub = recording('woken');
  await drain(db, sub);
  const consumer = startConsumer(db, sub, { pollMs: 60_000 });
  try {
    await sleep(100); // its first run at start finds nothing
    const before = (await deliveries(db, 'woken')).length;
    const t0 = Date.now();
    await db.db.transaction().execute(async (trx) => {
      await emit(trx, { kind: 'test.wake', subject: 'wake/1', payload: {} });
      await emit(trx, { kind: 'test.wake', subject: 'wake/2', payload: {} });
    });
    let got = before;
    while (got < before + 2 && Date.now() - t0 < 5000) {
      await sleep(5);
      got = (await deliveries(db, 'woken')).length;
    }
    assert.equal(got, before + 2);
    assert.ok(Date.now() - t0 < 2000, `delivered after ${Date.now() - t0} ms, long before the 60 s poll`);
  } finally {
    await consumer.stop();
  }
});

test('three consumer processes on one database: every event exactly once, in order', async () => {
  const total = (await outboxSize()) + 3000;
  const children = [0, 1, 2].map(() => consumerProcess('multi', total - 1, { KENES_OUTBOX_BATCH: '20', KENES_OUTBOX_SLOW_MS: '2', KENES_OUTBOX_TURNS: '1' }));
  await Promise.all(children.map(ready));
  // The events arrive while all three run.
  await emitMany(3000, 'multi', 'test.multi', 25);
  assert.deepEqual(await Promise.all(children.map(exited)), [0, 0, 0]);
  const got = await deliveries(db, 'multi');
  assert.equal(got.length, total, 'no event twice, none missing');
  assert.deepEqual(
    got.map((d) => d.position),
    positions(total),
    'delivered in position order',
  );
  const workers = new Map<string, number>();
  for (const d of got) workers.set(d.worker, (workers.get(d.worker) ?? 0) + 1);
  console.log(`# deliveries per process: ${[...workers.values()].join(', ')}`);
  assert.ok(workers.size >= 2, 'the processes really took turns');
});

test('SIGKILL in the middle of a big backlog: after a restart every event is handled once, in order', async () => {
  const start = await outboxSize();
  await emitMany(20_000, 'big', 'test.big', 500);
  const total = start + 20_000;
  const slow = { KENES_OUTBOX_BATCH: '200', KENES_OUTBOX_SLOW_MS: '15' };
  let p = consumerProcess('killed', total - 1, slow);
  // Started (on a loaded machine loading the child alone can take longer than the wait below).
  await ready(p);
  // Kill it while it is between the first and the last batch, with a batch in flight.
  for (let i = 0; i < 600 && ((await cursorOf(db, 'killed')) ?? -1) < 2000; i++) await sleep(20);
  p.kill('SIGKILL');
  await exited(p);
  const atKill = (await cursorOf(db, 'killed')) ?? -1;
  assert.ok(atKill >= 0 && atKill < total - 1, `killed mid-way (cursor ${atKill} of ${total - 1})`);
  assert.equal((await deliveries(db, 'killed')).length, atKill + 1, 'the batch in flight left nothing behind');
  p = consumerProcess('killed', total - 1, { KENES_OUTBOX_BATCH: '1000' });
  assert.equal(await exited(p), 0);
  const got = await deliveries(db, 'killed');
  assert.equal(got.length, total);
  assert.deepEqual(
    got.map((d) => d.position),
    positions(total),
  );
});
