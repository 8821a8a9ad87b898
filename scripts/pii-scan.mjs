#!/usr/bin/env node
// Personal-data scan: finds IINs (12 digits whose date, century digit and check digit are valid, by
// src/core/iin.ts itself) in database files, logs and exports, so that none reaches an artefact.
//
//   node scripts/pii-scan.mjs [--allow FILE] PATH...      (files or folders, read recursively)
//
// Prints each hit as path:byte offset with the number masked, then "IINs found = N"; exits 1 on any
// hit, 2 on bad usage. Numbers in the allow-list (default scripts/pii-allow.txt: one per line, # for
// comments) are known synthetic fixtures and are not counted. Files are read as bytes, so SQLite pages
// and JSON lines are scanned alike. Not found: IINs stored as binary integers, in compressed files
// (pg_dump custom format, .gz) or in UTF-16 text. A 12-digit run inside a hex string of 32 or more
// characters (a hash, a pseudonym), or overlapping a UUID (its last group, run on into the value beside
// it in a SQLite record), is taken as part of it, not as an IIN.
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { register } from 'tsx/esm/api';

register();
const { parseIin } = await import('../src/core/iin.ts');

const ROOT = new URL('..', import.meta.url).pathname;
const CTX = 64;

function usage(msg) {
  process.stderr.write(`pii-scan: ${msg}\nusage: node scripts/pii-scan.mjs [--allow FILE] PATH...\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let allowFile = join(ROOT, 'scripts/pii-allow.txt');
const paths = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--allow') {
    allowFile = args[++i] ?? usage('--allow needs a file');
    if (!existsSync(allowFile)) usage(`--allow ${allowFile}: no such file`);
  } else if (args[i].startsWith('-')) usage(`unknown option ${args[i]}`);
  else paths.push(args[i]);
}
if (paths.length === 0) usage('give at least one file or folder to scan');

const allowed = new Set();
if (existsSync(allowFile)) {
  for (const [n, raw] of readFileSync(allowFile, 'utf8').split('\n').entries()) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    if (!/^\d{12}$/.test(line)) usage(`${allowFile}:${n + 1}: not a 12-digit number`);
    allowed.add(line);
  }
}

function filesUnder(p) {
  if (!existsSync(p)) usage(`${p}: no such file or folder`);
  const st = statSync(p);
  if (st.isFile()) return [p];
  if (!st.isDirectory()) return [];
  return readdirSync(p)
    .sort()
    .flatMap((name) => filesUnder(join(p, name)));
}

const HEX = /[0-9a-fA-F]/;
/** Length of the run of hex characters around [start, end) in text, counted up to 32 each way. */
function hexRun(text, start, end) {
  let a = start;
  let b = end;
  while (a > 0 && start - a < 32 && HEX.test(text[a - 1])) a--;
  while (b < text.length && b - end < 32 && HEX.test(text[b])) b++;
  return b - a;
}

const UUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g;
/**
 * Whether the 12 digits at `start` overlap a UUID (8-4-4-4-12 hex). A random UUID's last group is all
 * decimal digits about once in 280, and some of those pass the IIN check by chance. In a SQLite record
 * the column values lie side by side with no separator, so a UUID's last group that ends in digits runs
 * on into the next value (a UUID and then a date: "…-d64c63037781" "2026-11-23"), and such a run passed
 * the IIN check in a CI run's demo database. A number that starts after the UUID ends is still checked.
 */
function overlapsUuid(text, start) {
  const from = Math.max(0, start - 35);
  UUID.lastIndex = from;
  for (let m = UUID.exec(text); m && m.index < start + 12; m = UUID.exec(text)) if (m.index + 36 > start) return true;
  return false;
}

const mask = (iin) => `${iin.slice(0, 2)}${'*'.repeat(9)}${iin.slice(11)}`;
const CANDIDATE = /(?<!\d)\d{12}(?!\d)/g;
const hits = [];
let skippedAllowed = 0;
let bytes = 0;

/** Looks at candidates starting in [from, to) of text, whose first character is at absolute offset base. */
function scan(file, text, base, from, to) {
  CANDIDATE.lastIndex = from;
  for (let m = CANDIDATE.exec(text); m && m.index < to; m = CANDIDATE.exec(text)) {
    const iin = m[0];
    if (!parseIin(iin).valid) continue;
    if (hexRun(text, m.index, m.index + 12) >= 32 || overlapsUuid(text, m.index)) continue;
    if (allowed.has(iin)) {
      skippedAllowed++;
      continue;
    }
    hits.push({ file, offset: base + m.index, iin });
  }
}

async function scanFile(file) {
  let carry = '';
  let base = 0;
  let done = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    bytes += chunk.length;
    // latin1 keeps one character per byte, so offsets are byte offsets and digits stay digits.
    const text = carry + chunk.toString('latin1');
    const limit = text.length - (12 + CTX);
    if (limit > done - base) {
      scan(file, text, base, done - base, limit);
      done = base + limit;
    }
    // Keep enough before the next start for the look-behind and the hex context.
    const keep = Math.max(0, done - base - CTX - 1);
    carry = text.slice(keep);
    base += keep;
  }
  scan(file, carry, base, done - base, carry.length);
}

const files = paths.flatMap(filesUnder);
for (const f of files) await scanFile(f);
for (const h of hits) console.log(`${relative(process.cwd(), h.file) || h.file}:${h.offset}: IIN ${mask(h.iin)}`);
const distinct = new Set(hits.map((h) => h.iin)).size;
console.log(`IINs found = ${hits.length} (${distinct} distinct) in ${files.length} files, ${bytes} bytes; ${skippedAllowed} allow-listed fixture occurrences ignored`);
process.exit(hits.length ? 1 : 0);
