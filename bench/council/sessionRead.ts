// Reading a big sitting: a session with 50 agenda items and 50 closed roll calls of the 126-member
// demo Council, read through `GET /api/v1/council/sessions/{id}` (agenda, attendance, quorum, every
// vote with its result and full roll call) by 100 concurrent readers of a real `kenes serve`
// process. The motions, votes and closes go through the service; the 6,300 ballots are written in
// bulk (rows as the service writes them) to keep the set-up short. Prints p50/p95/p99.
//
//   node --import tsx bench/council/sessionRead.ts [--readers 100] [--requests 2000] [--rate N] [--page] [--pg postgres://…/postgres] [--port 3973]
//
// Without --rate each reader sends its next request when the last one is answered (a closed loop:
// the latency is then about readers ÷ throughput whatever the server does). With --rate N the
// readers together send N requests a second on a fixed schedule (an open loop, as people read), each
// reader on its own connection; a latency counts from the request's scheduled time, so a reader that
// falls behind is charged for the wait.
//
// --page reads the HTML session page (/council/sessions/{id}, English, no sign-in) instead of the
// JSON; the server's CPU time per read (user + system, /proc/<pid>/stat) is printed too.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.ts';
import { loadCharter } from '../../src/core/charter/index.ts';
import { generateSigningKey } from '../../src/core/ledger/signing.ts';
import { openDb } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { runSeeders } from '../../src/demo/index.ts';
import { councilService } from '../../src/modules/council/api.ts';
import { identityService } from '../../src/modules/identity/api.ts';
import { councilMembers } from '../../src/modules/membership/api.ts';
import type { AppContext, SessionUser } from '../../src/web/context.ts';
import { benchDbUrl } from '../freshDb.ts';

const { values: args } = parseArgs({ options: { readers: { type: 'string', default: '100' }, requests: { type: 'string', default: '2000' }, pg: { type: 'string' }, port: { type: 'string', default: '3973' }, page: { type: 'boolean', default: false }, rate: { type: 'string' } } });
const READERS = Number(args.readers);
const REQUESTS = Number(args.requests);
const RATE = args.rate === undefined ? null : Number(args.rate);
if (RATE !== null && !(RATE > 0)) throw new Error('--rate: a positive number of requests per second');
const port = Number(args.port);
const ITEMS = 50;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

