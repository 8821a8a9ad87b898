// The life of an item in a real browser, with JavaScript off (the pages must work without it) and an
// axe check of every page: the secretariat registers and assigns, the lead agency forwards, the new
// lead extends (after a refused attempt without a reason), answers with measures, implements and
// closes; a second item turns overdue on the day after its deadline.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, test } from 'node:test';
import { DEMO_AGENCIES } from '../src/modules/responses/agencies.ts';
import { type ResponsesService, responsesService } from '../src/modules/responses/service.ts';
import { type SignedIn, signInAs } from '../test/helpers/auth.ts';
import { assertNoHorizontalScroll, assertNoProblems, type Browser, checkA11y, closePage, launchBrowser, openPage, type Page, phone, startServer, type TestServer, useSession } from './helpers/browser.ts';

let server: TestServer;
let browser: Browser;
let svc: ResponsesService;
let secretariat: SignedIn;
let health: SignedIn;
let almaty: SignedIn;
let education: SignedIn;

// Our pages' content; the shared shell (header, footer) has its own browser tests.
const MAIN = { include: '#main' };

function setToday(date: string) {
  svc.clock = () => new Date(Date.parse(`${date}T11:00:00+05:00`));
}

// One browser for the file; a server and database for each test, which brings the item to where its
// story step starts through the JSON API (itemAt), so any one test runs alone.
before(async () => {
  browser = await launchBrowser();
});
after(async () => browser?.close());
beforeEach(async () => {
  server = await startServer();
  svc = responsesService(server.ctx);
  setToday('2026-03-20');
  for (const a of DEMO_AGENCIES) await svc.createAgency(a);
  secretariat = await signInAs(server, { roles: ['secretariat'] });
  health = await signInAs(server, { roles: ['agency_officer'], agencyId: 'min-health' });
  almaty = await signInAs(server, { roles: ['agency_officer'], agencyId: 'akimat-almaty' });
  education = await signInAs(server, { roles: ['agency_officer'], agencyId: 'min-education' });
});
afterEach(async () => server?.close());

/** A page without JavaScript, signed in as `who` (the session cookie a sign-in would have set). */
async function pageAs(who: SignedIn | null, lang: 'kk' | 'ru' | 'en' = 'en'): Promise<Page> {
  const page = await openPage(browser, server, { javaScriptEnabled: false, locale: lang === 'kk' ? 'kk-KZ' : lang === 'ru' ? 'ru-RU' : 'en-GB' });
  await useSession(page, server, who, lang);
  return page;
}

async function post(who: SignedIn, url: string, payload: object) {
  const r = await server.app.inject({ method: 'POST', url, headers: who.headers, payload });
  assert.ok(r.statusCode < 300, `POST ${url}: ${r.statusCode} ${r.body}`);
  return r.json();
}

const STAGES = ['assigned', 'forwarded', 'extended', 'answered'] as const;

/**
 * The story's item as the earlier browser steps leave it, made through the JSON API on the same days:
 * `assigned` to the Ministry of Health with a co-executor (step 1), `forwarded` to the akimat (step 2),
 * `extended` by the akimat with a public reason (step 3), or `answered` on time with two measures (as
 * step 5 begins). Returns the item's page address.
 */
async function itemAt(stage: 'assigned' | 'forwarded' | 'extended' | 'answered'): Promise<string> {
  const past = (s: typeof stage) => STAGES.indexOf(stage) >= STAGES.indexOf(s);
  setToday('2026-03-20');
  const { id } = await post(secretariat, '/api/v1/responses/items', { title: 'Free hot meals in primary school', lang: 'en', sourceRef: 'proposal/e2e-hot-meals', receivedOn: '2026-03-20' });
  await post(secretariat, `/api/v1/responses/items/${id}/assign`, { leadAgencyId: 'min-health', coExecutorIds: ['min-education'], receivedOn: '2026-03-20' });
  if (past('forwarded')) {
    setToday('2026-03-26');
    await post(health, `/api/v1/responses/items/${id}/forward`, { toAgencyId: 'akimat-almaty', reason: 'City schools are funded by the akimat' });
  }
  if (past('extended')) {
    setToday('2026-04-10');
    await post(almaty, `/api/v1/responses/items/${id}/extend`, { newDueDate: '2026-05-08', reason: 'Waiting for the city budget draft' });
  }
  if (past('answered')) {
    setToday('2026-05-06');
    await post(almaty, `/api/v1/responses/items/${id}/answer`, {
      outcome: 'partly_accepted',
      reasons: 'Grades 1–4 from September; grades 5–6 need a national decision.',
      measures: [
        { description: 'Fund hot meals for grades 1–4', responsibleAgencyId: 'akimat-almaty', dueDate: '2026-09-01' },
        { description: 'Propose a national school meals standard', responsibleAgencyId: 'min-education', dueDate: '2026-12-01' },
      ],
    });
  }
  return `/responses/items/${id}`;
}

