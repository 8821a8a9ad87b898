// A Council session from convocation to minutes, through the pages in Chromium, on the small two-block
// charter (eight seats): the secretariat plans it, a citizens' petition that succeeded is queued on it
// by its outbox event, a member files a recommendation with co-sponsors (first with too few: the form
// says so and nothing is written), another files an amendment, the chair convenes and opens the
// sitting, members register until the quorum is reached (a vote refused before), three roll-call
// votes run (the amendment and the recommendation adopted, the petition short of its majority), the
// live board follows a vote over server-sent events, the session closes and the minutes are drafted;
// the recommendation is on the government's response clock. A citizen then reads it all with
// JavaScript on and off, on a phone, in kk, ru and en; axe finds nothing on any page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addDays } from '../src/core/isoDate.ts';
import { generateSigningKey } from '../src/core/ledger/signing.ts';
import { membershipService } from '../src/modules/membership/service.ts';
import { startServices } from '../src/services.ts';
import { councilService } from '../src/modules/council/api.ts';
import { proposalSucceeded } from '../test/api/council.fixtures.ts';
import { councilCharterPath, runFirstCycle, withDayClock } from '../test/api/membership.fixtures.ts';
import { type SignedIn, signInAs } from '../test/helpers/auth.ts';
import { assertPhoneFriendly } from './helpers/phone.ts';
import { assertNoHorizontalScroll, assertNoProblems, type Browser, checkA11y, closePage, launchBrowser, noScript, openPage, type Page, phone, startServer, type TestServer, useSession } from './helpers/browser.ts';

let server: TestServer & { setDay(date: string): void };
/** The background services of `kenes serve` (outbox subscriptions, ledger, sweeps) run beside the pages. */
let stopServices: (() => Promise<void>) | undefined;
let browser: Browser;
let secretariat: SignedIn;
let chair: SignedIn;
const members: { id: string; name: string; who: SignedIn }[] = [];
let D0: string;
let S: string;

before(async () => {
  server = withDayClock(await startServer({ config: { ledgerKey: generateSigningKey().privateKeyBase64, charterPath: councilCharterPath() } }));
  secretariat = await signInAs(server, { roles: ['secretariat'] });
  chair = await signInAs(server, { roles: ['council_chair'] });
  const schedule = await runFirstCycle(server, secretariat.headers, () => membershipService(server.ctx).sweep());
  D0 = schedule.termStart;
  const registry = (await server.app.inject(`/api/v1/council/members?date=${D0}`)).json().members as { id: string; name: string }[];
  for (const m of registry) {
    const row = await server.ctx.db.db.selectFrom('council_members').select('person_id').where('id', '=', m.id).executeTakeFirstOrThrow();
    members.push({ id: m.id, name: m.name, who: await signInAs(server, { roles: ['council_member'], pseudonym: row.person_id, name: m.name }) });
  }
  S = councilServiceOf().calendar.addWorkingDays(D0, server.ctx.charter.councilWork.notice.regular);
  stopServices = await startServices(server.app, server.ctx);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await stopServices?.();
  await server?.close();
});

