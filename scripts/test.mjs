#!/usr/bin/env node
// Runs the whole suite, one process per test file, the files sorted into phases:
//   unit                      pure tests in test/unit (no child processes, no database)
//   cli                       test/unit files that start processes (the `kenes` CLI)
//   api on SQLite             test/api files that run in-process (each file has its own database)
//   processes on SQLite       test/api files that start processes (servers, CLIs, sweepers)
//   api / processes on PostgreSQL, when TEST_DATABASE_URL is set
//   browser on SQLite (and on PostgreSQL), in Chromium (its headless shell, ADR 0012) when it is installed or under CI
// A file "starts processes" when it, or a file it imports by a relative path, imports
// node:child_process: such files spend their time in process start-up and timing.
// The files of all phases share one pool (ADR 0007): as many at a time as cores, one more while a browser
// file runs (ADR 0008; browser files at most KENES_TEST_BROWSER_CONCURRENCY, default 2), longest first
// by the CPU each took in the last full run
// (.test-results/last-run-cpu.json, else the costs shipped in scripts/test-costs.json); each file's
// output is printed as one block when it ends. Test files run compiled, from one esbuild bundle made at
// the start (ADR 0009; KENES_TEST_BUNDLE=0: through tsx).
//
// Tests copy migrated (or migrated and seeded) template databases that the run builds once
// (test/helpers/db.ts); they are removed at the end. After the run, any database it created (named
// kenes_t_<run tag>_…) that still exists counts as one failure naming it, and is dropped. SQLite test
// databases live on /dev/shm when there is one (KENES_TEST_TMPDIR).
//
//   node scripts/test.mjs                      everything
//   node scripts/test.mjs WORD…                only files whose path contains a WORD, in every phase
//   node scripts/test.mjs WORD --test-name-pattern="petition"    options starting with - go to node
//   node scripts/test.mjs --write-costs        everything, then its per-file costs to scripts/test-costs.json
// KENES_TEST_PHASES=WORD,… runs only the phases whose name contains a WORD (e.g. "PostgreSQL").
// KENES_TEST_CONCURRENCY=N: N files at a time (1 = serial). KENES_TEST_FILE_TIMEOUT_S: a file still running
// after that many seconds (default 600) is stopped and counts as failed.
// Prints per phase its files' CPU and wall seconds and "## phase: N passed, N failed (…)", and ends
// with "N passed, N failed".
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { buildTestBundle, bundleable } from './test-bundle.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('-'));
// --write-costs: after a full run, also write its per-file costs to scripts/test-costs.json (shipped).
const writeCosts = args.includes('--write-costs');
const passThrough = args.filter((a) => a.startsWith('-') && a !== '--write-costs');
const cores = availableParallelism();
const fixed = Number(process.env.KENES_TEST_CONCURRENCY) || 0;
const browserConcurrency = fixed || Number(process.env.KENES_TEST_BROWSER_CONCURRENCY) || 2;
const concurrency = fixed || cores;
// The longest a test file may run before it is stopped and counted as failed (the slowest takes ~150 s).
const fileTimeoutS = Number(process.env.KENES_TEST_FILE_TIMEOUT_S) || 600;
// Tags this run's PostgreSQL databases; test/helpers/db.ts puts it in every name.
const runTag = `r${process.pid.toString(36)}${randomBytes(3).toString('hex')}`;
// SQLite test databases go to a tmpfs when there is one (test/helpers/db.ts testTmpDir).
const testTmpDir = process.env.KENES_TEST_TMPDIR || (isWritableDir('/dev/shm') ? '/dev/shm' : tmpdir());

