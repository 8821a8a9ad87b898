// Open-data CSV (RFC 4180, CRLF) for spreadsheets. It starts with a UTF-8 byte-order mark: without it
// Excel reads the file as the machine's legacy code page and shows Kazakh and Russian text as mojibake;
// every CSV reader that knows UTF-8 skips the mark. Column names stay the stable codes (documented at
// /open-data and in the OpenAPI summaries) so scripts keep working in every language.
// (The draw's public files, src/core/sortition/publicCsv.ts, are hashed and keep their exact bytes.)

export const BOM = '\uFEFF';

/** One cell; a value a spreadsheet would run as a formula (= + - @ tab CR) gets a leading apostrophe. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The whole file: byte-order mark, the header row, one line per row, CRLF after each. */
export function openDataCsv(header: readonly string[], rows: Iterable<readonly unknown[]>): string {
  const lines = [header.map(csvCell).join(',')];
  for (const r of rows) lines.push(r.map(csvCell).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
