// Lottery pages in Chromium: a draw started through the API appears in the public list; its page
// shows the commitment, the result and the rerun command; axe finds no violations.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { signInAs } from '../test/helpers/auth.ts';
import { checkA11y, closePage, openPage, startServer, type TestServer, withBrowser } from './helpers/browser.ts';

const FIXTURES = new URL('../test/fixtures/sortition/example_small_20/', import.meta.url);
let server: TestServer;
let runId: string;

before(async () => {
  server = await startServer();
  const staff = await signInAs(server, { roles: ['secretariat'] });
  const r = await fetch(`${server.url}/api/v1/sortition/runs`, {
    method: 'POST',
    headers: { ...staff.headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      format: 'panelot',
      categoriesCsv: readFileSync(new URL('categories.csv', FIXTURES), 'utf8'),
      respondentsCsv: readFileSync(new URL('respondents.csv', FIXTURES), 'utf8'),
      k: 20,
      entropy: 'Lotto 2026-10-15: 03 11 19 27 35 41',
    }),
  });
  assert.equal(r.status, 202, await r.clone().text());
  runId = (await r.json()).id;
  // The SSE stream ends when the draw is done.
  const events = await (await fetch(`${server.url}/api/v1/sortition/runs/${runId}/events`)).text();
  assert.match(events, /event: done/);
});
after(async () => server.close());

test('a citizen finds the draw, reads its result and the rerun command, in Russian', async () => {
  await withBrowser(async (browser) => {
    const page = await openPage(browser, server);
    await page.goto('/sortition');
    await page.locator('a[hreflang="ru"]').click();
    await page.waitForURL('**/sortition');
    assert.equal(await page.locator('h1').textContent(), 'Жеребьёвки членов совета');
    await checkA11y(page);
    await page.locator(`a[href="/sortition/runs/${runId}"]`).click();
    await page.waitForURL(`**/sortition/runs/${runId}`);
    const text = (await page.locator('main').textContent()) ?? '';
    assert.match(text, /Жеребьёвка 20 мест среди 200 человек/);
    assert.match(text, /Lotto 2026-10-15/);
    assert.match(text, /kenes select verify report\.json --categories categories\.csv --respondents respondents\.csv --k 20/);
    const ids = ((await page.locator('.panel-ids').textContent()) ?? '').split(',').map((s) => s.trim());
    assert.equal(ids.length, 20);
    await checkA11y(page);
    await page.locator(`a[href="/sortition/runs/${runId}/report.html"]`).click();
    await page.waitForURL('**/report.html');
    assert.ok(await page.locator('svg').count() > 0);
    await closePage(page);
  });
});
