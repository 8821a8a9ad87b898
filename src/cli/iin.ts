// `kenes iin check IIN`: the verdict and why; exit 0 when valid, 2 when not.
import type { Command } from 'commander';
import { todayIn } from '../core/calendar.ts';
import { parseIin } from '../core/iin.ts';
import { parseLang } from './charterPath.ts';
import { CliError } from './errors.ts';

const WORDS = {
  en: { valid: 'valid', invalid: 'invalid', born: 'born', male: 'male', female: 'female' },
  ru: { valid: 'действителен', invalid: 'недействителен', born: 'дата рождения', male: 'мужской пол', female: 'женский пол' },
  kk: { valid: 'жарамды', invalid: 'жарамсыз', born: 'туған күні', male: 'ер', female: 'әйел' },
};

export function registerIin(program: Command): void {
  const iin = program.command('iin').description('Individual identification numbers (IIN)');
  iin
    .command('check')
    .description('Check an IIN: structure, date of birth, century/sex digit and check digit')
    .argument('<iin>', 'the 12-digit IIN')
    .option('--lang <lang>', 'language of the verdict: kk, ru or en', 'en')
    .action((value: string, opts: { lang: string }) => {
      const lang = parseLang(opts.lang);
      const w = WORDS[lang];
      const r = parseIin(value, { today: todayIn('Asia/Almaty') });
      if (r.valid) {
        process.stdout.write(`${r.iin}: ${w.valid}, ${w.born} ${r.birthDate}, ${w[r.sex]}\n${r.reason.message[lang]}\n`);
        return;
      }
      throw new CliError(`${r.iin}: ${w.invalid} (${r.reason.code}): ${r.reason.message[lang]}`, 2);
    });
}
