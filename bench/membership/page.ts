// The public Council page (/council, the Council today: 126 seats, tile map, three share charts,
// three member tables) under 100 concurrent readers: the demo Council seeded through the real
// ceremony, the app listening on a port in this process, autocannon in this process too (so the
// load generator shares the cores: the numbers are an upper bound). p50/p95/p99 from every response's own
// latency. Also the CPU time per request of the whole process.
//
//   node --import tsx bench/membership/page.ts [--connections 100] [--duration 10] [--rate N] [--identity] [--db postgres://…]
//
// Without --rate each connection sends its next request on the answer to the last (a closed loop,
// whose latency is about connections ÷ throughput); with --rate N the connections together offer N
// requests a second (autocannon's overallRate: an open loop, as readers arrive). Requests say
// `Accept-Encoding: gzip, deflate, br` as browsers do (the kept page then goes gzip-compressed, ADR
// 0706); --identity leaves the header out.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { buildApp } from '../../src/app.tsx';
import { loadCharter } from '../../src/core/charter/index.ts';
import { generateSigningKey } from '../../src/core/ledger/signing.ts';
import { loadConfig } from '../../src/config.ts';
import { runSeeders } from '../../src/demo/index.ts';
import { freshDb } from '../../test/helpers/db.ts';

const { values: args } = parseArgs({ options: { db: { type: 'string', default: '' }, connections: { type: 'string', default: '100' }, duration: { type: 'string', default: '10' }, port: { type: 'string', default: '3971' }, rate: { type: 'string' }, identity: { type: 'boolean', default: false } } });
const rate = args.rate === undefined ? undefined : Number(args.rate);
if (rate !== undefined && !(rate > 0)) throw new Error('--rate: a positive number of requests per second');
if (args.db) process.env.TEST_DATABASE_URL = args.db;
const db = await freshDb();
const config = { ...loadConfig({ ...process.env, LOG_LEVEL: 'silent' }), demo: true, ledgerKey: generateSigningKey().privateKeyBase64 };
const ctx = { config, db, charter: loadCharter(config.charterPath) };
const app = await buildApp(ctx, { logger: false });
await runSeeders(ctx, { only: ['identity.citizens', 'identity.staff', 'sortition', 'membership'] });
await app.listen({ port: Number(args.port), host: '127.0.0.1' });
const url = `http://127.0.0.1:${args.port}/council?lang=ru`;
const first = await fetch(url, { headers: { accept: 'text/html' } });
const html = await first.text();
console.log(`${db.dialect}: ${url} → ${first.status}, ${html.length} bytes, ${(html.match(/\/council\/members\//g) ?? []).length} member links; load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const cpu0 = process.cpuUsage();
const ms: number[] = [];
let bytes = 0;
const r = await new Promise<autocannon.Result>((resolve, reject) => {
  const headers = { accept: 'text/html', ...(args.identity ? {} : { 'accept-encoding': 'gzip, deflate, br' }) };
  const inst = autocannon({ url, connections: Number(args.connections), duration: Number(args.duration), ...(rate ? { overallRate: rate } : {}), headers }, (err, res) => (err ? reject(err) : resolve(res)));
  inst.on('response', (_c, _s, b, t) => {
    ms.push(t);
    bytes += b;
  });
});
const cpu = process.cpuUsage(cpu0);
const total = ms.length;
ms.sort((a, b) => a - b);
const p = (q: number) => ms[Math.floor(q * (ms.length - 1))]!.toFixed(1);
console.log(`connections ${args.connections}${rate ? ` at ${rate}/s offered` : ''}, ${args.duration} s: ${total} responses (${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts), latency p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, p99 ${p(0.99)} ms, max ${p(1)} ms; ${Math.round(bytes / Math.max(1, total))} bytes a response${args.identity ? "" : " (Accept-Encoding: gzip)"}`);
console.log(`process cpu ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s = ${(((cpu.user + cpu.system) / 1e3) / Math.max(1, total)).toFixed(2)} ms cpu per request (server and load generator together); load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
await app.close();
await db.drop();
