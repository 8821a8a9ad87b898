// The public ledger in Chromium: latest entries, filter by kind, an entry with its inclusion proof,
// and the "verify it yourself" page; axe on every page, with JavaScript on and off.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { appendPending } from '../src/modules/ledger/appender.ts';
import { issueHead } from '../src/modules/ledger/heads.ts';
import { generateSigningKey, loadSigningKey } from '../src/core/ledger/signing.ts';
import { emit } from '../src/modules/outbox/outbox.ts';
import { checkA11y, closePage, noScript, openPage, startServer, type TestServer, withBrowser } from './helpers/browser.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
  const db = server.ctx.db.db;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < 5; i++) await emit(trx, { kind: 'proposal.published', subject: `proposal/P${i}`, payload: { proposal: `P${i}` } });
    await emit(trx, { kind: 'response.deadline_missed', subject: 'item/7', payload: { item: '7', agency: 'minfin' } });
  });
  await appendPending(server.ctx.db);
  await issueHead(server.ctx.db, loadSigningKey(generateSigningKey().privateKeyBase64));
});
after(async () => server.close());

for (const [label, options] of [['JavaScript on', {}], ['JavaScript off', noScript()]] as const) {
  test(`an auditor browses the ledger, filters by kind and opens an entry's proof (${label})`, async () => {
    await withBrowser(async (browser) => {
      const page = await openPage(browser, server, options);
      await page.goto('/ledger?lang=en');
      assert.equal(await page.locator('h1').textContent(), 'Public ledger');
      // Six entries, newest first.
      assert.equal(await page.locator('main table tbody tr').count(), 6);
      await checkA11y(page);

      await page.selectOption('#ledger-kind', 'response.deadline_missed');
      await page.locator('main form button, main form [type=submit]').first().click();
      await page.waitForURL(/kind=response\.deadline_missed/);
      assert.equal(await page.locator('main table tbody tr').count(), 1);
      assert.match((await page.locator('main table').textContent()) ?? '', /item\/7/);
      // Words, not codes: the kind is named (its code stays beside it), the time is Almaty time with the
      // exact moment in <time datetime>.
      // (The filter form is in the remembered language, Kazakh by default: ?lang= is a one-off.)
      assert.match((await page.locator('main table tbody td').nth(2).textContent()) ?? '', /^Жауап мерзімі өтіп кетті response\.deadline_missed$/);
      const time = page.locator('main table tbody time').first();
      assert.match((await time.getAttribute('datetime')) ?? '', /^\d{4}-\d{2}-\d{2}T/);
      assert.doesNotMatch((await time.textContent()) ?? '', /T\d{2}:|Z$/, 'no raw UTC timestamp');

      await page.locator('main table tbody tr a').first().click();
      await page.waitForURL(/\/ledger\/entries\/\d+/);
      const text = (await page.locator('main').textContent()) ?? '';
      assert.match(text, /response\.deadline_missed/);
      // An inclusion proof in a tree of six entries has at least two hashes.
      assert.ok(((text.match(/[0-9a-f]{64}/g) ?? []).length) >= 3, 'leaf hash and proof hashes shown');
      await checkA11y(page);

      await page.goto('/ledger/verify?lang=en');
      assert.match((await page.locator('main').textContent()) ?? '', /node kenes-verify\.mjs ledger http:\/\/127\.0\.0\.1:\d+ --pin /);
      await checkA11y(page);
      await closePage(page);
    });
  });
}

test('ledger subjects are named and link to what they record, in kk, ru and en', async () => {
  await withBrowser(async (browser) => {
    const page = await openPage(browser, server, { javaScriptEnabled: false });
    const words = { kk: /ұсынысы/, ru: /Предложение P\d/, en: /Proposal P\d/ } as const;
    for (const lang of ['kk', 'ru', 'en'] as const) {
      await page.goto(`/ledger?lang=${lang}&kind=proposal.published`);
      const link = page.locator('main table tbody tr').first().locator('td').nth(3).locator('a');
      assert.match((await link.textContent()) ?? '', words[lang]);
      assert.match((await link.getAttribute('href')) ?? '', /^\/proposals\/P\d$/);
      const kind = (await page.locator('main table tbody td').nth(2).textContent()) ?? '';
      assert.ok(!kind.startsWith('proposal.published'), `kind shown in words in ${lang}: ${kind}`);
      await checkA11y(page);
    }
    await closePage(page);
  });
});
