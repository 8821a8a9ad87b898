// The bus between processes (docs/adr/1802), each transport with two real clients: what one publishes
// the other hears, on its topic only, and a client never hears itself. Redis: a redis-server started
// on a free port (skipped with a printed reason when /usr/bin/redis-server is missing); PostgreSQL:
// LISTEN/NOTIFY on the test database (PostgreSQL phase).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Bus, openBus } from '../../src/db/bus.ts';
import { openDb } from '../../src/db/connection.ts';
import { freshDbUrl, testDialect } from '../helpers/db.ts';
import { freePort } from '../helpers/serveProcess.ts';

const REDIS = '/usr/bin/redis-server';
if (!existsSync(REDIS)) console.log(`# Redis bus test skipped: ${REDIS} is missing`);

async function exchange(a: Bus, b: Bus): Promise<void> {
  const heardB: string[] = [];
  const heardA: string[] = [];
  const other: string[] = [];
  b.subscribe('council.vote', (d) => heardB.push(d));
  b.subscribe('sortition.run', (d) => other.push(d));
  a.subscribe('council.vote', (d) => heardA.push(d));
  for (let i = 0; i < 5; i++) a.publish('council.vote', `vote-${i}`);
  const until = Date.now() + 10_000;
  while (heardB.length < 5 && Date.now() < until) await sleep(20);
  await sleep(200);
  assert.deepEqual(heardB, ['vote-0', 'vote-1', 'vote-2', 'vote-3', 'vote-4']);
  assert.deepEqual(heardA, [], 'a process does not hear itself');
  assert.deepEqual(other, [], 'only the topic subscribed to');
}

test('Redis pub/sub carries messages between two clients', { skip: !existsSync(REDIS) && 'redis-server missing' }, async () => {
  const port = await freePort();
  const server = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  try {
    for (let i = 0; ; i++) {
      const ok = await new Promise<boolean>((resolve) => {
        const s = connect({ host: '127.0.0.1', port }, () => resolve(true));
        s.on('error', () => resolve(false));
        s.on('connect', () => s.destroy());
      });
      if (ok) break;
      if (i > 200) throw new Error('redis-server did not start');
      await sleep(50);
    }
    const redis = { url: `redis://127.0.0.1:${port}`, prefix: 'kenes-test:' };
    const [a, b] = [await openBus({ databaseUrl: '', pgPool: null, redis }), await openBus({ databaseUrl: '', pgPool: null, redis })];
    assert.equal(a.kind, 'redis');
    try {
      await exchange(a, b);
    } finally {
      await a.close();
      await b.close();
    }
  } finally {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
});

test('PostgreSQL LISTEN/NOTIFY carries messages between two processes’ handles', { skip: testDialect() !== 'postgres' && 'PostgreSQL phase only' }, async () => {
  const fresh = await freshDbUrl();
  const [d1, d2] = [openDb(fresh.url), openDb(fresh.url)];
  // pg's pool resolves end() before its sockets have closed; the drop (with force) that follows may
  // then terminate one, which is teardown, not a failure of the bus.
  for (const d of [d1, d2]) d.raw.pgPool!.on('error', () => undefined);
  try {
    const [a, b] = [await openBus({ databaseUrl: fresh.url, pgPool: d1.raw.pgPool }), await openBus({ databaseUrl: fresh.url, pgPool: d2.raw.pgPool })];
    assert.equal(a.kind, 'postgres');
    try {
      await exchange(a, b);
    } finally {
      await a.close();
      await b.close();
    }
  } finally {
    await d1.close();
    await d2.close();
    await fresh.drop();
  }
});
