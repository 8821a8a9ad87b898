// `kenes charter check [FILE]`: validates a charter and prints its summary, or every error with its path (exit 2).
import type { Command } from 'commander';
import { summarizeCharter } from '../core/charter/index.ts';
import { loadCharterForCli, parseLang } from './charterPath.ts';

export function registerCharter(program: Command): void {
  const charter = program.command('charter').description('Inspect the charter: the rules as validated data');
  charter
    .command('check')
    .description('Validate a charter file and print a readable summary; on errors list each with its path and exit 2')
    .argument('[file]', 'charter JSON file (default: KENES_CHARTER or charter/kz-default.json)')
    .option('--lang <lang>', 'language of the summary: kk, ru or en', 'en')
    .action((file: string | undefined, opts: { lang: string }) => {
      const lang = parseLang(opts.lang);
      const loaded = loadCharterForCli(file);
      process.stdout.write(`${summarizeCharter(loaded, lang)}\n`);
    });
}
