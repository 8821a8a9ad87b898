// `kenes ledger keygen | export | verify | head`: the public ledger from the command line. `verify`
// works offline on a file or on the export URL of any running instance, and needs no database.
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../../config.ts';
import { type Db, openDb } from '../../db/connection.ts';
import { appendPending } from './appender.ts';
import { exportLines } from './export.ts';
import { issueHead } from './heads.ts';
import { ROTATION_KIND, signRotation } from '../../core/ledger/rotation.ts';
import { emit } from '../outbox/api.ts';
import { generateSigningKey, keyFingerprint, loadSigningKey, type SigningKey } from '../../core/ledger/signing.ts';
import { checkConsistency } from '../../verifier/consistency.ts';
import { checkLedger } from '../../verifier/ledger.ts';
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

export { exportUrl } from '../../verifier/source.ts';

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
      console.log(`# Fingerprint (SHA-256 of the public key): ${keyFingerprint(k.publicKeyBase64)}`);
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
    .description('check an export offline: recompute the tree, check the head signature, saved heads and witness cosignatures')
    .argument('<source>', 'an export file, - for standard input, or the URL of an instance (or of its /api/v1/ledger/export)')
    .option('--pin <pubkey>', 'the platform public key to trust: base64 SPKI DER, PEM, or a file holding either')
    .option('--key <pubkey>', 'the same as --pin')
    .option('--head <file>', 'a signed head saved earlier (GET /api/v1/ledger/heads/latest): the export must extend it')
    .option('--head-dir <dir>', 'a folder of saved heads (NNNN.json): the export must extend the last; the verified head is added, none is overwritten')
    .option('--witness <pubkey...>', 'a witness key to trust (repeat or list several): a quorum of them must have cosigned')
    .option('--quorum <n>', 'how many of the --witness keys must have cosigned (default: all)')
    .action(async (source: string, flags: { pin?: string; key?: string; head?: string; headDir?: string; witness?: string[]; quorum?: string }) => {
      if (flags.quorum !== undefined && !/^\d+$/.test(flags.quorum)) throw new CliError('--quorum: must be a whole number', 2);
      await checkLedger(
        { source, pin: flags.pin ?? flags.key, head: flags.head, headDir: flags.headDir, witnesses: flags.witness, quorum: flags.quorum === undefined ? undefined : Number(flags.quorum) },
        { out: (l) => console.log(l), err: (l) => process.stderr.write(`${l}\n`) },
      );
    });

  ledger
    .command('consistency')
    .description('check that the NEW saved head extends the OLD one (both signatures, and an RFC 9162 consistency proof)')
    .argument('<old>', 'the older saved head (e.g. heads/0001.json)')
    .argument('<new>', 'the newer saved head (e.g. heads/0002.json)')
    .option('--pin <pubkey>', 'the platform public key to trust')
    .option('--url <url>', 'the instance to ask for the proof (default: where NEW was fetched from)')
    .option('--proof <file>', 'a consistency proof saved earlier (JSON of GET /api/v1/ledger/consistency)')
    .action(async (oldFile: string, newFile: string, flags: { pin?: string; url?: string; proof?: string }) => {
      await checkConsistency({ oldFile, newFile, ...flags }, { out: (l) => console.log(l), err: (l) => process.stderr.write(`${l}\n`) });
    });

  ledger
    .command('rotate-key')
    .description('hand the head-signing key over to a new one: both keys sign a ledger.key_rotated entry, and the old key signs a last head covering it')
    .requiredOption('--new-key <file>', 'the new private key: base64 PKCS8 DER (KENES_LEDGER_KEY from `kenes ledger keygen`) in a file')
    .option('--db <url>', 'database (env DATABASE_URL)')
    .action(async (flags: { newKey: string; db?: string }) => {
      const { db, ledgerKey } = openConfiguredDb(flags);
      try {
        if (!ledgerKey) throw new CliError('KENES_LEDGER_KEY (the current, old key) is not set', 2);
        let oldKey: SigningKey;
        let newKey: SigningKey;
        try {
          oldKey = loadSigningKey(ledgerKey);
          newKey = loadSigningKey(readFileSync(flags.newKey, 'utf8').trim().replace(/^KENES_LEDGER_KEY=/, ''));
        } catch (e) {
          throw new CliError(`--new-key ${flags.newKey}: ${(e as Error).message.replace(/^KENES_LEDGER_KEY: /, '')}`, 2);
        }
        if (oldKey.publicKeyBase64 === newKey.publicKeyBase64) throw new CliError('--new-key: this is the key already in use', 2);
        const payload = signRotation(oldKey, newKey);
        await db.db.transaction().execute((trx) => emit(trx, { kind: ROTATION_KIND, subject: 'ledger/key', payload: { ...payload }, occurredAt: payload.rotated_at })).catch(dbError);
        await appendPending(db).catch(dbError);
        const head = await issueHead(db, oldKey);
        console.log(`rotated: ${keyFingerprint(oldKey.publicKeyBase64)} -> ${keyFingerprint(newKey.publicKeyBase64)}; the old key signed head ${head.size} covering the rotation entry.`);
        console.log('# Now set KENES_LEDGER_KEY to the new key, restart, and publish the new public key in the charter (ledger.publicKey):');
        console.log(`KENES_LEDGER_PUBLIC_KEY=${newKey.publicKeyBase64}`);
      } finally {
        await db.close();
      }
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
