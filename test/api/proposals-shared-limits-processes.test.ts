// Rate limits across real processes (issue 14): two `kenes serve` processes on one database. With
// REDIS_URL they share one Redis, so a citizen gets the per-citizen limit once across both, not once per
// process; without it each process counts alone (the embedded default, as docs/security.md says).
// The in-process twin (test/api/proposals-shared-limits.test.ts) covers expiry and Redis outages.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { generateSigningKey } from '../../src/core/ledger/signing.ts';
import { RedisClient } from '../../src/db/redis.ts';
import type { TestApp } from '../helpers/app.ts';
import { signInAs } from '../helpers/auth.ts';
import { freePort, killHard, startServe } from '../helpers/serveProcess.ts';
import { proposalsTestApp } from './proposals.fixtures.ts';

const REDIS = process.env.KENES_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let t: TestApp;
const running: ChildProcess[] = [];

before(async () => {
  t = await proposalsTestApp();
});
after(async () => {
  for (const c of running) await killHard(c);
  await t?.close();
});

/** Two serve processes on the test's database with `env`; returns their base URLs. */
async function twoProcesses(env: Record<string, string>): Promise<string[]> {
  const key = generateSigningKey().privateKeyBase64;
  const ports = [await freePort(), await freePort()];
  const children = await Promise.all(
    ports.map((port) => startServe({ db: t.db.url, port, env: { KENES_CHARTER: t.ctx.config.charterPath, KENES_LEDGER_KEY: key, ...env }, readyTries: 600 })),
  );
  running.push(...children);
  return ports.map((p) => `http://127.0.0.1:${p}`);
}

async function stop(): Promise<void> {
  for (const c of running.splice(0)) await killHard(c);
}

/** `n` signing attempts on an unknown ref, alternating between the servers: the limit counts each before the look-up (404). */
async function signAttempts(bases: string[], headers: Record<string, string>, n: number): Promise<number[]> {
  const codes: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await fetch(`${bases[i % bases.length]}/api/v1/proposals/nope/signatures`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
    await r.arrayBuffer();
    codes.push(r.status);
  }
  return codes;
}

test('with REDIS_URL two processes together allow a citizen the limit once; the 429 is a problem with Retry-After', async () => {
  const prefix = `kenes-test-${process.pid}-${randomBytes(4).toString('hex')}:`;
  const bases = await twoProcesses({ REDIS_URL: REDIS, KENES_REDIS_PREFIX: prefix, KENES_RATE_SIGN_PER_MINUTE: '3' });
  try {
    const citizen = await signInAs(t);
    assert.deepEqual(await signAttempts(bases, citizen.headers, 6), [404, 404, 404, 429, 429, 429]);
    const refused = await fetch(`${bases[1]}/api/v1/proposals/nope/signatures`, { method: 'POST', headers: { ...citizen.headers, 'content-type': 'application/json' }, body: '{}' });
    assert.equal(refused.status, 429);
    assert.match(String(refused.headers.get('content-type')), /^application\/problem\+json/);
    assert.equal(((await refused.json()) as { code?: string }).code, 'rate-limited');
    const retry = Number(refused.headers.get('retry-after'));
    assert.ok(retry > 0 && retry <= 60, `retry-after ${retry}`);
    // Another citizen has a window of their own, on either process.
    const other = await signInAs(t);
    assert.deepEqual(await signAttempts([bases[1]!], other.headers, 1), [404]);
  } finally {
    await stop();
    const redis = new RedisClient(REDIS);
    try {
      const keys = (await redis.command('KEYS', `${prefix}*`)) as string[];
      assert.ok(keys.some((k) => k.startsWith(`${prefix}rl:sign:`)), `the processes kept their windows in Redis: ${keys.join(', ')}`);
      await redis.command('DEL', ...keys);
    } finally {
      await redis.close();
    }
  }
});

test('without REDIS_URL each process counts alone: a limit of 3 lets 6 attempts through over two processes', async () => {
  const bases = await twoProcesses({ REDIS_URL: '', KENES_RATE_SIGN_PER_MINUTE: '3' });
  try {
    const citizen = await signInAs(t);
    assert.deepEqual(await signAttempts(bases, citizen.headers, 8), [404, 404, 404, 404, 404, 404, 429, 429]);
  } finally {
    await stop();
  }
});
