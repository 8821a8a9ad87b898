// The whole life of a petition through the JSON API: draft, edit, moderation, link-only signing,
// withdrawal, reaching the threshold, closing; and every bad input refused without a change.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { proposalsService } from '../../src/modules/proposals/service.ts';
import { drainProposalItems } from '../../src/modules/responses/fromProposals.ts';
import type { TestApp } from '../helpers/app.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';
import { story } from '../helpers/story.ts';
import { draft, proposalsTestApp, snapshot } from './proposals.fixtures.ts';

// Every test has an app and a database of its own, so any one of them runs alone
// (`--test-name-pattern`) and none sees what another left behind.
let t: TestApp;
let author: SignedIn;
let moderator: SignedIn;
beforeEach(async () => {
  t = await proposalsTestApp();
  author = await signInAs(t, { name: 'Aigerim Nurlanovna', region: 'KZ-75' });
  moderator = await signInAs(t, { roles: ['moderator'], region: 'KZ-71' });
});
afterEach(async () => t?.close());

async function api(method: string, url: string, who: SignedIn | null, payload?: unknown) {
  return t.app.inject({ method: method as 'GET', url, headers: who ? who.headers : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

async function outboxKinds(): Promise<string[]> {
  return (await t.ctx.db.db.selectFrom('outbox').select('kind').where('kind', 'like', 'proposal.%').orderBy('id').execute()).map((r) => r.kind);
}

/** The petition the story follows, as its steps leave it. */
interface Petition {
  ref: string;
  signers: SignedIn[];
}
const { step, replay } = story<Petition>(() => ({ ref: '', signers: [] }));

describe('a petition from draft to success', () => {
  step('a citizen drafts, edits and submits; the moderator sees it with its working-day deadline', async (pet) => {
    const created = await api('POST', '/api/v1/proposals', author, draft());
    assert.equal(created.statusCode, 201, created.body);
    pet.ref = created.json().ref;
    assert.equal(created.json().status, 'draft');
    assert.equal(created.json().author, 'Aigerim N.');

    // Drafts are private.
    assert.equal((await api('GET', `/api/v1/proposals/${pet.ref}`, null)).statusCode, 404);
    const edited = await api('PATCH', `/api/v1/proposals/${pet.ref}`, author, { ...draft(), kind: undefined, title: 'Open data on school meals in every district of Kazakhstan' });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.match(edited.json().title, /of Kazakhstan$/);

    const submitted = await api('POST', `/api/v1/proposals/${pet.ref}/submit`, author);
    assert.equal(submitted.statusCode, 200, submitted.body);
    assert.equal(submitted.json().status, 'submitted');
    assert.match(submitted.json().moderationDue, /^\d{4}-\d{2}-\d{2}$/);

    const queue = await api('GET', '/api/v1/moderation/proposals', moderator);
    assert.equal(queue.statusCode, 200);
    const item = queue.json().items.find((i: { ref: string }) => i.ref === pet.ref);
    assert.ok(item);
    assert.equal(item.overdue, false);
    assert.ok(item.workingDaysLeft > 0 && item.workingDaysLeft <= 20);
    // A citizen may not see the queue.
    assert.equal((await api('GET', '/api/v1/moderation/proposals', author)).statusCode, 403);
  });

  step('the moderator returns it with an explanation; the author sees the reason, fixes and resubmits', async (pet) => {
    const bad = await api('POST', `/api/v1/proposals/${pet.ref}/moderation`, moderator, { decision: 'return' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().errors[0].field, 'explanation');
    const returned = await api('POST', `/api/v1/proposals/${pet.ref}/moderation`, moderator, { decision: 'return', explanation: 'Name the ministry that should publish the data.' });
    assert.equal(returned.statusCode, 200, returned.body);
    assert.equal(returned.json().status, 'returned');
    const seen = await api('GET', `/api/v1/proposals/${pet.ref}`, author);
    assert.equal(seen.json().decision.explanation, 'Name the ministry that should publish the data.');
    assert.equal(seen.json().timeline.at(-1).note, 'Name the ministry that should publish the data.');
    const fixed = await api('PATCH', `/api/v1/proposals/${pet.ref}`, author, { ...draft(), kind: undefined, summary: `${draft().summary} The Ministry of Education publishes it.` });
    assert.equal(fixed.statusCode, 200);
    assert.equal((await api('POST', `/api/v1/proposals/${pet.ref}/submit`, author)).statusCode, 200);
  });

  step('published: reachable by link only until the visibility threshold, signable once', async (pet) => {
    const pub = await api('POST', `/api/v1/proposals/${pet.ref}/moderation`, moderator, { decision: 'publish' });
    assert.equal(pub.statusCode, 200, pub.body);
    assert.equal(pub.json().status, 'open');
    assert.ok(pub.json().closesAt > pub.json().publishedAt);
    const byLink = await api('GET', `/api/v1/proposals/${pet.ref}`, null);
    assert.equal(byLink.statusCode, 200);
    assert.equal(byLink.json().listed, false);
    const list = await api('GET', '/api/v1/proposals', null);
    assert.equal(list.json().items.length, 0, 'link-only proposals are not listed');

    for (const region of ['KZ-75', 'KZ-71', 'KZ-79']) pet.signers.push(await signInAs(t, { region, name: `Daniyar ${region} Test` }));
    const first = await api('POST', `/api/v1/proposals/${pet.ref}/signatures`, pet.signers[0], { showName: true });
    assert.equal(first.statusCode, 201, first.body);
    const before = await snapshot(t);
    const twice = await api('POST', `/api/v1/proposals/${pet.ref}/signatures`, pet.signers[0], { showName: true });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().code, 'already-signed');
    assert.equal(await snapshot(t), before, 'signing twice changes nothing');
  });

  step('withdrawal while open, then signing again; listed once past the visibility threshold', async (pet) => {
    const w = await api('DELETE', `/api/v1/proposals/${pet.ref}/signatures/mine`, pet.signers[0]);
    assert.equal(w.statusCode, 200, w.body);
    assert.equal((await api('DELETE', `/api/v1/proposals/${pet.ref}/signatures/mine`, pet.signers[0])).statusCode, 409);
    let p = (await api('GET', `/api/v1/proposals/${pet.ref}`, pet.signers[0])).json();
    assert.equal(p.signatures, 0);
    assert.equal(p.mySignature, null);
    assert.equal((await api('POST', `/api/v1/proposals/${pet.ref}/signatures`, pet.signers[0], { showName: true })).statusCode, 201);
    assert.equal((await api('POST', `/api/v1/proposals/${pet.ref}/signatures`, pet.signers[1], {})).statusCode, 201);
    p = (await api('GET', `/api/v1/proposals/${pet.ref}`, pet.signers[0])).json();
    assert.equal(p.signatures, 2);
    assert.deepEqual(p.signaturesByRegion, { 'KZ-75': 1, 'KZ-71': 1 });
    assert.equal(p.listed, true);
    assert.equal(p.status, 'open');
    assert.deepEqual(
      p.publicSigners.map((s: { name: string }) => s.name),
      ['Daniyar K.'],
      'only signers who opted in, as first name and surname initial',
    );
    const list = (await api('GET', '/api/v1/proposals', null)).json();
    assert.equal(list.items.length, 1);
    assert.equal(list.items[0].signaturesByRegion['KZ-75'], 1);
  });

  step('the threshold is reached with the moment and an outbox event; closing makes it succeed', async (pet) => {
    assert.equal((await api('POST', `/api/v1/proposals/${pet.ref}/signatures`, pet.signers[2], {})).statusCode, 201);
    const p = (await api('GET', `/api/v1/proposals/${pet.ref}`, null)).json();
    assert.equal(p.status, 'reached');
    assert.ok(p.reachedAt);
    assert.equal(p.signatures, 3);
    // Still signable after reaching, until the window closes.
    const late = await signInAs(t, { region: 'KZ-10' });
    assert.equal((await api('POST', `/api/v1/proposals/${pet.ref}/signatures`, late, {})).statusCode, 201);

    // The window ends: move the closing time to the past, as the clock would.
    await t.ctx.db.db.updateTable('proposals').set({ closes_at: new Date(Date.now() - 1000).toISOString() }).where('ref', '=', pet.ref).execute();
    const afterClose = await signInAs(t, { region: 'KZ-11' });
    const before = await snapshot(t);
    const refused = await api('POST', `/api/v1/proposals/${pet.ref}/signatures`, afterClose, {});
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().code, 'not-open');
    const w = await api('DELETE', `/api/v1/proposals/${pet.ref}/signatures/mine`, late);
    assert.equal(w.statusCode, 409, 'no withdrawal after the close');
    assert.equal(await snapshot(t), before, 'signing after the close changes nothing');

    const swept = await proposalsService(t.ctx).sweep();
    assert.equal(swept.closed, 1);
    const closed = (await api('GET', `/api/v1/proposals/${pet.ref}`, null)).json();
    assert.equal(closed.status, 'succeeded');
    assert.deepEqual(
      closed.timeline.map((e: { kind: string }) => e.kind),
      ['drafted', 'submitted', 'returned', 'submitted', 'open', 'reached', 'succeeded'],
    );
    assert.deepEqual(await outboxKinds(), ['proposal.submitted', 'proposal.returned', 'proposal.submitted', 'proposal.published', 'proposal.threshold_reached', 'proposal.succeeded']);
    // The charter sends a succeeded petition to the government: once the responses module's
    // subscription has run, its response clock item exists.
    assert.equal(await drainProposalItems(t.ctx), 1, 'one proposal.succeeded event delivered');
    const item = await t.ctx.db.db.selectFrom('response_items').select(['status', 'title', 'lead_agency_id']).where('source_ref', '=', `proposal/${pet.ref}`).executeTakeFirst();
    assert.equal(item?.status, 'received', 'a response item awaiting assignment');
    assert.equal(item?.title, closed.title);
    // Links both ways: the proposal's page leads to its response item, whose page leads back.
    const html = { accept: 'text/html' };
    const page = await t.app.inject({ url: `/proposals/${pet.ref}?lang=en`, headers: html });
    const answerLink = `/responses/sources/proposal/${pet.ref}`;
    assert.ok(page.body.includes(`href="${answerLink}"`), 'the succeeded proposal links to its response item');
    const hop = await t.app.inject({ url: answerLink, headers: html });
    assert.equal(hop.statusCode, 303);
    assert.match(String(hop.headers.location), /^\/responses\/items\/\d+$/);
    const itemPage = await t.app.inject({ url: String(hop.headers.location), headers: html });
    assert.ok(itemPage.body.includes(`href="/proposals/${pet.ref}"`), 'the item links back to the proposal');
    assert.equal((await t.app.inject({ url: '/responses/sources/proposal/none-such', headers: html })).statusCode, 404);
    const payloads = await t.ctx.db.db.selectFrom('outbox').select('payload').where('kind', 'like', 'proposal.%').execute();
    for (const { payload } of payloads) assert.doesNotMatch(payload, /Aigerim|Daniyar|pseudonym/, 'no personal data in events');
  });

  step('a petition that misses its threshold expires at the close', async (pet) => {
    const c = await api('POST', '/api/v1/proposals', author, draft({ title: 'Longer opening hours for public libraries' }));
    const r = c.json().ref;
    await api('POST', `/api/v1/proposals/${r}/submit`, author);
    await api('POST', `/api/v1/proposals/${r}/moderation`, moderator, { decision: 'publish' });
    await api('POST', `/api/v1/proposals/${r}/signatures`, pet.signers[0], {});
    await t.ctx.db.db.updateTable('proposals').set({ closes_at: new Date(Date.now() - 1000).toISOString() }).where('ref', '=', r).execute();
    await proposalsService(t.ctx).sweep();
    const p = (await api('GET', `/api/v1/proposals/${r}`, null)).json();
    assert.equal(p.status, 'expired');
    assert.equal((await outboxKinds()).at(-1), 'proposal.expired');
  });

  step('my proposals and signatures', async (pet) => {
    const mine = (await api('GET', '/api/v1/me/proposals', pet.signers[0])).json();
    assert.equal(mine.signatures.length, 2);
    const authored = (await api('GET', '/api/v1/me/proposals', author)).json();
    assert.equal(authored.authored.length, 2);
  });
});

describe('bad input is refused with a clear error and changes nothing', () => {
  test('unknown kind, text over the limit, unknown topic: every field named', async () => {
    const before = await snapshot(t);
    const r = await api('POST', '/api/v1/proposals', author, draft({ kind: 'decree', topic: 'astrology' }));
    assert.equal(r.statusCode, 400);
    assert.deepEqual(
      r.json().errors.map((e: { field: string }) => e.field),
      ['kind', 'topic'],
    );
    assert.match(r.json().errors[0].message, /unknown kind "decree"/);
    const long = await api('POST', '/api/v1/proposals', author, draft({ title: 'x'.repeat(201) }));
    assert.equal(long.statusCode, 400);
    assert.equal(long.json().errors[0].field, 'title');
    assert.match(long.json().errors[0].message, /at most 200/);
    const missing = await api('POST', '/api/v1/proposals', author, { kind: 'petition' });
    assert.equal(missing.statusCode, 400);
    assert.ok(missing.json().errors.some((e: { field: string }) => e.field === 'body.title'));
    assert.equal(await snapshot(t), before);
  });

  test('signing one’s own rejected proposal, and rejecting without a charter reason code', async () => {
    const c = await api('POST', '/api/v1/proposals', author, draft({ title: 'Rename every street after my family' }));
    const ref = c.json().ref;
    await api('POST', `/api/v1/proposals/${ref}/submit`, author);
    const noCode = await api('POST', `/api/v1/proposals/${ref}/moderation`, moderator, { decision: 'reject', reasonCode: 'boring', explanation: 'x' });
    assert.equal(noCode.statusCode, 400);
    assert.equal(noCode.json().errors[0].field, 'reasonCode');
    const notApplicable = await api('POST', `/api/v1/proposals/${ref}/moderation`, moderator, { decision: 'reject', reasonCode: 'excludedSubject', explanation: 'x' });
    assert.equal(notApplicable.statusCode, 400, 'a petition has no excluded subjects');
    const rej = await api('POST', `/api/v1/proposals/${ref}/moderation`, moderator, { decision: 'reject', reasonCode: 'notAProposal', explanation: 'This asks for a personal favour.' });
    assert.equal(rej.statusCode, 200, rej.body);
    // The rejection is public with its code.
    const pub = (await api('GET', `/api/v1/proposals/${ref}`, null)).json();
    assert.equal(pub.status, 'rejected');
    assert.equal(pub.decision.code, 'notAProposal');
    const before = await snapshot(t);
    const sign = await api('POST', `/api/v1/proposals/${ref}/signatures`, author, {});
    assert.equal(sign.statusCode, 409);
    assert.equal(sign.json().code, 'not-open');
    const edit = await api('PATCH', `/api/v1/proposals/${ref}`, author, { ...draft(), kind: undefined });
    assert.equal(edit.statusCode, 409);
    assert.equal(await snapshot(t), before);
  });

  test('a forged request without the CSRF token is refused', async () => {
    const before = await snapshot(t);
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: { cookie: author.cookie }, payload: draft() });
    assert.equal(r.statusCode, 403);
    assert.equal(r.json().code, 'csrf');
    assert.equal(await snapshot(t), before);
  });

  test('anonymous writes get 401; someone else may not edit or submit a draft', async () => {
    assert.equal((await api('POST', '/api/v1/proposals', null, draft())).statusCode, 401);
    const c = await api('POST', '/api/v1/proposals', author, draft({ title: 'Bike lanes on every new avenue' }));
    const other = await signInAs(t);
    assert.equal((await api('POST', `/api/v1/proposals/${c.json().ref}/submit`, other)).statusCode, 404);
    assert.equal((await api('GET', `/api/v1/proposals/${c.json().ref}`, moderator)).statusCode, 404, 'a draft is the author’s own');
    assert.equal((await api('GET', '/api/v1/proposals/nope', null)).statusCode, 404);
  });

  test('a signer without a region claim declares one once', async () => {
    const c = await api('POST', '/api/v1/proposals', author, draft({ title: 'Free public toilets in city parks' }));
    const ref = c.json().ref;
    await api('POST', `/api/v1/proposals/${ref}/submit`, author);
    await api('POST', `/api/v1/proposals/${ref}/moderation`, moderator, { decision: 'publish' });
    const nomad = await signInAs(t, { region: null });
    const need = await api('POST', `/api/v1/proposals/${ref}/signatures`, nomad, {});
    assert.equal(need.statusCode, 400);
    assert.equal(need.json().errors[0].field, 'region');
    const bad = await api('POST', `/api/v1/proposals/${ref}/signatures`, nomad, { region: 'KZ-99' });
    assert.equal(bad.statusCode, 400);
    assert.equal((await api('POST', `/api/v1/proposals/${ref}/signatures`, nomad, { region: 'KZ-62' })).statusCode, 201);
    await api('DELETE', `/api/v1/proposals/${ref}/signatures/mine`, nomad);
    const other = await api('POST', `/api/v1/proposals/${ref}/signatures`, nomad, { region: 'KZ-75' });
    assert.equal(other.statusCode, 409);
    assert.equal(other.json().code, 'region-already-declared');
    assert.equal((await api('POST', `/api/v1/proposals/${ref}/signatures`, nomad, {})).statusCode, 201);
    const p = (await api('GET', `/api/v1/proposals/${ref}`, null)).json();
    assert.deepEqual(p.signaturesByRegion, { 'KZ-62': 1 });
  });
});

