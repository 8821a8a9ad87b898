// Rate limits across processes: two app instances (two `kenes serve` processes as far as the limits
// can tell: each has its own counters) on one database. With REDIS_URL they share one Redis and
// together allow the limit, not twice it; without it each counts alone, as before; with Redis down
// each falls back to its own counters instead of failing requests.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { after, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.tsx';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { RedisClient } from '../../src/db/redis.ts';
import type { TestApp } from '../helpers/app.ts';
import { signInAs } from '../helpers/auth.ts';
import { draft, proposalsTestApp } from './proposals.fixtures.ts';

const REDIS = process.env.KENES_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const opened: { close(): Promise<void> }[] = [];
after(async () => {
  for (const x of opened.reverse()) await x.close();
});

/** A first instance on a fresh database and a second one on the same database, as a second process. */
async function twoInstances(env: Record<string, string>): Promise<{ a: TestApp; b: FastifyInstance }> {
  const a = await proposalsTestApp(env);
  opened.push(a);
  const config = { ...loadConfig({ ...env, LOG_LEVEL: 'silent' }), charterPath: a.ctx.config.charterPath };
  const b = await buildApp({ ...a.ctx, config }, { logger: false });
  await b.ready();
  opened.splice(opened.length - 1, 0, { close: () => b.close() });
  return { a, b };
}

const prefix = () => `kenes-test-${process.pid}-${randomBytes(4).toString('hex')}:`;

async function signAttempts(apps: FastifyInstance[], headers: Record<string, string>, n: number): Promise<number[]> {
  const codes: number[] = [];
  // Signing an unknown ref: the limit counts the attempt before the proposal is looked up (404).
  for (let i = 0; i < n; i++) codes.push((await apps[i % apps.length]!.inject({ method: 'POST', url: '/api/v1/proposals/nope/signatures', headers, payload: {} })).statusCode);
  return codes;
}

describe('shared through Redis', () => {
  test('two instances together allow the per-citizen limit once, not twice', async () => {
    const { a, b } = await twoInstances({ REDIS_URL: REDIS, KENES_REDIS_PREFIX: prefix(), KENES_RATE_SIGN_PER_MINUTE: '3', KENES_RATE_CREATE_PER_HOUR: '2' });
    const citizen = await signInAs(a);
    assert.deepEqual(await signAttempts([a.app, b], citizen.headers, 6), [404, 404, 404, 429, 429, 429]);
    const post = (app: FastifyInstance) => app.inject({ method: 'POST', url: '/api/v1/proposals', headers: citizen.headers, payload: draft() });
    const created = [await post(a.app), await post(b), await post(a.app), await post(b)];
    assert.deepEqual(created.map((r) => r.statusCode), [201, 201, 429, 429]);
    const refused = created[3]!;
    assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
    assert.equal(refused.json().code, 'rate-limited');
    const retry = Number(refused.headers['retry-after']);
    assert.ok(retry > 0 && retry <= 3600, `retry-after ${retry}`);
    // Another citizen has a window of their own.
    const other = await signInAs(a);
    assert.equal((await b.inject({ method: 'POST', url: '/api/v1/proposals', headers: other.headers, payload: draft() })).statusCode, 201);
  });

  test('the per-address limit is shared too, and its windows expire in Redis', async () => {
    const p = prefix();
    const { a, b } = await twoInstances({ REDIS_URL: REDIS, KENES_REDIS_PREFIX: p, KENES_RATE_PER_ADDRESS_PER_MINUTE: '4', KENES_RATE_SIGN_PER_MINUTE: '100' });
    const citizens = [await signInAs(a), await signInAs(a), await signInAs(a)];
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await [a.app, b][i % 2]!.inject({ method: 'POST', url: '/api/v1/proposals/nope/signatures', headers: citizens[i % 3]!.headers, payload: {} })).statusCode);
    assert.deepEqual(codes, [404, 404, 404, 404, 429, 429]);
    const redis = new RedisClient(REDIS);
    try {
      const keys = (await redis.command('KEYS', `${p}*`)) as string[];
      assert.ok(keys.some((k) => k.startsWith(`${p}rl:addr:`)) && keys.some((k) => k.startsWith(`${p}rl:sign:`)), keys.join(', '));
      for (const k of keys) {
        const ttl = (await redis.command('PTTL', k)) as number;
        assert.ok(ttl > 0 && ttl <= 60_000, `${k} expires (PTTL ${ttl})`);
      }
      await redis.command('DEL', ...keys);
    } finally {
      await redis.close();
    }
  });
});

describe('without Redis', () => {
  test('without REDIS_URL each instance counts alone (the embedded default, unchanged)', async () => {
    const { a, b } = await twoInstances({ KENES_RATE_SIGN_PER_MINUTE: '2' });
    const citizen = await signAttempts([a.app], (await signInAs(a)).headers, 3);
    assert.deepEqual(citizen, [404, 404, 429]);
    const c2 = await signInAs(a);
    assert.deepEqual(await signAttempts([a.app, b], c2.headers, 6), [404, 404, 404, 404, 429, 429]);
  });

  test('with Redis unreachable each instance falls back to its own counters: requests are still limited, none fail', async () => {
    const { a, b } = await twoInstances({ REDIS_URL: 'redis://127.0.0.1:1', KENES_RATE_SIGN_PER_MINUTE: '2' });
    const c = await signInAs(a);
    assert.deepEqual(await signAttempts([a.app], c.headers, 3), [404, 404, 429]);
    assert.deepEqual(await signAttempts([b], c.headers, 3), [404, 404, 429]);
  });

  test('a Redis that stops answering costs one timeout, then is left alone for a few seconds', async () => {
    // Accepts connections, reads commands, never answers.
    let commands = 0;
    const silent = createServer((socket) => {
      socket.on('data', (d) => {
        commands += (d.toString('latin1').match(/\*\d+\r\n/g) ?? []).length;
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    opened.push({ close: () => new Promise<void>((resolve) => silent.close(() => resolve())) });
    const { port } = silent.address() as { port: number };
    const { a } = await twoInstances({ REDIS_URL: `redis://127.0.0.1:${port}`, KENES_RATE_SIGN_PER_MINUTE: '3', KENES_RATE_PER_ADDRESS_PER_MINUTE: '0' });
    const c = await signInAs(a);
    assert.deepEqual(await signAttempts([a.app], c.headers, 5), [404, 404, 404, 429, 429]);
    assert.equal(commands, 1, 'only the first hit asked Redis; the rest counted in memory at once');
  });

  test('a REDIS_URL that is not redis:// is refused at start, naming the setting', () => {
    assert.throws(() => loadConfig({ REDIS_URL: 'http://cache:6379' }), (e: unknown) => e instanceof ConfigError && /^REDIS_URL: must be redis:\/\//.test(e.message));
    assert.throws(() => loadConfig({ REDIS_URL: 'rediss://u:secret@cache:6380' }), (e: unknown) => e instanceof ConfigError && !e.message.includes('secret'));
  });
});