const councilServiceOf = () => councilService(server.ctx);
const count = async (table: 'council_agenda_items' | 'council_amendments' | 'council_ballots' | 'council_votes' | 'council_sessions') => Number((await server.ctx.db.db.selectFrom(table).select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/** A signed-in page in English (the language the assertions read), JavaScript off unless asked. */
async function pageAs(who: SignedIn | null, opts: { js?: boolean; lang?: 'kk' | 'ru' | 'en' } = {}): Promise<Page> {
  const page = await openPage(browser, server, opts.js ? {} : noScript());
  await useSession(page, server, who, opts.lang ?? 'en');
  return page;
}

const text = async (page: Page, selector = 'main') => (await page.textContent(selector)) ?? '';

/** Waits (up to 15 s) for what a background service does by itself. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined | null | false>): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`not within 15 s: ${what}`);
}
let sessionId = '';
const ids: Record<string, string> = {};

test('the secretariat plans the session; a succeeded petition is queued on it by its event', async () => {
  server.setDay(D0);
  const page = await pageAs(secretariat);
  await page.goto('/council/sessions');
  await checkA11y(page);
  // A date already past is refused next to the field, and no session is written.
  const before = await count('council_sessions');
  await page.selectOption('#plan-kind', 'regular');
  await page.fill('#plan-date', addDays(D0, -1));
  await page.fill('#plan-place', 'Astana, the Council’s hall');
  await page.click('#form-plan button[type=submit]');
  assert.equal(await count('council_sessions'), before);
  assert.ok(await page.locator('#form-plan .error-summary').isVisible());
  assert.equal(await page.getAttribute('#plan-date', 'aria-invalid'), 'true');
  await checkA11y(page);
  await page.fill('#plan-date', S);
  await page.click('#form-plan button[type=submit]');
  await page.waitForURL(/\/council\/sessions\/[0-9a-f-]{36}/);
  sessionId = /sessions\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  assert.match(await text(page, 'h1'), /Regular session No\. 1/);
  assert.match(await text(page), /planned/);

  await proposalSucceeded(server, 'p-air', 'petition', 'Clean air for Almaty', `${D0}T05:00:00.000Z`);
  // Queued by the council's outbox subscription running in the background (no direct call).
  await eventually('the petition queued by its event', async () => Number((await server.ctx.db.db.selectFrom('council_agenda_items').select((e) => e.fn.countAll<number>().as('n')).where('kind', '=', 'petition').executeTakeFirstOrThrow()).n) === 1);
  await page.reload();
  const agenda = await text(page, '.cw-agenda');
  assert.match(agenda, /Clean air for Almaty/);
  assert.match(agenda, /placed on the agenda in time/);
  await checkA11y(page);
  assertNoProblems(page);
  await closePage(page);
});

test('a member files a recommendation with co-sponsors (too few first: refused, nothing written), another an amendment', async () => {
  const need = server.ctx.charter.councilWork.motions.coSponsors.recommendation;
  const mover = members[0]!;
  const page = await pageAs(mover.who);
  await page.goto(`/council/sessions/${sessionId}`);
  await page.selectOption('#motion-motionKind', 'recommendation');
  await page.fill('#motion-title', 'Publish clinic waiting times');
  await page.fill('#motion-text', 'The Council recommends that the Ministry of Health publish the waiting times of every clinic each month.');
  const co = members.slice(1, 1 + need);
  for (const c of co.slice(0, need - 1)) await page.check(`#form-motion input[value="${c.id}"]`);
  const items = await count('council_agenda_items');
  await page.click('#form-motion button[type=submit]');
  assert.equal(await count('council_agenda_items'), items, 'a refused motion writes nothing');
  const error = await text(page, '#motion-cosponsors-error');
  assert.match(error, new RegExp(`${need - 1} co-sponsors: the charter asks for ${need}`));
  // What was typed and ticked is kept.
  assert.equal(await page.inputValue('#motion-title'), 'Publish clinic waiting times');
  assert.equal(await page.locator('#form-motion input[name=coSponsorIds]:checked').count(), need - 1);
  await checkA11y(page);
  await page.check(`#form-motion input[value="${co[need - 1]!.id}"]`);
  await page.click('#form-motion button[type=submit]');
  await page.waitForURL(/\/council\/items\/[0-9a-f-]{36}/);
  ids.motion = /items\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  assert.match(await text(page, '.cw-facts'), new RegExp(`Co-sponsors \\(${need}\\)`));
  await closePage(page);

  // An amendment by another member, with the two co-sponsors the charter asks for.
  const amender = members[4]!;
  const p2 = await pageAs(amender.who);
  await p2.goto(`/council/items/${ids.motion}`);
  await p2.fill('#amendment-text', 'The Council recommends that the Ministry of Health publish the waiting times of every clinic each week, by region.');
  for (const c of [members[5]!, members[6]!]) await p2.check(`#form-amendment input[value="${c.id}"]`);
  await p2.click('#form-amendment button[type=submit]');
  await p2.waitForURL(/done=filed/);
  assert.match(await text(p2, '.cw-amendment'), /Amendment 1/);
  assert.equal(await count('council_amendments'), 1);
  await checkA11y(p2);
  assertNoProblems(p2);
  await closePage(p2);

  // Each named co-sponsor confirms as themselves (ADR 0905): the motion counts them only then.
  for (const [i, c] of co.entries()) {
    const p = await pageAs(c.who);
    await p.goto(`/council/items/${ids.motion}`);
    assert.match(await text(p, '.cw-facts'), new RegExp(`${i} of ${need} named co-sponsors have confirmed`));
    await p.click('#form-coSponsorship button[type=submit]');
    await p.waitForURL(/done=confirmed/);
    assert.match(await text(p, '.cw-facts'), new RegExp(`${i + 1} of ${need} named co-sponsors have confirmed`));
    assert.equal(await p.locator('#form-coSponsorship').count(), 0, 'no second confirmation offered');
    if (i === 0) await checkA11y(p);
    assertNoProblems(p);
    await closePage(p);
  }
  for (const c of [members[5]!, members[6]!]) {
    const p = await pageAs(c.who);
    await p.goto(`/council/items/${ids.motion}`);
    await p.click('.cw-amendment form[id^=form-amendmentCoSponsorship] button[type=submit]');
    await p.waitForURL(/done=confirmed/);
    assert.match(await text(p, '.cw-amendment'), new RegExp(`${c.name} \\(confirmed\\)`));
    assertNoProblems(p);
    await closePage(p);
  }
});

test('convened, opened; the quorum is reached as members register; no vote opens before it', async () => {
  const page = await pageAs(chair);
  await page.goto(`/council/sessions/${sessionId}`);
  await page.click('#form-convene button');
  await page.waitForURL(/done=done/);
  assert.match(await text(page), /convened/);

  server.setDay(S);
  await page.click('#form-open button');
  await page.waitForURL(/done=done/);
  assert.match(await text(page), /in progress/);

  // Five of eight register; the quorum (2/3 of the sitting members) is six.
  for (const m of members.slice(0, 5)) {
    const mp = await pageAs(m.who);
    await mp.goto(`/council/sessions/${sessionId}`);
    await mp.click('#form-attend button');
    await mp.waitForURL(/done=attended/);
    await closePage(mp);
  }
  await page.goto(`/council/sessions/${sessionId}`);
  assert.match(await text(page, '#cw-quorum'), /No quorum\. 5 present of 8 sitting members; the quorum \(2\/3 of the sitting members\) is 6\./);
  const votes = await count('council_votes');
  await page.selectOption('#openVote-target', { index: 0 });
  await page.click('#form-openVote button[type=submit]');
  assert.equal(await count('council_votes'), votes, 'no vote opens without quorum');
  assert.match(await text(page, '#form-openVote .error-summary'), /No quorum: 5 present of 8/);
  await checkA11y(page);

  // The secretariat registers the sixth.
  const sec = await pageAs(secretariat);
  await sec.goto(`/council/sessions/${sessionId}`);
  await sec.selectOption('#register-memberId', members[5]!.id);
  await sec.click('#form-register button[type=submit]');
  await sec.waitForURL(/done=attended/);
  assert.match(await text(sec, '#cw-quorum'), /Quorum reached\. 6 present of 8/);
  await closePage(sec);
  await closePage(page);
});

/** The chair opens a vote on `target` (the select's label contains it). */
async function openVote(label: RegExp, session = sessionId): Promise<string> {
  const page = await pageAs(chair);
  await page.goto(`/council/sessions/${session}`);
  const options = await page.locator('#openVote-target option').evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? '' })));
  const target = options.find((o) => label.test(o.label));
  assert.ok(target, `no vote target ${label} in ${options.map((o) => o.label).join(' | ')}`);
  await page.selectOption('#openVote-target', target.value);
  await page.click('#form-openVote button[type=submit]');
  await page.waitForURL(/done=opened#v-/);
  const voteId = /#v-(.+)$/.exec(page.url())![1]!;
  await closePage(page);
  return voteId;
}

