// The Council's public registry in Chromium (issue 12, deliverable 6): a first cycle run through the
// API on a charter with small blocks and one member replaced by an alternate; then a citizen, on a
// 360 px phone in kk, ru and en, with JavaScript off and on, reads the Council today (seats by
// block, the region tile map, shares against the target), follows a member to their page and the
// seat's history, asks for the Council on a past date through the form, and opens the cycle's page
// with its pool, commitment, alternates and the rerun command. axe finds nothing, nothing scrolls
// sideways, no text is under 12 px.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addDays } from '../src/core/isoDate.ts';
import { generateSigningKey } from '../src/core/ledger/signing.ts';
import { membershipService } from '../src/modules/membership/service.ts';
import { councilCharterPath, runFirstCycle, withDayClock } from '../test/api/membership.fixtures.ts';
import { signInAs } from '../test/helpers/auth.ts';
import { assertNoProblems, checkA11y, closePage, noScript, openPage, phone, startServer, type TestServer, withBrowser } from './helpers/browser.ts';
import { assertPhoneFriendly } from './helpers/phone.ts';

let server: TestServer & { setDay(date: string): void };
let termStart: string;
let leaver: { id: string; name: string };
let replacement: string;

before(async () => {
  server = withDayClock(await startServer({ config: { ledgerKey: generateSigningKey().privateKeyBase64, charterPath: councilCharterPath() } }));
  const staff = await signInAs(server, { roles: ['secretariat'] });
  termStart = (await runFirstCycle(server, staff.headers, () => membershipService(server.ctx).sweep())).termStart;
  server.setDay(addDays(termStart, 20));
  leaver = (await (await fetch(`${server.url}/api/v1/council/members`)).json()).members[1];
  const r = await fetch(`${server.url}/api/v1/council/members/${leaver.id}/departure`, { method: 'POST', headers: { ...staff.headers, 'content-type': 'application/json' }, body: JSON.stringify({ on: addDays(termStart, 20), reason: 'resigned' }) });
  const body = await r.text();
  assert.equal(r.status, 200, body);
  replacement = JSON.parse(body).replacement.member;
  // The called alternate sits once they accept (ADR 0803).
  const accepted = await fetch(`${server.url}/api/v1/council/members/${replacement}/confirmation`, { method: 'POST', headers: { ...staff.headers, 'content-type': 'application/json' }, body: JSON.stringify({ answer: 'accepted' }) });
  assert.equal(accepted.status, 200, await accepted.text());
  server.setDay(addDays(termStart, 30));
});
after(async () => server?.close());

for (const js of [false, true]) {
  test(`the registry on a phone in kk, ru and en, JavaScript ${js ? 'on' : 'off'}: the Council, a member, a past date, a cycle`, { timeout: 300_000 }, async () => {
    await withBrowser(async (browser) => {
      const page = await openPage(browser, server, { ...(js ? {} : noScript()), ...phone() });
      for (const lang of ['kk', 'ru', 'en'] as const) {
        await page.goto(`/council?lang=${lang}`);
        assert.equal(await page.locator('svg.council-map').count(), 1);
        assert.equal(await page.locator('svg.council-chart').count(), 3);
        await assertPhoneFriendly(page);
        await checkA11y(page);

        // The replacement's name leads to their page: how they were selected, and who held the seat before.
        await page.click(`main a[href="/council/members/${replacement}"]`);
        await page.waitForURL(`**/council/members/${replacement}`);
        assert.ok(await page.locator(`main a[href="/council/members/${leaver.id}"]`).count(), 'the seat history links the leaver');
        assert.ok(await page.locator('main a[href^="/sortition/runs/"]').count());
        await assertPhoneFriendly(page);
        await checkA11y(page);

        // The form asks for the Council on a day before the leaver left: the leaver is back, the replacement is not.
        await page.goto(`/council?lang=${lang}`);
        await page.fill('#council-on', addDays(termStart, 5));
        await page.click('form.council-on button[type=submit]');
        await page.waitForURL(/on=\d{4}-\d{2}-\d{2}/);
        assert.equal(await page.locator(`main a[href="/council/members/${leaver.id}"]`).count(), 1);
        assert.equal(await page.locator(`main a[href="/council/members/${replacement}"]`).count(), 0);
        await assertPhoneFriendly(page);
        await checkA11y(page);

        await page.goto(`/council/cycles/0?lang=${lang}`);
        assert.ok((await page.locator('code.rerun').count()) >= 1);
        assert.match((await page.locator('code.rerun').first().textContent()) ?? '', /^kenes select verify http:\/\/.+\/sortition\/runs\/[0-9a-f-]{36}$/);
        assert.ok(await page.locator('main a[href^="/council/members/"]').count());
        await assertPhoneFriendly(page);
        await checkA11y(page);
      }
      assertNoProblems(page);
      await closePage(page);
    });
  });
}
