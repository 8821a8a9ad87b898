// The browser harness itself: a real server on loopback, Chromium under the real CSP, axe injected.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Browser, CHROMIUM_PATH, checkA11y, closePage, FULL_CHROMIUM_PATH, formatViolations, launchBrowser, openPage, startServer, type TestServer, useSession } from './helpers/browser.ts';

let server: TestServer;
let browser: Browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the server listens on loopback and Chromium loads a page under the strict CSP', async () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const page = await openPage(browser, server);
  const res = await page.goto('/');
  assert.equal(res?.status(), 200);
  assert.match(String(res?.headers()['content-security-policy']), /script-src 'self'/);
  await closePage(page);
});

// The suite runs in the headless shell (ADR 0012); the full browser people install must render the
// same page, pass the same check and run the same script.
test('the full Chromium renders the home page as the headless shell does, and passes the same check', { skip: CHROMIUM_PATH === FULL_CHROMIUM_PATH && 'the suite already runs in the full browser' }, async () => {
  // The home page says at what minute its figures were read; the two loads may fall on either side of
  // a minute (the full browser takes seconds to start on a loaded machine), so clock times are masked.
  const steady = (text: string) => text.replace(/\b\d{1,2}:\d{2}\b/g, 'hh:mm');
  const shellPage = await openPage(browser, server);
  await shellPage.goto('/');
  const inShell = { title: await shellPage.title(), text: steady(await shellPage.locator('main').innerText()), script: await shellPage.evaluate('typeof window.matchMedia') };
  await closePage(shellPage);
  const full = await launchBrowser(FULL_CHROMIUM_PATH);
  try {
    const page = await openPage(full, server);
    await page.goto('/');
    assert.deepEqual({ title: await page.title(), text: steady(await page.locator('main').innerText()), script: await page.evaluate('typeof window.matchMedia') }, inShell);
    await checkA11y(page);
    await closePage(page);
  } finally {
    await full.close();
  }
});

test('checkA11y injects axe despite the CSP and reports violations readably', async () => {
  const page = await openPage(browser, server);
  await page.goto('/');
  // An image without alt text, added by the test, must be reported with its rule id and selector.
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.id = 'no-alt';
    img.src = '/static/nothing.png';
    document.querySelector('main')?.append(img);
  });
  await assert.rejects(checkA11y(page), (err: Error) => {
    assert.match(err.message, /image-alt \[critical\]/);
    assert.match(err.message, /#no-alt/);
    return true;
  });
  await closePage(page);
});

test('formatViolations lists rule, impact, help and targets', () => {
  const text = formatViolations([{ id: 'color-contrast', impact: 'serious', help: 'Elements must meet contrast', helpUrl: 'https://x', nodes: [{ target: ['.a'] }] }]);
  assert.match(text, /color-contrast \[serious\]: Elements must meet contrast/);
  assert.match(text, /at \.a/);
});

test('checkA11y also works in a context with JavaScript switched off', async () => {
  const page = await openPage(browser, server, { javaScriptEnabled: false });
  await page.goto('/');
  assert.equal(await page.evaluate('typeof window.axe'), 'undefined');
  await checkA11y(page);
  await closePage(page);
});

test('checks of JavaScript-off pages, one after another on the same copy page, each see only their own page', async () => {
  // The second and later checks write the copy into the copy page's document instead of loading it:
  // a violation on one page must be found, and must not stay behind for the next page.
  const page = await openPage(browser, server, { javaScriptEnabled: false });
  await page.goto('/');
  await checkA11y(page);
  await page.goto('/proposals');
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.id = 'no-alt-off';
    img.src = '/static/nothing.png';
    document.querySelector('main')?.append(img);
  });
  await assert.rejects(checkA11y(page), (err: Error) => {
    assert.match(err.message, /image-alt \[critical\]/);
    assert.match(err.message, /#no-alt-off/);
    assert.match(err.message, /on http:\/\/127\.0\.0\.1:\d+\/proposals:/, 'the copy is at the page’s own address');
    return true;
  });
  await page.goto('/ledger');
  await checkA11y(page);
  await closePage(page);
});

test('useSession signs a page in as a test user and remembers the language', async () => {
  const { signInAs } = await import('../test/helpers/auth.ts');
  const who = await signInAs(server, { name: 'Әсел Төлегенова' });
  const page = await openPage(browser, server);
  await useSession(page, server, who, 'en');
  await page.goto('/');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match((await page.locator('header .account').textContent()) ?? '', /Әсел/);
  await closePage(page);
});
