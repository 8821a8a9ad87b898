// scripts/audit-report.mjs reads npm's answer: high or critical advisories fail, lower ones are only
// reported, and no answer (offline, refused endpoint) passes with a line saying nothing was checked.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const script = new URL('../../scripts/audit-report.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'kenes-audit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function report(name: string, answer: unknown) {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(answer));
  const r = spawnSync(process.execPath, [script, '--report', file], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout.trim() };
}
const vulns = (v: Record<string, number>) => ({ metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...v } } });

test('high or critical advisories fail; moderate and low are reported only', () => {
  assert.deepEqual(report('clean', vulns({})), { code: 0, out: 'npm audit --omit=dev: critical 0, high 0, moderate 0, low 0, info 0' });
  assert.deepEqual(report('moderate', vulns({ moderate: 3, low: 1 })), { code: 0, out: 'npm audit --omit=dev: critical 0, high 0, moderate 3, low 1, info 0' });
  const high = report('high', vulns({ high: 2 }));
  assert.equal(high.code, 1);
  assert.match(high.out, /^npm audit --omit=dev: critical 0, high 2, .* FAILED: high\/critical advisories/);
  assert.equal(report('critical', vulns({ critical: 1 })).code, 1);
});

test('no audit answer passes and says nothing was checked', () => {
  const r = report('refused', { message: '405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk' });
  assert.equal(r.code, 0);
  assert.match(r.out, /^npm audit --omit=dev: no audit report from the registry \(unreachable or refused\), not checked: 405 Method Not Allowed/);
  assert.equal(report('offline', { error: { code: 'ENOTFOUND', summary: 'request to https://registry.npmjs.org failed, reason: getaddrinfo ENOTFOUND' } }).code, 0);
});
