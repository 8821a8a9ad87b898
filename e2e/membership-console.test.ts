// A Council selection cycle through the pages, in Chromium without JavaScript: the secretariat
// registers an organisation (a bad BIN first: inline error, nothing written) and links its
// representative; the representative nominates a candidate; the candidate signs in and consents; the
// secretariat opens and closes nominations, reviews eligibility, publishes the pool, enters the
// entropy and draws; answers are recorded, one drawn member declines and the next alternate is
// called to the same seat. Most of the pool comes by the API list (the draw needs enough people);
// every step of the cycle itself is a page. axe finds nothing on the console and the candidate page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeIin } from '../src/core/iin.ts';
import { generateSigningKey } from '../src/core/ledger/signing.ts';
import { type CycleSchedule, makeBin } from '../src/core/membership/index.ts';
import { councilCharterPath, nominee, withDayClock } from '../test/api/membership.fixtures.ts';
import { type SignedIn, signInAs } from '../test/helpers/auth.ts';
import { type Browser, checkA11y, launchBrowser, openPage, type Page, startServer, type TestServer, useSession } from './helpers/browser.ts';

let server: TestServer & { setDay(date: string): void };
let browser: Browser;
let staff: SignedIn;
let rep: SignedIn;

before(async () => {
  server = withDayClock(await startServer({ config: { ledgerKey: generateSigningKey().privateKeyBase64, charterPath: councilCharterPath() } }));
  browser = await launchBrowser();
  staff = await signInAs(server, { roles: ['secretariat'] });
  rep = await signInAs(server, {});
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function pageAs(who: SignedIn | null): Promise<Page> {
  const page = await openPage(browser, server, { javaScriptEnabled: false, locale: 'en-GB' });
  await useSession(page, server, who, 'en');
  return page;
}
// Waits for the page the form's answer loads: waitForLoadState would return at once on the page
// already loaded, and the next read could see the old page (a pending confirmation left unclicked).
const submit = async (page: Page, selector: string) => {
  await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click(selector)]);
};

