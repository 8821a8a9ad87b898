import { readFileSync } from 'node:fs';
import { CharterError } from './errors.ts';
import type { Charter } from './types.ts';
import { validateCharter } from './validate.ts';

/** Parses JSON text and validates it; throws CharterError listing every problem. */
export function parseCharter(text: string, source = 'charter'): Charter {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new CharterError([`(file): not valid JSON: ${(err as Error).message}`], source);
  }
  const result = validateCharter(data);
  if (!result.ok) throw new CharterError(result.errors, source);
  return result.charter;
}

/** Reads and validates a charter file; throws CharterError (with every error) when it is unreadable or invalid. */
export function loadCharter(path: string): Charter {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CharterError([`(file): cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`], path);
  }
  return parseCharter(text, path);
}
