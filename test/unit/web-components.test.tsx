// Shared page components render accessible markup, and dates/numbers follow each language on
// Almaty's calendar.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import { almatyDate, DataTable, ErrorSummary, FormField, formatDate, formatDateTime, formatNumber, formatPercent, orDash, Pagination, PostForm, pageWindow, StatusBadge } from '../../src/web/components/index.ts';
import { formList, formText, formValues } from '../../src/web/form.ts';
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

test('formatNumber with options and orDash for missing figures', () => {
  assert.equal(formatNumber('en', 2.46, { maximumFractionDigits: 1 }), '2.5');
  assert.equal(formatNumber('en', 2.46, { maximumFractionDigits: 1 }), '2.5', 'the cached formatter gives the same');
  assert.equal(formatNumber('en', 2.46), '2.46', 'options do not leak into the default formatter');
  assert.equal(formatPercent('en', 0.666, 0), '67%');
  assert.equal(orDash(null, (x: number) => formatNumber('en', x)), '—');
  assert.equal(orDash(undefined, String), '—');
  assert.equal(orDash(0, (x: number) => formatNumber('en', x)), '0', 'zero is a value');
  assert.equal(orDash('2026-10-17', (d) => formatDate('en', d, 'medium')), '17 Oct 2026');
});

test('PostForm posts with the CSRF token, heading first, and summarises a refused attempt', () => {
  const req = { t: translator('en'), lang: 'en' as const, user: null, csrfToken: 'tok' };
  const plain = renderToString(
    <PostForm req={req} action="/x/sign" class="sign-form">
      <button type="submit">Sign</button>
    </PostForm>,
  );
  assert.equal(plain, '<form method="post" action="/x/sign" class="sign-form"><input type="hidden" name="_csrf" value="tok"/><button type="submit">Sign</button></form>');
  const refused = renderToString(
    <PostForm req={req} action="/x/extend" id="extend" heading={<h2>Extend</h2>} problem={{ detail: 'reason: needs a reason', errors: [{ field: 'reason', message: 'needs a reason' }, { field: '/other', message: 'bad' }] }} problemTitle="Not done" controlIds={{ reason: 'extend-reason' }}>
      <textarea id="extend-reason" name="reason" />
    </PostForm>,
  );
  assert.match(refused, /^<form method="post" action="\/x\/extend" id="extend"><h2>Extend<\/h2><div class="error-summary" role="alert" aria-labelledby="extend-errors-title" id="extend-errors" tabindex="-1"><h3 id="extend-errors-title">Not done<\/h3><p>reason: needs a reason<\/p>/);
  assert.match(refused, /<li><a href="#extend-reason">needs a reason<\/a><\/li>/, 'a field with a control is linked');
  assert.match(refused, /<li><code>\/other<\/code>: bad<\/li>/, 'a field without one is named');
  assert.ok(refused.indexOf('error-summary') < refused.indexOf('name="_csrf"'));
  const defaultTitle = renderToString(<PostForm req={req} action="/y" problem={{ errors: [{ field: 'title', message: 'Too short' }] }} />);
  assert.match(defaultTitle, /<h2 id="error-summary-title">There is 1 problem with this form<\/h2>/);
  assert.match(defaultTitle, /<a href="#field-title">Too short<\/a>/);
  assert.doesNotMatch(renderToString(<PostForm req={req} action="/y" problem={null} />), /error-summary/);
});

test('ErrorSummary shows a detail even when no field is named', () => {
  const html = renderToString(<ErrorSummary t={translator('en')} errors={[]} detail="The item was closed meanwhile" title="Not done" />);
  assert.match(html, /<h2 id="error-summary-title">Not done<\/h2><p>The item was closed meanwhile<\/p><\/div>$/);
});

test('DataTable without frame, with table, row and cell classes', () => {
  const html = renderToString(
    <DataTable<{ n: string; late: boolean }>
      id="t2"
      caption="Queue"
      frame={false}
      class="rsp-scroll"
      tableClass="queue"
      rowClass={(r) => (r.late ? 'overdue' : undefined)}
      rows={[{ n: 'a', late: true }, { n: 'b', late: false }]}
      empty="None"
      columns={[{ header: 'Name', cell: (r) => r.n, cellClass: (r) => (r.late ? 'bad' : undefined) }]}
    />,
  );
  assert.match(html, /^<div class="table-scroll rsp-scroll" role="region" aria-labelledby="t2" tabindex="0"><table class="queue">/);
  assert.match(html, /<tr class="overdue"><td class="bad">a<\/td><\/tr><tr><td>b<\/td><\/tr>/);
  const named = renderToString(<DataTable id="t3" labelledBy="t3-summary" caption="x" rows={[]} empty="None" columns={[{ header: 'a', cell: () => '' }]} />);
  assert.match(named, /role="region" aria-labelledby="t3-summary"/, 'the scroll box can be named apart from its caption');
  assert.match(named, /<caption id="t3">x<\/caption>/);
});

test('form posts read as text, lists and values to show again', () => {
  const body = { title: 'T', co: ['a', '', 'b'], one: 'x', empty: '' };
  assert.equal(formText(body, 'title'), 'T');
  assert.equal(formText(body, 'co'), 'a');
  assert.equal(formText(body, 'missing'), '');
  assert.equal(formText(undefined, 'title'), '');
  assert.deepEqual(formList(body, 'co'), ['a', 'b']);
  assert.deepEqual(formList(body, 'one'), ['x']);
  assert.deepEqual(formList(body, 'empty'), []);
  assert.deepEqual(formValues(body), { title: 'T', co: 'a,,b', one: 'x', empty: '' });
});
