// Entry of the bundle: runs `main` on the command line and turns failures into one line and an exit code.
import { CliError } from '../cli/errors.ts';
import { main } from './main.ts';

try {
  await main(process.argv.slice(2), { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) });
} catch (err) {
  if (err instanceof CliError) {
    process.stderr.write(`kenes-verify: ${err.message}\n`);
    process.exit(err.exitCode);
  }
  throw err;
}
