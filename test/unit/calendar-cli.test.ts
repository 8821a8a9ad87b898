// The `kenes calendar` command, run as a process (so it runs in the cli phase, not with the pure tests).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const root = new URL('../../', import.meta.url).pathname;

test('CLI: kenes calendar add and days-off', () => {
  const add = spawnSync(process.execPath, ['bin/kenes.mjs', 'calendar', 'add', '2026-11-27', '1'], { cwd: root, encoding: 'utf8' });
  assert.equal(add.status, 0, add.stderr);
  assert.equal(add.stdout.trim(), '2026-11-30');
  const off = spawnSync(process.execPath, ['bin/kenes.mjs', 'calendar', 'days-off', '2025'], { cwd: root, encoding: 'utf8' });
  assert.equal(off.status, 0, off.stderr);
  assert.match(off.stdout, /^2025-01-03 Fri {2}Day off moved/m);
  assert.match(off.stdout, /^2025-01-05 Sun {2}\[working day\]/m);
  assert.match(off.stdout, /^2025-03-25 Tue {2}Nauryz/m);
  const bad = spawnSync(process.execPath, ['bin/kenes.mjs', 'calendar', 'add', '2026-13-01', '1'], { cwd: root, encoding: 'utf8' });
  assert.equal(bad.status, 2);
});
