// The live vote under load: a seated 126-member Council (the demo cycle, drawn through the real
// ceremony), one sitting with everyone registered and a vote open; a real `kenes serve` process takes
// 126 ballots spread over one second while 1,000 viewers follow the live board over server-sent
// events. Prints each ballot's acknowledgement latency (p50/p95/p99), how long after the last
// acknowledgement every viewer had the final counts, and the server's CPU time per ballot.
//
//   node --import tsx bench/council/liveVote.ts [--viewers 1000] [--pg postgres://postgres@127.0.0.1:5432/postgres] [--port 3971]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { buildApp } from '../../src/app.tsx';
import { loadConfig } from '../../src/config.ts';
import { loadCharter } from '../../src/core/charter/index.ts';
import { generateSigningKey } from '../../src/core/ledger/signing.ts';
import { openDb } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { runSeeders } from '../../src/demo/index.ts';
import { councilService } from '../../src/modules/council/api.ts';
import { csrfTokenFor, sessionBinding } from '../../src/modules/identity/csrf.ts';
import { identityService } from '../../src/modules/identity/api.ts';
import { SESSION_COOKIE } from '../../src/modules/identity/session.ts';
import { councilMembers } from '../../src/modules/membership/api.ts';
import type { AppContext, SessionUser } from '../../src/web/context.ts';
import { benchDbUrl } from '../freshDb.ts';

const { values: args } = parseArgs({ options: { viewers: { type: 'string', default: '1000' }, pg: { type: 'string' }, port: { type: 'string', default: '3971' }, workers: { type: 'string', default: '1' } } });
// --workers N (PostgreSQL): `kenes serve --workers N`, N processes on one port; the board reaches a
// viewer on any of them through PostgreSQL's LISTEN/NOTIFY (ADR 1802). CPU is summed over them all.
const WORKERS = Number(args.workers);
const VIEWERS = Number(args.viewers);
const port = Number(args.port);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