async function vote(voteId: string, m: (typeof members)[number], choice: 'yes' | 'no' | 'abstain', session = sessionId): Promise<Page> {
  const page = await pageAs(m.who);
  await page.goto(`/council/sessions/${session}`);
  await page.check(`#form-ballot-${voteId} input[value=${choice}]`);
  await page.click(`#form-ballot-${voteId} button[type=submit]`);
  await page.waitForURL(/done=voted/);
  return page;
}

async function closeVote(voteId: string, session = sessionId): Promise<string> {
  const page = await pageAs(chair);
  await page.goto(`/council/sessions/${session}`);
  await page.click(`#form-close-${voteId} button`);
  await page.waitForURL(/done=closed/);
  const result = await text(page, `#v-${voteId}`);
  await closePage(page);
  return result;
}

test('three roll-call votes: the amendment (with a changed ballot and a refused empty one), the recommendation, and the petition short of its majority; the live board follows over SSE', async () => {
  // 1. The amendment, put first (procedural: more than half of those present).
  const v1 = await openVote(/^Amendment 1 to: Publish clinic waiting times/);
  ids.v1 = v1;
  // A citizen follows the live board with JavaScript on.
  const board = await pageAs(null, { js: true });
  await board.goto(`/council/votes/${v1}`);
  await board.waitForFunction(() => document.getElementById('cw-board-status')?.textContent?.includes('Updating live'));
  await checkA11y(board);
  // A Russian reader's board writes the majority's arithmetic in Russian, as rendered and live.
  const boardRu = await pageAs(null, { js: true, lang: 'ru' });
  await boardRu.goto(`/council/votes/${v1}`);
  assert.match(await text(boardRu, '[data-formula]'), /^за 0 > 1\/2 × \d+ = /);

  // An empty ballot is refused with its error next to the choice, and nothing is written.
  const empty = await pageAs(members[0]!.who);
  await empty.goto(`/council/sessions/${sessionId}`);
  const ballots = await count('council_ballots');
  await empty.click(`#form-ballot-${v1} button[type=submit]`);
  assert.equal(await count('council_ballots'), ballots);
  assert.match(await text(empty, `#ballot-${v1}-choice-error`), /Choose yes, no or abstain/);
  await checkA11y(empty);
  await closePage(empty);

  const p0 = await vote(v1, members[0]!, 'no');
  // The board shows the ballot without a reload.
  await board.waitForFunction(() => document.querySelector('[data-count="no"]')?.textContent === '1');
  // The member changes it while the vote is open: one ballot, counted once.
  await p0.check(`#form-ballot-${v1} input[value=yes]`);
  await p0.click(`#form-ballot-${v1} button[type=submit]`);
  await p0.waitForURL(/done=voted/);
  assert.match(await text(p0, `#form-ballot-${v1}`), /You voted: yes/);
  await closePage(p0);
  for (const m of members.slice(1, 5)) await closePage(await vote(v1, m, 'yes'));
  await closePage(await vote(v1, members[5]!, 'no'));
  await board.waitForFunction(() => document.querySelector('[data-count="yes"]')?.textContent === '5' && document.querySelector('[data-count="no"]')?.textContent === '1');
  await boardRu.waitForFunction(() => document.querySelector('[data-formula]')?.textContent === 'за 5 > 1/2 × 6 = 3');
  await closePage(boardRu);
  assertNoProblems(board);
  assert.match(await closeVote(v1), /adopted[\s\S]*yes 5 > 1\/2 × 6 = 3/);
  await board.waitForFunction(() => document.getElementById('cw-board-status')?.textContent?.includes('closed'));
  await closePage(board);

  // 2. The recommendation as amended: adopted by 4 of 6 present.
  const v2 = await openVote(/^Publish clinic waiting times/);
  ids.v2 = v2;
  for (const [i, m] of members.slice(0, 6).entries()) await closePage(await vote(v2, m, i < 4 ? 'yes' : i === 4 ? 'abstain' : 'no'));
  assert.match(await closeVote(v2), /adopted[\s\S]*yes 4 > 1\/2 × 6 = 3/);

  // 3. The petition as a legislative initiative needs more than half of all eight sitting members: 2 yes fail.
  const v3 = await openVote(/^Clean air for Almaty/);
  ids.v3 = v3;
  for (const [i, m] of members.slice(0, 6).entries()) await closePage(await vote(v3, m, i < 2 ? 'yes' : 'no'));
  assert.match(await closeVote(v3), /rejected: short of the majority[\s\S]*yes 2 > 1\/2 × 8 = 4/);
});