describe('abuse protection', () => {
  test('creating and signing are rate-limited per citizen, with Retry-After', async () => {
    const x = await proposalsTestApp({ KENES_RATE_CREATE_PER_HOUR: '1', KENES_RATE_SIGN_PER_MINUTE: '1' });
    try {
      const a = await signInAs(x, {});
      const post = (payload: unknown) => x.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: a.headers, payload: payload as object });
      assert.equal((await post(draft())).statusCode, 201);
      const second = await post(draft());
      assert.equal(second.statusCode, 429);
      assert.ok(Number(second.headers['retry-after']) > 0);
      const sign = (ref: string) => x.app.inject({ method: 'POST', url: `/api/v1/proposals/${ref}/signatures`, headers: a.headers, payload: {} });
      // The limit counts attempts, before the proposal is even looked up.
      assert.equal((await sign('nope')).statusCode, 404);
      assert.equal((await sign('nope')).statusCode, 429);
    } finally {
      await x.close();
    }
  });

  test('similar proposals hint and CSV export with a column per region', async () => {
    await replay(5); // the story's petition, succeeded
    const sim = await api('GET', `/api/v1/proposals/similar?q=${encodeURIComponent('school meals open data')}`, null);
    assert.equal(sim.statusCode, 200);
    assert.ok(sim.json().items.some((i: { title: string }) => /school meals/.test(i.title)));
    const csv = await api('GET', '/api/v1/proposals?format=csv&status=succeeded', null);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.ok(csv.body.startsWith('\uFEFF'), 'a byte-order mark, so spreadsheets read Cyrillic as UTF-8');
    const [head, row] = csv.body.slice(1).trim().split('\r\n');
    assert.match(head, /^ref,kind,status,title,.*,signatures,KZ-10,KZ-11/);
    assert.match(row, /,succeeded,/);
    const openapi = (await api('GET', '/openapi.json', null)).json();
    assert.ok(openapi.paths['/api/v1/proposals/{ref}/signatures']);
  });
});
