// The `kenes` command: the shell's own command groups, and those the modules declare in their
// manifests. Only the group named on the command line is imported, so `kenes iin check` does not load
// the whole web application; a module's group (or `kenes --help`) loads the module list.
import { Command } from 'commander';
import { CliError } from './errors.ts';

type Register = (program: Command) => void;
const SHELL_GROUPS: Record<string, () => Promise<Register>> = {
  serve: async () => (await import('./serve.ts')).registerServe,
  migrate: async () => (await import('./serve.ts')).registerServe,
  witness: async () => (await import('./witness.ts')).registerWitness,
  charter: async () => (await import('./charter.ts')).registerCharter,
  iin: async () => (await import('./iin.ts')).registerIin,
  calendar: async () => (await import('./calendar.ts')).registerCalendar,
  demo: async () => (await import('./demo.ts')).registerDemo,
  backup: async () => (await import('./backup.ts')).registerBackup,
  restore: async () => (await import('./backup.ts')).registerBackup,
};

const program = new Command('kenes')
  .description("Kenes: the open platform of Kazakhstan's People's Council")
  .showHelpAfterError();

async function allGroups(): Promise<Record<string, () => Promise<Register>>> {
  const { MODULES } = await import('../modules/index.ts');
  const groups = { ...SHELL_GROUPS };
  for (const m of MODULES) {
    for (const [word, load] of Object.entries(m.cli ?? {})) {
      if (groups[word]) throw new Error(`command group "${word}" is declared twice (module ${m.name})`);
      groups[word] = load;
    }
  }
  return groups;
}

const named = process.argv[2];
const groups = named && SHELL_GROUPS[named] ? SHELL_GROUPS : await allGroups();
const loaders = named && groups[named] ? [groups[named]] : [...new Set(Object.values(groups))];
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
