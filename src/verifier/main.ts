// kenes-verify.mjs: the stand-alone verifier (docs/adr/0304). Built from this project's source by
// `npm run build:verifier` into one file that needs only Node's standard library. The same code runs
// `kenes ledger verify` and `kenes ledger consistency`.
import { CliError } from '../cli/errors.ts';
import { checkConsistency } from './consistency.ts';
import { checkDraw, DRAW_FILES } from './draw.ts';
import { checkLedger, type Output } from './ledger.ts';

declare const KENES_VERSION: string;

const USAGE = `kenes-verify ${typeof KENES_VERSION === 'string' ? KENES_VERSION : 'dev'}: check a Kenes public ledger and its draws yourself

  node kenes-verify.mjs ledger URL|export.jsonl [--head-dir heads/] [--pin KEY] [--witness KEY …] [--quorum N]
      recompute the Merkle tree, check the head signature (pin the published key), check that the log
      extends the last head saved in --head-dir and add the new head there as the next NNNN.json,
      and require a quorum of witness cosignatures
  node kenes-verify.mjs consistency OLD.json NEW.json [--pin KEY] [--url URL] [--proof FILE]
      check that NEW extends OLD (both signatures and an RFC 9162 consistency proof)
  node kenes-verify.mjs draw RUN_URL | --commitment F --pool F --quotas F --report F --entropy F --ledger EXPORT [--pin KEY]
      redo a public draw's rounding, lottery and pick and check them against its ledger entries (proved
      under signed heads); the LEXIMIN optimisation is not rerun (\`kenes select verify\` does that)

KEY: base64 SPKI DER, PEM, or a file holding either. Exit 0: verified; 1: verification failed; 2: bad input.`;

/** A small argument parser: the bundle carries no dependencies. Repeatable flags collect lists. */
export function parseArgs(argv: string[], repeatable: string[], known: string[]): { positional: string[]; flags: Record<string, string[]> } {
  const positional: string[] = [];
  const flags: Record<string, string[]> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--') || a === '-') {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
    if (!known.includes(name)) throw new CliError(`unknown option --${name}`, 2);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new CliError(`--${name} needs a value`, 2);
    if (!repeatable.includes(name) && flags[name]) throw new CliError(`--${name} given twice`, 2);
    const list = flags[name] ?? [];
    list.push(value);
    flags[name] = list;
  }
  return { positional, flags };
}

export async function main(argv: string[], io: Output): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return;
  }
  if (command === 'ledger') {
    const { positional, flags } = parseArgs(rest, ['witness'], ['head-dir', 'head', 'pin', 'key', 'witness', 'quorum']);
    if (positional.length !== 1) throw new CliError('ledger: give one source (the instance URL or an export file)', 2);
    const quorum = flags.quorum?.[0];
    if (quorum !== undefined && !/^\d+$/.test(quorum)) throw new CliError('--quorum: must be a whole number', 2);
    await checkLedger(
      {
        source: positional[0],
        pin: flags.pin?.[0] ?? flags.key?.[0],
        head: flags.head?.[0],
        headDir: flags['head-dir']?.[0],
        witnesses: flags.witness,
        quorum: quorum === undefined ? undefined : Number(quorum),
      },
      io,
    );
    return;
  }
  if (command === 'consistency') {
    const { positional, flags } = parseArgs(rest, [], ['pin', 'key', 'url', 'proof']);
    if (positional.length !== 2) throw new CliError('consistency: give OLD.json and NEW.json', 2);
    await checkConsistency({ oldFile: positional[0], newFile: positional[1], pin: flags.pin?.[0] ?? flags.key?.[0], url: flags.url?.[0], proof: flags.proof?.[0] }, io);
    return;
  }
  if (command === 'draw') {
    const { positional, flags } = parseArgs(rest, [], [...DRAW_FILES, 'pin', 'key']);
    if (positional.length > 1) throw new CliError('draw: give one run URL, or name the files with flags', 2);
    const files: Record<string, string> = {};
    for (const n of DRAW_FILES) if (flags[n]) files[n] = flags[n][0];
    await checkDraw({ url: positional[0], files, pin: flags.pin?.[0] ?? flags.key?.[0] }, io);
    return;
  }
  throw new CliError(`unknown command "${command}" (ledger, consistency, draw; --help)`, 2);
}
