// Shared page components render accessible markup, and dates/numbers follow each language on
// Almaty's calendar.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import { almatyDate, DataTable, ErrorSummary, FormField, formatDate, formatDateTime, formatNumber, Pagination, pageWindow, StatusBadge } from '../../src/web/components/index.ts';
import { registryOf } from '../../src/app.tsx';
import { MODULES } from '../../src/modules/index.ts';
import type { Lang } from '../../src/web/i18n.ts';

const translator = (lang: Lang) => registryOf(MODULES).i18n.translator(lang);

test('formatNumber and formatDate follow kk, ru and en', () => {
  assert.equal(formatNumber('en', 20495975), '20,495,975');
  assert.equal(formatNumber('ru', 20495975).replace(/\s/g, ' '), '20 495 975');
  assert.equal(formatNumber('kk', 20495975).replace(/\s/g, ' '), '20 495 975');
  assert.equal(formatDate('en', '2026-10-17'), '17 October 2026');
  assert.equal(formatDate('ru', '2026-10-17'), '17 октября 2026 г.');
  assert.equal(formatDate('kk', '2026-10-17'), '2026 ж. 17 қазан');
});

test('a plain date stays that day; a timestamp is shown as the day in Almaty', () => {
  // 21:30 UTC on 16 October is already 17 October in Almaty (UTC+5).
  assert.equal(formatDate('en', '2026-10-16T21:30:00Z'), '17 October 2026');
  assert.equal(almatyDate('2026-10-16T21:30:00Z'), '2026-10-17');
  assert.equal(formatDate('en', '2026-10-16'), '16 October 2026');
  assert.match(formatDateTime('en', '2026-10-16T21:30:00Z'), /17 Oct 2026, 02:30/);
});

test('FormField ties hint and error to the control with aria-describedby and marks it invalid', () => {
  const html = renderToString(<FormField name="title" label="Title" hint="10 to 200 characters" error="Too short" value="abc" required />);
  assert.match(html, /<label for="field-title">Title<\/label>/);
  assert.match(html, /id="field-title-hint"/);
  assert.match(html, /id="field-title-error"/);
  assert.match(html, /aria-invalid="true"/);
  assert.match(html, /aria-describedby="field-title-hint field-title-error"/);
  assert.match(html, /value="abc"/);
  const ok = renderToString(<FormField name="title" label="Title" />);
  assert.doesNotMatch(ok, /aria-invalid|aria-describedby/);
  const sel = renderToString(<FormField name="kind" label="Kind" type="select" value="b" options={[{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }]} />);
  assert.match(sel, /<option value="b" selected>B<\/option>/);
});

test('ErrorSummary links each message to its field and counts with plural rules', () => {
  const html = renderToString(<ErrorSummary t={translator('ru')} errors={[{ field: 'title', message: 'Слишком коротко' }]} />);
  assert.match(html, /role="alert"/);
  assert.match(html, /В форме 1 ошибка/);
  assert.match(html, /<a href="#field-title">Слишком коротко<\/a>/);
  assert.equal(renderToString(<ErrorSummary t={translator('ru')} errors={[]} />), '');
});

test('DataTable has a caption, scoped headers, numeric cells and an empty row', () => {
  const html = renderToString(
    <DataTable<{ n: string; v: number }>
      id="t1"
      caption="Signatures"
      rows={[{ n: 'Almaty', v: 5 }]}
      empty="None"
      columns={[
        { header: 'Region', cell: (r) => r.n, rowHeader: true },
        { header: 'Count', cell: (r) => r.v, numeric: true },
      ]}
    />,
  );
  assert.match(html, /role="region" aria-labelledby="t1" tabindex="0"/);
  assert.match(html, /<caption id="t1">Signatures<\/caption>/);
  assert.match(html, /<th scope="col" class="num">Count<\/th>/);
  assert.match(html, /<th scope="row">Almaty<\/th>/);
  assert.match(html, /<td class="num">5<\/td>/);
  const empty = renderToString(<DataTable caption="x" rows={[]} empty="None" columns={[{ header: 'a', cell: () => '' }]} />);
  assert.match(empty, /<td colspan="1" class="empty">None<\/td>/);
});

test('Pagination shows a window of pages with gaps and marks the current one', () => {
  assert.deepEqual(pageWindow(6, 20), [1, null, 4, 5, 6, 7, 8, null, 20]);
  assert.deepEqual(pageWindow(1, 3), [1, 2, 3]);
  assert.deepEqual(pageWindow(1, 1), [1]);
  const html = renderToString(<Pagination t={translator('en')} page={1} pageCount={3} href={(p) => `/x?page=${p}`} />);
  assert.match(html, /<a href="\/x\?page=1" aria-current="page"/);
  assert.match(html, /<span class="disabled">Previous<\/span>/);
  assert.match(html, /<a href="\/x\?page=2" rel="next">Next<\/a>/);
  assert.equal(renderToString(<Pagination t={translator('en')} page={1} pageCount={1} href={String} />), '');
});

test('StatusBadge shows its label with a tone class', () => {
  assert.equal(renderToString(<StatusBadge tone="danger" label="Overdue" />), '<span class="badge badge-danger">Overdue</span>');
});
