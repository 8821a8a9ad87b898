// The search page in a browser (issue 15, ADR 0508): a person types "transport" in Latin letters on a
// 360 px phone with JavaScript off and finds the demo's Russian proposal "…в городском транспорте",
// opens it from the result, pages through one section; in kk, ru and en, axe clean, no overflow.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sealNow } from '../src/modules/ledger/api.ts';
import { assertNoProblems, type Browser, checkA11y, closePage, launchBrowser, openPage, phone, startServer, type TestServer, useSession } from './helpers/browser.ts';
import { assertPhoneFriendly } from './helpers/phone.ts';

let server: TestServer;
let browser: Browser;
before(async () => {
  server = await startServer({ demo: true, seed: true });
  // The demo's events onto the ledger (the appender runs in the background in a real server).
  await sealNow(server.ctx);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const PLACEHOLDER = { kk: 'Іздеу', ru: 'Поиск', en: 'Search' } as const;

for (const lang of ['kk', 'ru', 'en'] as const) {
  test(`${lang}: from the header to a Russian proposal by the English word "transport" (phone, no JavaScript)`, async () => {
    const page = await openPage(browser, server, { ...phone(), javaScriptEnabled: false });
    try {
      await useSession(page, server, null, lang);
      await page.goto('/');
      // The phone menu (a <details>) holds the search link like every section.
      await page.locator('header .nav-menu > summary').click();
      await Promise.all([page.waitForNavigation(), page.locator('header .nav-menu a[href="/search"]').click()]);
      assert.equal(new URL(page.url()).pathname, '/search');
      assert.equal(await page.locator('h1').textContent(), PLACEHOLDER[lang]);
      await assertPhoneFriendly(page);
      await checkA11y(page);

      await page.locator('#search-q').fill('transport');
      await Promise.all([page.waitForNavigation(), page.locator('form[role="search"] button[type="submit"]').click()]);
      assert.equal(new URL(page.url()).searchParams.get('q'), 'transport');
      const proposals = page.locator('section[aria-labelledby="search-proposals"]');
      const link = proposals.locator('a', { hasText: 'транспорте' }).first();
      assert.equal(await link.count(), 1, 'the Russian proposal is found');
      assert.equal(await link.locator('mark').first().textContent(), 'транспорте', 'the matching word is marked');
      assert.equal(await link.getAttribute('lang'), lang === 'ru' ? null : 'ru', 'a title in another language says so');
      await assertPhoneFriendly(page);
      await checkA11y(page);

      // One section, its own pages.
      const sectionLink = page.locator('nav.search-sections a[href*="section=ledger"]');
      await page.locator('#search-q').fill('опубликовано');
      await Promise.all([page.waitForNavigation(), page.locator('form[role="search"] button[type="submit"]').click()]);
      await Promise.all([page.waitForNavigation(), sectionLink.click()]);
      assert.equal(new URL(page.url()).searchParams.get('section'), 'ledger');
      const hits = page.locator('.search-hits li');
      assert.ok((await hits.count()) > 0, 'ledger entries by the words of their act');
      await assertPhoneFriendly(page);
      await checkA11y(page);

      await Promise.all([page.waitForNavigation(), page.locator('.search-hits a').first().click()]);
      assert.match(new URL(page.url()).pathname, /^\/ledger\/entries\/\d+$/);
      assertNoProblems(page);
    } finally {
      await closePage(page);
    }
  });
}

test('the proposal found opens from its result, and "транспорту" finds it too', async () => {
  const page = await openPage(browser, server, { ...phone(), javaScriptEnabled: false });
  try {
    await useSession(page, server, null, 'ru');
    await page.goto(`/search?q=${encodeURIComponent('транспорту')}`);
    const link = page.locator('section[aria-labelledby="search-proposals"] a', { hasText: 'транспорте' }).first();
    const title = (await link.textContent()) ?? '';
    await Promise.all([page.waitForNavigation(), link.click()]);
    assert.match(new URL(page.url()).pathname, /^\/proposals\/[\w-]+$/);
    assert.equal(await page.locator('h1').textContent(), title);
    assertNoProblems(page);
  } finally {
    await closePage(page);
  }
});
