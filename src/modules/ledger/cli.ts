// `kenes ledger keygen | export | verify | head`: the public ledger from the command line. `verify`
// works offline on a file or on the export URL of any running instance, and needs no database.
import type { KeyObject } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../../config.ts';
import { type Db, openDb } from '../../db/connection.ts';
import { appendPending } from './appender.ts';
import { exportLines } from './export.ts';
import { issueHead } from './heads.ts';
import { generateSigningKey, loadSigningKey, parsePublicKey, type SignedHead, type SigningKey } from './signing.ts';
import { linesOf, verifyExport } from './verifyExport.ts';
import { CliError } from '../../cli/errors.ts';

function openConfiguredDb(flags: { db?: string }): { db: Db; ledgerKey?: string } {
  try {
    const config = loadConfig(process.env, flags);
    return { db: openDb(config.databaseUrl), ledgerKey: config.ledgerKey };
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(e.message, 2);
    throw e;
  }
}

/** A missing table means an unmigrated database: say so in one line instead of a stack trace. */
function dbError(e: unknown): never {
  const msg = e instanceof Error ? e.message : String(e);
  if (/no such table|does not exist|no such column/.test(msg)) throw new CliError('the database has no ledger tables yet: run `kenes migrate` first', 2);
  throw e;
}

/** The export URL for an instance's base URL, one of its ledger pages, or the export URL itself. */
export function exportUrl(source: string): string {
  const u = new URL(source);
  if (!u.pathname.endsWith('/api/v1/ledger/export')) {
    // Someone may paste the address of a ledger page (/ledger, /ledger/verify, …): use its instance.
    const base = u.pathname.replace(/\/ledger(\/.*)?$/, '').replace(/\/$/, '');
    u.pathname = `${base}/api/v1/ledger/export`;
    u.search = '';
  }
  return u.toString();
}

async function* fromUrl(url: string): AsyncGenerator<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new CliError(`cannot fetch ${url}: ${(e as Error).message}`, 1);
  }
  if (!res.ok || !res.body) throw new CliError(`cannot fetch ${url}: HTTP ${res.status}`, 1);
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

function readSavedHead(file: string): SignedHead {
  let h: SignedHead;
  try {
    h = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError(`--head ${file}: cannot read a saved head (${(e as Error).message})`, 2);
  }
  if (!Number.isSafeInteger(h?.size) || typeof h.root_hash !== 'string' || typeof h.signature !== 'string' || typeof h.timestamp !== 'string') {
    throw new CliError(`--head ${file}: not a signed tree head (size, root_hash, timestamp, signature)`, 2);
  }
  return h;
}

export function registerLedger(program: Command) {
  const ledger = program.command('ledger').description('the public, tamper-evident ledger (RFC 9162 Merkle log)');

  ledger
    .command('keygen')
    .description('make an Ed25519 key pair for signing tree heads (set KENES_LEDGER_KEY; publish the public key)')
    .action(() => {
      const k = generateSigningKey();
      console.log('# Secret: the platform signing key. Set it as KENES_LEDGER_KEY and keep it out of logs and backups in clear.');
      console.log(`KENES_LEDGER_KEY=${k.privateKeyBase64}`);
      console.log('# Public: publish it; verifiers pin it with `kenes ledger verify … --key`.');
      console.log(`KENES_LEDGER_PUBLIC_KEY=${k.publicKeyBase64}`);
    });

  ledger
    .command('export')
    .description('write the ledger as JSON lines up to the latest signed head (the same as GET /api/v1/ledger/export)')
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--db <url>', 'database (env DATABASE_URL)')
    .action(async (flags: { out?: string; db?: string }) => {
      const { db } = openConfiguredDb(flags);
      const out = flags.out ? createWriteStream(flags.out) : process.stdout;
      try {
        for await (const chunk of exportLines(db.db)) {
          if (!out.write(chunk)) await once(out, 'drain');
        }
      } catch (e) {
        dbError(e);
      } finally {
        await db.close();
        if (flags.out) {
          out.end();
          await once(out, 'finish');
        }
      }
    });

  ledger
    .command('verify')
    .description('check an export offline: recompute the tree, check the head signature and consistency with a saved head')
    .argument('<source>', 'an export file, - for standard input, or the URL of an instance (or of its /api/v1/ledger/export)')
    .option('--key <pubkey>', 'the platform public key to trust: base64 SPKI DER, PEM, or a file holding either')
    .option('--head <file>', 'a signed head saved earlier (GET /api/v1/ledger/heads/latest): the export must extend it')
    .action(async (source: string, flags: { key?: string; head?: string }) => {
      let publicKey: KeyObject | undefined;
      try {
        publicKey = flags.key ? parsePublicKey(flags.key) : undefined;
      } catch (e) {
        throw new CliError((e as Error).message, 2);
      }
      const savedHead = flags.head ? readSavedHead(flags.head) : undefined;
      const isUrl = /^https?:\/\//.test(source);
      let chunks: AsyncIterable<Uint8Array | string>;
      if (isUrl) chunks = fromUrl(exportUrl(source));
      else if (source === '-') chunks = process.stdin;
      else {
        const stream = createReadStream(source, { highWaterMark: 1 << 20 });
        await new Promise<void>((resolve, reject) => {
          stream.once('open', () => resolve());
          stream.once('error', (e) => reject(new CliError(`cannot read ${source}: ${e.message}`, 2)));
        });
        chunks = stream;
      }
      const report = await verifyExport(linesOf(chunks), { publicKey, savedHead });
      for (const note of report.notes) process.stderr.write(`note: ${note}\n`);
      if (!report.ok) {
        for (const p of report.problems.slice(1)) process.stderr.write(`  also: ${p}\n`);
        const where = report.firstBadEntry !== undefined ? `first bad entry ${report.firstBadEntry}: ` : '';
        throw new CliError(`ledger verify FAILED: ${where}${report.problems[0]}`, 1);
      }
      const h = report.head!;
      console.log(`ok: ${report.entries} entries, root ${h.root_hash}, signed ${h.timestamp}${savedHead ? `, consistent with the saved head of ${savedHead.size} entries` : ''}`);
    });

  ledger
    .command('head')
    .description('append pending events and sign a tree head now (on demand); prints it as JSON')
    .option('--db <url>', 'database (env DATABASE_URL)')
    .action(async (flags: { db?: string }) => {
      const { db, ledgerKey } = openConfiguredDb(flags);
      try {
        if (!ledgerKey) throw new CliError('KENES_LEDGER_KEY is not set: make one with `kenes ledger keygen`', 2);
        let key: SigningKey;
        try {
          key = loadSigningKey(ledgerKey);
        } catch (e) {
          throw new CliError((e as Error).message, 2);
        }
        await appendPending(db).catch(dbError);
        console.log(JSON.stringify(await issueHead(db, key), null, 2));
      } finally {
        await db.close();
      }
    });
}
