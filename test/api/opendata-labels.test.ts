// Open-data CSV for people (ADR 0510): every file starts with a UTF-8 byte-order mark; `?labels=1`
// adds a first row with the column names in the reader's language and leaves everything else as it
// was (row 2 is the header of codes, then the same rows), so scripts and spreadsheets both read it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { POPOLO_CSV_COLUMNS } from '../../src/core/membership/popolo.ts';
import { AGENCY_COLUMNS as RESPONSE_AGENCY_COLUMNS, ITEM_COLUMNS as RESPONSE_ITEM_COLUMNS } from '../../src/modules/responses/opendata.ts';
import { BALLOT_COLUMNS, DECISION_COLUMNS, INITIATIVE_COLUMNS, ITEM_COLUMNS, SESSION_COLUMNS, VOTE_COLUMNS } from '../../src/modules/council/opendata.ts';
import { csvColumns } from '../../src/web/messages/csv.ts';
import { type TestApp, testApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await testApp({ demo: true }, {}, undefined, { seed: {} });
});
after(async () => t?.close());

const FILES = [
  '/api/v1/proposals?format=csv',
  '/open-data/responses/items.csv',
  '/open-data/responses/agencies.csv',
  '/api/v1/council/sessions.csv',
  '/api/v1/council/items.csv',
  '/api/v1/council/votes.csv',
  '/api/v1/council/ballots.csv',
  '/api/v1/council/decisions.csv',
  '/api/v1/initiatives.csv',
  '/api/v1/council/popolo.csv',
];

const get = async (url: string) => {
  const r = await t.app.inject(url);
  assert.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 300)}`);
  assert.match(r.headers['content-type'] as string, /^text\/csv; charset=utf-8/);
  return r.body;
};
const sep = (url: string) => (url.includes('?') ? '&' : '?');
/** The cells of one CSV line (RFC 4180 quoting). */
const cellsOf = (line: string) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replaceAll('""', '"'));

test('every open-data CSV: a byte-order mark, then codes; with labels=1, a row of words in kk, ru and en above the same file', async () => {
  for (const url of FILES) {
    const plain = await get(url);
    assert.ok(plain.startsWith('\uFEFF'), `${url}: a byte-order mark`);
    const codes = plain.slice(1).split('\r\n')[0]!;
    assert.match(codes, /^[a-z_0-9,A-Z-]+$/, `${url}: a header of codes`);
    const seen = new Set<string>();
    for (const lang of ['kk', 'ru', 'en'] as const) {
      const labelled = await get(`${url}${sep(url)}labels=1&lang=${lang}`);
      assert.ok(labelled.startsWith('\uFEFF'));
      const [words, ...rest] = labelled.slice(1).split('\r\n');
      assert.equal(rest.join('\r\n'), plain.slice(1), `${url} (${lang}): below the words, the same file`);
      const cells = cellsOf(words!);
      const header = cellsOf(codes);
      assert.equal(cells.length, header.length, `${url} (${lang}): one word per column`);
      // Words, not codes: no cell of the labels row is its column's code (region columns show names).
      const same = cells.filter((c, i) => c === header[i]);
      assert.deepEqual(same, lang === 'en' ? same.filter((c) => /^[A-Z]/.test(c)) : [], `${url} (${lang}): columns without words`);
      seen.add(words!);
    }
    assert.equal(seen.size, 3, `${url}: the words differ by language`);
  }
});

test('every column of every open-data file has its words in kk, ru and en', () => {
  const columns = new Set<string>([...POPOLO_CSV_COLUMNS, ...RESPONSE_ITEM_COLUMNS, ...RESPONSE_AGENCY_COLUMNS, ...SESSION_COLUMNS, ...ITEM_COLUMNS, ...VOTE_COLUMNS, ...BALLOT_COLUMNS, ...DECISION_COLUMNS, ...INITIATIVE_COLUMNS]);
  for (const lang of ['kk', 'ru', 'en'] as const) {
    const missing = [...columns].filter((c) => !csvColumns[lang]![`csv.col.${c}`]);
    assert.deepEqual(missing, [], `${lang}: columns without words`);
  }
});
