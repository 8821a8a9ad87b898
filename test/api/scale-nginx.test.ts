// deploy/nginx.conf on loopback (issue 18): the file as shipped, with its three marked lines pointed at
// this test's ports and checkout, in front of two `kenes serve` processes (one on SQLite: one writer).
// Requests are balanced over the processes; /static/ is served by nginx, gzip-compressed with a long
// cache lifetime; the client's address reaches Kenes (KENES_TRUST_PROXY=1) and a forged
// X-Forwarded-For does not.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freshDbUrl, testDialect } from '../helpers/db.ts';
import { freePort } from '../helpers/serveProcess.ts';

const NGINX = '/usr/sbin/nginx';
const root = fileURLToPath(new URL('../../', import.meta.url));
const have = existsSync(NGINX);
if (!have) console.log(`# nginx tests skipped: ${NGINX} is missing (apt-get install -y nginx-light)`);

interface Proc {
  child: ChildProcess;
  output: () => string;
}
const procs: Proc[] = [];
let db: { url: string; drop: () => Promise<void> };
let dir = '';
let port = 0;

function start(cmd: string, args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const p = { child, output: () => out };
  procs.push(p);
  return p;
}

function get(path: string, headers: Record<string, string> = {}, localAddress = '127.0.0.2'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  if (!have) return;
  db = await freshDbUrl();
  dir = mkdtempSync(join(tmpdir(), 'kenes-nginx-'));
  const backends = testDialect() === 'postgres' ? [await freePort(), await freePort()] : [await freePort()];
  port = await freePort();
  // The first process migrates; the second starts on the migrated database.
  for (const [i, p] of backends.entries()) {
    const s = start(process.execPath, [`${root}bin/kenes.mjs`, 'serve', '--port', String(p), '--db', db.url], { LOG_LEVEL: 'info', KENES_DEMO: '', KENES_TRUST_PROXY: '1' });
    for (let n = 0; ; n++) {
      if (s.child.exitCode !== null) throw new Error(`kenes serve ${i} exited: ${s.output()}`);
      if (n > 1600) throw new Error(`kenes serve ${i} not ready: ${s.output()}`);
      const ok = await fetch(`http://127.0.0.1:${p}/readyz`).then((r) => r.ok, () => false);
      if (ok) break;
      await sleep(250);
    }
  }
  let conf = readFileSync(join(root, 'deploy/nginx.conf'), 'utf8');
  const replace = (from: string, to: string) => {
    assert.ok(conf.includes(from), `deploy/nginx.conf no longer has "${from}": update this test`);
    conf = conf.replace(from, to);
  };
  replace('server 127.0.0.1:3001', `server 127.0.0.1:${backends[0]}`);
  replace('server 127.0.0.1:3002', `server 127.0.0.1:${backends.at(-1)}`);
  replace('listen 80;', `listen 127.0.0.1:${port};`);
  replace('alias /opt/kenes/src/web/static/;', `alias ${root}src/web/static/;`);
  replace('worker_processes auto;', `worker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;`);
  replace('  access_log off;\n', `  access_log off;\n  client_body_temp_path ${dir}/body;\n  proxy_temp_path ${dir}/proxy;\n  fastcgi_temp_path ${dir}/fastcgi;\n  uwsgi_temp_path ${dir}/uwsgi;\n  scgi_temp_path ${dir}/scgi;\n`);
  const file = join(dir, 'nginx.conf');
  writeFileSync(file, conf);
  const check = spawnSync(NGINX, ['-t', '-p', dir, '-c', file, '-e', `${dir}/error.log`], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
  start(NGINX, ['-p', dir, '-c', file, '-e', `${dir}/error.log`, '-g', 'daemon off;']);
  for (let n = 0; ; n++) {
    if (n > 200) throw new Error('nginx did not answer');
    const ok = await get('/healthz').then((r) => r.status === 200, () => false);
    if (ok) break;
    await sleep(100);
  }
});

after(async () => {
  for (const p of procs.reverse()) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      const exited = once(p.child, 'exit');
      p.child.kill('SIGTERM');
      await exited;
    }
  }
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('nginx balances the processes and passes the client address, not a forged one', { skip: !have && 'nginx missing' }, async () => {
  const pids = new Set<number>();
  for (let i = 0; i < 8; i++) {
    const r = await get('/readyz');
    assert.equal(r.status, 200);
    pids.add(JSON.parse(r.body.toString()).pid);
  }
  assert.equal(pids.size, testDialect() === 'postgres' ? 2 : 1, 'every process got requests');

  const before = procs.map((p) => p.output().length);
  await get('/healthz?probe=client-address', { 'x-forwarded-for': '203.0.113.66' });
  await sleep(300);
  const logged = procs.map((p, i) => p.output().slice(before[i])).join('\n');
  const line = logged.split('\n').find((l) => l.includes('probe=client-address') && l.includes('incoming request'));
  assert.ok(line, `the request was logged: ${logged.slice(0, 500)}`);
  assert.equal(JSON.parse(line).req.remoteAddress, '127.0.0.2', 'the address nginx saw (the client), not nginx itself nor the forged header');
});

test('nginx serves /static/ compressed, with a long cache lifetime, without Kenes', { skip: !have && 'nginx missing' }, async () => {
  const css = await get('/static/kenes.css', { 'accept-encoding': 'gzip' });
  assert.equal(css.status, 200);
  assert.equal(css.headers['content-encoding'], 'gzip');
  assert.match(String(css.headers['cache-control']), /public, max-age=86400/);
  assert.ok(css.headers.etag, 'an ETag for revalidation');
  assert.equal(css.headers['x-request-id'], undefined, 'not passed to Kenes');
  const plain = await get('/static/kenes.css');
  assert.equal(plain.body.toString(), readFileSync(join(root, 'src/web/static/kenes.css'), 'utf8'));
  assert.ok(css.body.length < plain.body.length / 2, `compressed ${css.body.length} of ${plain.body.length} bytes`);
});
