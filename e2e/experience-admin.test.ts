// An administrator at work in a browser (issue 15, ADR 0509): from the account menu to /admin/roles on
// a 360 px phone with JavaScript off, grants a citizen the moderator role by account id, sees it
// listed in words, revokes it; a mistake comes back by its field. In kk, ru and en; axe clean.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { identityService } from '../src/modules/identity/api.ts';
import { signInAs } from '../test/helpers/auth.ts';
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

const MODERATOR = { kk: 'Модератор', ru: 'Модератор', en: 'Moderator' } as const;

for (const lang of ['kk', 'ru', 'en'] as const) {
  test(`${lang}: an administrator grants and revokes a role from the page (phone, no JavaScript)`, async () => {
    const admin = await signInAs(server, { roles: ['admin'] });
    const citizen = await signInAs(server, { name: `Citizen ${lang.toUpperCase()}` });
    const page = await openPage(browser, server, { ...phone(), javaScriptEnabled: false });
    try {
      await useSession(page, server, admin, lang);
      await page.goto('/');
      await page.locator('header .account-menu > summary').click();
      await Promise.all([page.waitForNavigation(), page.locator('header .account-panel a[href="/admin/roles"]').click()]);
      await assertPhoneFriendly(page);
      await checkA11y(page);

      // A mistake first: an agency for a moderator.
      await page.locator('#field-who').fill(citizen.user.id);
      await page.locator('#field-role').selectOption('moderator');
      await page.locator('#field-agencyId').selectOption({ index: 0 });
      await page.locator('#field-who').fill('');
      await Promise.all([page.waitForNavigation(), page.locator('#grant button[type="submit"]').click()]);
      assert.equal(await page.locator('#field-who').getAttribute('aria-invalid'), 'true');
      await checkA11y(page);
      await assertPhoneFriendly(page);

      await page.locator('#field-who').fill(citizen.user.id);
      await page.locator('#field-role').selectOption('moderator');
      await Promise.all([page.waitForNavigation(), page.locator('#grant button[type="submit"]').click()]);
      assert.match(new URL(page.url()).search, /done=granted/);
      assert.equal(await page.locator('p[role="status"]').count(), 1);
      const entry = page.locator('.admin-staff > li', { hasText: `Citizen ${lang.toUpperCase()}` });
      assert.match((await entry.locator('.admin-roles').textContent()) ?? '', new RegExp(MODERATOR[lang]));
      assert.ok((await identityService(server.ctx).findById(citizen.user.id))!.roles.includes('moderator'));
      await checkA11y(page);
      await assertPhoneFriendly(page);

      await Promise.all([page.waitForNavigation(), entry.locator('.admin-roles button[type="submit"]').first().click()]);
      assert.match(new URL(page.url()).search, /done=revoked/);
      assert.ok(!(await identityService(server.ctx).findById(citizen.user.id))!.roles.includes('moderator'));
      assertNoProblems(page);
    } finally {
      await closePage(page);
    }
  });
}
