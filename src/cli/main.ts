// The `kenes` command. Each command group lives in its own module and registers itself here.
import { Command } from 'commander';
import { CliError } from './errors.ts';
import { registerServe } from './serve.ts';
import { registerLedger } from './ledger.ts';
import { registerCharter } from './charter.ts';
import { registerIin } from './iin.ts';
import { registerCalendar } from './calendar.ts';
import { registerSelect } from './select.ts';
import { registerUsers } from './users.ts';
import { registerDemo } from './demo.ts';

const program = new Command('kenes')
  .description("Kenes: the open platform of Kazakhstan's People's Council")
  .showHelpAfterError();

registerServe(program);
registerLedger(program);
registerCharter(program);
registerIin(program);
registerCalendar(program);
registerSelect(program);
registerUsers(program);
registerDemo(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CliError) {
    process.stderr.write(`kenes: ${err.message}\n`);
    process.exit(err.exitCode);
  }
  throw err;
}
