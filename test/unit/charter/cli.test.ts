import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = new URL('../../../', import.meta.url).pathname;
const kenes = (...args: string[]) => spawnSync(process.execPath, ['bin/kenes.mjs', ...args], { cwd: root, encoding: 'utf8' });

test('kenes charter check prints the summary of the default charter (exit 0)', () => {
  const r = kenes('charter', 'check');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /People's Council: 126 seats/);
  const kk = kenes('charter', 'check', '--lang', 'kk');
  assert.match(kk.stdout, /Халық Кеңесі: 126 орын/);
});

test('kenes charter check bad.json prints all three mistakes with their paths and exits 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kenes-charter-'));
  try {
    const c = JSON.parse(readFileSync(join(root, 'charter/kz-default.json'), 'utf8'));
    c.bodies.council.blocks[2].seats = -3;
    c.proposalKinds[1].regionalSpread.regions = ['KZ-75', 'KZ-00'];
    c.languages.supported = ['ru', 'en'];
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(c, null, 2));
    const r = kenes('charter', 'check', bad);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /bodies\.council\.blocks\[2\]\.seats: must be a positive integer/);
    assert.match(r.stderr, /proposalKinds\[1\]\.regionalSpread\.regions\[1\]: "KZ-00" is not a charter region/);
    assert.match(r.stderr, /languages\.supported: must include the default language "kk"/);
    assert.equal(r.stdout, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('kenes charter check with an unknown language exits 2', () => {
  assert.equal(kenes('charter', 'check', '--lang', 'de').status, 2);
});