const { url, drop } = await benchDbUrl('council', args.pg);
const key = generateSigningKey().privateKeyBase64;
const config = { ...loadConfig({ LOG_LEVEL: 'silent', KENES_LEDGER_KEY: key }), databaseUrl: url };
const handle = openDb(url);
await migrateToLatest(handle);
const ctx: AppContext = { config, db: handle, charter: loadCharter(config.charterPath) };
const app = await buildApp(ctx, { logger: false });
await app.ready();
let child: ReturnType<typeof spawn> | null = null;
try {
  const t0 = Date.now();
  await runSeeders(ctx, { only: ['membership'] });
  const registry = councilMembers(ctx);
  const svc = councilService(ctx);
  const cal = svc.calendar;
  const termStart = (await registry.sittingMembers()).map((m) => m.termStart).sort().at(-1)!;
  const members = await registry.membersOn(termStart);
  const persons = await registry.personIds(members.map((m) => m.id));
  const identity = identityService(ctx);
  const signIns: { user: SessionUser; headers: Record<string, string> }[] = [];
  for (const m of members) {
    let u = await identity.ensureUser({ pseudonym: persons.get(m.id)!, displayName: m.name, region: m.region, origin: 'test' });
    u = await identity.grantRole(u.id, 'council_member', { by: 'test' });
    const token = await identity.createSession(u.id);
    signIns.push({ user: { ...u }, headers: { cookie: `${SESSION_COOKIE}=${encodeURIComponent(app.signCookie(token))}`, 'x-csrf-token': csrfTokenFor(config.sessionSecret, sessionBinding(token)), 'content-type': 'application/json' } });
  }
  const staff: SessionUser = { id: 'bench', pseudonym: 'bench', displayName: 'bench', roles: ['secretariat'], agencyId: null, region: null };
  let clock = new Date(`${termStart}T06:00:00Z`);
  ctx.now = () => clock;
  const S = cal.addWorkingDays(termStart, ctx.charter.councilWork.notice.regular);
  const session = await svc.planSession({ kind: 'regular', date: S, place: 'bench' }, staff);
  const co = members.slice(1, 1 + ctx.charter.councilWork.motions.coSponsors.recommendation).map((m) => m.id);
  const item = await svc.fileMotion(signIns[0]!.user, { sessionId: session.id, motionKind: 'recommendation', title: 'Bench', text: 'Bench.', coSponsorIds: co });
  for (const s of signIns.slice(1, 1 + co.length)) await svc.confirmCoSponsorship(s.user, { itemId: item.id });
  await svc.convene(session.id, staff);
  clock = new Date(`${S}T06:00:00Z`);
  await svc.openSession(session.id, staff);
  for (const s of signIns) await svc.registerAttendance(session.id, s.user);
  const vote = await svc.openVote(session.id, { itemId: item.id }, staff);
  console.log(`set-up: ${members.length} members seated and registered, vote open (${Math.round((Date.now() - t0) / 1000)} s)`);

  child = spawn(process.execPath, [...(process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : []), 'bin/kenes.mjs', 'serve', '--db', url, '--port', String(port), ...(WORKERS > 1 ? ['--workers', String(WORKERS)] : [])], { env: { ...process.env, KENES_LEDGER_KEY: key, LOG_LEVEL: 'error', KENES_DEMO: '' }, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
    } catch {}
    if (i > 600) throw new Error('server not ready');
    await sleep(100);
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  const finalAt: number[] = [];
  const ready: Promise<void>[] = [];
  const requests: http.ClientRequest[] = [];
  for (let v = 0; v < VIEWERS; v++) {
    // Connect in waves of 100 (a burst of 1,000 at once overflows the listen backlog).
    if (v > 0 && v % 100 === 0) await Promise.all(ready);
    ready.push(
      new Promise((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path: `/api/v1/council/votes/${vote.id}/events`, agent }, (res) => {
          res.setEncoding('utf8');
          let buf = '';
          let first = true;
          res.on('data', (chunk: string) => {
            buf += chunk;
            for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
              const data = JSON.parse(buf.slice(0, i).split('\n').find((l) => l.startsWith('data: '))!.slice(6));
              buf = buf.slice(i + 2);
              if (first) {
                first = false;
                resolve();
              }
              const c = data.counts;
              if (c.yes + c.no + c.abstain === members.length && finalAt[v] === undefined) finalAt[v] = performance.now();
            }
          });
        });
        req.on('error', (e) => (finalAt[v] === undefined ? reject(e) : undefined));
        requests.push(req);
      }),
    );
  }
  await Promise.all(ready);
  console.log(`${VIEWERS} viewers connected`);
  // The server's processes: the one started, and its workers when there are several.
  const pids = [child.pid!, ...readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number)];
  const cpu = () =>
    pids.reduce((sum, pid) => {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return sum + ((Number(f[11]) + Number(f[12])) * 1000) / 100;
    }, 0);
  const cpu0 = cpu();
  // With BENCH_PROF, the window on the monotonic clock the profile's timestamps use (µs).
  const mono0 = process.hrtime.bigint() / 1000n;
  const lat: number[] = [];
  let lastAck = 0;
  const start = performance.now();
  await Promise.all(
    signIns.map(async (s, i) => {
      await sleep((i * 1000) / signIns.length);
      const t = performance.now();
      const r = await fetch(`http://127.0.0.1:${port}/api/v1/council/votes/${vote.id}/ballot`, { method: 'POST', headers: s.headers, body: JSON.stringify({ choice: i % 3 === 0 ? 'no' : 'yes' }) });
      if (r.status !== 201) throw new Error(`ballot ${i}: ${r.status} ${await r.text()}`);
      const done = performance.now();
      lat.push(done - t);
      lastAck = Math.max(lastAck, done);
    }),
  );
  const ballotsWall = lastAck - start;
  for (let i = 0; i < 100 && finalAt.filter((x) => x !== undefined).length < VIEWERS; i++) await sleep(50);
  const cpuBallots = cpu() - cpu0;
  if (process.env.BENCH_PROF) console.log(`profile window (monotonic µs): ${mono0} ${process.hrtime.bigint() / 1000n}`);
  const caught = finalAt.filter((x) => x !== undefined).map((x) => x - lastAck);
  console.log(`database ${url.startsWith('sqlite') ? 'SQLite' : 'PostgreSQL'}; ${pids.length > 1 ? `${pids.length - 1} workers; ` : ''}load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log(`ballots: ${lat.length} acknowledged in ${ballotsWall.toFixed(0)} ms; latency p50 ${pct(lat, 50).toFixed(1)} ms, p95 ${pct(lat, 95).toFixed(1)} ms, p99 ${pct(lat, 99).toFixed(1)} ms, max ${Math.max(...lat).toFixed(1)} ms`);
  if (VIEWERS > 0) console.log(`board: ${caught.length}/${VIEWERS} viewers had the final counts; after the last acknowledgement p50 ${pct(caught, 50).toFixed(0)} ms, p99 ${pct(caught, 99).toFixed(0)} ms, max ${Math.max(...caught).toFixed(0)} ms`);
  console.log(`server CPU during the ballots and the board: ${cpuBallots.toFixed(0)} ms, ${(cpuBallots / lat.length).toFixed(1)} ms per ballot (with its fan-out to ${VIEWERS} viewers)`);
  for (const r of requests) r.destroy();
  agent.destroy();
} finally {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await app.close();
  await handle.close();
  await drop();
}
