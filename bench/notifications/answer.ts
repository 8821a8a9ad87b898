// A government answer to a petition with 200,000 signers, each with a verified address: a real
// `kenes serve` process fans the answer out and hands every signer's mail to a local SMTP server
// (smtp-server, in this process, counting and parsing nothing but the envelope), while autocannon
// measures the site's pages and the Atom feed meanwhile. Prints the time to the last mail, the
// server's CPU seconds per message (from /proc), and p50/p95/p99 per page. On SQLite a probe in
// this process takes the write lock (BEGIN IMMEDIATE; COMMIT) every 50 ms meanwhile and reports how
// long it waited: what a signature being written would wait while the fan-out runs (docs/adr/1603).
//
//   node --import tsx bench/notifications/answer.ts [--signers 200000] [--pg postgres://postgres@127.0.0.1:5432/postgres]
//        [--connections 4] [--concurrency 8] [--rate 0]
// --connections: page-load connections per path; --rate: requests per second per path across them
// (0: as fast as the connections go, a closed loop that takes every CPU cycle the delivery leaves).
import { spawn } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadCharter } from '../../src/core/charter/index.ts';
import { openDb } from '../../src/db/connection.ts';
import { sqliteImmediate } from '../../src/modules/outbox/api.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { ResponsesService } from '../../src/modules/responses/service.ts';
import { benchDbUrl } from '../freshDb.ts';

const { values: args } = parseArgs({
  options: {
    signers: { type: 'string', default: '200000' },
    pg: { type: 'string' },
    connections: { type: 'string', default: '4' },
    rate: { type: 'string', default: '0' },
    concurrency: { type: 'string', default: '8' },
    port: { type: 'string', default: '3971' },
    smtp: { type: 'string', default: '2525' },
    /** Stop after this many seconds and report what was delivered by then (0: wait for every mail). */
    'stop-after': { type: 'string', default: '0' },
  },
});
const N = Number(args.signers);
const port = Number(args.port);
const smtpPort = Number(args.smtp);
const rate = Number(args.rate);
const root = new URL('../..', import.meta.url).pathname;
const charter = loadCharter(`${root}charter/kz-default.json`);
const { url, drop } = await benchDbUrl('notify', args.pg);

// ---- data: N users, signatures, verified addresses; a succeeded petition with an assigned item ----
const handle = openDb(url);
await migrateToLatest(handle);
const t0 = performance.now();
const now = new Date().toISOString();
const ref = 'bench-petition';
const proposal = await handle.db
  .insertInto('proposals')
  .values({
    ref,
    kind: 'petition',
    status: 'succeeded',
    author_user_id: 'bench-author',
    author_pseudonym: 'bench-author',
    author_public_name: 'Bench A.',
    title: 'Free school meals in every district',
    summary: 'A bench petition',
    body: 'A bench petition',
    topic: 'education',
    scope: 'national',
    language: 'ru',
    search_text: 'free school meals',
    invite_token: null,
    created_at: now,
    updated_at: now,
    submitted_at: now,
    moderation_due: null,
    published_at: now,
    closes_at: now,
    listed_at: now,
    reached_at: now,
    closed_at: now,
    decision_code: null,
    decision_note: null,
  })
  .returning('id')
  .executeTakeFirstOrThrow();
const CHUNK = 1000;
for (let i = 0; i < N; i += CHUNK) {
  const ids = Array.from({ length: Math.min(CHUNK, N - i) }, (_, k) => i + k);
  await handle.db.transaction().execute(async (trx) => {
    await trx.insertInto('identity_users').values(ids.map((n) => ({ id: `u${n}`, pseudonym: `p${n}`, display_name: `Signer ${n}`, region: 'KZ-75', origin: 'test' as const, created_at: now, last_sign_in_at: null }))).execute();
    await trx.insertInto('proposal_signatures').values(ids.map((n) => ({ proposal_id: proposal.id, signer: `p${n}`, region: 'KZ-75', public_name: null, signed_at: now }))).execute();
    await trx
      .insertInto('notify_addresses')
      .values(ids.map((n) => ({ user_id: `u${n}`, email: `signer${n}@example.kz`, lang: ['kk', 'ru', 'en'][n % 3], digest: 0, token_hash: null, consented_at: now, verified_at: now, stopped_at: null, stopped_reason: null, last_digest_at: null, created_at: now })))
      .execute();
  });
}
const svc = new ResponsesService(handle.db, charter);
await svc.createAgency({ id: 'government', name: { kk: 'Үкімет', ru: 'Правительство', en: 'Government' }, level: 'central' });
await svc.createAgency({ id: 'min-education', name: { kk: 'Оқу-ағарту министрлігі', ru: 'Министерство просвещения', en: 'Ministry of Education' }, level: 'central', parentId: 'government' });
const item = await svc.createItem({ title: 'Free school meals in every district', lang: 'ru', sourceRef: `proposal/${ref}`, receivedOn: svc.today() });
await svc.assign(item.id, { leadAgencyId: 'min-education' }, { secretariat: true, agencyId: null });
console.log(`seeded ${N} signers with verified addresses in ${Math.round(performance.now() - t0)} ms on ${args.pg ? 'PostgreSQL' : 'SQLite'}`);

