// Notifications in a real browser with JavaScript off, checked with axe: a citizen signs a petition,
// follows the agency, gives and verifies an e-mail address (the verification mail arrives at a real
// SMTP server on loopback); the agency answers; the answer's mail arrives in the citizen's language
// (Kazakh) with a working unsubscribe link; the agency's Atom feed shows the answer; a webhook
// receiver on loopback (allowed only by the explicit test setting) gets a correctly signed delivery.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, test } from 'node:test';
import { proposalsService } from '../src/modules/proposals/service.ts';
import { drainProposalItems } from '../src/modules/responses/fromProposals.ts';
import { responsesService } from '../src/modules/responses/service.ts';
import { drainFanout } from '../src/modules/notifications/fanout.ts';
import { closeTransports } from '../src/modules/notifications/mail.ts';
import { configureNotifications } from '../src/modules/notifications/settings.ts';
import { deliverAll } from '../src/modules/notifications/worker.ts';
import { type SignedIn, signInAs } from '../test/helpers/auth.ts';
import { header, hookReceiver, type SmtpPeer, smtpPeer } from '../test/helpers/smtp.ts';
import { draft, smallCharterPath } from '../test/api/proposals.fixtures.ts';
import { assertNoProblems, type Browser, checkA11y, closePage, launchBrowser, openPage, type Page, startServer, type TestServer, useSession } from './helpers/browser.ts';

let server: TestServer;
let browser: Browser;
let smtp: SmtpPeer;
let hook: Awaited<ReturnType<typeof hookReceiver>>;
const MAIN = { include: '#main' };

before(async () => {
  browser = await launchBrowser();
  smtp = await smtpPeer();
  hook = await hookReceiver();
  server = await startServer({ config: { charterPath: smallCharterPath() }, env: { KENES_RATE_CREATE_PER_HOUR: '100' } });
  configureNotifications(server.ctx, { smtpUrl: smtp.url, allowLoopback: true });
  await drainFanout(server.ctx);
});
after(async () => {
  closeTransports();
  await server?.close();
  await browser?.close();
  await smtp?.stop();
  await hook?.close();
});

async function api(who: SignedIn, method: string, url: string, payload?: object) {
  const r = await server.app.inject({ method: method as 'POST', url, headers: who.headers, ...(payload ? { payload } : {}) });
  assert.ok(r.statusCode < 300, `${method} ${url}: ${r.statusCode} ${r.body}`);
  return r.json();
}

async function pageAs(who: SignedIn, lang: 'kk' | 'ru' | 'en'): Promise<Page> {
  const page = await openPage(browser, server, { javaScriptEnabled: false, locale: lang === 'kk' ? 'kk-KZ' : lang === 'ru' ? 'ru-RU' : 'en-GB' });
  await useSession(page, server, who, lang);
  return page;
}

