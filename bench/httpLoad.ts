// What the page and API read benchmarks share: a real `kenes serve` process on a prepared database (its
// CPU read from /proc, so the load generator's own work is not counted), and readers that load it from
// this process over keep-alive connections, in a closed loop or on an open schedule.
//
// The open schedule spreads requests evenly: reader i sends its j-th request at start + (i + j·readers) /
// rate seconds, and a latency counts from that scheduled time, so a reader that falls behind is charged
// for the wait (no coordinated omission). Bodies are counted as they arrive, not decompressed: that is
// the browser's work, not the server's.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Served {
  child: ChildProcess;
  /** The server process's user + system CPU so far, in ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** `kenes serve` on `url` at `port`, ready when /readyz answers; BENCH_PROF=dir adds `--cpu-prof` there. */
export async function serve(opts: { url: string; port: number; env?: Record<string, string> }): Promise<Served> {
  const prof = process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, 'bin/kenes.mjs', 'serve', '--db', opts.url, '--port', String(opts.port)], {
    env: { ...process.env, LOG_LEVEL: 'error', KENES_DEMO: '', ...opts.env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`kenes serve exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${opts.port}/readyz`)).ok) break;
    } catch {}
    if (i > 600) throw new Error('server not ready after 60 s');
    await sleep(100);
  }
  return {
    child,
    cpuMs() {
      const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface LoadResult {
  latencies: number[];
  bytes: number;
  wallS: number;
  statuses: Map<number, number>;
}

/** One GET, the body read to its end; resolves with its status and the bytes on the wire. */
function get(target: URL, headers: Record<string, string>, agent: Agent): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(target, { agent, headers }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** `requests` GETs of `target` by `readers` readers, each on its own connection; `rate` null: closed loop. */
export async function load(opts: { target: string; readers: number; requests: number; rate: number | null; headers?: Record<string, string> }): Promise<LoadResult> {
  const target = new URL(opts.target);
  const headers = opts.headers ?? {};
  const agent = new Agent({ keepAlive: true, maxSockets: opts.readers });
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let bytes = 0;
  let sent = 0;
  const read = async (from: number) => {
    const r = await get(target, headers, agent);
    latencies.push(performance.now() - from);
    bytes += r.bytes;
    statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  };
  const start = performance.now();
  if (opts.rate === null) {
    await Promise.all(
      Array.from({ length: opts.readers }, async () => {
        while (sent < opts.requests) {
          sent++;
          await read(performance.now());
        }
      }),
    );
  } else {
    const rate = opts.rate;
    const perReader = Math.ceil(opts.requests / opts.readers);
    await Promise.all(
      Array.from({ length: opts.readers }, async (_, i) => {
        for (let j = 0; j < perReader && i + j * opts.readers < opts.requests; j++) {
          const at = start + ((i + j * opts.readers) / rate) * 1000;
          // A timer may fire up to a millisecond early (it counts from the event loop's cached time):
          // wait again until the scheduled time has passed, so no request leaves before it.
          while (performance.now() < at) await sleep(Math.max(1, at - performance.now()));
          await read(at);
        }
      }),
    );
  }
  const wallS = (performance.now() - start) / 1000;
  agent.destroy();
  return { latencies, bytes, wallS, statuses };
}

/** The p-th percentile (nearest rank) of xs. */
export const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

/** One line: count, rate, p50/p95/p99/max. */
export function summary(r: LoadResult, readers: number, rate: number | null): string {
  const n = r.latencies.length;
  const codes = [...r.statuses].map(([s, c]) => `${c}×${s}`).join(', ');
  return `${n} reads (${codes}) by ${readers} readers${rate === null ? ' (closed loop)' : ` at ${rate}/s offered`} in ${r.wallS.toFixed(1)} s (${(n / r.wallS).toFixed(0)}/s): p50 ${pct(r.latencies, 50).toFixed(1)} ms, p95 ${pct(r.latencies, 95).toFixed(1)} ms, p99 ${pct(r.latencies, 99).toFixed(1)} ms, max ${pct(r.latencies, 100).toFixed(1)} ms; ${Math.round(r.bytes / Math.max(1, n))} bytes a response on the wire`;
}
