// The in-browser ledger check in Chromium: with the charter's key it verifies the live export with
// WebCrypto (Ed25519); a second check after the log grew passes against the head the browser kept;
// with another key it fails and says why. axe on the page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_LEDGER_KEY } from '../src/config.ts';
import { appendPending } from '../src/modules/ledger/appender.ts';
import { issueHead } from '../src/modules/ledger/heads.ts';
import { generateSigningKey, loadSigningKey } from '../src/core/ledger/signing.ts';
import { emit } from '../src/modules/outbox/outbox.ts';
import { checkA11y, closePage, openPage, startServer, type TestServer, withBrowser } from './helpers/browser.ts';

let server: TestServer;
const demo = loadSigningKey(DEMO_LEDGER_KEY);

async function grow(from: number, n: number) {
  await server.ctx.db.db.transaction().execute(async (trx) => {
    for (let i = from; i < from + n; i++) await emit(trx, { kind: 'proposal.published', subject: `proposal/P${i}`, payload: { proposal: `P${i}`, title: 'Қала <саябағы>' } });
  });
  await appendPending(server.ctx.db);
  await issueHead(server.ctx.db, demo);
}

before(async () => {
  server = await startServer({ config: { ledgerKey: DEMO_LEDGER_KEY } });
  await grow(0, 7);
});
after(async () => server.close());

test('a reader verifies the ledger in the browser, again after it grew, and a wrong key fails', async () => {
  await withBrowser(async (browser) => {
    const page = await openPage(browser, server);
    await page.goto('/ledger/verify/browser?lang=en');
    assert.equal(await page.locator('#ledger-browser-key').inputValue(), demo.publicKeyBase64, 'prefilled with the charter key');
    assert.match((await page.locator('main').textContent()) ?? '', /Public demo key/);
    await checkA11y(page);
    const result = page.locator('#ledger-browser-result');
    await page.locator('#ledger-browser-form button').click();
    await page.waitForFunction(() => !/Checking/.test(document.getElementById('ledger-browser-result')?.textContent ?? '') && (document.getElementById('ledger-browser-result')?.textContent ?? '') !== '');
    const root = (await (await fetch(`${server.url}/api/v1/ledger/heads/latest`)).json()).root_hash;
    assert.equal(await result.textContent(), `Verified: 7 entries, root ${root}.`);

    await grow(7, 3);
    await page.reload();
    await page.locator('#ledger-browser-form button').click();
    await page.waitForFunction(() => /Verified: 10|failed/.test(document.getElementById('ledger-browser-result')?.textContent ?? ''));
    assert.match((await result.textContent()) ?? '', /^Verified: 10 entries/);
    const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('kenes-ledger-heads') ?? '[]').map((h: { size: number }) => h.size));
    assert.deepEqual(kept, [7, 10], 'both heads are kept');

    await page.locator('#ledger-browser-key').fill(loadSigningKey(generateSigningKey().privateKeyBase64).publicKeyBase64);
    await page.locator('#ledger-browser-form button').click();
    await page.waitForFunction(() => /failed/.test(document.getElementById('ledger-browser-result')?.textContent ?? ''));
    assert.equal(await result.textContent(), 'Verification failed: the head signature does not verify with this key');
    await closePage(page);
  });
});
