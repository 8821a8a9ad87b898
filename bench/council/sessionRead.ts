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
// falls behind is charged for the wait (bench/httpLoad.ts). Requests accept gzip, as browsers do.
//
// --page reads the HTML session page (/council/sessions/{id}, English, no sign-in) instead of the
// JSON; the server's CPU time per read (user + system, /proc/<pid>/stat) is printed too.
import { loadavg } from 'node:os';
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
import { load, type Served, serve, summary } from '../httpLoad.ts';

const { values: args } = parseArgs({ options: { readers: { type: 'string', default: '100' }, requests: { type: 'string', default: '2000' }, pg: { type: 'string' }, port: { type: 'string', default: '3973' }, page: { type: 'boolean', default: false }, rate: { type: 'string' } } });
const READERS = Number(args.readers);
const REQUESTS = Number(args.requests);
const RATE = args.rate === undefined ? null : Number(args.rate);
if (RATE !== null && !(RATE > 0)) throw new Error('--rate: a positive number of requests per second');
const port = Number(args.port);
const ITEMS = 50;

const { url, drop } = await benchDbUrl('council_read', args.pg);
const key = generateSigningKey().privateKeyBase64;
const config = { ...loadConfig({ LOG_LEVEL: 'silent', KENES_LEDGER_KEY: key }), databaseUrl: url };
const handle = openDb(url);
await migrateToLatest(handle);
const ctx: AppContext = { config, db: handle, charter: loadCharter(config.charterPath) };
let server: Served | null = null;
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

  server = await serve({ url, port, env: { KENES_LEDGER_KEY: key } });
  const api = `http://127.0.0.1:${port}/api/v1/council/sessions/${session.id}`;
  const target = args.page ? `http://127.0.0.1:${port}/council/sessions/${session.id}?lang=en` : api;
  const first = await (await fetch(api)).json();
  console.log(`JSON: ${JSON.stringify(first).length} bytes, ${first.votes.length} votes, ${first.votes[0].rollCall.length} roll-call lines each`);
  if (args.page) console.log(`page: ${(await (await fetch(target)).arrayBuffer()).byteLength} bytes of HTML`);
  // As a browser asks (the kept page then goes gzip-compressed, ADR 0706).
  const headers = { accept: args.page ? 'text/html' : 'application/json', 'accept-encoding': 'gzip, deflate, br' };
  await load({ target, readers: 10, requests: 50, rate: null, headers });
  const cpu0 = server.cpuMs();
  const r = await load({ target, readers: READERS, requests: REQUESTS, rate: RATE, headers });
  const cpuUsed = server.cpuMs() - cpu0;
  console.log(`database ${url.startsWith('sqlite') ? 'SQLite' : 'PostgreSQL'}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log(summary(r, READERS, RATE));
  console.log(`server CPU: ${cpuUsed.toFixed(0)} ms, ${(cpuUsed / r.latencies.length).toFixed(2)} ms per read of ${args.page ? 'the page' : 'the JSON'}`);
} finally {
  await server?.stop();
  await handle.close();
  await drop();
}
