// The page shell in a real browser: language switch remembered across pages, skip link, 404 page,
// JavaScript off, a 360px phone without sideways scrolling, and axe on every shell page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  assertNoHorizontalScroll,
  assertNoProblems,
  type Browser,
  checkA11y,
  closePage,
  launchBrowser,
  openPage,
  phone,
  screenshot,
  startServer,
  type TestServer,
} from './helpers/browser.ts';

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

const HEADINGS = { kk: 'Халық Кеңесі', ru: 'Народный совет', en: "People's Council" } as const;
const LABELS = { kk: 'Қазақша', ru: 'Русский', en: 'English' } as const;

test('the language switch changes the page, sets <html lang> and is remembered across navigation', async () => {
  const page = await openPage(browser, server);
  await page.goto('/');
  assert.equal(await page.getAttribute('html', 'lang'), 'kk', 'Kazakh is the default');
  assert.equal(await page.textContent('h1'), HEADINGS.kk);
  for (const lang of ['ru', 'en', 'kk'] as const) {
    await Promise.all([page.waitForNavigation(), page.getByRole('navigation', { name: /Тіл|Язык|Language/ }).getByRole('link', { name: LABELS[lang] }).click()]); // same address: waitForURL would not wait
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    assert.equal(await page.textContent('h1'), HEADINGS[lang]);
    assert.equal(await page.getAttribute(`.langs a[lang="${lang}"]`, 'aria-current'), 'true');
    // Remembered: another page (here the 404 page) comes in the same language without ?lang=.
    await page.goto('/some/missing/page');
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    await page.goto('/');
    assert.equal(await page.getAttribute('html', 'lang'), lang);
  }
  assertNoProblems(page);
  await closePage(page);
});

test('switching language on an inner page comes back to that page', async () => {
  const page = await openPage(browser, server);
  await page.goto('/ledger');
  await page.locator('.langs a[lang="en"]').click();
  await page.waitForURL(`${server.url}/ledger`);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await closePage(page);
});

test('the skip link is the first Tab stop, becomes visible, and moves focus to the main content', async () => {
  const page = await openPage(browser, server);
  await page.goto('/?lang=en');
  await page.keyboard.press('Tab');
  const focused = page.locator(':focus');
  assert.equal(await focused.textContent(), 'Skip to main content');
  const box = await focused.boundingBox();
  assert.ok(box && box.y >= 0 && box.width > 0, 'the focused skip link is on screen');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  // The next Tab continues inside main, not back in the header.
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => Boolean(document.activeElement?.closest('main'))), 'focus moved into main');
  await closePage(page);
});

test('an unknown address shows the 404 page with a way home', async () => {
  const page = await openPage(browser, server);
  await page.goto('/lang/en?back=/');
  const res = await page.goto('/there/is/nothing/here');
  assert.equal(res?.status(), 404);
  assert.equal(await page.textContent('h1'), 'Page not found');
  await page.getByRole('main').getByRole('link', { name: 'Home' }).click();
  await page.waitForURL(`${server.url}/`);
  assert.equal(await page.textContent('h1'), HEADINGS.en);
  await closePage(page);
});

test('everything works with JavaScript off: pages render and the language switch works', async () => {
  const page = await openPage(browser, server, { javaScriptEnabled: false });
  await page.goto('/');
  assert.equal(await page.textContent('h1'), HEADINGS.kk);
  await Promise.all([page.waitForNavigation(), page.locator('.langs a[lang="ru"]').click()]); // same address: waitForURL would not wait
  assert.equal(await page.getAttribute('html', 'lang'), 'ru');
  assert.equal(await page.textContent('h1'), HEADINGS.ru);
  assert.ok((await page.locator('.figure').count()) >= 4, 'figures render');
  await checkA11y(page);
  await closePage(page);
});

test('on a 360×740 phone nothing scrolls sideways and tap targets are large enough', async () => {
  const page = await openPage(browser, server, phone());
  for (const lang of ['kk', 'ru', 'en']) {
    for (const url of [`/?lang=${lang}`, `/missing?lang=${lang}`]) {
      await page.goto(url);
      await assertNoHorizontalScroll(page);
    }
  }
  await page.goto('/?lang=kk');
  // Header links and buttons: at least 44 px high (WCAG 2.5.5 target size, enhanced).
  const small = await page.$$eval('header a, header button', (els) =>
    els
      .map((el) => ({ text: (el.textContent ?? '').trim(), h: el.getBoundingClientRect().height }))
      .filter((x) => x.h > 0 && x.h < 40),
  );
  assert.deepEqual(small, [], 'header tap targets smaller than 40px');
  console.log(`# phone screenshot: ${await screenshot(page, 'home-phone')}`);
  await closePage(page);
});

test('desktop home page: header, main and footer are visible, stacked without overlap, nothing scrolls sideways', async () => {
  const page = await openPage(browser, server, { viewport: { width: 1280, height: 900 } });
  await page.goto('/?lang=kk');
  const boxes: Record<string, { x: number; y: number; width: number; height: number } | null> = {};
  for (const landmark of ['banner', 'main', 'contentinfo'] as const) {
    const el = page.getByRole(landmark);
    assert.equal(await el.count(), 1, `one ${landmark} landmark`);
    assert.ok(await el.isVisible(), `the ${landmark} landmark is visible`);
    boxes[landmark] = await el.boundingBox();
    assert.ok(boxes[landmark] && boxes[landmark].width > 0 && boxes[landmark].height > 0, `the ${landmark} landmark has a size`);
  }
  const [header, main, footer] = [boxes.banner!, boxes.main!, boxes.contentinfo!];
  assert.ok(header.y + header.height <= main.y + 1, `main starts below the header (${header.y + header.height} > ${main.y})`);
  assert.ok(main.y + main.height <= footer.y + 1, `the footer starts below main (${main.y + main.height} > ${footer.y})`);
  // On a desktop the content uses the width: main is not squeezed into a phone-sized column.
  assert.ok(main.width >= 600, `main is ${main.width}px wide at 1280px`);
  await assertNoHorizontalScroll(page);
  await checkA11y(page);
  assertNoProblems(page);
  console.log(`# desktop screenshot: ${await screenshot(page, 'home-desktop')}`);
  await closePage(page);
});

test('axe finds no violations on the shell pages in every language, on desktop and phone', async () => {
  const urls = ['/', '/no-such-page'];
  // The sign-in page belongs to the identity module; check it when it is there.
  if (server.app.hasRoute({ method: 'GET', url: '/auth/login' })) urls.push('/auth/login');
  for (const options of [{}, phone()]) {
    const page = await openPage(browser, server, options);
    for (const lang of ['kk', 'ru', 'en']) {
      for (const url of urls) {
        await page.goto(`${url}?lang=${lang}`);
        await checkA11y(page);
      }
    }
    assertNoProblems(page);
    await closePage(page);
  }
});

test('the page passes under the real CSP: no inline script or style is blocked', async () => {
  const page = await openPage(browser, server);
  const blocked: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
  });
  for (const url of ['/', '/missing']) await page.goto(url);
  assert.deepEqual(blocked, []);
  // And the stylesheet really applied: the header has its dark background.
  await page.goto('/');
  const bg = await page.$eval('.site-header', (el) => getComputedStyle(el).backgroundColor);
  assert.equal(bg, 'rgb(0, 62, 77)');
  await closePage(page);
});
