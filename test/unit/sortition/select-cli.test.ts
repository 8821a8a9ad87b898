// The `kenes select` command, run as a process (so it runs in the cli phase, not with the pure tests).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FIXTURES, SEED } from './helpers.ts';

const BIN = fileURLToPath(new URL('../../../bin/kenes.mjs', import.meta.url));
const small = fileURLToPath(new URL('example_small_20/', FIXTURES));
const kenes = (...args: string[]) => spawnSync(process.execPath, [BIN, 'select', ...args], { encoding: 'utf8' });
const inputs = ['--categories', join(small, 'categories.csv'), '--respondents', join(small, 'respondents.csv')];

test('kenes select: run --json keeps stdout clean, verify confirms, a tampered report fails', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kenes-select-'));
  const out = join(dir, 'report.json');
  const run = kenes('run', ...inputs, '--k', '20', '--entropy', 'lotto 1 2 3', '--json', '--out', out, '--html', join(dir, 'r.html'));
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout);
  assert.equal(report.draw.members.length, 20);
  assert.match(run.stderr, /\[leximin\] level 1/);
  const ok = kenes('verify', out);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^verified: leximin draw/);
  const tampered = JSON.parse(readFileSync(out, 'utf8'));
  tampered.draw.ticket = (tampered.draw.ticket + 1) % 1000;
  writeFileSync(out, JSON.stringify(tampered));
  const bad = kenes('verify', out);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^kenes: verification failed: "draw" differs/);
  const commit = kenes('commit', ...inputs, '--k', '20', '--entropy-source', 'lotto 2026-12-01');
  assert.equal(commit.status, 0, commit.stderr);
  assert.ok(commit.stdout.includes(`input hash: ${report.inputHash}`));
});

test('kenes select: bad input is one line naming the file and exit code 2', () => {
  const big = kenes('run', ...inputs, '--k', '500', '--seed', SEED);
  assert.equal(big.status, 2);
  assert.match(big.stderr, /^kenes: panel size k=500 is out of range 1\.\.200/);
  assert.equal(big.stderr.trim().split('\n').length, 1);
  const missing = kenes('run', '--categories', join(small, 'nope.csv'), '--respondents', join(small, 'respondents.csv'), '--k', '2');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.csv: ENOENT/);
});

test('kenes select verify --certificate: "optimal, proven" without a solver; a tampered multiplier names its level', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kenes-select-cert-'));
  const out = join(dir, 'report.json');
  const run = kenes('run', ...inputs, '--k', '20', '--seed', SEED, '--quiet', '--out', out);
  assert.equal(run.status, 0, run.stderr);
  const ok = kenes('verify', out, '--certificate');
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^optimal, proven: \d+ levels/);
  const tampered = JSON.parse(readFileSync(out, 'utf8'));
  tampered.certificate.levels[0].size -= 0.05;
  writeFileSync(out, JSON.stringify(tampered));
  const bad = kenes('verify', out, '--certificate');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^kenes: certificate check failed: not proven: level 1 of \d+ fails: the multipliers only prove a bound of/);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
});

test('kenes select run --distribution maxentropy: verify reruns it, a tampered one fails, a bad value is one line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kenes-select-maxent-'));
  const out = join(dir, 'report.json');
  const run = kenes('run', ...inputs, '--k', '20', '--seed', SEED, '--quiet', '--distribution', 'maxentropy', '--out', out);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /maxentropy distribution: entropy over type panels [\d.]+ nats/);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(report.distributionRule, 'maxentropy');
  const ok = kenes('verify', out);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^verified: leximin \(maxentropy distribution\) draw/);
  report.distribution.probs[1] = report.distribution.probs[1] * (1 + 1e-9);
  writeFileSync(out, JSON.stringify(report));
  const bad = kenes('verify', out);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^kenes: verification failed: "distribution" differs/);
  const commit = kenes('commit', ...inputs, '--k', '20', '--distribution', 'maxentropy');
  assert.equal(commit.status, 0, commit.stderr);
  assert.ok(commit.stdout.includes(`input hash: ${report.inputHash}`));
  const wrong = kenes('run', ...inputs, '--k', '20', '--seed', SEED, '--distribution', 'uniform');
  assert.equal(wrong.status, 2);
  assert.equal(wrong.stderr.trim().split('\n').length, 1);
  assert.match(wrong.stderr, /^kenes: --distribution must be one of leximin, maxentropy, got "uniform"/);
});
