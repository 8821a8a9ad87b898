#!/usr/bin/env node
// CI's personal-data check: makes the artefacts an operator would publish or keep (demo database, its
// signed ledger export, a backup, the commands' own output) in a temporary folder, then runs
// scripts/pii-scan.mjs over them and over any further paths given. Exit code and "IINs found = N"
// are the scan's.
import { spawnSync } from 'node:child_process';
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
const scan = spawnSync(process.execPath, [join(ROOT, 'scripts/pii-scan.mjs'), dir, ...process.argv.slice(2)], { stdio: 'inherit' });
rmSync(dir, { recursive: true, force: true });
process.exit(scan.status ?? 1);
