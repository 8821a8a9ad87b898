// The shared components (src/web/components) on a real page: accessible (axe), usable on a phone
// (a wide table scrolls inside its own box, not the page), and the form error links work.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DataTable, ErrorSummary, FormField, formatDate, formatNumber, Pagination, StatusBadge } from '../src/web/components/index.ts';
import { sendPage } from '../src/web/layout.tsx';
import { assertNoHorizontalScroll, assertNoProblems, type Browser, checkA11y, closePage, launchBrowser, openPage, phone, startServer, type TestServer } from './helpers/browser.ts';

interface Row {
  region: string;
  signatures: number;
  since: string;
  status: 'open' | 'overdue';
}
const rows: Row[] = Array.from({ length: 6 }, (_, i) => ({
  region: ['Абай облысы', 'Ақмола облысы', 'Алматы', 'Шымкент', 'Ұлытау облысы', 'Солтүстік Қазақстан облысы'][i],
  signatures: 1234 * (i + 1) * 97,
  since: `2026-0${i + 1}-1${i}`,
  status: i % 2 ? 'overdue' : 'open',
}));

function componentsPage(app: FastifyInstance) {
  app.get('/test/components', async (req, reply) => {
    const { lang, t } = req;
    const errors = [
      { field: 'title', message: 'Enter a title of at least 10 characters' },
      { field: 'kind', message: 'Choose a kind of proposal' },
    ];
    return sendPage(
      reply,
      'Components',
      <>
        <h1>Components</h1>
        <ErrorSummary t={t} errors={errors} />
        <form method="post" action="/test/components">
          <FormField name="title" label="Title" hint="10 to 200 characters" error={errors[0].message} required value="Short" />
          <FormField
            name="kind"
            label="Kind"
            type="select"
            error={errors[1].message}
            options={[
              { value: '', label: '—' },
              { value: 'petition', label: 'Petition' },
            ]}
          />
          <FormField name="body" label="Text" type="textarea" />
          <button type="submit">Send</button>
        </form>
        <DataTable<Row>
          caption="Signatures by region"
          rows={rows}
          empty={t('ui.table.empty')}
          columns={[
            { header: 'Region', cell: (r) => r.region, rowHeader: true },
            { header: 'Signatures', cell: (r) => formatNumber(lang, r.signatures), numeric: true },
            { header: 'A long column header that makes the table wide', cell: (r) => formatDate(lang, r.since) },
            { header: 'Status', cell: (r) => <StatusBadge tone={r.status === 'open' ? 'info' : 'danger'} label={r.status} /> },
            { header: 'Another wide column', cell: () => 'some more text to widen the table further' },
          ]}
        />
        <DataTable<Row> caption="Nothing yet" rows={[]} empty={t('ui.table.empty')} columns={[{ header: 'Region', cell: (r) => r.region }]} />
        <Pagination t={t} page={6} pageCount={20} href={(p) => `/test/components?page=${p}`} />
      </>,
    );
  });
}

let server: TestServer;
let browser: Browser;
before(async () => {
  server = await startServer({ routes: componentsPage });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('components pass axe in every language, on desktop and phone', async () => {
  for (const options of [{}, phone()]) {
    const page = await openPage(browser, server, options);
    for (const lang of ['kk', 'ru', 'en']) {
      await page.goto(`/test/components?lang=${lang}`);
      await checkA11y(page);
    }
    assertNoProblems(page);
    await closePage(page);
  }
});

test('on a phone the wide table scrolls inside its own box, which keyboard users can reach', async () => {
  const page = await openPage(browser, server, phone());
  await page.goto('/test/components?lang=ru');
  await assertNoHorizontalScroll(page);
  const wrap = page.locator('.table-wrap').first();
  const { scroll, client } = await wrap.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  assert.ok(scroll > client, 'the table is wider than the phone and scrolls inside its wrapper');
  assert.equal(await wrap.getAttribute('tabindex'), '0');
  assert.equal(await wrap.getAttribute('role'), 'region');
  await closePage(page);
});

test('form fields announce their hint and error; the error summary links move to the field', async () => {
  const page = await openPage(browser, server);
  await page.goto('/test/components?lang=en');
  const title = page.getByRole('textbox', { name: 'Title' });
  assert.equal(await title.getAttribute('aria-invalid'), 'true');
  assert.equal(await title.getAttribute('aria-describedby'), 'field-title-hint field-title-error');
  assert.equal(await page.locator('#field-title-error').textContent(), 'Enter a title of at least 10 characters');
  assert.equal(await page.getByRole('alert').getByRole('heading').textContent(), 'There are 2 problems with this form');
  await page.getByRole('link', { name: 'Choose a kind of proposal' }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'field-kind');
  await closePage(page);
});

test('pagination marks the current page and links its neighbours', async () => {
  const page = await openPage(browser, server);
  await page.goto('/test/components?lang=en');
  const nav = page.getByRole('navigation', { name: 'Pages' });
  assert.equal(await nav.locator('[aria-current="page"]').textContent(), '6');
  await nav.getByRole('link', { name: 'Next' }).click();
  await page.waitForURL(/page=7/);
  await closePage(page);
});
