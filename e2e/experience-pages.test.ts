// The pages a public service has (issue 15, ADR 0510), reached from the footer of the home page by
// links alone, on a 360 px phone without JavaScript, in kk, ru and en: each answers, is in the page's
// language, passes axe and the phone checks; the rules page is the charter's own figures.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { INFO_PAGES } from '../src/web/infoPages.ts';
import { assertNoProblems, type Browser, checkA11y, closePage, launchBrowser, openPage, phone, startServer, type TestServer, useSession } from './helpers/browser.ts';
import { assertPhoneFriendly } from './helpers/phone.ts';

let server: TestServer;
let browser: Browser;
before(async () => {
  server = await startServer({ demo: true });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const PRIVACY_LAW = /94-V/;

for (const lang of ['kk', 'ru', 'en'] as const) {
  test(`${lang}: every footer page, from the home page's footer (phone, no JavaScript)`, async () => {
    const page = await openPage(browser, server, { ...phone(), javaScriptEnabled: false });
    try {
      await useSession(page, server, null, lang);
      for (const p of INFO_PAGES) {
        await page.goto('/');
        const res = await Promise.all([page.waitForNavigation(), page.locator(`footer a[href="${p.href}"]`).click()]);
        assert.equal(res[0]?.status(), 200, p.href);
        assert.equal(new URL(page.url()).pathname, p.href);
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        const h1 = (await page.locator('h1').textContent()) ?? '';
        assert.ok(h1.length > 2 && !h1.startsWith('info.'), `${p.href}: heading "${h1}"`);
        const text = (await page.locator('main').textContent()) ?? '';
        assert.doesNotMatch(text, /info\.\w+\.\w+/, `${p.href} shows a message key`);
        if (p.id === 'privacy') assert.match(text, PRIVACY_LAW);
        if (p.id === 'rules') {
          const seats = String(server.ctx.charter.bodies.council.seats);
          assert.ok(text.includes(seats), 'the rules page carries the charter’s figures');
          assert.ok((await page.locator('main h2').count()) >= 4, 'one section per part of the charter');
        }
        await assertPhoneFriendly(page);
        await checkA11y(page);
      }
      assertNoProblems(page);
    } finally {
      await closePage(page);
    }
  });
}
