// A petition and a referendum initiative in a real browser with JavaScript off, with an axe check of
// every proposals page: create (with an inline error first), submit, moderate, sign with a declared
// region, withdraw, sign again, reach the threshold, close; the action group's invitation and join.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, test } from 'node:test';
import { proposalsService } from '../src/modules/proposals/service.ts';
import { draft, smallCharterPath } from '../test/api/proposals.fixtures.ts';
import { type SignedIn, signInAs } from '../test/helpers/auth.ts';
import { assertNoProblems, type Browser, checkA11y, closePage, launchBrowser, openPage, type Page, startServer, type TestServer, useSession } from './helpers/browser.ts';

let server: TestServer;
let browser: Browser;
let author: SignedIn;
let moderator: SignedIn;
const MAIN = { include: '#main' };

// One browser for the file; a server and database for each test, which brings the petition to where
// its story step starts through the JSON API (petitionAt), so any one test runs alone.
before(async () => {
  browser = await launchBrowser();
});
after(async () => browser?.close());
beforeEach(async () => {
  server = await startServer({ config: { charterPath: smallCharterPath() }, env: { KENES_RATE_CREATE_PER_HOUR: '100' } });
  author = await signInAs(server, { name: 'Aigerim Nurlanovna', region: 'KZ-75' });
  moderator = await signInAs(server, { roles: ['moderator'], region: 'KZ-71' });
});
afterEach(async () => server?.close());

async function pageAs(who: SignedIn | null, lang: 'kk' | 'ru' | 'en' = 'en'): Promise<Page> {
  const page = await openPage(browser, server, { javaScriptEnabled: false, locale: lang === 'kk' ? 'kk-KZ' : lang === 'ru' ? 'ru-RU' : 'en-GB' });
  await useSession(page, server, who, lang);
  return page;
}

const BODY = 'Parents cannot see what their children eat at school or what it costs. '.repeat(4);
const TITLE = 'Open data on school meals in every district';
const SUMMARY = 'Publish the menus, suppliers and prices of school meals for every school, monthly.';

async function api(who: SignedIn, method: 'POST' | 'DELETE', url: string, payload: object = {}) {
  const r = await server.app.inject({ method, url, headers: who.headers, payload });
  assert.ok(r.statusCode < 300, `${method} ${url}: ${r.statusCode} ${r.body}`);
  return r.json();
}

/**
 * The story's petition as the earlier browser steps leave it, made through the JSON API: `submitted`
 * (step 1), `open` (published link-only, step 2) or `reached` (three signatures, one from a citizen who
 * declared region KZ-62 and shows the name Daniyar K., step 3). Returns the petition's page address.
 */
async function petitionAt(stage: 'submitted' | 'open' | 'reached'): Promise<string> {
  const { ref } = await api(author, 'POST', '/api/v1/proposals', draft({ title: TITLE, summary: SUMMARY, body: BODY, topic: 'education' }));
  await api(author, 'POST', `/api/v1/proposals/${ref}/submit`);
  if (stage !== 'submitted') await api(moderator, 'POST', `/api/v1/proposals/${ref}/moderation`, { decision: 'publish' });
  if (stage === 'reached') {
    const nomad = await signInAs(server, { region: null, name: 'Daniyar Kaliyev' });
    await api(nomad, 'POST', `/api/v1/proposals/${ref}/signatures`, { region: 'KZ-62', showName: true });
    for (const region of ['KZ-10', 'KZ-79']) await api(await signInAs(server, { region }), 'POST', `/api/v1/proposals/${ref}/signatures`, {});
  }
  return `/proposals/${ref}`;
}

