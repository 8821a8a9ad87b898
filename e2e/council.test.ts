// The Council's public pages in Chromium: a first cycle run through the API on a charter with small
// blocks, then a citizen (no JavaScript, on a 360 px phone, in every language) sees the Council by
// block with counts against the seats, follows a member's draw link, and opens the cycle's timeline
// with dated stages and links to each block's draw. axe finds no violations.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { generateSigningKey } from '../src/core/ledger/signing.ts';
import { membershipService } from '../src/modules/membership/service.ts';
import { councilCharterPath, runFirstCycle, SEATS_PER_BLOCK, withDayClock } from '../test/api/membership.fixtures.ts';
import { signInAs } from '../test/helpers/auth.ts';
import { assertNoHorizontalScroll, checkA11y, closePage, noScript, openPage, phone, startServer, type TestServer, withBrowser } from './helpers/browser.ts';

let server: TestServer & { setDay(date: string): void };

before(async () => {
  server = withDayClock(await startServer({ config: { ledgerKey: generateSigningKey().privateKeyBase64, charterPath: councilCharterPath() } }));
  const staff = await signInAs(server, { roles: ['secretariat'] });
  await runFirstCycle(server, staff.headers, () => membershipService(server.ctx).sweep());
});
after(async () => server.close());

test('the Council today, by block, and the cycle page with its timeline and draw links, without JavaScript', async () => {
  const blocks = server.ctx.charter.bodies.council.blocks;
  await withBrowser(async (browser) => {
    const page = await openPage(browser, server, { ...noScript(), locale: 'en-GB' });
    await page.goto('/council?lang=en');
    const main = (await page.textContent('main')) ?? '';
    assert.match(main, new RegExp(`${SEATS_PER_BLOCK * blocks.length} of ${SEATS_PER_BLOCK * blocks.length} seats are filled`));
    for (const b of blocks) {
      assert.ok(main.includes(b.name.en), b.id);
      assert.equal(await page.locator(`#block-${b.id} + * tbody tr`).count(), SEATS_PER_BLOCK, b.id);
    }
    assert.equal(await page.locator('a[href="/council"]').first().count(), 1, 'the nav has the Council');
    await checkA11y(page);

    // A member's "chosen by" link opens the public draw of their block.
    await page.click('main tbody a[href^="/sortition/runs/"] >> nth=0');
    await page.waitForURL(/\/sortition\/runs\/[0-9a-f-]{36}$/);
    assert.equal(await page.getAttribute('[data-stage]', 'data-stage'), 'drawn');

    await page.goto('/council?lang=en');
    await page.click('a[href="/council/cycles/0"]');
    await page.waitForURL('**/council/cycles/0');
    const cycle = (await page.textContent('main')) ?? '';
    assert.match(cycle, /Term starts/);
    assert.ok(cycle.includes('Kazakhstan lottery draw of 2026-10-16'));
    assert.equal(await page.locator('ol.timeline li time').count(), 7);
    assert.equal(await page.locator('main a[href^="/sortition/runs/"]').count(), blocks.length);
    await checkA11y(page);
    await closePage(page);

    const small = await openPage(browser, server, { ...noScript(), ...phone() });
    for (const lang of ['kk', 'ru', 'en']) {
      for (const url of [`/council?lang=${lang}`, `/council/cycles/0?lang=${lang}`]) {
        await small.goto(url);
        await assertNoHorizontalScroll(small);
        await checkA11y(small);
      }
    }
    await closePage(small);
  });
});