// ---- the local SMTP server, in its own process: counts messages ----
let received = 0;
let firstAt = 0;
let lastAt = 0;
const sink = spawn(process.execPath, [`${root}bench/notifications/sink.mjs`, String(smtpPort)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise<void>((resolve) => {
  let buf = '';
  sink.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const line of lines) {
      if (line === 'ready') resolve();
      const [n, f, l] = line.split(' ').map(Number);
      if (Number.isFinite(n) && line !== 'ready') [received, firstAt, lastAt] = [n, f, l];
    }
  });
});

// ---- the server ----
const server = spawn(process.execPath, ['bin/kenes.mjs', 'serve', '--db', url, '--port', String(port)], {
  cwd: root,
  env: { ...process.env, LOG_LEVEL: 'warn', KENES_DEMO: 'false', KENES_LEDGER_KEY: '', KENES_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, KENES_NOTIFY_CONCURRENCY: args.concurrency, KENES_NOTIFY_BATCH: '500' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
const cpuSeconds = () => {
  const f = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? Number.NaN;
}

/** Loads one path until `stop()` says so; returns its latencies. */
function load(path: string) {
  const latencies: number[] = [];
  let non2xx = 0;
  const inst = autocannon({ url: `${base}${path}`, connections: Number(args.connections), ...(rate > 0 ? { overallRate: rate } : {}), duration: 3600, headers: { accept: 'text/html' } }, () => {});
  (inst as unknown as EventEmitter).on('response', (_c: unknown, status: number, _b: number, ms: number) => {
    latencies.push(ms);
    if (status >= 300) non2xx++;
  });
  return {
    stop: () => {
      (inst as unknown as { stop(): void }).stop();
      return { path, requests: latencies.length, p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), p99: percentile(latencies, 0.99), non2xx };
    },
  };
}

try {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  // The fan-out's cursor is placed at start ("now"): answer only once it is there, or the answer is
  // "the past" to it (on a starved machine the subscription can start minutes after /readyz).
  for (let i = 0; i < 6000; i++) {
    if (await handle.db.selectFrom('outbox_cursors').select('name').where('name', '=', 'notifications.fanout').executeTakeFirst()) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const cpu0 = cpuSeconds();
  const loads = Number(args.connections) > 0 ? [load(`/proposals/${ref}`), load('/responses'), load('/feeds/proposals.atom')] : [];
  const lockWaits: number[] = [];
  let probing = !args.pg;
  const probe = (async () => {
    while (probing) {
      const t1 = performance.now();
      await sqliteImmediate(handle, async () => {});
      lockWaits.push(performance.now() - t1);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const start = Date.now();
  await svc.answer(item.id, { outcome: 'accepted', reasons: 'Meals are funded from the next budget year.', measures: [{ description: 'Fund meals in every district', responsibleAgencyId: 'min-education', dueDate: '2027-09-01' }] }, { secretariat: false, agencyId: 'min-education' });
  let lastLog = 0;
  const stopAfter = Number(args['stop-after']) * 1000;
  while (received < N && !(stopAfter && Date.now() - start > stopAfter)) {
    await new Promise((r) => setTimeout(r, 200));
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      console.log(`${Math.round((Date.now() - start) / 1000)} s: ${received} mails`);
    }
    if (!stopAfter && Date.now() - start > 15 * 60_000) throw new Error(`only ${received} of ${N} mails after 15 minutes`);
  }
  const done = received;
  const total = ((done >= N ? lastAt : Date.now()) - start) / 1000;
  const cpu = cpuSeconds() - cpu0;
  const results = loads.map((l) => l.stop());
  probing = false;
  await probe;
  if (lockWaits.length) console.log(JSON.stringify({ writeLockProbe: { samples: lockWaits.length, p50ms: Math.round(percentile(lockWaits, 0.5) * 10) / 10, p95ms: Math.round(percentile(lockWaits, 0.95) * 10) / 10, p99ms: Math.round(percentile(lockWaits, 0.99) * 10) / 10, maxMs: Math.round(Math.max(...lockWaits)) } }));
  console.log(JSON.stringify({ signers: N, mails: done, complete: done >= N, seconds: Math.round(total * 10) / 10, secondsToFirstMail: Math.round(((firstAt - start) / 1000) * 10) / 10, mailsPerSecond: Math.round(done / total), serverCpuSeconds: Math.round(cpu * 10) / 10, serverCpuMsPerMail: Math.round((cpu / done) * 1e5) / 100 }));
  for (const r of results) console.log(JSON.stringify(r));
} finally {
  server.kill('SIGTERM');
  sink.kill('SIGTERM');
  await handle.close();
  await drop();
}
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}, node ${process.version}`);
