// A real `kenes serve` process for the fault tests (SIGKILL in the middle of work): a free port, the
// process started and awaited on /readyz, and a hard kill that resolves once it has exited.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export async function freePort(): Promise<number> {
  const s = createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const p = (s.address() as { port: number }).port;
  s.close();
  return p;
}

/** Starts `kenes serve --db DB --port PORT` with `env` over the test's own, and waits until it is ready. */
export async function startServe(opts: { db: string; port: number; env: Record<string, string>; readyTries?: number }): Promise<ChildProcess> {
  const child = spawn(process.execPath, [`${root}bin/kenes.mjs`, 'serve', '--db', opts.db, '--port', String(opts.port)], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'error', KENES_DEMO: '', ...opts.env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < (opts.readyTries ?? 300); i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${opts.port}/readyz`)).ok) return child;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error('server did not become ready');
}

/** SIGKILL; resolves at once for a child that has already exited (a killed child has a signalCode, no exitCode). */
export function killHard(child: ChildProcess): Promise<unknown> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  return exited;
}
