// The `kenes` command. Each command group lives in its own module and registers itself here.
// Only the group named on the command line is imported, so `kenes iin check` does not load the
// whole web application; `kenes --help` loads them all to list them.
import { Command } from 'commander';
import { CliError } from './errors.ts';

type Register = (program: Command) => void;
const GROUPS: Record<string, () => Promise<Register>> = {
  serve: async () => (await import('./serve.ts')).registerServe,
  migrate: async () => (await import('./serve.ts')).registerServe,
  ledger: async () => (await import('./ledger.ts')).registerLedger,
  witness: async () => (await import('./witness.ts')).registerWitness,
  charter: async () => (await import('./charter.ts')).registerCharter,
  iin: async () => (await import('./iin.ts')).registerIin,
  calendar: async () => (await import('./calendar.ts')).registerCalendar,
  select: async () => (await import('./select.ts')).registerSelect,
  users: async () => (await import('./users.ts')).registerUsers,
  demo: async () => (await import('./demo.ts')).registerDemo,
};

const program = new Command('kenes')
  .description("Kenes: the open platform of Kazakhstan's People's Council")
  .showHelpAfterError();

const named = process.argv[2];
const loaders = named && GROUPS[named] ? [GROUPS[named]] : [...new Set(Object.values(GROUPS))];
const registered = new Set<Register>();
for (const load of loaders) {
  const register = await load();
  if (!registered.has(register)) register(program);
  registered.add(register);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CliError) {
    process.stderr.write(`kenes: ${err.message}\n`);
    process.exit(err.exitCode);
  }
  throw err;
}
