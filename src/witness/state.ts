// A witness's memory: the last head it cosigned, the log key it trusts, and its recent refusals.
// Written atomically (temporary file, fsync, rename), so a witness killed at any moment restarts
// with either the old state or the new one, never a torn file.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { Cosignature } from '../core/ledger/cosign.ts';
import type { SignedHead } from '../core/ledger/signing.ts';

export interface Refusal {
  at: string;
  size: number;
  root_hash: string;
  reason: string;
}

export interface WitnessState {
  /** The log key the witness trusts (pinned by --log-key, or the first one it saw). */
  log_key?: string;
  last?: { head: SignedHead; cosignature: Cosignature };
  refusals: Refusal[];
}

export function readState(file: string): WitnessState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { refusals: [] };
    throw e;
  }
  const s = JSON.parse(text) as WitnessState;
  return { ...s, refusals: s.refusals ?? [] };
}

export function writeState(file: string, state: WitnessState): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(state, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