test('a citizen signs, follows the agency, verifies an address; the answer reaches them by mail in Kazakh, in the feed and at a webhook', async () => {
  const svc = responsesService(server.ctx);
  await svc.createAgency({ id: 'government', name: { kk: 'Қазақстан Республикасының Үкіметі', ru: 'Правительство Республики Казахстан', en: 'Government of the Republic of Kazakhstan' }, level: 'central' });
  await svc.createAgency({ id: 'min-health', name: { kk: 'Денсаулық сақтау министрлігі', ru: 'Министерство здравоохранения', en: 'Ministry of Health' }, level: 'central', parentId: 'government' });
  const author = await signInAs(server);
  const moderator = await signInAs(server, { roles: ['moderator'] });
  const secretariat = await signInAs(server, { roles: ['secretariat'] });
  const officer = await signInAs(server, { roles: ['agency_officer'], agencyId: 'min-health' });
  const integrator = await signInAs(server);
  const citizen = await signInAs(server, { region: 'KZ-75' });
  const { ref } = await api(author, 'POST', '/api/v1/proposals', draft({ title: 'Open data on school meals in every district', topic: 'health' }));
  await api(author, 'POST', `/api/v1/proposals/${ref}/submit`);
  await api(moderator, 'POST', `/api/v1/proposals/${ref}/moderation`, { decision: 'publish' });
  for (let i = 0; i < 2; i++) await api(await signInAs(server), 'POST', `/api/v1/proposals/${ref}/signatures`, {});
  const { secret } = await api(integrator, 'POST', '/api/v1/notifications/webhooks', { url: hook.url, kinds: ['response.answered'] });

  const page = await pageAs(citizen, 'kk');
  try {
    // Sign, without JavaScript.
    await page.goto(`${server.url}/proposals/${ref}?lang=kk`);
    await page.getByRole('button', { name: 'Қол қою', exact: true }).click();
    // The form answers 303 to the proposal page: let that load finish before going elsewhere.
    await page.waitForURL(/done=signed/);
    await proposalsService(server.ctx).writer.drain();
    assert.ok(await proposalsService(server.ctx).mySignature((await proposalsService(server.ctx).byRef(ref))!.id, citizen.user.pseudonym), 'signed');

    // Follow the agency from the button on its page (a plain form; the page comes back followed).
    await page.goto(`${server.url}/responses/agencies/min-health?lang=kk`);
    await checkA11y(page, MAIN);
    await page.getByRole('button', { name: 'Жазылу', exact: true }).click();
    await page.waitForURL(/\/responses\/agencies\/min-health/);
    await page.getByRole('button', { name: 'Жазылымнан шығу' }).waitFor();
    await checkA11y(page, MAIN);
    // My subscriptions, from the account menu's link.
    await page.goto(`${server.url}/notifications?lang=kk`);
    // The agency by its name in the reader's language, linked to its page.
    assert.equal(await page.locator('.follow-list a[href="/responses/agencies/min-health"]').textContent(), 'Денсаулық сақтау министрлігі');

    // Give and verify an address.
    await page.getByLabel('Электрондық пошта мекенжайы').fill('azamat@example.kz');
    await page.getByLabel('Осы мекенжайға хабарлама жіберуге келісемін').check();
    await page.getByRole('button', { name: 'Мекенжайды сақтау' }).click();
    await smtp.waitFor(1);
    await checkA11y(page, MAIN);
    assert.match(await page.locator('#main').textContent() ?? '', /azamat@example\.kz мекенжайына растау сілтемесі жіберілді/);
    const verifyMail = smtp.received.find((m) => m.to.includes('azamat@example.kz'))!;
    assert.match(verifyMail.parsed.subject ?? '', /мекенжайын растаңыз/);
    const link = /http:\/\/\S+\/notifications\/verify\?token=[\w-]+/.exec(verifyMail.parsed.text ?? '')![0];
    await page.goto(link);
    assert.match(await page.locator('#main').textContent() ?? '', /Мекенжай расталды/);
    await checkA11y(page, MAIN);

    // The petition succeeds, the secretariat assigns it, the agency answers.
    await server.ctx.db.db.updateTable('proposals').set({ closes_at: new Date(Date.now() - 1000).toISOString() }).where('ref', '=', ref).execute();
    await proposalsService(server.ctx).sweep();
    await drainProposalItems(server.ctx);
    const item = await server.ctx.db.db.selectFrom('response_items').select('id').where('source_ref', '=', `proposal/${ref}`).executeTakeFirstOrThrow();
    await api(secretariat, 'POST', `/api/v1/responses/items/${item.id}/assign`, { leadAgencyId: 'min-health' });
    await api(officer, 'POST', `/api/v1/responses/items/${item.id}/answer`, { outcome: 'rejected', reasons: 'Menus are already published by each school.', measures: [] });
    await drainFanout(server.ctx);
    await deliverAll(server.ctx);

    const answer = smtp.received.find((m) => m.to.includes('azamat@example.kz') && /^Үкімет жауап берді/.test(m.parsed.subject ?? ''));
    assert.ok(answer, `the answer mail in Kazakh; got ${smtp.received.map((m) => m.parsed.subject).join(' | ')}`);
    assert.match(answer.parsed.text ?? '', /Денсаулық сақтау министрлігі/);
    assert.match(answer.parsed.text ?? '', /қабылданбады/);
    assert.equal(smtp.received.filter((m) => m.to.includes('azamat@example.kz') && /^Үкімет жауап берді/.test(m.parsed.subject ?? '')).length, 1, 'one answer mail');
    // The unsubscribe link works in the browser: a confirming form, then done.
    const unsub = header(answer, 'list-unsubscribe').slice(1, -1);
    await page.goto(`${unsub}&lang=kk`);
    await checkA11y(page, MAIN);
    await page.getByRole('button', { name: 'Жазылымнан шығу' }).click();
    assert.match(await page.locator('#main').textContent() ?? '', /Дайын: бұдан былай/);
    await checkA11y(page, MAIN);
    const optouts = await server.ctx.db.db.selectFrom('notify_optouts').select(['target_kind', 'target_id']).where('user_id', '=', citizen.user.id).execute();
    assert.deepEqual(optouts, [{ target_kind: 'proposal', target_id: ref }]);

    // The agency's feed shows the answer, and its page links the feed.
    const feed = await (await fetch(`${server.url}/feeds/agencies/min-health.atom?lang=kk`)).text();
    assert.match(feed, /<title>Үкімет жауап берді: Open data on school meals in every district<\/title>/);
    await page.goto(`${server.url}/responses/agencies/min-health?lang=kk`);
    assert.equal(await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute('href'), '/feeds/agencies/min-health.atom');

    // The webhook receiver got one signed delivery of the answer.
    assert.equal(hook.hits.length, 1);
    const h = hook.hits[0];
    const ts = String(h.headers['kenes-timestamp']);
    assert.equal(h.headers['kenes-signature'], `v1=${createHmac('sha256', secret).update(`${ts}.${h.body}`).digest('hex')}`);
    assert.equal(JSON.parse(h.body).event.kind, 'response.answered');

    // My subscriptions, on a phone-sized screen too.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${server.url}/notifications?lang=kk`);
    await checkA11y(page, MAIN);
    assertNoProblems(page);
  } finally {
    await closePage(page);
  }
});
