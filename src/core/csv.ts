// Open-data CSV (RFC 4180, CRLF) for spreadsheets. It starts with a UTF-8 byte-order mark: without it
// Excel reads the file as the machine's legacy code page and shows Kazakh and Russian text as mojibake;
// every CSV reader that knows UTF-8 skips the mark. Column names stay the stable codes (documented at
// /open-data and in the OpenAPI summaries) so scripts keep working in every language; `?labels=1` adds
// a first row of the column names in the reader's language above them (ADR 0510).
// (The draw's public files, src/core/sortition/publicCsv.ts, are hashed and keep their exact bytes.)

export const BOM = '\uFEFF';

/** One cell; a value a spreadsheet would run as a formula (= + - @ tab CR) gets a leading apostrophe. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The whole file: byte-order mark, the header row, one line per row, CRLF after each. With `labels`
 * (the reader's words for the columns, ADR 0510) they come first and the codes second, so a person
 * opening the file reads words and a script can still find the codes on row 2.
 */
export function openDataCsv(header: readonly string[], rows: Iterable<readonly unknown[]>, labels?: readonly string[]): string {
  const lines = labels ? [labels.map(csvCell).join(','), header.map(csvCell).join(',')] : [header.map(csvCell).join(',')];
  for (const r of rows) lines.push(r.map(csvCell).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