/** The second item of the story: registered on 20 March and assigned to the akimat at once. */
async function busLanesItem() {
  setToday('2026-03-20');
  const item = await svc.createItem({ title: 'Bus lanes on Abai Avenue', lang: 'en', sourceRef: 'proposal/e2e-bus', receivedOn: '2026-03-20' });
  await svc.assign(item.id, { leadAgencyId: 'akimat-almaty', receivedOn: '2026-03-20' }, { secretariat: true, agencyId: null });
  return item;
}

test('the secretariat registers an item and assigns it to a ministry with a co-executor', async () => {
  const page = await pageAs(secretariat);
  await page.goto('/responses/console');
  await checkA11y(page, MAIN);
  await page.fill('#create-title', 'Free hot meals in primary school');
  await page.fill('#create-source', 'proposal/e2e-hot-meals');
  await page.fill('#create-received', '2026-03-20');
  await page.click('#create button[type=submit]');
  const itemUrl = new URL(page.url()).pathname;
  assert.match(itemUrl, /^\/responses\/items\/\d+$/);
  await page.selectOption('#assign-lead', 'min-health');
  await page.selectOption('#assign-co', ['min-education']);
  await page.fill('#assign-received', '2026-03-20');
  await checkA11y(page, MAIN);
  await page.click('#assign button[type=submit]');
  const text = await page.textContent('main');
  assert.match(text!, /Ministry of Health/);
  assert.match(text!, /25 May 2026/, 'deadline: 40 working days after Nauryz');
  assert.match(text!, /On time/);
  await closePage(page);
});

test('the ministry forwards it to the akimat within 3 working days', async () => {
  const itemUrl = await itemAt('assigned');
  setToday('2026-03-26');
  const page = await pageAs(health);
  await page.goto(itemUrl);
  await checkA11y(page, MAIN);
  await page.selectOption('#forward-to', 'akimat-almaty');
  await page.fill('#forward-reason', 'City schools are funded by the akimat');
  await page.click('#forward button[type=submit]');
  const text = await page.textContent('main');
  assert.match(text!, /Akimat of Almaty/);
  assert.match(text!, /23 Apr 2026/);
  await closePage(page);
});

test('the akimat’s extension without a reason is refused on the page; with a reason it is published', async () => {
  const itemUrl = await itemAt('forwarded');
  setToday('2026-04-10');
  const page = await pageAs(almaty);
  await page.goto(itemUrl);
  await page.fill('#extend-date', '2026-05-08');
  await page.click('#extend button[type=submit]');
  assert.equal(await page.locator('#extend [role=alert]').count(), 1);
  assert.match((await page.textContent('#extend [role=alert]'))!, /public reason/);
  assert.equal(await page.inputValue('#extend-date'), '2026-05-08', 'what was typed is kept');
  await checkA11y(page, MAIN);
  await page.fill('#extend-reason', 'Waiting for the city budget draft');
  await page.click('#extend button[type=submit]');
  const text = await page.textContent('main');
  assert.match(text!, /Waiting for the city budget draft/);
  assert.match(text!, /8 May 2026/);
  assert.equal(await page.locator('#extend').count(), 0, 'no second extension form');
  await closePage(page);
});

test('another agency’s officer sees no forms on the item', async () => {
  const itemUrl = await itemAt('extended');
  const page = await pageAs(education);
  await page.goto(itemUrl);
  assert.equal(await page.locator('form.rsp-form').count(), 0);
  await closePage(page);
});

