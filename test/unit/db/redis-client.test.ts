// The small Redis client: against the real Redis (KENES_TEST_REDIS_URL, default 127.0.0.1:6379) and
// against scripted servers on node:net for what a real one does not do on demand (replies cut into
// single bytes, silence, a dropped connection, AUTH and SELECT on connect).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { after, test } from 'node:test';
import { RespDecoder } from '../../../src/core/resp.ts';
import { RedisClient, RedisError } from '../../../src/db/redis.ts';

const REDIS = process.env.KENES_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const servers: Server[] = [];
after(() => {
  for (const s of servers) s.close();
});

/** A server that hands each decoded command to `onCommand`, which writes raw bytes back. */
async function scripted(onCommand: (args: string[], socket: Socket) => void): Promise<string> {
  const server = createServer((socket) => {
    const d = new RespDecoder();
    socket.on('data', (chunk) => {
      for (const cmd of d.push(chunk)) onCommand(cmd as string[], socket);
    });
    socket.on('error', () => undefined);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return `redis://127.0.0.1:${port}`;
}

test('real Redis: set, get, integers, arrays, error replies, and 2,000 pipelined commands in order', async () => {
  const r = new RedisClient(REDIS);
  const key = `kenes-test-${randomBytes(6).toString('hex')}`;
  try {
    assert.equal(await r.command('PING'), 'PONG');
    assert.equal(await r.command('SET', key, 'Қазақстан', 'PX', 10_000), 'OK');
    assert.equal(await r.command('GET', key), 'Қазақстан');
    assert.equal(await r.command('GET', `${key}-missing`), null);
    await assert.rejects(r.command('INCR', key), (e: unknown) => e instanceof RedisError && /not an integer/.test(e.message));
    await r.command('DEL', key);
    const replies = await Promise.all(Array.from({ length: 2000 }, () => r.command('INCR', key)));
    assert.deepEqual(replies, Array.from({ length: 2000 }, (_, i) => i + 1));
    assert.deepEqual(await r.command('EVAL', 'return {KEYS[1], tonumber(ARGV[1]) + 1}', 1, 'k', 41), ['k', 42]);
  } finally {
    await r.command('DEL', key);
    await r.close();
  }
  await assert.rejects(r.command('PING'), /closed/);
});

test('replies written one byte at a time still match their commands', async () => {
  let sent = 0;
  const url = await scripted((args, socket) => {
    const reply = Buffer.from(`$${Buffer.byteLength(args.join(' '))}\r\n${args.join(' ')}\r\n`);
    // One byte per millisecond, the second reply after the first.
    for (const b of reply) setTimeout(() => socket.write(Buffer.from([b])), ++sent);
  });
  const r = new RedisClient(url);
  try {
    assert.deepEqual(await Promise.all([r.command('ECHO', 'a'), r.command('ECHO', 'бб')]), ['ECHO a', 'ECHO бб']);
  } finally {
    await r.close();
  }
});

test('AUTH and SELECT from the URL are sent before the first command', async () => {
  const seen: string[][] = [];
  const url = await scripted((args, socket) => {
    seen.push(args);
    socket.write(args[0] === 'PING' ? '+PONG\r\n' : '+OK\r\n');
  });
  const r = new RedisClient(url.replace('//', '//kenes:p%40ss@') + '/3');
  try {
    assert.equal(await r.command('PING'), 'PONG');
    assert.deepEqual(seen, [['AUTH', 'kenes', 'p@ss'], ['SELECT', '3'], ['PING']]);
  } finally {
    await r.close();
  }
});

test('a silent server times out; a dropped connection fails what waits and the next command reconnects', async () => {
  const url = await scripted((args, socket) => {
    if (args[1] === 'silence') return;
    if (args[1] === 'drop') return socket.destroy();
    socket.write('+PONG\r\n');
  });
  const r = new RedisClient(url, { timeoutMs: 150 });
  try {
    await assert.rejects(r.command('PING', 'silence'), (e: unknown) => e instanceof RedisError && /did not answer within 150 ms/.test(e.message));
    assert.equal(await r.command('PING', 'x'), 'PONG');
    await assert.rejects(r.command('PING', 'drop'), (e: unknown) => e instanceof RedisError && /closed/.test(e.message));
    assert.equal(await r.command('PING', 'again'), 'PONG');
  } finally {
    await r.close();
  }
  const down = new RedisClient('redis://127.0.0.1:1', { timeoutMs: 300 });
  await assert.rejects(down.command('PING'), (e: unknown) => e instanceof RedisError && /cannot connect to Redis/.test(e.message));
  await down.close();
  assert.throws(() => new RedisClient('rediss://127.0.0.1'), /redis:\/\//);
});
