// `kenes calendar add DATE N` and `kenes calendar days-off YEAR`: the working-day calendar of the charter.
import type { Command } from 'commander';
import { createCalendar } from '../core/calendar.ts';
import { isIsoDate, isoWeekday } from '../core/isoDate.ts';
import { loadCharterForCli, parseLang } from './charterPath.ts';
import { CliError } from './errors.ts';

const WEEKDAYS = {
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  ru: ['пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'вс'],
  kk: ['дс', 'сс', 'ср', 'бс', 'жм', 'сн', 'жс'],
};
const WORKING = { en: 'working day', ru: 'рабочий день', kk: 'жұмыс күні' };

function parseInteger(name: string, value: string): number {
  if (!/^-?\d+$/.test(value)) throw new CliError(`${name}: must be a whole number, not "${value}"`, 2);
  return Number(value);
}

export function registerCalendar(program: Command): void {
  const calendar = program.command('calendar').description('Kazakhstan working days: public holidays plus the charter overrides');
  calendar
    .command('add')
    .description('Print the date N working days after DATE, counting from the next working day')
    .argument('<date>', 'start date YYYY-MM-DD (Asia/Almaty)')
    .argument('<n>', 'number of working days')
    .option('--charter <file>', 'charter file (default: KENES_CHARTER or charter/kz-default.json)')
    .action((date: string, n: string, opts: { charter?: string }) => {
      if (!isIsoDate(date)) throw new CliError(`date: "${date}" is not a valid date YYYY-MM-DD`, 2);
      const count = parseInteger('n', n);
      const charter = loadCharterForCli(opts.charter);
      process.stdout.write(`${createCalendar(charter.calendar, charter.timeZone).addWorkingDays(date, count)}\n`);
    });
  calendar
    .command('days-off')
    .description("List a year's holidays, substitute and decree days off with their reasons, and the extra working days")
    .argument('<year>', 'year, e.g. 2026')
    .option('--lang <lang>', 'language of the reasons: kk, ru or en', 'en')
    .option('--charter <file>', 'charter file (default: KENES_CHARTER or charter/kz-default.json)')
    .action((yearText: string, opts: { lang: string; charter?: string }) => {
      const year = parseInteger('year', yearText);
      if (year < 1992 || year > 2100) throw new CliError(`year: ${year} is outside 1992–2100`, 2);
      const lang = parseLang(opts.lang);
      const charter = loadCharterForCli(opts.charter);
      const cal = createCalendar(charter.calendar, charter.timeZone);
      const day = (date: string) => `${date} ${WEEKDAYS[lang][isoWeekday(date) - 1]}`;
      const lines = cal.daysOff(year).map((d) => `${day(d.date)}  ${d.reasons.map((r) => r[lang]).join('; ')}`);
      for (const w of cal.extraWorkingDays(year)) lines.push(`${day(w.date)}  [${WORKING[lang]}] ${w.reason[lang]}`);
      lines.sort();
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
