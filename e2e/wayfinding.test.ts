// Finding one's way (issue 15): each role signs in, opens the account menu under their name and reaches
// every screen of their role from links alone, on a 360 px phone with JavaScript off, in kk, ru and en;
// the open account menu fits the phone; the home page's Council figure and "The Council decides" step
// lead to the Council page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Role } from '../src/core/roles.ts';
import { signInAs } from '../test/helpers/auth.ts';
import { assertNoProblems, type Browser, checkA11y, closePage, launchBrowser, openPage, type Page, phone, startServer, type TestServer, useSession } from './helpers/browser.ts';
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

/** Each role's screens, by address: every one must be reachable from the account menu. */
const WORK: { roles: Role[]; agencyId?: string; screens: string[] }[] = [
  { roles: ['citizen'], screens: ['/account', '/me/proposals', '/notifications'] },
  { roles: ['moderator'], screens: ['/account', '/me/proposals', '/notifications', '/moderation/proposals'] },
  { roles: ['secretariat'], screens: ['/account', '/me/proposals', '/notifications', '/responses/console', '/sortition/new'] },
  { roles: ['agency_officer'], agencyId: 'min-health', screens: ['/account', '/me/proposals', '/notifications', '/responses/console'] },
  { roles: ['auditor'], screens: ['/account', '/me/proposals', '/notifications', '/ledger/verify'] },
  { roles: ['council_member'], screens: ['/account', '/me/proposals', '/notifications', '/council/work'] },
  { roles: ['council_chair'], screens: ['/account', '/me/proposals', '/notifications', '/council/work'] },
  { roles: ['admin'], screens: ['/account', '/me/proposals', '/notifications', '/admin/roles'] },
];

/** The links in the account menu, opened by clicking the name (a <details>, so no script is needed). */
async function accountLinks(page: Page): Promise<string[]> {
  await page.locator('header .account-menu > summary').click();
  assert.equal(await page.locator('header .account-menu').getAttribute('open'), '', 'the menu opens without JavaScript');
  return page.locator('header .account-panel a').evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? ''));
}

for (const lang of ['kk', 'ru', 'en'] as const) {
  for (const w of WORK) {
    test(`${lang}: ${w.roles.join('+')} reaches every screen of the role from the account menu (phone, no JavaScript)`, async () => {
      const who = await signInAs(server, { roles: w.roles, agencyId: w.agencyId });
      const page = await openPage(browser, server, { ...phone(), javaScriptEnabled: false });
      try {
        await useSession(page, server, who, lang);
        await page.goto('/');
        const links = await accountLinks(page);
        assert.deepEqual([...links].sort(), [...w.screens].sort(), 'the menu lists exactly the role’s screens');
        await assertPhoneFriendly(page); // with the menu open
        await checkA11y(page);
        for (const href of w.screens) {
          // Back home by a link, then through the menu. The wait starts before the click: on the first
          // round the page is already at "/", so waiting for the URL afterwards would not wait at all, and
          // the menu could be opened on the page that is being replaced (seen once in CI).
          await Promise.all([page.waitForNavigation(), page.locator('a.brand').click()]);
          await page.locator('header .account-menu > summary').click();
          const res = await Promise.all([page.waitForNavigation(), page.locator(`header .account-panel a[href="${href}"]`).click()]);
          assert.equal(res[0]?.status(), 200, `${href} answered ${res[0]?.status()}`);
          assert.equal(new URL(page.url()).pathname, href);
          assert.equal(await page.getAttribute('html', 'lang'), lang);
          assert.equal(await page.locator(`header .account-panel a[href="${href}"]`).getAttribute('aria-current'), 'page', 'the menu marks where one is');
        }
        // The account page names the roles in words and lists the same work.
        await page.goto('/account');
        const roleText = await page.locator('.account-roles').textContent() ?? '';
        for (const r of w.roles) assert.doesNotMatch(roleText, new RegExp(`\\b${r}\\b`), `role ${r} shown as a code`);
        const pageLinks = await page.locator('main .link-list a').evaluateAll((els) => els.map((e) => e.getAttribute('href')));
        for (const href of w.screens.filter((s) => s !== '/account')) assert.ok(pageLinks.includes(href), `/account links to ${href}`);
        await assertPhoneFriendly(page);
        await checkA11y(page);
        assertNoProblems(page);
      } finally {
        await closePage(page);
      }
    });
  }
}

test('signed out, /account asks to sign in and comes back to it', async () => {
  const res = await fetch(`${server.url}/account`, { redirect: 'manual' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/auth/login?next=%2Faccount');
});

test('work links stay out of the main navigation', async () => {
  const who = await signInAs(server, { roles: ['secretariat', 'moderator'] });
  const page = await openPage(browser, server, { javaScriptEnabled: false });
  try {
    await useSession(page, server, who, 'en');
    await page.goto('/');
    const main = await page.locator('nav.main-nav a').evaluateAll((els) => els.map((e) => e.getAttribute('href')));
    for (const staff of ['/moderation/proposals', '/responses/console', '/sortition/new', '/me/proposals', '/admin/roles', '/council/work']) assert.ok(!main.includes(staff), `${staff} in the main nav`);
  } finally {
    await closePage(page);
  }
});

test('the home page’s Council figure and its "The Council decides" step lead to the Council page', async () => {
  const page = await openPage(browser, server, { ...phone(), javaScriptEnabled: false });
  try {
    for (const lang of ['kk', 'ru', 'en'] as const) {
      await page.goto(`/?lang=${lang}`);
      await page.locator('.figure-link a[href="/council"]').click();
      await page.waitForURL(`${server.url}/council`);
      await page.goto(`/?lang=${lang}`);
      await page.locator('.steps a[href="/council"]').click();
      await page.waitForURL(`${server.url}/council`);
    }
    await page.goto('/');
    await assertPhoneFriendly(page);
    await checkA11y(page);
  } finally {
    await closePage(page);
  }
});