test('the akimat answers with two measures; they are implemented and the item is closed', async () => {
  const itemUrl = await itemAt('extended');
  setToday('2026-05-06');
  let page = await pageAs(almaty);
  await page.goto(itemUrl);
  await page.check('input[name=outcome][value=partly_accepted]');
  await page.fill('#answer-reasons', 'Grades 1–4 from September; grades 5–6 need a national decision.');
  await page.fill('#m1-description', 'Fund hot meals for grades 1–4');
  await page.selectOption('#m1-agency', 'akimat-almaty');
  await page.fill('#m1-due', '2026-09-01');
  await page.fill('#m2-description', 'Propose a national school meals standard');
  await page.selectOption('#m2-agency', 'min-education');
  await page.fill('#m2-due', '2026-12-01');
  await page.click('#answer button[type=submit]');
  let text = await page.textContent('main');
  assert.match(text!, /Partly accepted/);
  assert.match(text!, /Answered on time/);
  await checkA11y(page, MAIN);

  setToday('2026-08-20');
  await page.goto(itemUrl);
  const first = page.locator('.rsp-measures > li').nth(0);
  await first.locator('select[name=status]').selectOption('done');
  await first.locator('button[type=submit]').click();
  await closePage(page);

  page = await pageAs(education);
  await page.goto(itemUrl);
  const second = page.locator('.rsp-measures > li').nth(1);
  await second.locator('select[name=status]').selectOption('dropped');
  await second.locator('textarea[name=dropReason]').fill('Covered by the new national standard');
  await second.locator('button[type=submit]').click();
  await closePage(page);

  page = await pageAs(almaty);
  await page.goto(itemUrl);
  await page.click('#close button[type=submit]');
  text = await page.textContent('main');
  assert.match(text!, /Closed on 20 Aug 2026/);
  const timeline = await page.locator('.rsp-timeline li').allTextContents();
  assert.equal(timeline.length, 8);
  assert.match(timeline[2], /Forwarded from Ministry of Health to Akimat of Almaty/);
  await checkA11y(page, MAIN);
  await closePage(page);
});

test('an unanswered item turns overdue on the day after its deadline, in the inbox and on the dashboard', async () => {
  const item = await busLanesItem();
  const page = await pageAs(almaty);
  setToday('2026-04-22');
  await svc.sweep(svc.clock());
  await page.goto('/responses/console');
  assert.match((await page.textContent('main'))!, /Due soon/);
  setToday('2026-04-23');
  assert.deepEqual((await svc.sweep(svc.clock())).markedOverdue, [item.id]);
  await page.goto('/responses/console');
  await checkA11y(page, MAIN);
  const row = page.locator('tr', { hasText: 'Bus lanes on Abai Avenue' });
  assert.match((await row.textContent())!, /Overdue/);
  await page.goto(`/responses/items/${item.id}`);
  assert.match((await page.textContent('main'))!, /Working days overdue: 1/);
  await page.goto('/responses/agencies/akimat-almaty');
  await checkA11y(page, MAIN);
  await closePage(page);
});

test('the public dashboard in every language: figures, SVG charts, open data links, no sideways scroll on a phone', async () => {
  // What the steps before leave: the first item answered, the second overdue.
  await itemAt('answered');
  await busLanesItem();
  await svc.sweep(new Date(Date.parse('2026-04-23T11:00:00+05:00')));
  setToday('2026-04-23');
  for (const lang of ['kk', 'ru', 'en'] as const) {
    const page = await pageAs(null, lang);
    await page.goto('/responses');
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    assert.ok((await page.locator('svg[role=img]').count()) >= 2);
    await checkA11y(page, MAIN);
    await closePage(page);
  }
  const phonePage = await openPage(browser, server, phone());
  await phonePage.goto('/responses');
  await assertNoHorizontalScroll(phonePage);
  assertNoProblems(phonePage);
  const csv = await phonePage.request.get('/open-data/responses/items.csv');
  assert.match(await csv.text(), /proposal\/e2e-bus/);
  await closePage(phonePage);
});

test('the secretariat adds an agency from the console; a duplicate id is refused on the page', async () => {
  const page = await pageAs(secretariat, 'ru');
  await page.goto('/responses/console');
  await page.fill('#agency-id', 'akimat-semey');
  await page.fill('#agency-name-kk', 'Семей қаласының әкімдігі');
  await page.fill('#agency-name-ru', 'Акимат города Семей');
  await page.fill('#agency-name-en', 'Akimat of Semey');
  await page.selectOption('#agency-level', 'local');
  await page.selectOption('#agency-region', 'KZ-10');
  await page.selectOption('#agency-parent', 'akimat-abai');
  await page.click('#agency button[type=submit]');
  assert.equal(new URL(page.url()).pathname, '/responses/agencies/akimat-semey');
  assert.match((await page.textContent('main'))!, /Акимат города Семей/);
  await checkA11y(page, MAIN);
  await page.goto('/responses/console');
  await page.fill('#agency-id', 'akimat-semey');
  for (const l of ['kk', 'ru', 'en']) await page.fill(`#agency-name-${l}`, 'x');
  await page.click('#agency button[type=submit]');
  assert.match((await page.textContent('#agency [role=alert]'))!, /already exists/);
  await checkA11y(page, MAIN);
  await closePage(page);
});
