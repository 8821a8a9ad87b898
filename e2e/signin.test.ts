// Signing in through a browser: through a real OpenID Connect provider on loopback (standing in for
// eGov), and through the demo list in demo mode. Axe checks every Kenes page on the way.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startOidcProvider, type TestOidcProvider } from '../test/helpers/oidc.ts';
import { assertNoProblems, type Browser, checkA11y, closePage, launchBrowser, openPage, type Page, startServer, type TestServer } from './helpers/browser.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** The signed-in name in the header, or null when nobody is signed in. */
async function headerName(page: Page): Promise<string | null> {
  const who = page.locator('header .account .who');
  if (!(await who.count())) return null;
  // The element's own text, without its visually hidden "Signed in as" prefix.
  return who.evaluate((el) =>
    [...el.childNodes]
      .filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.textContent)
      .join('')
      .trim(),
  );
}

test('sign in through the OIDC provider, see the name, switch language, sign out; axe on every page', async () => {
  let idp: TestOidcProvider | undefined;
  const server: TestServer = await startServer({
    env: async (url) => {
      await idp?.close(); // only when the first port was taken and the server is built again
      idp = await startOidcProvider({ redirectUri: `${url}/auth/oidc/callback` });
      return idp.env;
    },
  });
  const page = await openPage(browser, server);
  try {
    await page.goto('/');
    assert.equal(await headerName(page), null);
    await checkA11y(page);

    // Header link → Kenes sign-in page (Kazakh by default).
    await page.locator('header .account a').click();
    await page.waitForURL(/\/auth\/login/);
    assert.equal(await page.getAttribute('html', 'lang'), 'kk');
    await checkA11y(page);

    // → the provider's login page → choose the account → back through the callback to where we started.
    await page.getByRole('link', { name: /eGov/ }).click();
    await page.waitForURL((u) => u.toString().startsWith(idp!.issuer));
    await page.getByRole('button', { name: /\(aigerim\)/ }).click();
    await page.waitForURL(`${server.url}/`);
    const name = await headerName(page);
    assert.ok(name?.includes('Айгерім'), `header shows the signed-in name, got ${name}`);
    assert.doesNotMatch(await page.content(), /061211600012/, 'the IIN never reaches the page');
    await checkA11y(page);

    // Switching language keeps the session.
    await Promise.all([page.waitForNavigation(), page.locator('.langs a[lang="en"]').click()]); // same address: waitForURL would not wait
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.ok((await headerName(page))?.includes('Айгерім'));
    await checkA11y(page);
    await Promise.all([page.waitForNavigation(), page.locator('.langs a[lang="ru"]').click()]); // same address: waitForURL would not wait
    assert.equal(await page.getAttribute('html', 'lang'), 'ru');
    await checkA11y(page);

    // Sign out (a CSRF-protected form post) → signed out, language still remembered.
    // The sign-out button is in the account menu (a disclosure under the name).
    await page.locator('header .account-menu > summary').click();
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Выйти' }).click()]); // same address: waitForURL would not wait
    assert.equal(await headerName(page), null);
    assert.equal(await page.locator('header .account a').textContent(), 'Войти');
    assert.equal(await page.getAttribute('html', 'lang'), 'ru');
    await checkA11y(page);
    assertNoProblems(page);
  } finally {
    await closePage(page);
    await server.close();
    await idp?.close();
  }
});

test('demo mode: the sign-in page lists demo people; signing in works with JavaScript off', async () => {
  const server = await startServer({ demo: true, seed: true });
  try {
    for (const options of [{}, { javaScriptEnabled: false }]) {
      const page = await openPage(browser, server, options);
      await page.goto('/lang/en?back=/auth/login');
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      assert.ok(await page.locator('.demo-banner').isVisible(), 'every page is marked as a demo');
      const buttons = page.locator('.demo-accounts button');
      assert.ok((await buttons.count()) > 5, 'demo citizens and staff are listed');
      await checkA11y(page);

      const label = ((await buttons.first().textContent()) ?? '').trim();
      await buttons.first().click();
      await page.waitForURL((u) => !u.pathname.startsWith('/auth/'));
      const name = await headerName(page);
      assert.ok(name && label.includes(name), `signed in as "${name}" after clicking "${label}"`);
      await checkA11y(page);

      await page.locator('header .account-menu > summary').click();
      await Promise.all([page.waitForNavigation(), page.locator('header .account button').click()]); // same address: waitForURL would not wait
      assert.equal(await headerName(page), null);
      await checkA11y(page);
      assertNoProblems(page);
      await closePage(page);
    }
  } finally {
    await server.close();
  }
});