function isWritableDir(dir) {
  try {
    accessSync(dir, constants.W_OK);
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function files(dir) {
  const out = [];
  const abs = join(root, dir);
  if (!existsSync(abs)) return out;
  for (const name of readdirSync(abs)) {
    const p = join(abs, name);
    if (statSync(p).isDirectory()) out.push(...files(join(dir, name)));
    else if (/\.test\.tsx?$/.test(name)) out.push(join(dir, name));
  }
  return out.sort();
}

function filter(list) {
  return only.length ? list.filter((f) => only.some((o) => f.includes(o))) : list;
}

const CHILD_PROCESS = /from\s+['"](node:)?child_process['"]|require\(\s*['"](node:)?child_process['"]\s*\)/;
const RELATIVE_IMPORT = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** Whether the test file, or a file it imports by a relative path, imports node:child_process. */
function startsProcesses(file) {
  const abs = join(root, file);
  const text = readFileSync(abs, 'utf8');
  if (CHILD_PROCESS.test(text)) return true;
  for (const [, rel] of text.matchAll(RELATIVE_IMPORT)) {
    const dep = resolve(dirname(abs), rel);
    if (existsSync(dep) && statSync(dep).isFile() && CHILD_PROCESS.test(readFileSync(dep, 'utf8'))) return true;
  }
  return false;
}

function split(list) {
  const spawning = list.filter(startsProcesses);
  return { inProcess: list.filter((f) => !spawning.includes(f)), spawning };
}

const unit = split(filter(files('test/unit')));
const api = split(filter(files('test/api')));
const e2e = filter(files('e2e'));
const sqlite = { TEST_DATABASE_URL: '' };
const postgres = process.env.TEST_DATABASE_URL ?? '';
const onPostgres = /^postgres(ql)?:\/\//.test(postgres);

const phases = [
  { name: 'unit', files: unit.inProcess, env: sqlite, concurrency },
  { name: 'cli', files: unit.spawning, env: sqlite, concurrency },
  { name: 'api on SQLite', files: api.inProcess, env: sqlite, concurrency },
  { name: 'processes on SQLite', files: api.spawning, env: sqlite, concurrency },
];
if (onPostgres) {
  phases.push({ name: 'api on PostgreSQL', files: api.inProcess, env: {}, concurrency, postgres: true });
  phases.push({ name: 'processes on PostgreSQL', files: api.spawning, env: {}, concurrency, postgres: true });
}
const wantBrowser = process.env.CI === 'true' || process.env.KENES_BROWSER_TESTS === '1' || existsSync('/usr/bin/chromium') || existsSync('/usr/lib/chromium/chromium-headless-shell');
if (wantBrowser) {
  phases.push({ name: 'browser on SQLite', files: e2e, env: sqlite, concurrency: browserConcurrency });
  if (onPostgres) phases.push({ name: 'browser on PostgreSQL', files: e2e, env: {}, concurrency: browserConcurrency, postgres: true });
} else console.log('# browser tests skipped: neither /usr/lib/chromium/chromium-headless-shell nor /usr/bin/chromium found');

/** CPU seconds (user + system) of the children this process has waited for, from /proc (Linux). */
function childCpuSeconds() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command name: field 3 is index 0, so cutime (16) and cstime (17) are 13 and 14.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Databases of this run still on the server: each is a failure; drop them so nothing piles up. */
async function leakedDatabases() {
  const admin = new pg.Client({ connectionString: postgres });
  await admin.connect();
  try {
    const r = await admin.query(`select datname from pg_database where datname like $1 order by datname`, [`kenes\\_t\\_${runTag}\\_%`]);
    const names = r.rows.map((row) => row.datname);
    for (const name of names) await admin.query(`drop database if exists "${name}" with (force)`);
    return names;
  } finally {
    await admin.end();
  }
}

/** The run's PostgreSQL template databases (kenes_tpl_<run tag>_…), which the tests copied: drop them. */
async function dropTemplates() {
  const admin = new pg.Client({ connectionString: postgres });
  await admin.connect();
  try {
    const r = await admin.query(`select datname from pg_database where datname like $1 order by datname`, [`kenes\\_tpl\\_${runTag}\\_%`]);
    const names = r.rows.map((row) => row.datname);
    for (const name of names) await admin.query(`drop database if exists "${name}" with (force)`);
    return names;
  } finally {
    await admin.end();
  }
}

const phaseWords = (process.env.KENES_TEST_PHASES ?? '').split(',').filter(Boolean);
const chosen = phaseWords.length ? phases.filter((p) => phaseWords.some((w) => p.name.includes(w))) : phases;

mkdirSync(join(root, '.test-results'), { recursive: true });
// Every test file's process appends {file, phase, wall, cpu} here when it exits (scripts/test-timing.mjs).
const timings = join(root, '.test-results', `${runTag}-files.jsonl`);

/**
 * What each file cost in the last run (CPU seconds by phase and file), to start the longest first: this
 * checkout's own last full run (.test-results/last-run-cpu.json), else the costs shipped with the
 * repository (scripts/test-costs.json, a full run's figures, refreshed with `--write-costs`), so a
 * fresh clone in CI starts its longest files first too.
 */
const historyFile = join(root, '.test-results', 'last-run-cpu.json');
const shippedCostsFile = join(root, 'scripts', 'test-costs.json');
const readCosts = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
};
const localHistory = readCosts(historyFile);
const history = { ...readCosts(shippedCostsFile), ...localHistory };
/** A file never timed: guess by its phase (browser files are the longest, pure unit files the shortest). */
const GUESS = { browser: 30, processes: 10, api: 4, cli: 4, unit: 1 };
function estimate(phase, file) {
  const known = history[`${phase.name}|${file}`];
  if (typeof known === 'number') return known;
  return Object.entries(GUESS).find(([word]) => phase.name.startsWith(word))?.[1] ?? 4;
}

function readTimings() {
  return (existsSync(timings) ? readFileSync(timings, 'utf8') : '')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

// Every file of every chosen phase is one job; jobs of all phases share one pool of `concurrency`
// slots (browser files: at most `browserConcurrency` of them at once), longest expected first, so a
// phase's slow last file no longer leaves a core idle and the SQLite and PostgreSQL runs interleave.
const jobs = chosen.flatMap((phase) => phase.files.map((file) => ({ phase, file, cost: estimate(phase, file) })));
jobs.sort((a, b) => b.cost - a.cost);
const slots = Math.max(1, Math.min(concurrency, jobs.length));
// A browser file waits on Chromium and its server about half its wall time (phone: 55 CPU-s in 144 s):
// while one runs, one more file than cores may run, so that wait does not leave a core idle
// (KENES_TEST_CONCURRENCY fixes the number exactly; KENES_TEST_EXTRA_SLOT=0 turns this off).
const extraSlot = !fixed && process.env.KENES_TEST_EXTRA_SLOT !== '0' && jobs.length > slots ? 1 : 0;
console.log(`## ${jobs.length} test files in ${chosen.filter((p) => p.files.length).map((p) => `${p.name} (${p.files.length})`).join(', ')}; ${slots} at a time${extraSlot ? ', one more while a browser file runs' : ''}`);

// Test files run compiled, from one bundle built now (ADR 0009; KENES_TEST_BUNDLE=0 runs them through
// tsx as before); the processes they start (the CLI, servers, sortition workers) load it too.
const bundleDir = join(root, '.test-results', `bundle-${runTag}`);
let compiled = null;
if (process.env.KENES_TEST_BUNDLE !== '0') {
  const t0 = Date.now();
  const toBundle = [...new Set(jobs.map((j) => j.file))].filter((f) => bundleable(root, f));
  try {
    compiled = { path: await buildTestBundle(root, toBundle, bundleDir), files: new Set(toBundle) };
    console.log(`## compiled ${toBundle.length} test files and the CLI in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (err) {
    console.log(`## could not compile the test bundle, running through tsx: ${err.message}`);
  }
}

const results = new Map(chosen.map((p) => [p.name, { passed: 0, failed: 0, first: Number.POSITIVE_INFINITY, last: 0, crashed: [] }]));
let passed = 0;
let failed = 0;
const started = Date.now();
const cpuAtStart = childCpuSeconds();

/** Runs one test file in its own process: spec output buffered and printed when it ends, counts from TAP. */
function runJob(job, index) {
  return new Promise((resolvePromise) => {
    const tap = join(root, '.test-results', `${runTag}-${index}.tap`);
    const t0 = Date.now();
    const fromBundle = compiled?.files.has(job.file);
    const child = spawn(
      process.execPath,
      [
        ...(fromBundle ? [] : ['--import', 'tsx']),
        '--import', './scripts/test-timing.mjs',
        '--test-reporter=spec', '--test-reporter-destination=stdout',
        '--test-reporter=tap', `--test-reporter-destination=${tap}`,
        ...passThrough,
        fromBundle ? compiled.path(job.file) : job.file,
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          ...job.phase.env,
          ...(compiled ? { KENES_BUNDLE_DIR: bundleDir } : {}),
          KENES_TEST_FILE: job.file,
          KENES_TEST_PHASE: job.phase.name,
          KENES_TEST_RUN: runTag,
          KENES_TEST_TIMINGS: timings,
          KENES_TEST_TMPDIR: testTmpDir,
          KENES_TEST_RUNNER_PID: String(process.pid),
        },
      },
    );
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    // A file that hangs (a promise nothing will settle) must fail the run, not hold CI to its limit.
    let timedOut = false;
    const limit = setTimeout(() => {
      timedOut = true;
      out.push(Buffer.from(`\n# ${job.file} did not end within ${fileTimeoutS} s (KENES_TEST_FILE_TIMEOUT_S): stopped\n`));
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }, fileTimeoutS * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(limit);
      const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
      rmSync(tap, { force: true });
      const p = Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0);
      let f = Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0);
      const r = results.get(job.phase.name);
      if ((code !== 0 || signal || timedOut) && f === 0) {
        f = 1; // a crash outside any test still fails the run
        r.crashed.push(timedOut ? `${job.file} (stopped after ${fileTimeoutS} s)` : job.file);
      }
      r.passed += p;
      r.failed += f;
      r.first = Math.min(r.first, t0);
      r.last = Math.max(r.last, Date.now());
      process.stdout.write(`\n# ${job.phase.name} › ${job.file}: ${p} passed, ${f} failed (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
      process.stdout.write(Buffer.concat(out));
      resolvePromise();
    });
  });
}

let next = 0;
let browsersRunning = 0;
let running = 0;
const isBrowser = (job) => job.phase.name.startsWith('browser');
/**
 * Whether a free slot may start `job` now: up to `slots` files, and one more while a browser file runs.
 * A browser file may take the extra slot too (at most `browserConcurrency` of them), so that when one
 * of two browser files ends beside a third file, the next browser file still starts.
 */
function mayStart(job) {
  if (isBrowser(job)) return browsersRunning < browserConcurrency && running < slots + extraSlot;
  if (running < slots) return true;
  return running < slots + extraSlot && browsersRunning > 0;
}
async function worker() {
  for (;;) {
    // The longest pending job this slot may take (a browser file only while fewer than the limit run).
    const i = jobs.findIndex((j, k) => k >= next && !j.taken && mayStart(j));
    if (i < 0) {
      if (jobs.some((j) => !j.taken)) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      return;
    }
    const job = jobs[i];
    job.taken = true;
    while (next < jobs.length && jobs[next].taken) next++;
    if (isBrowser(job)) browsersRunning++;
    running++;
    await runJob(job, i);
    running--;
    if (isBrowser(job)) browsersRunning--;
  }
}
await Promise.all(Array.from({ length: slots + extraSlot }, worker));

const fileTimings = readTimings();
for (const phase of chosen) {
  if (!phase.files.length) continue;
  const r = results.get(phase.name);
  const rows = fileTimings.filter((t) => t.phase === phase.name).sort((a, b) => b.cpu - a.cpu);
  const cpu = rows.reduce((sum, t) => sum + t.cpu, 0);
  console.log(`\n## ${phase.name}: per file (cpu s, wall s)`);
  for (const t of rows) console.log(`##   ${t.cpu.toFixed(1).padStart(6)} ${t.wall.toFixed(1).padStart(6)}  ${t.file}`);
  for (const file of r.crashed) console.log(`##   crashed: ${file}`);
  const span = r.last ? (r.last - r.first) / 1000 : 0;
  console.log(`## ${phase.name}: ${r.passed} passed, ${r.failed} failed (${phase.files.length} files, cpu ${cpu.toFixed(1)} s, from first start to last end ${span.toFixed(1)} s)`);
  passed += r.passed;
  failed += r.failed;
}
if (onPostgres && chosen.some((p) => p.postgres && p.files.length)) {
  const leaked = await leakedDatabases().catch((err) => [`(could not list databases: ${err.message})`]);
  if (leaked.length) {
    console.log(`## leaked PostgreSQL database(s), now dropped: ${leaked.join(', ')}`);
    failed += 1;
  }
}
// Next run starts the longest files first.
if (!only.length && !passThrough.length) {
  const merged = { ...localHistory };
  for (const t of fileTimings) merged[`${t.phase}|${t.file}`] = Math.round(t.cpu * 10) / 10;
  const sorted = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(historyFile, `${JSON.stringify(sorted, null, 1)}\n`);
  if (writeCosts) writeFileSync(shippedCostsFile, `${JSON.stringify(sorted, null, 1)}\n`);
}
rmSync(timings, { force: true });
rmSync(bundleDir, { recursive: true, force: true });
// The run's templates (test/helpers/db.ts): migrated, or migrated and seeded, databases that tests copy.
rmSync(join(testTmpDir, `kenes-tpl-${runTag}`), { recursive: true, force: true });
if (onPostgres) {
  const dropped = await dropTemplates().catch((err) => {
    console.log(`## could not drop this run's PostgreSQL templates: ${err.message}`);
    failed += 1;
    return [];
  });
  if (dropped.length) console.log(`# dropped ${dropped.length} PostgreSQL template database(s) of this run`);
}
console.log(`\n# total wall ${((Date.now() - started) / 1000).toFixed(1)} s, cpu ${(childCpuSeconds() - cpuAtStart).toFixed(1)} s (test processes and what they waited for; not the PostgreSQL server)`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
