// The proposal page served alone, in-process (app.inject, no network, no load generator): the cost of
// a full render (signed-in reader) and of the one-second anonymous cache, on the demo data.
//
//   node --import tsx bench/proposals/page.ts [--db postgres://…] [--n 300]
import { parseArgs } from 'node:util';
import { buildApp } from '../../src/app.tsx';
import { loadCharter } from '../../src/core/charter/index.ts';
import { loadConfig } from '../../src/config.ts';
import { runSeeders } from '../../src/demo/index.ts';
import { signInAs } from '../../test/helpers/auth.ts';
import { freshDb } from '../../test/helpers/db.ts';

const { values: args } = parseArgs({ options: { db: { type: 'string', default: '' }, n: { type: 'string', default: '300' } } });
if (args.db) process.env.TEST_DATABASE_URL = args.db;
const n = Number(args.n);
const db = await freshDb();
const config = { ...loadConfig({ ...process.env, LOG_LEVEL: 'silent' }), demo: true };
const ctx = { config, db, charter: loadCharter(config.charterPath) };
const app = await buildApp(ctx, { logger: false });
await runSeeders(ctx, { only: ['identity.citizens', 'identity.staff', 'proposals'] });
const top = (await app.inject({ url: '/api/v1/proposals?sort=mostSigned&limit=1' })).json().items[0];
const reader = await signInAs({ app, ctx, db, close: async () => {} }, { region: 'KZ-75' });

async function time(label: string, headers: Record<string, string>) {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await app.inject({ url: top.url, headers: { accept: 'text/html', ...headers } });
    ms.push(performance.now() - t0);
    if (r.statusCode !== 200) throw new Error(`${r.statusCode}`);
  }
  ms.sort((a, b) => a - b);
  const p = (q: number) => ms[Math.floor(q * (ms.length - 1))]!.toFixed(2);
  console.log(`${label}: p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, p99 ${p(0.99)} ms over ${n}`);
}
console.log(`${db.dialect}: page ${top.url} (${top.signatures} signatures in ${Object.keys(top.signaturesByRegion).length} regions)`);
await time('signed-in reader (full render every time)', { cookie: reader.cookie });
await time('anonymous reader (1 s page cache)', {});
await app.close();
await db.drop();
