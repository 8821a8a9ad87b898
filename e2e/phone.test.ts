// Phone first, checked by a machine (issue 15, deliverable 4): every public page and the staff consoles
// at 360×740 in kk, ru and en, with JavaScript off: no sideways scrolling of the document, no text under
// 12 px (chart labels included, none cut off), touch targets of at least 24×24 px, and axe finds nothing.
// And the phone menu: a <details> disclosure that lists every section and opens from the keyboard.
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { appendPending } from '../src/modules/ledger/appender.ts';
import { issueHead } from '../src/modules/ledger/heads.ts';
import { generateSigningKey, loadSigningKey } from '../src/core/ledger/signing.ts';
import { type SignedIn, signInAs } from '../test/helpers/auth.ts';
import { assertNoProblems, type Browser, checkA11y, closePage, launchBrowser, openPage, type Page, phone, startServer, type TestServer, useSession } from './helpers/browser.ts';
import { assertPhoneFriendly } from './helpers/phone.ts';

const LANGS = ['kk', 'ru', 'en'] as const;
type Lang = (typeof LANGS)[number];
type Who = 'nobody' | 'citizen' | 'moderator' | 'secretariat' | 'officer';

let server: TestServer;
let browser: Browser;
const people = {} as Record<Exclude<Who, 'nobody'>, SignedIn>;
/** Addresses of one page of each kind, found by following the links of the seeded demo. */
const found: Record<string, string> = {};

/** The first link on `from` whose address matches `re`. */
async function firstLink(from: string, re: RegExp): Promise<string> {
  const res = await fetch(`${server.url}${from}`);
  const html = await res.text();
  const m = html.match(re);
  assert.ok(m, `no link matching ${re} on ${from}`);
  return m[1];
}

