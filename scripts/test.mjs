#!/usr/bin/env node
// Runs the whole suite in phases, each phase's files concurrently (one process per file):
//   unit                      pure tests in test/unit (no child processes, no database)
//   cli                       test/unit files that start processes (the `kenes` CLI)
//   api on SQLite             test/api files that run in-process (each file has its own database)
//   processes on SQLite       test/api files that start processes (servers, CLIs, sweepers)
//   api / processes on PostgreSQL, when TEST_DATABASE_URL is set
//   browser on SQLite (and on PostgreSQL), in Chromium when /usr/bin/chromium exists or under CI
// A file "starts processes" when it, or a file it imports by a relative path, imports
// node:child_process: such files spend their time in process start-up and timing, so they get their own
// phase and concurrency instead of crowding the fast ones.
//
// After each PostgreSQL phase, any database this run created (named kenes_t_<run tag>_…, see
// test/helpers/db.ts) that still exists counts as one failure naming it, and is dropped.
//
//   node scripts/test.mjs                      everything
//   node scripts/test.mjs WORD…                only files whose path contains a WORD, in every phase
//   node scripts/test.mjs WORD --test-name-pattern="petition"    options starting with - go to node --test
// KENES_TEST_PHASES=WORD,… runs only the phases whose name contains a WORD (e.g. "PostgreSQL").
// Concurrency: the number of cores per phase (browser: KENES_TEST_BROWSER_CONCURRENCY, default 2);
// KENES_TEST_CONCURRENCY=N sets every phase (1 = the old serial run).
// Prints "## phase: N passed, N failed (wall, cpu)" per phase and ends with "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('-'));
const passThrough = args.filter((a) => a.startsWith('-'));
const cores = availableParallelism();
const fixed = Number(process.env.KENES_TEST_CONCURRENCY) || 0;
const browserConcurrency = fixed || Number(process.env.KENES_TEST_BROWSER_CONCURRENCY) || 2;
const concurrency = fixed || cores;
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
const wantBrowser = process.env.CI === 'true' || process.env.KENES_BROWSER_TESTS === '1' || existsSync('/usr/bin/chromium');
if (wantBrowser) {
  phases.push({ name: 'browser on SQLite', files: e2e, env: sqlite, concurrency: browserConcurrency });
  if (onPostgres) phases.push({ name: 'browser on PostgreSQL', files: e2e, env: {}, concurrency: browserConcurrency, postgres: true });
} else console.log('# browser tests skipped: /usr/bin/chromium not found');

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

/** Per-file wall and CPU seconds of a phase, most CPU first (files that crashed before exit are missing). */
function printFileTimings(phaseName) {
  const rows = (existsSync(timings) ? readFileSync(timings, 'utf8') : '')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .filter((r) => r.phase === phaseName)
    .sort((a, b) => b.cpu - a.cpu);
  if (!rows.length) return;
  console.log(`## ${phaseName}: per file (cpu s, wall s)`);
  for (const r of rows) console.log(`##   ${r.cpu.toFixed(1).padStart(6)} ${r.wall.toFixed(1).padStart(6)}  ${r.file}`);
}
let passed = 0;
let failed = 0;
const started = Date.now();
for (const phase of chosen) {
  if (!phase.files.length) continue;
  const n = Math.min(phase.concurrency, phase.files.length);
  console.log(`\n## ${phase.name}: ${phase.files.length} files, ${n} at a time`);
  const tap = join(root, '.test-results', `${process.pid}-${phase.name.replace(/\W+/g, '-')}.tap`);
  const t0 = Date.now();
  const cpu0 = childCpuSeconds();
  const r = spawnSync(
    process.execPath,
    [
      '--import', 'tsx',
      '--import', './scripts/test-timing.mjs',
      '--test',
      `--test-concurrency=${n}`,
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${tap}`,
      ...passThrough,
      ...phase.files,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, ...phase.env, KENES_TEST_PHASE: phase.name, KENES_TEST_RUN: runTag, KENES_TEST_TIMINGS: timings, KENES_TEST_TMPDIR: testTmpDir } },
  );
  const wall = (Date.now() - t0) / 1000;
  const cpu = childCpuSeconds() - cpu0;
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  rmSync(tap, { force: true });
  const p = Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0);
  let f = Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0);
  if (r.status !== 0 && f === 0) f = 1; // a crash outside any test still fails the run
  if (phase.postgres) {
    const leaked = await leakedDatabases().catch((err) => [`(could not list databases: ${err.message})`]);
    if (leaked.length) {
      console.log(`## ${phase.name}: leaked PostgreSQL database(s), now dropped: ${leaked.join(', ')}`);
      f += 1;
    }
  }
  printFileTimings(phase.name);
  console.log(`## ${phase.name}: ${p} passed, ${f} failed (wall ${wall.toFixed(1)} s, cpu ${cpu.toFixed(1)} s)`);
  passed += p;
  failed += f;
}
rmSync(timings, { force: true });
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
console.log(`\n# total wall ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
