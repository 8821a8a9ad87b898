// `?labels=1` on an open-data CSV (ADR 0510): a first header row with each column's name in the
// reader's language (`?lang=` or their own), above the row of codes that scripts read.
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';

/** The query parameter, for route schemas. */
export const LabelsParam = Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('true')], { description: 'Add a first header row with the column names in the reader’s language (`lang`), above the row of codes' }));

/**
 * The labels row for `codes` when the reader asked for it, else undefined. A column's words come from
 * `names` (per-file names, such as the regions of the proposals file), then the `csv.col.<code>`
 * catalog entries; a column with neither keeps its code.
 */
export function csvHeaderLabels(req: FastifyRequest, codes: readonly string[], names: Readonly<Record<string, string>> = {}): string[] | undefined {
  const asked = (req.query as { labels?: unknown } | undefined)?.labels;
  if (asked !== '1' && asked !== 'true' && asked !== 1 && asked !== true) return undefined;
  return codes.map((code) => {
    if (names[code]) return names[code];
    const key = `csv.col.${code}`;
    const word = req.t(key);
    return word === key ? code : word;
  });
}
