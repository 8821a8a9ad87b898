// Preloaded into every test file's process by scripts/test.mjs (`--import`): when the file's process
// exits it appends one JSON line to KENES_TEST_TIMINGS with the file, its wall time and its CPU seconds
// (user + system, its own and those of the child processes it waited for: CLIs, servers, Chromium).
import { appendFileSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { isMainThread } from 'node:worker_threads';

const out = process.env.KENES_TEST_TIMINGS;
// Only the test file's own process (started by the runner), not the processes it starts in turn.
if (out && isMainThread && String(process.ppid) === process.env.KENES_TEST_RUNNER_PID) {
  // The source file's path (the process may run its compiled module from the run's bundle).
  const file = process.env.KENES_TEST_FILE || relative(process.cwd(), process.argv[1]);
  process.on('exit', () => {
    let cpu = Number.NaN;
    try {
      const stat = readFileSync('/proc/self/stat', 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime, stime, cutime, cstime are fields 14–17, i.e. 11–14 after the command name.
      cpu = (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;
    } catch {
      const u = process.cpuUsage();
      cpu = (u.user + u.system) / 1e6;
    }
    try {
      appendFileSync(out, `${JSON.stringify({ file, phase: process.env.KENES_TEST_PHASE ?? '', wall: Math.round(process.uptime() * 10) / 10, cpu })}\n`);
    } catch {}
  });
}
