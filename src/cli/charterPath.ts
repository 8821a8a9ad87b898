// Which charter a command reads: the explicit option, else KENES_CHARTER, else the default charter.
import { CharterError, type Charter, loadCharter } from '../core/charter/index.ts';
import { isLang, type Lang, LANGS } from '../core/lang.ts';
import { defaultCharterPath } from '../config.ts';
import { CliError } from './errors.ts';

export function charterPathFrom(explicit?: string): string {
  return explicit ?? (process.env.KENES_CHARTER || defaultCharterPath());
}

/** Loads a charter for a command; an invalid one becomes a CliError (exit 2) listing every error. */
export function loadCharterForCli(explicit?: string): Charter {
  const path = charterPathFrom(explicit);
  try {
    return loadCharter(path);
  } catch (e) {
    if (e instanceof CharterError) {
      throw new CliError(`charter ${path} is invalid (${e.errors.length} error${e.errors.length === 1 ? '' : 's'}):\n${e.errors.map((x) => `  ${x}`).join('\n')}`, 2);
    }
    throw e;
  }
}

export function parseLang(value: string): Lang {
  if (!isLang(value)) throw new CliError(`--lang: must be one of ${LANGS.join(', ')}, not "${value}"`, 2);
  return value;
}
