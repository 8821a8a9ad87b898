// The public files of a draw are CSV we write ourselves (RFC 4180: comma, double-quote escaping, CRLF
// tolerated). A small reader and writer here keep the verifier free of any npm package.

function cell(v: string): string {
  return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

export function writeCsv(rows: readonly (readonly string[])[]): string {
  return `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`;
}

/** Rows of cells; throws naming the 1-based line on an unterminated quote or a stray quote. */
export function readCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cur = '';
  let quoted = false;
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let fieldStart = true;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cur += ch;
      }
      continue;
    }
    if (ch === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
    } else if (ch === '"') {
      throw new Error(`line ${line}: a quote inside an unquoted cell`);
    } else if (ch === ',') {
      row.push(cur);
      cur = '';
      fieldStart = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cur);
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      cur = '';
      fieldStart = true;
      line++;
    } else {
      cur += ch;
      fieldStart = false;
    }
  }
  if (quoted) throw new Error(`line ${line}: unterminated quoted cell`);
  row.push(cur);
  if (row.length > 1 || row[0] !== '') rows.push(row);
  return rows;
}
