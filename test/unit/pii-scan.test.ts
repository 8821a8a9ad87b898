// scripts/pii-scan.mjs on planted data: a valid IIN in a log line, in a SQLite database and across a
// read-chunk boundary is found; one with a wrong check digit, one inside a hex pseudonym, one as the
// last group of a UUID, one run on from a UUID into the next column and an allow-listed fixture are not; a clean folder passes. The IIN itself is never printed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import SQLite from 'better-sqlite3';
import { makeIin, parseIin } from '../../src/core/iin.ts';

const script = new URL('../../scripts/pii-scan.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'kenes-pii-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function scan(...args: string[]) {
  const r = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const inLog = makeIin('1985-01-01', 'male', 123);
const inDb = makeIin('1992-07-14', 'female', 4321);
const atBoundary = makeIin('2003-11-30', 'male', 77);
const fixture = makeIin('1970-05-05', 'female', 5);
const inHash = makeIin('1999-09-09', 'male', 9);
// A random UUID whose last group happens to be all digits, and an IIN-valid one (a demo database had one).
const inUuid = makeIin('1953-02-11', 'female', 3);
// An IIN-valid run made of a UUID's last digits and the date stored beside it in a SQLite record (the
// values of a row lie side by side): a CI run's demo database had one.
const uuidThenDate = (() => {
  for (let day = 0; ; day++) {
    const date = new Date(Date.UTC(1960, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
    const iin = makeIin(date, 'male', 202);
    if (iin.endsWith('2026')) return iin;
  }
})();
// An IIN stored right after a UUID in the next column is still found.
const afterUuid = makeIin('1988-04-04', 'female', 44);
// The same first 11 digits with a wrong last digit: a 12-digit number, not an IIN.
const badCheck = inLog.slice(0, 11) + String((Number(inLog[11]) + 1) % 10);

test('the planted numbers are what they claim to be', () => {
  for (const n of [inLog, inDb, atBoundary, fixture, inHash, inUuid, uuidThenDate, afterUuid]) assert.equal(parseIin(n).valid, true, n);
  assert.equal(parseIin(badCheck).valid, false);
  assert.equal(parseIin(badCheck).reason.code, 'checkDigitMismatch');
});

test('finds valid IINs in logs, database files and across chunk boundaries; ignores the rest', () => {
  const found = join(dir, 'found');
  mkdirSync(join(found, 'logs'), { recursive: true });
  writeFileSync(join(found, 'logs', 'server.log'), `{"msg":"sign-in","claims":{"iin":"${inLog}"}}\n{"msg":"other","n":"${badCheck}"}\n{"pseudonym":"ab${'f'.repeat(10)}${inHash}${'c'.repeat(40)}"}\n{"session":"f070f284-614a-47f0-bf05-${inUuid}"}\nfixture ${fixture}\n`);
  const db = new SQLite(join(found, 'kenes.db'));
  db.exec('create table people (name text, iin text)');
  db.prepare('insert into people values (?, ?)').run('Dana', inDb);
  db.prepare('insert into people values (?, ?)').run('1c51ddaf-42b9-49e7-9706-e9f077e26eea', afterUuid);
  db.exec('create table votes (id text, date text)');
  db.prepare('insert into votes values (?, ?)').run(`b6d47ba1-fdbe-435a-aebf-abcd${uuidThenDate.slice(0, 8)}`, `${uuidThenDate.slice(8)}-11-23`);
  db.close();
  // 1 MiB is the read chunk: the number straddles the end of the first one.
  const big = Buffer.alloc((1 << 20) + 100, 0x20);
  big.write(atBoundary, (1 << 20) - 5, 'latin1');
  writeFileSync(join(found, 'export.jsonl'), big);
  const allow = join(dir, 'allow.txt');
  writeFileSync(allow, `# synthetic fixtures\n${fixture}\n`);

  const r = scan('--allow', allow, found);
  assert.equal(r.code, 1, r.err);
  assert.match(r.out, /^IINs found = 4 \(4 distinct\) in 3 files, \d+ bytes; 1 allow-listed fixture occurrences ignored$/m);
  assert.match(r.out, new RegExp(`export\\.jsonl:${(1 << 20) - 5}: IIN `));
  assert.match(r.out, /server\.log:\d+: IIN /);
  assert.match(r.out, /kenes\.db:\d+: IIN /);
  for (const n of [inLog, inDb, atBoundary, fixture, inHash, afterUuid]) assert.ok(!r.out.includes(n), 'the number is masked');

  // Without the allow-list the fixture counts too.
  assert.match(scan('--allow', join(dir, 'empty-allow.txt'), found).err, /no such file/);
  writeFileSync(join(dir, 'empty-allow.txt'), '');
  assert.match(scan('--allow', join(dir, 'empty-allow.txt'), found).out, /^IINs found = 5 /m);
});

test('a clean folder passes with IINs found = 0; bad usage exits 2', () => {
  const clean = join(dir, 'clean');
  mkdirSync(clean);
  writeFileSync(join(clean, 'a.log'), `nothing here but ${badCheck} and 1234567890123 and ${'9'.repeat(12)}\n`);
  const r = scan(clean);
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /^IINs found = 0 /m);
  assert.equal(scan().code, 2);
  assert.equal(scan(join(dir, 'missing')).code, 2);
});
