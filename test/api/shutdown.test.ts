// Closing the app (SIGTERM, the end of a test) finishes what is in progress and does not wait for
// connections that will never finish (src/web/closeStalledConnections.ts).
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.tsx';
import { testApp } from '../helpers/app.ts';

/** Those waiting for the next request to reach the slow route (a fixed sleep is too short on a loaded machine). */
let arrivals: (() => void)[] = [];
const nextArrival = () => new Promise<void>((r) => arrivals.push(r));

/** A route that answers after `ms`: a request in progress when the app closes. */
function slowRoute(app: FastifyInstance): void {
  app.get('/slow/:ms', { config: { access: 'public' } }, async (req) => {
    const waiting = arrivals;
    arrivals = [];
    for (const r of waiting) r();
    await new Promise((r) => setTimeout(r, Number((req.params as { ms: string }).ms)));
    return { done: true };
  });
}

/** A real app listening on loopback; with `graceMs`, built here with that grace period. */
async function listening(graceMs?: number) {
  const t = await testApp({}, {}, slowRoute);
  let app: FastifyInstance = t.app;
  if (graceMs !== undefined) {
    app = await buildApp(t.ctx, { logger: false, shutdownGraceMs: graceMs });
    slowRoute(app);
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  return { t, app, port };
}

function rawConnection(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
}

const closedWithin = (socket: Socket) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

async function timed<T>(p: Promise<T>): Promise<number> {
  const t0 = performance.now();
  await p;
  return performance.now() - t0;
}

test('a connection that never sent a byte (a browser preconnect) does not hold the close open', async () => {
  const { t, app, port } = await listening();
  const silent = await rawConnection(port);
  const ms = await timed(app.close());
  // Without the fix the close never ends: Node counts the silent connection as busy and stops its timeout.
  assert.ok(ms < 2000, `close took ${ms} ms`);
  await closedWithin(silent);
  assert.ok(silent.destroyed);
  await t.db.drop();
});

test('a request in progress at close is answered before the close ends', async () => {
  const { t, app, port } = await listening();
  try {
    const arrived = nextArrival();
    const answer = fetch(`http://127.0.0.1:${port}/slow/300`).then(async (r) => ({ status: r.status, body: await r.json() }));
    await arrived;
    const ms = await timed(app.close());
    assert.deepEqual(await answer, { status: 200, body: { done: true } });
    // The connection is ended once its answer is out, not kept until the grace period (10 s) cuts it.
    assert.ok(ms < 2000, `close took ${ms} ms`);
  } finally {
    await t.db.drop();
  }
});

test('a request that outlasts the grace period is cut, and the close ends', async () => {
  const { t, app, port } = await listening(200);
  try {
    const arrived = nextArrival();
    const answer = fetch(`http://127.0.0.1:${port}/slow/2000`).then(
      (r) => `status ${r.status}`,
      (err: Error) => `failed: ${err.message}`,
    );
    await arrived;
    const ms = await timed(app.close());
    assert.ok(ms >= 150 && ms < 3000, `close took ${ms} ms`);
    assert.match(await answer, /^failed/);
  } finally {
    await t.close();
  }
});