test('the session closes, the minutes are drafted from the record, and the recommendation is on the response clock', async () => {
  const page = await pageAs(chair);
  await page.goto(`/council/sessions/${sessionId}`);
  await page.click('#form-close button');
  await page.waitForURL(/done=done/);
  await closePage(page);

  const sec = await pageAs(secretariat);
  await sec.goto(`/council/sessions/${sessionId}`);
  await sec.click('#form-draftMinutes button');
  await sec.waitForURL(/#cw-minutes/);
  assert.match(await text(sec, 'section[aria-labelledby=cw-minutes]'), /draft/);
  await closePage(sec);

  // The recommendation's response item is opened by the responses module's subscription, running
  // in the background (no direct call).
  type Decision = { kind: string; itemId: string; track: { kind: string; item: { id: number; status: string } | null } };
  const rec = await eventually('the recommendation on the response clock', async () => ((await server.app.inject('/api/v1/council/decisions')).json().decisions as Decision[]).find((d) => d.kind === 'recommendation' && d.track?.item));
  assert.ok(rec.track.item, 'the recommendation started a response item');
  ids.response = String(rec.track.item.id);
});

test('the draft minutes are approved by a vote at the next session, then frozen and on the ledger', async () => {
  // The next session, planned and convened after its notice; the approval of the minutes on its agenda.
  const S2 = councilServiceOf().calendar.addWorkingDays(S, server.ctx.charter.councilWork.notice.regular);
  const sec = await pageAs(secretariat);
  await sec.goto('/council/sessions');
  await sec.selectOption('#plan-kind', 'regular');
  await sec.fill('#plan-date', S2);
  await sec.fill('#plan-place', 'Astana, the Council’s hall');
  await sec.click('#form-plan button[type=submit]');
  await sec.waitForURL(/\/council\/sessions\/[0-9a-f-]{36}/);
  const next = /sessions\/([0-9a-f-]{36})/.exec(sec.url())![1]!;
  ids.next = next;
  await sec.locator('details.cw-staff', { has: sec.locator('#form-approval') }).locator('summary').click();
  await sec.selectOption('#approval-minutesOf', sessionId);
  await sec.click('#form-approval button[type=submit]');
  await sec.waitForURL(/done=done#cw-agenda/);
  assert.match(await text(sec, '.cw-agenda'), /minutes/i);
  await checkA11y(sec);
  await closePage(sec);

  const page = await pageAs(chair);
  await page.goto(`/council/sessions/${next}`);
  await page.click('#form-convene button');
  await page.waitForURL(/done=done/);
  server.setDay(S2);
  await page.click('#form-open button');
  await page.waitForURL(/done=done/);
  await closePage(page);
  for (const m of members.slice(0, 6)) {
    const mp = await pageAs(m.who);
    await mp.goto(`/council/sessions/${next}`);
    await mp.click('#form-attend button');
    await mp.waitForURL(/done=attended/);
    await closePage(mp);
  }
  const v = await openVote(/minutes/i, next);
  for (const m of members.slice(0, 6)) await closePage(await vote(v, m, 'yes', next));
  assert.match(await closeVote(v, next), /adopted/i);

  // The minutes of the first session: approved, frozen (no edit form), and their approval on the ledger.
  const s2 = await pageAs(secretariat);
  await s2.goto(`/council/sessions/${sessionId}`);
  const minutes = await text(s2, 'section[aria-labelledby=cw-minutes]');
  assert.match(minutes, /approved/);
  assert.equal(await s2.locator('#form-editMinutes').count(), 0, 'approved minutes are not edited');
  await closePage(s2);
  const approved = await eventually('the approval on the ledger', async () =>
    (await server.ctx.db.db.selectFrom('ledger_entry').innerJoin('outbox', 'outbox.id', 'ledger_entry.outbox_id').select('outbox.kind').where('outbox.subject', '=', `council-minutes/${sessionId}`).execute()).map((r) => r.kind).find((k) => /approved/.test(k)),
  );
  assert.match(approved, /approved/);
});

test('the secretariat records the Kurultai’s own initiative and its next step; the tracker shows both bodies', async () => {
  const page = await pageAs(secretariat);
  await page.goto('/council/initiatives');
  await page.selectOption('#kurultai-kind', 'legislativeInitiative');
  await page.fill('#kurultai-title', 'On open budgets of districts');
  await page.fill('#kurultai-reference', 'K-2026/117');
  // A registration date in the future is refused at its field; nothing is written.
  const before = (await server.app.inject('/api/v1/initiatives')).json().initiatives.length;
  await page.fill('#kurultai-on', addDays(S, 30));
  await page.click('#form-kurultai button[type=submit]');
  assert.equal(await page.getAttribute('#kurultai-on', 'aria-invalid'), 'true');
  assert.equal((await server.app.inject('/api/v1/initiatives')).json().initiatives.length, before);
  await checkA11y(page);
  await page.fill('#kurultai-on', D0);
  await page.click('#form-kurultai button[type=submit]');
  await page.waitForURL(/\/council\/initiatives\/[0-9a-f-]{36}\?done=done/);
  ids.kurultai = /initiatives\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  assert.match(await text(page, '.cw-facts'), /Kurultai[\s\S]*registered/);
  await page.selectOption('#step-event', 'initiative.in-committee');
  await page.fill('#step-on', S);
  await page.fill('#step-documentUrl', 'https://example.kz/kurultai/K-2026-117');
  await page.click('#form-step button[type=submit]');
  await page.waitForURL(/done=done/);
  assert.equal(await page.locator('ol.cw-timeline li').count(), 2);
  assert.match(await text(page, 'ol.cw-timeline'), /in committee/);
  await checkA11y(page);
  await page.goto('/council/initiatives?body=kurultai');
  assert.match(await text(page, 'table'), /On open budgets of districts/);
  await page.goto('/council/initiatives?body=council');
  assert.doesNotMatch(await text(page, 'table'), /On open budgets of districts/);
  assertNoProblems(page);
  await closePage(page);
});

const CITIZEN_PAGES = () => [
  '/council/sessions',
  `/council/sessions/${sessionId}`,
  `/council/items/${ids.motion}`,
  `/council/votes/${ids.v3}`,
  `/council/sessions/${sessionId}/minutes`,
  `/council/members/${members[0]!.id}/record`,
  '/council/initiatives',
  `/council/initiatives/${ids.kurultai}`,
];

test('a citizen reads it all without JavaScript, on a phone, in kk, ru and en; axe finds nothing', async () => {
  for (const lang of ['kk', 'ru', 'en'] as const) {
    const page = await openPage(browser, server, { ...noScript(), ...phone() });
    await useSession(page, server, null, lang);
    for (const url of CITIZEN_PAGES()) {
      const res = await page.goto(url);
      assert.equal(res?.status(), 200, url);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      await assertNoHorizontalScroll(page);
      await assertPhoneFriendly(page);
      await checkA11y(page);
    }
    assertNoProblems(page);
    await closePage(page);
  }

  const page = await openPage(browser, server, { ...noScript(), ...phone() });
  await useSession(page, server, null, 'en');
  await page.goto(`/council/sessions/${sessionId}`);
  const session = await text(page);
  assert.match(session, /closed/);
  assert.match(session, /Quorum reached\. 6 present of 8/);
  assert.equal(await page.locator('.cw-vote').count(), 3);
  assert.match(session, /On the government’s response clock/);
  assert.equal(await page.locator(`a[href="/responses/items/${ids.response}"]`).count(), 1);
  // Each vote links to its full record, whose roll call names every sitting member (the session page
  // carries counts only: fifty roll calls of 126 members would be 1.7 MB on a phone).
  assert.equal(await page.locator(`#v-${ids.v3} details`).count(), 0);
  await Promise.all([page.waitForNavigation(), page.click(`#v-${ids.v3} a[href="/council/votes/${ids.v3}"]`)]);
  assert.equal(await page.locator('table').first().locator('tbody tr').count(), 8);

  // The item: the amended text, its version diff, the amendment and both votes.
  await page.goto(`/council/items/${ids.motion}`);
  assert.match(await text(page, '.cw-diff'), /each month/);
  assert.match(await text(page, '.cw-diff del'), /month/);
  assert.match(await text(page, '.cw-diff ins'), /week/);
  assert.match(await text(page), /Amendment 1 adopted/);

  // The minutes from the record, and the Akoma Ntoso export of the debate record.
  await page.goto(`/council/sessions/${sessionId}/minutes`);
  const minutes = await text(page);
  assert.match(minutes, /6 of 8 sitting members present/);
  for (const m of members.slice(0, 6)) assert.ok(minutes.includes(m.name), m.name);
  const akn = await server.app.inject(`/api/v1/council/sessions/${sessionId}/minutes.akn.xml?lang=en`);
  assert.equal(akn.statusCode, 200);
  assert.equal((akn.body.match(/<voting /g) ?? []).length, 3);

  // A member's record: two sittings held in the term (the second approved the minutes) and attended,
  // each vote with what they did; an absent member's too.
  await page.goto(`/council/members/${members[0]!.id}/record`);
  assert.match(await text(page), /2 of 2 sittings \(100\s?%\)/);
  assert.equal(await page.locator('table:has(#cw-member-votes) tbody tr').count(), 4);
  await page.goto(`/council/members/${members[7]!.id}/record`);
  assert.match(await text(page), /0 of 2 sittings/);
  assert.equal(await page.locator('table:has(#cw-member-votes) tbody tr .cw-choice-absent').count(), 4);
  await closePage(page);

  // The response clock itself lists the recommendation.
  const r = await openPage(browser, server, noScript());
  await useSession(r, server, null, 'en');
  await r.goto(`/responses/items/${ids.response}`);
  assert.match(await text(r, 'h1'), /Publish clinic waiting times/);
  await closePage(r);
});

test('the same pages with JavaScript on: nothing breaks, no console or CSP error, axe finds nothing', async () => {
  const page = await openPage(browser, server, phone());
  await useSession(page, server, null, 'ru');
  for (const url of CITIZEN_PAGES()) {
    await page.goto(url);
    await checkA11y(page);
  }
  assertNoProblems(page);
  await closePage(page);
});