before(async () => {
  // A ledger key, so that the demo seeds a public lottery draw too (a draw is dated by a signed head).
  const key = generateSigningKey().privateKeyBase64;
  server = await startServer({ demo: true, seed: true, config: { ledgerKey: key } });
  // The seeded events onto the ledger with a signed head, as the running server's appender does.
  await appendPending(server.ctx.db);
  await issueHead(server.ctx.db, loadSigningKey(key));
  browser = await launchBrowser();
  people.citizen = await signInAs(server, {});
  people.moderator = await signInAs(server, { roles: ['moderator'] });
  people.secretariat = await signInAs(server, { roles: ['secretariat'] });
  people.officer = await signInAs(server, { roles: ['agency_officer'], agencyId: 'min-transport' });
  found.proposal = await firstLink('/proposals', /href="(\/proposals\/[A-Za-z0-9_-]{12})"/);
  found.agency = '/responses/agencies/min-transport';
  found.item = await firstLink(found.agency, /href="(\/responses\/items\/[^"]+)"/);
  found.entry = await firstLink('/ledger', /href="(\/ledger\/entries\/\d+)"/);
  found.run = await firstLink('/sortition', /href="(\/sortition\/runs\/[0-9a-f-]{36})"/);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Every page the suite covers: [name, who is signed in, address (may name a found page)]. */
const PAGES: [string, Who, () => string][] = [
  ['home', 'nobody', () => '/'],
  ['proposals list', 'nobody', () => '/proposals'],
  ['a proposal (map and chart)', 'nobody', () => found.proposal],
  ['responses dashboard (charts)', 'nobody', () => '/responses'],
  ['an agency', 'nobody', () => found.agency],
  ['a response item', 'nobody', () => found.item],
  ['ledger list', 'nobody', () => '/ledger'],
  ['a ledger entry', 'nobody', () => found.entry],
  ['ledger verify', 'nobody', () => '/ledger/verify'],
  ['sortition list', 'nobody', () => '/sortition'],
  ['a lottery run', 'nobody', () => found.run],
  ['a lottery report', 'nobody', () => `${found.run}/report.html`],
  ['sign-in', 'nobody', () => '/auth/login'],
  ['new proposal form', 'citizen', () => '/proposals/new'],
  ['my proposals', 'citizen', () => '/me/proposals'],
  ['my account', 'citizen', () => '/account'],
  ['my account (secretariat)', 'secretariat', () => '/account'],
  ['moderation queue', 'moderator', () => '/moderation/proposals'],
  ['responses console (secretariat)', 'secretariat', () => '/responses/console'],
  ['responses console (agency officer)', 'officer', () => '/responses/console'],
  ['new lottery', 'secretariat', () => '/sortition/new'],
  ['a proposal with the translations form (secretariat)', 'secretariat', () => found.proposal],
];

async function phonePage(who: Who, lang: Lang): Promise<Page> {
  const page = await openPage(browser, server, { ...phone(), javaScriptEnabled: false });
  await useSession(page, server, who === 'nobody' ? null : people[who], lang);
  return page;
}

for (const lang of LANGS) {
  for (const [name, who, path] of PAGES) {
    test(`360 px, ${lang}: ${name}`, async () => {
      const page = await phonePage(who, lang);
      try {
        const res = await page.goto(path());
        assert.equal(res?.status(), 200, `${path()} answered ${res?.status()}`);
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        // Plain words: the report names regions and age bands, not KZ-10 or age18to29.
        if (name === 'a lottery report') assert.doesNotMatch((await page.locator('main').textContent()) ?? '', /\bKZ-\d{2}\b|\bage\d{2}/);
        await assertPhoneFriendly(page);
        await checkA11y(page);
        assertNoProblems(page);
      } finally {
        await closePage(page);
      }
    });
  }
}

// The lottery console's check of a pool (ADR 0115): a page reached by a post, so not in PAGES.
for (const lang of LANGS) {
  test(`360 px, ${lang}: the lottery check of an infeasible pool, with its relaxation`, async () => {
    const page = await phonePage('secretariat', lang);
    try {
      await page.goto('/sortition/new');
      const dir = new URL('../test/fixtures/sortition/example_small_20/', import.meta.url);
      await page.fill('#field-categoriesCsv', readFileSync(new URL('categories.csv', dir), 'utf8').replaceAll(',9,20', ',12,20'));
      await page.fill('#field-respondentsCsv', readFileSync(new URL('respondents.csv', dir), 'utf8'));
      await page.fill('#field-k', '20');
      await page.click('button[formaction="/sortition/draws/preview"]:not([name])');
      assert.equal(await page.getAttribute('section.preview', 'data-feasible'), 'false');
      assert.equal(await page.locator('#preview-relaxation').count(), 1);
      await assertPhoneFriendly(page);
      await checkA11y(page);
      assertNoProblems(page);
    } finally {
      await closePage(page);
    }
  });
}

test('the phone menu lists every section, opens from the keyboard without JavaScript and marks the current page', async () => {
  for (const lang of LANGS) {
    const page = await phonePage('nobody', lang);
    await page.goto('/ledger');
    const summary = page.locator('details.nav-menu > summary');
    const menuLinks = page.locator('details.nav-menu nav a');
    assert.equal(await menuLinks.first().isVisible(), false, 'the menu starts closed');
    // The row of links is for wide screens only; on a phone it is not displayed (nor announced).
    assert.equal(await page.locator('nav.main-nav').isVisible(), false);
    const sections = await page.locator('nav.main-nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(sections.length >= 5, `all sections are in the navigation: ${sections.join(' ')}`);

    await summary.focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('details.nav-menu').getAttribute('open'), '', 'Enter opens the menu');
    assert.deepEqual(await menuLinks.evaluateAll((as) => as.map((a) => a.getAttribute('href'))), sections, 'the menu holds every section');
    for (const link of await menuLinks.all()) {
      assert.ok(await link.isVisible());
      const box = await link.boundingBox();
      assert.ok(box && box.height >= 44 && box.x + box.width <= 360, `a full-width row of 44 px or more: ${JSON.stringify(box)}`);
    }
    assert.equal(await page.locator('details.nav-menu nav a[aria-current="page"]').getAttribute('href'), '/ledger');
    await assertPhoneFriendly(page);
    await checkA11y(page);
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('details.nav-menu').getAttribute('open'), null, 'Enter closes it again');
    await closePage(page);
  }
});

test('from 40rem the sections are a row of links and the phone menu is gone', async () => {
  const page = await openPage(browser, server, { viewport: { width: 1024, height: 768 } });
  await page.goto('/');
  assert.equal(await page.locator('details.nav-menu').isVisible(), false);
  assert.ok(await page.locator('nav.main-nav a[href="/ledger"]').isVisible());
  await closePage(page);
});
