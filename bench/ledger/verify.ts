// Verifying an export of 1,000,000 entries. Writes (once, then reuses) an export file in the exact
// format the server streams — realistic event entries, block skeleton, Ed25519-signed head — then
// times the verifier in-process and as the real command `kenes ledger verify FILE --key KEY`.
// Run: node --import tsx bench/ledger/verify.ts [entries]
import { execFileSync } from 'node:child_process';
import { createWriteStream, createReadStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, type Hash, hashLeaf, toHex, TreeBuilder } from '../../src/core/merkle/index.ts';
import { blockLevel, entryLine } from '../../src/core/ledger/exportFormat.ts';
import { generateSigningKey, loadSigningKey, parsePublicKey, signHead } from '../../src/core/ledger/signing.ts';
import { linesOf, verifyExport } from '../../src/core/ledger/verifyExport.ts';

const N = Number(process.argv[2] ?? 1_000_000);
const file = join(tmpdir(), `kenes-ledger-export-${N}.jsonl`);
const keyFile = `${file}.pub`;
const KINDS = ['proposal.published', 'signature.threshold', 'draw.committed', 'vote.recorded', 'response.published', 'deadline.missed'];

async function write() {
  const keys = generateSigningKey();
  const level = blockLevel(N);
  const blocks: Hash[] = [];
  const b = new TreeBuilder();
  const lines: string[] = [];
  for (let i = 0; i < N; i++) {
    const entry = canonicalJson({
      kind: KINDS[i % KINDS.length],
      subject: `proposal/${i % 5000}`,
      time: new Date(Date.UTC(2026, 9, 17) + i * 1000).toISOString(),
      payload: { proposal: i % 5000, signatures: 50_000 + i, region: 'KZ-75', threshold: 50_000, charter: 'kz-2026.1' },
    });
    b.push(hashLeaf(entry), (l, _idx, h) => {
      if (l === level) blocks.push(h);
    });
    lines.push(entryLine(i, entry));
  }
  const trailing = b.trailingBelow(level);
  if (trailing) blocks.push(trailing);
  const head = signHead(loadSigningKey(keys.privateKeyBase64), { size: N, root_hash: toHex(b.root()), timestamp: new Date().toISOString() });
  const out = createWriteStream(file);
  out.write(`${JSON.stringify({ type: 'head', ...head, block_level: level, blocks: blocks.map(toHex) })}\n`);
  for (let i = 0; i < lines.length; i += 10_000) {
    if (!out.write(`${lines.slice(i, i + 10_000).join('\n')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  writeFileSync(keyFile, keys.publicKeyBase64);
}

if (!existsSync(file) || !existsSync(keyFile)) await write();
const publicKey = readFileSync(keyFile, 'utf8');
console.log(`export of ${N.toLocaleString('en')} entries, ${(statSync(file).size / 1e6).toFixed(0)} MB: ${file}`);

const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
const report = await verifyExport(linesOf(createReadStream(file, { highWaterMark: 1 << 20 })), { publicKey: parsePublicKey(publicKey) });
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(c0);
if (!report.ok || report.entries !== N) throw new Error(`verification failed: ${report.problems.join('; ')}`);
console.log(`in-process verifyExport: ${seconds.toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU`);

const root = new URL('../../', import.meta.url).pathname;
const t1 = Date.now();
const out = execFileSync(process.execPath, [join(root, 'bin/kenes.mjs'), 'ledger', 'verify', file, '--key', publicKey], { encoding: 'utf8' });
console.log(`kenes ledger verify FILE --key KEY (whole command, incl. start-up): ${((Date.now() - t1) / 1000).toFixed(2)} s wall → ${out.trim()}`);
