// The live vote board across processes (issue 18, ADR 1802): two `kenes serve` processes on one
// database; a viewer's server-sent-events stream on process B shows every ballot cast through process A.
// On PostgreSQL the change crosses by LISTEN/NOTIFY, on SQLite by Redis pub/sub (REDIS_URL). The
// board's own slow poll (the fallback without a bus) is set to ten minutes here, so only the bus can
// bring a ballot within the test's 15 seconds; the test prints how long each took.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateSigningKey } from '../../src/core/ledger/signing.ts';
import { testDialect } from '../helpers/db.ts';
import { freePort, killHard, startServe } from '../helpers/serveProcess.ts';
import { type CouncilWorld, councilWorld, openVoteWithEveryoneIn } from './council.fixtures.ts';

const REDIS = process.env.KENES_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let w: CouncilWorld;
const servers: ChildProcess[] = [];

before(async () => {
  w = await councilWorld();
});
after(async () => {
  for (const s of servers) await killHard(s);
  await w?.t.close();
});

test('ballots cast on one process appear on the board streamed by another', async () => {
  const m = w.members;
  const vote = await openVoteWithEveryoneIn(w);

  const env: Record<string, string> = { KENES_CHARTER: w.t.ctx.config.charterPath, KENES_LEDGER_KEY: generateSigningKey().privateKeyBase64, KENES_BOARD_POLL_MS: '600000' };
  if (testDialect() !== 'postgres') Object.assign(env, { REDIS_URL: REDIS, KENES_REDIS_PREFIX: `kenes-test-${process.pid}-${randomBytes(4).toString('hex')}:` });
  const [portA, portB] = [await freePort(), await freePort()];
  for (const port of [portA, portB]) servers.push(await startServe({ db: w.t.db.url, port, env, readyTries: 600 }));

  // The viewer on B: every `counts` event, with the time it arrived.
  const stream = await fetch(`http://127.0.0.1:${portB}/api/v1/council/votes/${vote}/events`);
  assert.equal(stream.status, 200);
  assert.match(String(stream.headers.get('content-type')), /^text\/event-stream/);
  const seen: { at: number; yes: number }[] = [];
  const reader = stream.body!.getReader();
  let buffer = '';
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += Buffer.from(value).toString('utf8');
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (/^event: counts$/m.test(block) && data) seen.push({ at: Date.now(), yes: (JSON.parse(data) as { counts: { yes: number } }).counts.yes });
        end = buffer.indexOf('\n\n');
      }
    }
  })();
  const until = async (yes: number) => {
    const deadline = Date.now() + 15_000;
    while (!seen.some((e) => e.yes >= yes) && Date.now() < deadline) await sleep(20);
    return seen.find((e) => e.yes >= yes);
  };
  assert.equal((await until(0))?.yes, 0, 'the board on connect');

  const latencies: number[] = [];
  for (let i = 0; i < 3; i++) {
    const sent = Date.now();
    const r = await fetch(`http://127.0.0.1:${portA}/api/v1/council/votes/${vote}/ballot`, { method: 'POST', headers: { ...m[i]!.who.headers, 'content-type': 'application/json' }, body: JSON.stringify({ choice: 'yes' }) });
    assert.equal(r.status, 201, await r.text());
    const shown = await until(i + 1);
    assert.ok(shown, `ballot ${i + 1} cast on A never reached the board on B: ${JSON.stringify(seen)}`);
    latencies.push(shown.at - sent);
  }
  console.log(`# vote board across processes (${testDialect() === 'postgres' ? 'LISTEN/NOTIFY' : 'Redis'}): ballot on A to board on B in ${latencies.join(', ')} ms`);
  await reader.cancel();
  await reading.catch(() => undefined);
});
