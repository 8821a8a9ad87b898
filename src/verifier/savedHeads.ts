// Saved heads, kept as heads/0001.json, heads/0002.json, …: each verification adds the head it
// checked when it differs from the last one, and never overwrites a file, so the folder is the
// reader's own record of what the log showed them, in order.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../cli/errors.ts';
import type { Cosignature } from '../core/ledger/cosign.ts';
import type { SignedHead } from '../core/ledger/signing.ts';

export interface SavedHead extends SignedHead {
  cosignatures?: Cosignature[];
  /** Where the head was fetched from, so `consistency` can ask for a proof later. */
  source?: string;
}

const NAME = /^(\d{4,})\.json$/;

export function readHeadFile(file: string, flag = '--head'): SavedHead {
  let h: SavedHead;
  try {
    h = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError(`${flag} ${file}: cannot read a saved head (${(e as Error).message})`, 2);
  }
  if (!Number.isSafeInteger(h?.size) || typeof h.root_hash !== 'string' || typeof h.signature !== 'string' || typeof h.timestamp !== 'string') {
    throw new CliError(`${flag} ${file}: not a signed tree head (size, root_hash, timestamp, signature)`, 2);
  }
  return h;
}

/** The numbered files of a heads folder, oldest first (a missing folder has none). */
export function savedHeadFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => NAME.test(n))
    .sort((a, b) => Number(NAME.exec(a)![1]) - Number(NAME.exec(b)![1]))
    .map((n) => join(dir, n));
}

export function lastSavedHead(dir: string): { file: string; head: SavedHead } | undefined {
  const files = savedHeadFiles(dir);
  const file = files.at(-1);
  return file ? { file, head: readHeadFile(file, '--head-dir') } : undefined;
}

/** Adds `head` as the next numbered file unless it is the last one saved; returns the new file. */
export function keepHead(dir: string, head: SavedHead): string | undefined {
  const last = lastSavedHead(dir);
  if (last && last.head.size === head.size && last.head.root_hash === head.root_hash) return undefined;
  mkdirSync(dir, { recursive: true });
  const next = last ? Number(NAME.exec(last.file.split(/[\\/]/).pop()!)![1]) + 1 : 1;
  const file = join(dir, `${String(next).padStart(4, '0')}.json`);
  // `wx`: fail rather than overwrite, should two runs race for the same number.
  writeFileSync(file, `${JSON.stringify(head, null, 2)}\n`, { flag: 'wx' });
  return file;
}
