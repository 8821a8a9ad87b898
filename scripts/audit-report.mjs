#!/usr/bin/env node
// CI's dependency check: `npm audit --omit=dev`, reported in one line. Fails on high or critical
// advisories when the registry answers; when it cannot be reached or refuses the audit endpoint
// (offline CI, a mirror without it) it says so and passes, since no answer is not a finding.
//
//   node scripts/audit-report.mjs [--report FILE]    (FILE: a saved `npm audit --json` answer, for tests)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const at = process.argv.indexOf('--report');
const r =
  at > 0
    ? { stdout: readFileSync(process.argv[at + 1], 'utf8'), stderr: '' }
    : spawnSync('npm', ['audit', '--omit=dev', '--json', '--fetch-timeout=20000', '--fetch-retries=1'], { encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 26 });
let report;
try {
  report = JSON.parse(r.stdout || '{}');
} catch {
  report = {};
}
const counts = report.metadata?.vulnerabilities;
if (!counts) {
  const why = report.error?.summary || report.message || r.error?.message || (r.stderr || '').trim().split('\n')[0] || 'no answer';
  console.log(`npm audit --omit=dev: no audit report from the registry (unreachable or refused), not checked: ${String(why).slice(0, 160)}`);
  process.exit(0);
}
const line = ['critical', 'high', 'moderate', 'low', 'info'].map((k) => `${k} ${counts[k] ?? 0}`).join(', ');
const bad = (counts.critical ?? 0) + (counts.high ?? 0);
console.log(`npm audit --omit=dev: ${line}${bad ? ' — FAILED: high/critical advisories (npm audit --omit=dev for details)' : ''}`);
process.exit(bad ? 1 : 0);
