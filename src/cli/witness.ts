// `kenes witness`: runs an independent witness of an instance's ledger (docs/adr/0303). Needs no
// database: only the instance's public API, its own key file and its state file.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { keyFingerprint, publicKeyBase64 } from '../core/ledger/signing.ts';
import { readPublicKey } from '../verifier/keyFile.ts';
import { witnessServer } from '../witness/server.ts';
import { Witness } from '../witness/witness.ts';
import { CliError } from './errors.ts';

/** The witness key: base64 PKCS8 DER in FILE, made (mode 600) when the file does not exist yet. */
function witnessKey(file: string): { privateKey: KeyObject; publicKey: string; created: boolean } {
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, `${privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return { privateKey, publicKey: publicKeyBase64(createPublicKey(privateKey)), created: true };
  }
  try {
    const privateKey = createPrivateKey({ key: Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'), format: 'der', type: 'pkcs8' });
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('not Ed25519');
    return { privateKey, publicKey: publicKeyBase64(createPublicKey(privateKey)), created: false };
  } catch {
    throw new CliError(`--key ${file}: not a base64 PKCS8 DER Ed25519 private key`, 2);
  }
}

export function registerWitness(program: Command) {
  program
    .command('witness')
    .description("witness an instance's ledger: cosign each new head that is consistent with the last one cosigned, refuse any other")
    .requiredOption('--url <url>', 'the instance to witness (its base URL)')
    .requiredOption('--key <file>', "the witness's Ed25519 private key (base64 PKCS8 DER; created when the file does not exist)")
    .requiredOption('--state <file>', 'where the witness keeps the last head it cosigned (survives restarts)')
    .option('--port <n>', 'serve GET /cosignature and /status on this port (0: any free port)', '0')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--log-key <pubkey>', "the instance's head-signing public key to trust (default: the first one seen)")
    .option('--interval <ms>', 'poll every so many milliseconds', '10000')
    .option('--no-submit', 'do not POST cosignatures to the instance (it can fetch them from /cosignature)')
    .action(async (flags: { url: string; key: string; state: string; port: string; host: string; logKey?: string; interval: string; submit: boolean }) => {
      if (!/^https?:\/\//.test(flags.url)) throw new CliError('--url: must be an http(s) URL', 2);
      const port = Number(flags.port);
      const interval = Number(flags.interval);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError('--port: must be a port number', 2);
      if (!Number.isInteger(interval) || interval < 50) throw new CliError('--interval: must be at least 50 ms', 2);
      let logKey: string | undefined;
      if (flags.logKey) {
        try {
          logKey = publicKeyBase64(readPublicKey(flags.logKey));
        } catch (e) {
          throw new CliError((e as Error).message.replace(/^--key/, '--log-key'), 2);
        }
      }
      const k = witnessKey(flags.key);
      let w: Witness;
      try {
        w = new Witness({ url: flags.url, privateKey: k.privateKey, publicKeyBase64: k.publicKey, stateFile: flags.state, logKey, submit: flags.submit, log: (l) => console.log(`witness: ${l}`) });
      } catch (e) {
        throw new CliError(`--state ${flags.state}: ${(e as Error).message}`, 2);
      }
      if (k.created) console.log(`witness: made a new key in ${flags.key}`);
      console.log(`witness: public key ${k.publicKey} (fingerprint ${keyFingerprint(k.publicKey)})`);
      const server = witnessServer(w);
      await new Promise<void>((resolve, reject) => {
        server.once('error', (e) => reject(new CliError(`cannot listen on ${flags.host}:${port}: ${e.message}`, 1)));
        server.listen(port, flags.host, () => resolve());
      });
      console.log(`witness: listening on http://${flags.host}:${(server.address() as AddressInfo).port}`);
      let stopping = false;
      let lastError = '';
      const loop = async () => {
        while (!stopping) {
          const r = await w.pollOnce();
          if (r.kind === 'error' && r.message !== lastError) console.log(`witness: poll failed: ${r.message}`);
          lastError = r.kind === 'error' ? r.message : '';
          await new Promise((res) => setTimeout(res, interval));
        }
      };
      const stop = () => {
        stopping = true;
        server.close();
        process.exit(0);
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      await loop();
    });
}
