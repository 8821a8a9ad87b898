// Witness processes and history rewrites for the witnessed-ledger tests.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashLeaf, toHex, TreeBuilder, treeRoot } from '../../src/core/merkle/index.ts';
import { saveHead, withNodes } from '../../src/modules/ledger/repository.ts';
import { type SigningKey, signHead } from '../../src/core/ledger/signing.ts';
import type { TestDb } from './db.ts';

export const root = new URL('../../', import.meta.url).pathname;

export interface WitnessKeyFiles {
  file: string;
  publicKey: string;
}

export function witnessKeyFile(dir: string, name: string): WitnessKeyFiles {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const file = join(dir, `${name}.key`);
  writeFileSync(file, privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'), { mode: 0o600 });
  return { file, publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') };
}

export interface WitnessProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts `kenes witness` as its own process and waits until it listens. */
export async function startWitness(args: string[]): Promise<WitnessProcess> {
  const child = spawn(process.execPath, [join(root, 'bin/kenes.mjs'), 'witness', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const m = /listening on (http:\/\/\S+)/.exec(out);
    if (m) return { child, url: m[1], output: () => out };
    if (child.exitCode !== null) throw new Error(`witness exited: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`witness did not start: ${out}`);
}

export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await done;
}

export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs a command without blocking this process's event loop (the server under test lives here). */
export function run(cmd: string, args: string[], cwd = root, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env: { ...process.env, LOG_LEVEL: 'silent', ...env } }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err });
    });
  });
}

/**
 * What a dishonest operator holding the platform key can do: change one entry, rebuild every stored
 * subtree from the entries, and re-sign every head size with the new roots (cosignatures stay).
 */
export async function rewriteHistory(db: TestDb, index: number, mutate: (entry: string) => string, key: SigningKey): Promise<void> {
  const rows = await db.db.selectFrom('ledger_entry').select(['idx', 'entry']).orderBy('idx').execute();
  const changed = mutate(rows[index].entry);
  if (changed === rows[index].entry) throw new Error('the rewrite changed nothing');
  rows[index].entry = changed;
  await db.db.updateTable('ledger_entry').set({ entry: changed }).where('idx', '=', index).execute();
  await db.db.deleteFrom('ledger_node').execute();
  const nodes: { level: number; idx: number; hash: Buffer }[] = [];
  const b = new TreeBuilder();
  for (const r of rows) b.push(hashLeaf(r.entry), (level, idx, hash) => nodes.push({ level, idx, hash }));
  for (let i = 0; i < nodes.length; i += 500) await db.db.insertInto('ledger_node').values(nodes.slice(i, i + 500)).execute();
  const heads = await db.db.selectFrom('ledger_head').select(['size', 'timestamp']).execute();
  await db.db.deleteFrom('ledger_head').execute();
  for (const h of heads) {
    const size = Number(h.size);
    const rootHash = toHex(await withNodes(db.db, (read) => treeRoot(read, size)));
    await saveHead(db.db, signHead(key, { size, root_hash: rootHash, timestamp: h.timestamp }));
  }
}
