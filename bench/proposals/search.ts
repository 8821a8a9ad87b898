// Proposal search across alphabets (ADR 0506) on 100,000 public proposals: the list query with `q`
// (each word by its folded stem, through FTS5 / tsvector over the folded column: ADR 0507), as /proposals and
// GET /api/v1/proposals?q= run it. Texts are a mix of Russian, Kazakh and English titles; about one in
// 200 mentions transport. Prints wall-time percentiles and this process's CPU time per query.
//
//   node --import tsx bench/proposals/search.ts [N] [queries] [postgres admin URL]
// BENCH_KEEP=1 keeps the database (for EXPLAIN); it is named in the output.
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { benchDbUrl } from '../freshDb.ts';
import { loadCharter } from '../../src/core/charter/index.ts';
import { loadConfig } from '../../src/config.ts';
import { openDb } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { ProposalsService, searchText } from '../../src/modules/proposals/service.ts';
import { foldText } from '../../src/core/search/fold.ts';

const N = Number(process.argv[2] ?? 100_000);
const Q = Number(process.argv[3] ?? 100);
const { url, drop } = await benchDbUrl('search', process.argv[4]);
const db = openDb(url);
await migrateToLatest(db);

const TITLES = [
  ['ru', 'Бесплатный Wi-Fi в городском транспорте района {n}'],
  ['ru', 'Открытые данные о школьном питании в округе {n}'],
  ['ru', 'Велодорожки на проспекте Абая, участок {n}'],
  ['kk', 'Мектептерде тегін ыстық тамақ, {n} аудан'],
  ['kk', 'Ауылдық кітапханаларды жаңарту {n}'],
  ['en', 'Longer opening hours for district polyclinics {n}'],
  ['en', 'Street lighting on rural roads, section {n}'],
] as const;
const now = new Date().toISOString();
const rows = Array.from({ length: N }, (_, i) => {
  // One in 200 is about transport; the rest are other topics.
  const [language, t] = i % 200 === 0 ? TITLES[0] : TITLES[1 + (i % (TITLES.length - 1))];
  const title = t.replace('{n}', String(i));
  const summary = `${title}. Предложение номер ${i} / proposal number ${i}.`;
  return {
    ref: `b${i.toString(36).padStart(11, '0')}`, kind: 'petition', status: 'open', author_user_id: 'bench', author_pseudonym: 'bench', author_public_name: 'Bench B.',
    title, summary, body: summary, topic: 'transport', scope: 'national', language, search_text: searchText(title, summary), search_folded: foldText(`${title} ${summary}`),
    created_at: now, updated_at: now, published_at: now, listed_at: now, closes_at: now,
  };
});
for (let i = 0; i < rows.length; i += 1000) await db.db.insertInto('proposals').values(rows.slice(i, i + 1000)).execute();
if (db.dialect === 'sqlite') await sql`pragma wal_checkpoint(truncate)`.execute(db.db);
// What autovacuum does on a live server after a bulk load: without statistics the planner takes a
// common stem ("mektep", 16,500 matches) for a rare one and reads every match before sorting.
else await sql`analyze proposals`.execute(db.db);

const config = { ...loadConfig({ ...process.env, LOG_LEVEL: 'silent' }) };
const svc = new ProposalsService({ config, db, charter: loadCharter(config.charterPath) });

/** Machine-wide busy CPU seconds (user, nice, system, irq, softirq): the database server's work too. */
function machineCpu(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return (f[0]! + f[1]! + f[2]! + f[5]! + f[6]!) / 100;
}

for (const q of ['transport', 'транспорту', 'Almaty Abai', 'mektep', 'nothingmatches']) {
  const ms: number[] = [];
  let hits = 0;
  const m0 = machineCpu();
  const c0 = process.cpuUsage();
  for (let i = 0; i < Q; i++) {
    const t0 = performance.now();
    const r = await svc.list({ q, limit: 20 });
    ms.push(performance.now() - t0);
    hits = r.rows.length;
  }
  const cpu = process.cpuUsage(c0);
  const machine = ((machineCpu() - m0) * 1000) / Q;
  ms.sort((a, b) => a - b);
  const p = (x: number) => ms[Math.floor(x * (ms.length - 1))]!.toFixed(1);
  console.log(`${db.dialect} N=${N} q=${JSON.stringify(q)}: first page ${hits} hits; p50 ${p(0.5)} ms, p95 ${p(0.95)} ms; CPU ${((cpu.user + cpu.system) / 1000 / Q).toFixed(1)} ms/query (this process), ${machine.toFixed(1)} ms/query (machine, server included)`);
}
await db.close();
if (process.env.BENCH_KEEP) console.log(`kept: ${url}`);
else await drop();