test('a citizen drafts a petition: inline errors first, then a saved draft submitted for moderation', async () => {
  const page = await pageAs(author);
  await page.goto('/proposals/new');
  await checkA11y(page, MAIN);
  await page.selectOption('#field-kind', 'petition');
  await page.fill('#field-title', 'Short');
  await page.fill('#field-summary', 'Publish the menus, suppliers and prices of school meals for every school, monthly.');
  await page.fill('#field-body', BODY);
  await page.selectOption('#field-topic', 'education');
  await page.click('form.proposal-form button[type=submit]');
  assert.equal(await page.getAttribute('#field-title', 'aria-invalid'), 'true');
  assert.match((await page.textContent('#field-title-error')) ?? '', /at least 10 characters/);
  assert.equal(await page.inputValue('#field-summary'), 'Publish the menus, suppliers and prices of school meals for every school, monthly.', 'the form keeps what was typed');
  await checkA11y(page, MAIN);
  await page.fill('#field-title', 'Open data on school meals in every district');
  await page.click('form.proposal-form button[type=submit]');
  const petitionUrl = new URL(page.url()).pathname;
  assert.match(petitionUrl, /^\/proposals\/[\w-]+$/);
  assert.match((await page.textContent('main')) ?? '', /Your draft is saved/);
  await checkA11y(page, MAIN);
  await page.click('text=Submit for moderation');
  assert.match((await page.textContent('main')) ?? '', /Submitted for moderation/);
  assertNoProblems(page);
  await closePage(page);
});

test('the moderator finds it in the queue with its deadline and publishes it', async () => {
  await petitionAt('submitted');
  const page = await pageAs(moderator);
  await page.goto('/moderation/proposals');
  await checkA11y(page, MAIN);
  assert.match((await page.textContent('main')) ?? '', /working days? left/);
  await page.click('text=Open data on school meals in every district');
  await checkA11y(page, MAIN);
  await page.check('input[name=decision][value=publish]');
  await page.click('section.moderation button[type=submit]');
  assert.match((await page.textContent('main')) ?? '', /The decision is recorded/);
  assert.match((await page.textContent('main')) ?? '', /Only people with the link/);
  await closePage(page);
});

test('the author adds a Kazakh translation from the page; a Kazakh reader sees it, with the original named', async () => {
  const url = await petitionAt('open');
  const page = await pageAs(author);
  await page.goto(url);
  // A title too short is refused inline, keeping what was typed.
  await page.selectOption('#tr-lang', 'kk');
  await page.fill('#tr-title', 'Қысқа');
  await page.fill('#tr-summary', 'Әр мектептің мәзірін, жеткізушілерін және бағаларын ай сайын ашық деректер ретінде жариялау қажет.');
  await page.click('form[action$="/translations"] button[type=submit]');
  assert.equal(await page.getAttribute('#tr-title', 'aria-invalid'), 'true');
  assert.match(await page.inputValue('#tr-summary'), /мәзірін/);
  await checkA11y(page, MAIN);
  await page.fill('#tr-title', 'Әр ауданда мектеп тамағы туралы ашық деректер');
  await page.click('form[action$="/translations"] button[type=submit]');
  assert.match((await page.textContent('main')) ?? '', /The translation is saved/);
  await closePage(page);

  const reader = await pageAs(null, 'kk');
  await reader.goto(url);
  assert.equal(await reader.textContent('h1'), 'Әр ауданда мектеп тамағы туралы ашық деректер');
  assert.equal(await reader.getAttribute('h1', 'lang'), 'kk');
  assert.match((await reader.textContent('.translated-note')) ?? '', /авторы.*Open data on school meals in every district/s);
  await checkA11y(reader, MAIN);
  assertNoProblems(reader);
  await closePage(reader);
});

test('citizens sign (one declares a region), withdraw and sign again; the threshold is reached', async () => {
  const petitionUrl = await petitionAt('open');
  const nomad = await signInAs(server, { region: null, name: 'Daniyar Kaliyev' });
  let page = await pageAs(nomad);
  await page.goto(petitionUrl);
  await checkA11y(page, MAIN);
  await page.selectOption('#field-region', 'KZ-62');
  await page.check('input[name=showName]');
  await page.click('form.sign-form button[type=submit]');
  assert.match((await page.textContent('main')) ?? '', /your signature is counted/);
  await checkA11y(page, MAIN);
  await page.click('text=Withdraw my signature');
  assert.match((await page.textContent('main')) ?? '', /Your signature is withdrawn/);
  // The region was declared once: no region field the second time.
  assert.equal(await page.$('#field-region'), null);
  await page.check('input[name=showName]');
  await page.click('form.sign-form button[type=submit]');
  await closePage(page);

  for (const region of ['KZ-10', 'KZ-79']) {
    const s = await signInAs(server, { region });
    page = await pageAs(s, 'ru');
    await page.goto(petitionUrl);
    await page.click('form.sign-form button[type=submit]');
    assert.match((await page.textContent('main')) ?? '', /Спасибо/);
    await closePage(page);
  }
  page = await pageAs(null);
  await page.goto(petitionUrl);
  const text = (await page.textContent('main')) ?? '';
  assert.match(text, /Threshold reached/);
  assert.match(text, /3 of 3 signatures/);
  assert.match(text, /Daniyar K\./);
  assert.doesNotMatch(text, /Kaliyev/);
  assert.ok(await page.$('svg.region-map'));
  assert.ok(await page.$('svg.signature-chart'));
  await page.click('main details summary');
  await checkA11y(page, MAIN);
  await closePage(page);
});

