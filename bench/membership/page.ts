// The public Council page (/council, the Council today: 126 seats, tile map, three share charts,
// three member tables) read by 100 concurrent readers: the demo Council seeded through the real
// ceremony, then served by a real `kenes serve` process; the readers run in this process on the same
// cores (bench/httpLoad.ts), so the latencies are an upper bound. Prints p50/p95/p99 and the server
// process's CPU time per request (the load generator's is not in it).
//
//   node --import tsx bench/membership/page.ts [--readers 100] [--requests 4000] [--rate N] [--identity] [--pg postgres://…/postgres] [--port 3971]
//
// Without --rate each reader sends its next request on the answer to the last (a closed loop, whose
// latency is about readers ÷ throughput); with --rate N the readers together send N requests a second,
// evenly spread (an open loop, as people arrive). Requests say `Accept-Encoding: gzip, deflate, br` as
// browsers do (the kept page then goes gzip-compressed, ADR 0706); --identity leaves the header out.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.ts';
import { loadCharter } from '../../src/core/charter/index.ts';
import { generateSigningKey } from '../../src/core/ledger/signing.ts';
import { openDb } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { runSeeders } from '../../src/demo/index.ts';
import { benchDbUrl } from '../freshDb.ts';
import { load, serve, summary } from '../httpLoad.ts';

const { values: args } = parseArgs({ options: { pg: { type: 'string' }, readers: { type: 'string', default: '100' }, requests: { type: 'string', default: '4000' }, port: { type: 'string', default: '3971' }, rate: { type: 'string' }, identity: { type: 'boolean', default: false } } });
const rate = args.rate === undefined ? null : Number(args.rate);
if (rate !== null && !(rate > 0)) throw new Error('--rate: a positive number of requests per second');
const readers = Number(args.readers);
const port = Number(args.port);

const { url, drop } = await benchDbUrl('council_page', args.pg);
const key = generateSigningKey().privateKeyBase64;
const config = { ...loadConfig({ LOG_LEVEL: 'silent', KENES_LEDGER_KEY: key }), databaseUrl: url, demo: true };
const handle = openDb(url);
let server: Awaited<ReturnType<typeof serve>> | null = null;
try {
  await migrateToLatest(handle);
  await runSeeders({ config, db: handle, charter: loadCharter(config.charterPath) }, { only: ['identity.citizens', 'identity.staff', 'sortition', 'membership'] });
  server = await serve({ url, port, env: { KENES_LEDGER_KEY: key } });
  const target = `http://127.0.0.1:${port}/council?lang=ru`;
  const first = await fetch(target, { headers: { accept: 'text/html' } });
  const html = await first.text();
  console.log(`${url.startsWith('sqlite') ? 'SQLite' : 'PostgreSQL'}: ${target} → ${first.status}, ${html.length} bytes, ${(html.match(/\/council\/members\//g) ?? []).length} member links`);
  const headers = { accept: 'text/html', ...(args.identity ? {} : { 'accept-encoding': 'gzip, deflate, br' }) };
  await load({ target, readers: 10, requests: 200, rate: null, headers });
  const cpu0 = server.cpuMs();
  const r = await load({ target, readers, requests: Number(args.requests), rate, headers });
  const cpu = server.cpuMs() - cpu0;
  console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(summary(r, readers, rate) + (args.identity ? '' : ' (Accept-Encoding: gzip)'));
  console.log(`server CPU: ${cpu.toFixed(0)} ms, ${(cpu / r.latencies.length).toFixed(3)} ms per request`);
} finally {
  await server?.stop();
  await handle.close();
  await drop();
}
