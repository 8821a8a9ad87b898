#!/usr/bin/env node
// Runs the whole suite: pure unit tests once, then API tests and browser tests (in Chromium, when
// /usr/bin/chromium exists, or always under CI) on SQLite and, when TEST_DATABASE_URL is set, again on
// PostgreSQL.
// Prints a final line "N passed, N failed" summed over every phase.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);

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

const phases = [
  { name: 'unit', files: filter(files('test/unit')), env: {} },
  { name: 'api on SQLite', files: filter(files('test/api')), env: { TEST_DATABASE_URL: '' } },
];
if (process.env.TEST_DATABASE_URL) {
  phases.push({ name: 'api on PostgreSQL', files: filter(files('test/api')), env: {} });
}
const wantBrowser = process.env.CI === 'true' || process.env.KENES_BROWSER_TESTS === '1' || existsSync('/usr/bin/chromium');
if (wantBrowser) {
  phases.push({ name: 'browser on SQLite', files: filter(files('e2e')), env: { TEST_DATABASE_URL: '' } });
  if (process.env.TEST_DATABASE_URL) phases.push({ name: 'browser on PostgreSQL', files: filter(files('e2e')), env: {} });
} else console.log('# browser tests skipped: /usr/bin/chromium not found');

mkdirSync(join(root, '.test-results'), { recursive: true });
let passed = 0;
let failed = 0;
for (const phase of phases) {
  if (!phase.files.length) continue;
  console.log(`\n## ${phase.name}: ${phase.files.length} files`);
  const tap = join(root, '.test-results', `${process.pid}-${phase.name.replace(/\W+/g, '-')}.tap`);
  const r = spawnSync(
    process.execPath,
    [
      '--import', 'tsx',
      '--test',
      '--test-concurrency=1',
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${tap}`,
      ...phase.files,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, ...phase.env, KENES_TEST_PHASE: phase.name } },
  );
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  rmSync(tap, { force: true });
  const p = Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0);
  let f = Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0);
  if (r.status !== 0 && f === 0) f = 1; // a crash outside any test still fails the run
  console.log(`## ${phase.name}: ${p} passed, ${f} failed`);
  passed += p;
  failed += f;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
