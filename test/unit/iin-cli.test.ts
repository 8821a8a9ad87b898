// The `kenes iin check` command, run as a process (so it runs in the cli phase, not with the pure tests).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const root = new URL('../../', import.meta.url).pathname;

function kenes(...args: string[]) {
  return spawnSync(process.execPath, ['bin/kenes.mjs', ...args], { cwd: root, encoding: 'utf8' });
}

test('CLI: kenes iin check prints valid, birth date and sex (exit 0), or invalid and why (exit 2)', () => {
  const ok = kenes('iin', 'check', '061211600012');
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /valid, born 2006-12-11, female/);
  const bad = kenes('iin', 'check', '061211600013');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /invalid \(checkDigitMismatch\)/);
  assert.match(bad.stderr, /call for 2/);
  const ru = kenes('iin', 'check', '061211600012', '--lang', 'ru');
  assert.match(ru.stdout, /действителен, дата рождения 2006-12-11, женский пол/);
});