test('a cycle through the console and the candidate page: organisation, nomination, consent, draw, confirmations, a decline replaced', async () => {
  server.setDay('2026-08-01');
  const sec = await pageAs(staff);
  await sec.goto('/council/console');
  await checkA11y(sec);

  // A bad BIN: the form comes back with the error at the field, and no organisation is registered.
  const bin = makeBin('1905', 77);
  await sec.fill('#org-bin', `${bin.slice(0, 11)}${(Number(bin[11]) + 1) % 10}`);
  await sec.fill('#org-name-kk', 'Қазақ тілі қоғамы');
  await sec.fill('#org-name-ru', 'Общество казахского языка');
  await sec.fill('#org-name-en', 'Kazakh Language Society');
  await sec.selectOption('#org-region', 'KZ-75');
  await sec.selectOption('#org-block', 'ethnoCultural');
  await submit(sec, '#form-org button[type=submit]');
  assert.match((await sec.textContent('#org-bin-error')) ?? '', /not a valid BIN/);
  assert.equal(await sec.getAttribute('#org-bin', 'aria-invalid'), 'true');
  await checkA11y(sec);
  assert.equal((await server.ctx.db.db.selectFrom('council_organisations').select('id').execute()).length, 0);
  await sec.fill('#org-bin', bin);
  await submit(sec, '#form-org button[type=submit]');
  assert.ok(((await sec.textContent('main')) ?? '').includes('Kazakh Language Society'));

  // The representative is linked by their user id, then the cycle is announced and nominations open.
  await sec.fill('#rep-userId', rep.user.id);
  await submit(sec, '#form-rep button[type=submit]');
  await submit(sec, 'form[action="/council/console/cycles"] button');
  const schedule = (await server.app.inject({ url: '/api/v1/council/cycles/0' })).json().schedule as CycleSchedule;
  server.setDay(schedule.nominationsOpen);
  await sec.goto('/council/console');
  await submit(sec, 'form[action="/council/console/cycles/0/transition"] button');
  assert.match((await sec.textContent('main')) ?? '', /nominations open/);

  // The representative nominates on their page.
  const iin = makeIin('1978-02-02', 'female', 4321);
  const rp = await pageAs(rep);
  await rp.goto('/council/me');
  await rp.fill('#nom-iin', iin);
  await rp.fill('#nom-firstName', 'Aigul');
  await rp.fill('#nom-lastName', 'Bekova');
  await submit(rp, '#form-nominate button[type=submit]');
  await checkA11y(rp);

  // The candidate signs in, sees the nomination, forgets the confirmation once, then consents.
  const candidate = await signInAs(server, { iin });
  const cp = await pageAs(candidate);
  await cp.goto('/council/me');
  assert.match((await cp.textContent('main')) ?? '', /Your consent is awaited/);
  await checkA11y(cp);
  await cp.selectOption('select[name="region"]', 'KZ-75');
  await cp.selectOption('select[name="declared.settlement"]', 'urban');
  await submit(cp, 'form[action$="/consent"] button[type=submit]');
  assert.match((await cp.textContent('.error-summary')) ?? '', /.+/);
  await checkA11y(cp);
  await cp.selectOption('select[name="region"]', 'KZ-75');
  await cp.selectOption('select[name="declared.settlement"]', 'urban');
  await cp.check('input[name="confirm"]');
  await submit(cp, 'form[action$="/consent"] button[type=submit]');
  assert.match((await cp.textContent('main')) ?? '', /You are eligible for the draw/);

  // The rest of the pool, by the secretariat's list.
  const blocks = server.ctx.charter.bodies.council.blocks.map((b) => b.id);
  const added = await server.app.inject({ method: 'POST', url: '/api/v1/council/cycles/0/candidates', headers: staff.headers, payload: { candidates: blocks.flatMap((block, b) => Array.from({ length: 7 }, (_, i) => nominee(block, 400 + b * 7 + i))) } });
  assert.equal(added.statusCode, 201, added.body);

  server.setDay(schedule.nominationsClosed);
  await sec.goto('/council/console');
  await submit(sec, 'form[action="/council/console/cycles/0/transition"] button');
  const review = (await sec.textContent('main')) ?? '';
  assert.ok(review.includes('Aigul B.'));
  assert.match(review, /eligible for 4 seats/);
  await checkA11y(sec);

  server.setDay(schedule.committed);
  await sec.goto('/council/console');
  await sec.fill('#commit-entropySources', 'Kazakhstan lottery draw of 2026-10-16');
  await submit(sec, '#form-commit button[type=submit]');
  // Entropy entered before its date: refused inline, nothing drawn.
  await sec.fill('#reveal-entropy', '01 02 03 04 05 06');
  await submit(sec, '#form-reveal button[type=submit]');
  assert.match((await sec.textContent('.error-summary')) ?? '', /has not come yet/);
  server.setDay(schedule.drawn);
  await sec.goto('/council/console');
  await sec.fill('#reveal-entropy', 'Kazakhstan lottery draw 2026-10-16: 01 02 03 04 05 06');
  await submit(sec, '#form-reveal button[type=submit]');
  await checkA11y(sec);

  // Confirmations: the first drawn member declines, the next alternate is called to the same seat.
  const before = (await server.app.inject({ url: '/api/v1/council/cycles/0/selections', headers: staff.headers })).json().selections as { id: string; seat: string; status: string }[];
  const decliner = before[0]!;
  await submit(sec, `form[action="/council/console/members/${decliner.id}/answer"] button[value="declined"]`);
  const afterDecline = (await server.app.inject({ url: '/api/v1/council/cycles/0/selections', headers: staff.headers })).json().selections as { id: string; seat: string; status: string; replaces: string | null; alternateRank: number | null }[];
  const called = afterDecline.find((s) => s.replaces === decliner.id);
  assert.ok(called, 'an alternate was called');
  assert.equal(called.seat, decliner.seat);
  assert.ok(called.alternateRank! >= 1);
  assert.match((await sec.textContent('main')) ?? '', /alternate no\. \d+ of the draw/);

  // The candidate answers on their own page if drawn; the secretariat records the rest.
  await cp.goto('/council/me');
  if (await cp.locator('form[action*="/council/me/selections/"] button[value="accepted"]').count()) {
    await checkA11y(cp);
    await submit(cp, 'form[action*="/council/me/selections/"] button[value="accepted"]');
    assert.match((await cp.textContent('main')) ?? '', /accepted/);
  }
  await sec.goto('/council/console');
  for (let i = 0; i < 10; i++) {
    const button = sec.locator('form[action^="/council/console/members/"] button[value="accepted"]').first();
    if (!(await button.count())) break;
    await Promise.all([sec.waitForNavigation({ waitUntil: 'domcontentloaded' }), button.click()]);
  }
  await submit(sec, 'form[action="/council/console/cycles/0/transition"] button');
  assert.match((await sec.textContent('main')) ?? '', /confirmations closed/);
  await checkA11y(sec);
  const answered = (await server.app.inject({ url: '/api/v1/council/cycles/0/selections', headers: staff.headers })).json().selections as { status: string; answer: string | null }[];
  assert.equal(answered.filter((s) => s.answer === 'accepted').length, 8);
  assert.equal(answered.filter((s) => s.status === 'declined').length, 1);
});

test('a citizen gets 403 on the console', async () => {
  const citizen = await signInAs(server, {});
  const page = await pageAs(citizen);
  const r = await page.goto('/council/console');
  assert.equal(r?.status(), 403);
});
