// `kenes serve` as a real process: migrates and serves, stops cleanly on SIGTERM, and refuses to
// start on a broken charter or an unsafe production configuration.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { defaultCharterPath } from '../../src/config.ts';
import { freshDbUrl } from '../helpers/db.ts';
import { PRODUCTION_SECRETS } from '../helpers/secrets.ts';

const BIN = new URL('../../bin/kenes.mjs', import.meta.url).pathname;
let db: { url: string; drop: () => Promise<void> };
before(async () => {
  db = await freshDbUrl();
});
after(async () => db.drop());

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function run(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

async function waitReady(port: number, ms = 30_000): Promise<Response> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await fetch(`http://127.0.0.1:${port}/readyz`);
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

test('serve migrates, answers readyz on the chosen database, and exits 0 on SIGTERM', async () => {
  const port = await freePort();
  const p = run(['serve', '--port', String(port), '--host', '127.0.0.1', '--db', db.url]);
  const ready = await waitReady(port);
  assert.equal(ready.status, 200);
  const body = await ready.json();
  assert.equal(body.database, db.url.startsWith('postgres') ? 'postgres' : 'sqlite');
  p.child.kill('SIGTERM');
  assert.equal(await p.exited, 0, p.output());
});

test('through tsx, as `npm start` runs it, from another folder: pages render (the repository tsconfig applies)', async () => {
  const port = await freePort();
  // No compiled bundle (ADR 0009): the command as a deployment starts it.
  const p = run(['serve', '--port', String(port), '--host', '127.0.0.1', '--db', db.url], { KENES_BUNDLE_DIR: '' }, mkdtempSync(join(tmpdir(), 'kenes-elsewhere-')));
  try {
    assert.equal((await waitReady(port, 60_000)).status, 200, p.output());
    const home = await fetch(`http://127.0.0.1:${port}/`);
    assert.equal(home.status, 200, p.output());
    assert.match(await home.text(), /<html lang="kk"/);
  } finally {
    p.child.kill('SIGTERM');
    assert.equal(await p.exited, 0, p.output());
  }
});

test('serve refuses a broken charter, listing every error with its path (exit 2)', async () => {
  const charter = JSON.parse(readFileSync(defaultCharterPath(), 'utf8'));
  charter.bodies.council.blocks[2].seats = -1;
  charter.languages.default = 'xx';
  const dir = mkdtempSync(join(tmpdir(), 'kenes-charter-'));
  const file = join(dir, 'bad.json');
  writeFileSync(file, JSON.stringify(charter));
  const p = run(['serve', '--port', String(await freePort()), '--db', db.url, '--charter', file]);
  assert.equal(await p.exited, 2, p.output());
  assert.match(p.output(), /bodies\.council\.blocks\[2\]\.seats/);
  assert.match(p.output(), /languages\.default/);
});

test('production mode refuses a short pepper and demo mode', async () => {
  const port = String(await freePort());
  const short = run(['serve', '--port', port, '--db', db.url], { NODE_ENV: 'production', ...PRODUCTION_SECRETS, KENES_PEPPER: 'too-short' });
  assert.equal(await short.exited, 2);
  assert.match(short.output(), /KENES_PEPPER/);
  const demo = run(['serve', '--port', port, '--db', db.url, '--demo'], { NODE_ENV: 'production', ...PRODUCTION_SECRETS });
  assert.equal(await demo.exited, 2);
  assert.match(demo.output(), /demo/i);
});

test('demo mode signs ledger heads with the published demo key; otherwise no key unless configured', async () => {
  const { loadConfig, DEMO_LEDGER_KEY } = await import('../../src/config.ts');
  assert.equal(loadConfig({}, { demo: true }).ledgerKey, DEMO_LEDGER_KEY);
  assert.equal(loadConfig({}, {}).ledgerKey, undefined);
  assert.equal(loadConfig({ KENES_LEDGER_KEY: 'abc' }, { demo: true }).ledgerKey, 'abc');
});
