// Open-data CSV: a byte-order mark so spreadsheets read Cyrillic as UTF-8, RFC 4180 quoting, formula guard.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BOM, csvCell, openDataCsv } from '../../src/core/csv.ts';

test('the file starts with the UTF-8 byte-order mark and ends every line with CRLF', () => {
  const text = openDataCsv(['id', 'title'], [[1, 'Қоғамдық көлік'], [2, 'в городском транспорте']]);
  const bytes = Buffer.from(text, 'utf8');
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(text, `${BOM}id,title\r\n1,Қоғамдық көлік\r\n2,в городском транспорте\r\n`);
});

test('cells with commas, quotes or line breaks are quoted; empty values are empty', () => {
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('two\nlines'), '"two\nlines"');
  assert.equal(csvCell(null), '');
  assert.equal(csvCell(undefined), '');
});

test('text a spreadsheet would run as a formula is defused; negative numbers stay numbers', () => {
  assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvCell('+7 701'), "'+7 701");
  assert.equal(csvCell('@sum'), "'@sum");
  assert.equal(csvCell(-3), '-3');
});
