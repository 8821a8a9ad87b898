#!/usr/bin/env node
// CI's personal-data check: makes the artefacts an operator would publish or keep in a temporary
// folder — the demo database, its signed ledger export, a backup, the commands' output, and from a
// running server (debug logging) its log and every public export and listing — then runs
// scripts/pii-scan.mjs over them and over any further paths given. Exit code and "IINs found = N"
// are the scan's.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'kenes-pii-ci-'));
const env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'demo.db')}`, KENES_DEMO: '1', LOG_LEVEL: 'info' };

function kenes(args, outFile) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/kenes.mjs'), ...args], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  writeFileSync(join(dir, outFile), r.stdout + r.stderr);
  if (r.status !== 0) {
    process.stderr.write(`pii-ci: kenes ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
    rmSync(dir, { recursive: true, force: true });
    process.exit(1);
  }
}

kenes(['demo', 'seed'], 'demo-seed.log');
kenes(['ledger', 'head'], 'ledger-head.json');
kenes(['ledger', 'export', '--out', join(dir, 'ledger-export.jsonl')], 'ledger-export.log');
kenes(['backup', join(dir, 'demo.backup')], 'backup.log');
await fromServer();
/** Public exports and listings, fetched from a real server whose debug log is kept too. */
async function fromServer() {
  const port = 39000 + Math.floor(Math.random() * 900);
  const log = createWriteStream(join(dir, 'serve.log'));
  const server = spawn(process.execPath, [join(ROOT, 'bin/kenes.mjs'), 'serve', '--port', String(port)], { env: { ...env, LOG_LEVEL: 'debug' }, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.pipe(log, { end: false });
  server.stderr.pipe(log, { end: false });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      if (await fetch(`${base}/readyz`).then((r) => r.ok, () => false)) break;
      if (i > 240 || server.exitCode !== null) throw new Error('kenes serve did not become ready');
      await new Promise((r) => setTimeout(r, 500));
    }
    const paths = ['/api/v1/ledger/export', '/open-data/responses/agencies.csv', '/open-data/responses/agencies.json', '/open-data/responses/items.csv', '/open-data/responses/items.json', '/api/v1/proposals?limit=100', '/api/v1/sortition/runs', '/api/v1/responses/items', '/api/v1/responses/dashboard', '/proposals', '/responses', '/sortition', '/ledger'];
    const runs = await fetch(`${base}/api/v1/sortition/runs`).then((r) => r.json(), () => ({}));
    for (const run of runs.items ?? []) paths.push(`/api/v1/sortition/runs/${run.id}`, `/sortition/runs/${run.id}/report.html`);
    for (const [i, p] of paths.entries()) {
      const res = await fetch(base + p);
      writeFileSync(join(dir, `http-${String(i).padStart(2, '0')}-${p.replace(/[^a-z0-9]+/gi, '_')}`), Buffer.from(await res.arrayBuffer()));
    }
  } catch (e) {
    process.stderr.write(`pii-ci: ${e.message}\n`);
    process.exitCode = 1;
  } finally {
    server.kill('SIGTERM');
    if (server.exitCode === null) await once(server, 'exit');
    log.end();
    await once(log, 'finish');
  }
  if (process.exitCode) {
    rmSync(dir, { recursive: true, force: true });
    process.exit(1);
  }
}

const scan = spawnSync(process.execPath, [join(ROOT, 'scripts/pii-scan.mjs'), dir, ...process.argv.slice(2)], { stdio: 'inherit' });
rmSync(dir, { recursive: true, force: true });
process.exit(scan.status ?? 1);