const { url, drop } = await benchDbUrl('council_read', args.pg);
const key = generateSigningKey().privateKeyBase64;
const config = { ...loadConfig({ LOG_LEVEL: 'silent', KENES_LEDGER_KEY: key }), databaseUrl: url };
const handle = openDb(url);
await migrateToLatest(handle);
const ctx: AppContext = { config, db: handle, charter: loadCharter(config.charterPath) };
let child: ReturnType<typeof spawn> | null = null;
try {
  await runSeeders(ctx, { only: ['membership'] });
  const registry = councilMembers(ctx);
  const svc = councilService(ctx);
  const termStart = (await registry.sittingMembers()).map((m) => m.termStart).sort().at(-1)!;
  const members = await registry.membersOn(termStart);
  const persons = await registry.personIds(members.map((m) => m.id));
  const identity = identityService(ctx);
  const users: SessionUser[] = [];
  for (const m of members.slice(0, 10)) {
    let u = await identity.ensureUser({ pseudonym: persons.get(m.id)!, displayName: m.name, region: m.region, origin: 'test' });
    u = await identity.grantRole(u.id, 'council_member', { by: 'test' });
    users.push({ ...u });
  }
  const staff: SessionUser = { id: 'bench', pseudonym: 'bench', displayName: 'bench', roles: ['secretariat'], agencyId: null, region: null };
  let clock = new Date(`${termStart}T06:00:00Z`);
  ctx.now = () => clock;
  const S = svc.calendar.addWorkingDays(termStart, ctx.charter.councilWork.notice.regular);
  const session = await svc.planSession({ kind: 'regular', date: S, place: 'bench' }, staff);
  const co = (i: number) => members.filter((m) => m.id !== members[i % 10]!.id).slice(0, ctx.charter.councilWork.motions.coSponsors.recommendation).map((m) => m.id);
  const items = [];
  for (let i = 0; i < ITEMS; i++) items.push(await svc.fileMotion(users[i % 10]!, { sessionId: session.id, motionKind: 'recommendation', title: `Recommendation ${i + 1}`, text: `The Council recommends measure ${i + 1}.`, coSponsorIds: co(i) }));
  // The co-sponsors' own confirmations (ADR 0905), in bulk like the ballots.
  await handle.db.insertInto('council_co_sponsor_confirmations').values(items.flatMap((item, i) => co(i).map((m) => ({ target_id: item.id, target_kind: 'motion', member_id: m, confirmed_at: clock.toISOString() })))).execute();
  await svc.convene(session.id, staff);
  clock = new Date(`${S}T06:00:00Z`);
  await svc.openSession(session.id, staff);
  const present = members.slice(0, 110);
  await handle.db.insertInto('council_attendance').values(present.map((m) => ({ session_id: session.id, day: S, member_id: m.id, registered_at: clock.toISOString(), registered_by: 'bench', left_at: null }))).execute();
  for (const [i, item] of items.entries()) {
    const v = await svc.openVote(session.id, { itemId: item.id }, staff);
    const at = clock.toISOString();
    await handle.db
      .insertInto('council_ballots')
      .values(present.map((m, j) => ({ vote_id: v.id, member_id: m.id, choice: (i + j) % 4 === 0 ? 'no' : (i + j) % 7 === 0 ? 'abstain' : 'yes', reason: null, cast_at: at, changed_at: null, changes: 0 })))
      .execute();
    await svc.closeVote(v.id, staff);
  }
  ctx.now = undefined;
  console.log(`set-up: a session with ${ITEMS} items and ${ITEMS} closed roll calls of ${members.length} members`);

  child = spawn(process.execPath, [...(process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : []), 'bin/kenes.mjs', 'serve', '--db', url, '--port', String(port)], { env: { ...process.env, KENES_LEDGER_KEY: key, LOG_LEVEL: 'error', KENES_DEMO: '' }, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
    } catch {}
    if (i > 600) throw new Error('server not ready');
    await sleep(100);
  }
  const api = `http://127.0.0.1:${port}/api/v1/council/sessions/${session.id}`;
  const target = args.page ? `http://127.0.0.1:${port}/council/sessions/${session.id}?lang=en` : api;
  const first = await (await fetch(api)).json();
  console.log(`JSON: ${JSON.stringify(first).length} bytes, ${first.votes.length} votes, ${first.votes[0].rollCall.length} roll-call lines each`);
  if (args.page) console.log(`page: ${(await (await fetch(target)).arrayBuffer()).byteLength} bytes of HTML`);
  for (let i = 0; i < 50; i++) await (await fetch(target)).arrayBuffer();
  const cpu = () => {
    const f = readFileSync(`/proc/${child!.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  };
  const cpu0 = cpu();
  const lat: number[] = [];
  let sent = 0;
  const start = performance.now();
  const read = async (from: number) => {
    const r = await fetch(target);
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`status ${r.status}`);
    lat.push(performance.now() - from);
  };
  if (RATE === null) {
    await Promise.all(
      Array.from({ length: READERS }, async () => {
        while (sent < REQUESTS) {
          sent++;
          await read(performance.now());
        }
      }),
    );
  } else {
    // Reader i sends its j-th request at start + (i + j·READERS) / RATE seconds.
    const perReader = Math.ceil(REQUESTS / READERS);
    await Promise.all(
      Array.from({ length: READERS }, async (_, i) => {
        for (let j = 0; j < perReader && i + j * READERS < REQUESTS; j++) {
          const at = start + ((i + j * READERS) / RATE) * 1000;
          const wait = at - performance.now();
          if (wait > 0) await sleep(wait);
          await read(at);
        }
      }),
    );
  }
  const wall = (performance.now() - start) / 1000;
  const cpuUsed = cpu() - cpu0;
  console.log(`database ${url.startsWith('sqlite') ? 'SQLite' : 'PostgreSQL'}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log(`${lat.length} reads by ${READERS} readers${RATE === null ? '' : ` at ${RATE}/s offered`} in ${wall.toFixed(1)} s (${(lat.length / wall).toFixed(0)}/s): p50 ${pct(lat, 50).toFixed(1)} ms, p95 ${pct(lat, 95).toFixed(1)} ms, p99 ${pct(lat, 99).toFixed(1)} ms`);
  console.log(`server CPU: ${cpuUsed.toFixed(0)} ms, ${(cpuUsed / lat.length).toFixed(2)} ms per read of ${args.page ? 'the page' : 'the JSON'}`);
} finally {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await handle.close();
  await drop();
}