test('the public list finds it by text and topic; the window closes and it succeeds', async () => {
  const petitionUrl = await petitionAt('reached');
  const page = await pageAs(null, 'kk');
  await page.goto('/proposals');
  await checkA11y(page, MAIN);
  await page.fill('#field-q', 'school meals');
  await page.selectOption('#field-topic', 'education');
  await page.selectOption('#field-sort', 'mostSigned');
  await page.click('form.filters button[type=submit]');
  assert.equal(await page.locator('.proposal-card').count(), 1);
  await page.selectOption('#field-topic', 'health');
  await page.click('form.filters button[type=submit]');
  assert.equal(await page.locator('.proposal-card').count(), 0);

  const ref = petitionUrl.split('/').at(-1)!;
  await server.ctx.db.db.updateTable('proposals').set({ closes_at: new Date(Date.now() - 1000).toISOString() }).where('ref', '=', ref).execute();
  await proposalsService(server.ctx).sweep();
  await page.goto(petitionUrl);
  assert.match((await page.textContent('main')) ?? '', /Сәтті аяқталды/);
  await checkA11y(page, MAIN);
  await closePage(page);
});

test('a referendum initiative: the action group page, an invitation, and a submission refused for missing regions', async () => {
  let page = await pageAs(author);
  await page.goto('/proposals/new');
  await page.selectOption('#field-kind', 'referendumInitiative');
  await page.fill('#field-title', 'Direct elections of district akims');
  await page.fill('#field-summary', 'Put to a referendum the direct election of district akims by the residents of each district.');
  await page.fill('#field-body', BODY);
  await page.selectOption('#field-topic', 'governance');
  await page.click('form.proposal-form button[type=submit]');
  await page.click('text=Action group');
  await checkA11y(page, MAIN);
  const invite = await page.inputValue('#invite-link');
  const groupUrl = new URL(page.url()).pathname;
  const draftUrl = groupUrl.replace(/\/group$/, '');
  await closePage(page);

  const co = await signInAs(server, { region: 'KZ-33', name: 'Madina Seitkali' });
  page = await pageAs(co);
  await page.goto(new URL(invite).pathname);
  await checkA11y(page, MAIN);
  await page.click('main button[type=submit]');
  assert.equal(new URL(page.url()).pathname, groupUrl);
  assert.match((await page.textContent('main')) ?? '', /Madina S\./);
  await closePage(page);

  page = await pageAs(author);
  await page.goto(draftUrl);
  await page.click('text=Submit for moderation');
  const alert = (await page.textContent('[role=alert]')) ?? '';
  assert.match(alert, /does not yet cover every region/);
  await checkA11y(page, MAIN);
  await page.goto('/me/proposals');
  await checkA11y(page, MAIN);
  assert.match((await page.textContent('main')) ?? '', /Direct elections of district akims/);
  await closePage(page);
});

test('a forged form post without the CSRF token is refused and signs nothing', async () => {
  const petitionUrl = await petitionAt('open');
  const s = await signInAs(server, { region: 'KZ-47' });
  const before = await server.ctx.db.db.selectFrom('proposal_signatures').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const r = await fetch(`${server.url}${petitionUrl}/sign`, { method: 'POST', headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: 'showName=on', redirect: 'manual' });
  assert.equal(r.status, 403);
  const afterRows = await server.ctx.db.db.selectFrom('proposal_signatures').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(afterRows.n), Number(before.n));
});
