// Notifications through the API, against a real SMTP server on loopback (smtp-server, parsed with
// mailparser): verified addresses, who hears what and in which language, exactly one mail per event
// and recipient, one-click unsubscribe (and a forged link refused), bounces, the digest, an SMTP
// server that is down for a while, feeds, and every bad input refused with nothing written.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { drainFanout } from '../../src/modules/notifications/fanout.ts';
import { configureNotifications } from '../../src/modules/notifications/settings.ts';
import { emitDueSoon } from '../../src/modules/notifications/dueSoon.ts';
import { deliverAll, sendDigests } from '../../src/modules/notifications/worker.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';
import { header } from '../helpers/smtp.ts';
import { api, assignAndAnswer, notifySnapshot, signedPetition, succeed, verifiedAddress, type World, world } from './notifications.fixtures.ts';

let w: World;
beforeEach(async () => {
  w = await world();
});
afterEach(async () => w.close());

async function flush(): Promise<void> {
  await drainFanout(w.t.ctx);
  await deliverAll(w.t.ctx);
}

const mailsTo = (email: string) => w.smtp.received.filter((m) => m.to.includes(email));

test('signers, the author, agency followers and officers each get one mail per event, in their language, with one-click unsubscribe', async () => {
  const signers: SignedIn[] = [];
  const langs = ['kk', 'ru', 'en'] as const;
  for (let i = 0; i < 3; i++) signers.push(await signInAs(w.t, { region: 'KZ-75' }));
  for (let i = 0; i < 3; i++) await verifiedAddress(w, signers[i], `signer${i}@example.kz`, langs[i]);
  const follower = await signInAs(w.t);
  await verifiedAddress(w, follower, 'follower@example.kz', 'en');
  await verifiedAddress(w, w.officer, 'officer@example.kz', 'ru');
  // An address never verified gets nothing.
  const lazy = await signInAs(w.t);
  const r = await api(w.t, 'PUT', '/api/v1/notifications/address', lazy, { email: 'lazy@example.kz', consent: true, lang: 'en' });
  assert.equal(r.statusCode, 202);
  const f = await api(w.t, 'POST', '/api/v1/notifications/follows', follower, { kind: 'agency', id: 'min-health' });
  assert.equal(f.statusCode, 201, f.body);
  assert.equal((await api(w.t, 'POST', '/api/v1/notifications/follows', lazy, { kind: 'agency', id: 'min-health' })).statusCode, 201);

  const ref = await signedPetition(w, [...signers, lazy]);
  const base = w.smtp.received.length;
  const itemId = await succeed(w, ref);
  await assignAndAnswer(w, itemId);
  await flush();

  // Events: threshold_reached, succeeded (signers), assigned (follower + officer), answered (signers + follower).
  for (const [i, s] of signers.entries()) {
    const mine = mailsTo(`signer${i}@example.kz`).filter((m) => w.smtp.received.indexOf(m) >= base);
    assert.equal(mine.length, 3, `signer ${i}: threshold, success, answer (${mine.map((m) => m.parsed.subject).join(' | ')})`);
    const answer = mine.find((m) => /Үкімет жауап берді|Правительство ответило|The government answered/.test(m.parsed.subject ?? ''));
    assert.ok(answer, 'the answer mail');
    assert.match(answer.parsed.subject ?? '', [/^Үкімет жауап берді/, /^Правительство ответило/, /^The government answered/][i], `in the signer's language (${langs[i]})`);
    assert.ok(answer.parsed.html && answer.parsed.text, 'multipart: text and HTML');
    assert.match(answer.parsed.text ?? '', /Open data on school meals/);
    assert.match(String(answer.parsed.messageId), /^<d\d+\.\d+@/);
    const lu = header(answer, 'list-unsubscribe');
    assert.match(lu, /^<http:\/\/[^>]+\/notifications\/unsubscribe\?[^>]+>$/);
    assert.equal(header(answer, 'list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
    void s;
  }
  const followerMails = mailsTo('follower@example.kz').filter((m) => w.smtp.received.indexOf(m) >= base);
  assert.deepEqual(followerMails.map((m) => m.parsed.subject?.split(':')[0]).sort(), ['New assignment', 'The government answered']);
  const officerMails = mailsTo('officer@example.kz').filter((m) => w.smtp.received.indexOf(m) >= base);
  assert.deepEqual(officerMails.map((m) => m.parsed.subject?.split(':')[0]), ['Новое поручение'], 'officers hear of a new assignment');
  assert.equal(mailsTo('lazy@example.kz').length, 1, 'only the verification mail to an unverified address');

  // Exactly one row and one mail per (event, recipient, channel): a second pass sends nothing.
  const count = w.smtp.received.length;
  await flush();
  assert.equal(w.smtp.received.length, count);
  const ids = w.smtp.received.map((m) => m.parsed.messageId).filter((x) => x?.startsWith('<d'));
  assert.equal(new Set(ids).size, ids.length, 'no message twice');

  // One-click unsubscribe (RFC 8058): a POST to the header's URL, no session, no CSRF token.
  const answer0 = mailsTo('signer0@example.kz').at(-1)!;
  const url = new URL(header(answer0, 'list-unsubscribe').slice(1, -1));
  const forged = new URL(url);
  forged.searchParams.set('i', 'someone-else');
  const before = await notifySnapshot(w.t);
  const bad = await w.t.app.inject({ method: 'POST', url: forged.pathname + forged.search, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(bad.statusCode, 403, bad.body);
  assert.equal(bad.json().code, 'unsubscribe-forged');
  assert.equal(await notifySnapshot(w.t), before, 'a forged link changes nothing');
  const page = await w.t.app.inject({ method: 'GET', url: url.pathname + url.search, headers: { accept: 'text/html' } });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /method="post"/);
  const ok = await w.t.app.inject({ method: 'POST', url: url.pathname + url.search, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(ok.statusCode, 200, ok.body);
  const optouts = (await api(w.t, 'GET', '/api/v1/notifications/follows', signers[0])).json().optouts;
  assert.deepEqual(optouts, [{ kind: 'proposal', id: ref }]);

  // The next event about the proposal (closing the item) reaches signers 1 and 2, not signer 0.
  const close = await api(w.t, 'POST', `/api/v1/responses/items/${itemId}/close`, w.officer, {});
  assert.equal(close.statusCode, 200, close.body);
  const n0 = mailsTo('signer0@example.kz').length;
  const n1 = mailsTo('signer1@example.kz').length;
  await flush();
  assert.equal(mailsTo('signer0@example.kz').length, n0, 'unsubscribed');
  assert.equal(mailsTo('signer1@example.kz').length, n1 + 1);
  // No address ever appears in the outbox (and so on the ledger) or in an event.
  const payloads = await w.t.ctx.db.db.selectFrom('outbox').select(['payload', 'subject']).execute();
  for (const p of payloads) assert.doesNotMatch(`${p.subject} ${p.payload}`, /@example\.kz/);
});

test('bad input is refused with a problem naming the field, and nothing is written', async () => {
  const u = await signInAs(w.t);
  configureNotifications(w.t.ctx, { maxFollows: 2, allowLoopback: false, resolve: async (h) => (h === 'evil.example' ? ['127.0.0.1'] : h === 'meta.example' ? ['169.254.169.254'] : ['93.184.216.34']) });
  const cases: [string, string, unknown, number, string | null, string][] = [
    ['PUT', '/api/v1/notifications/address', { email: 'not-an-address', consent: true }, 400, 'email', 'invalid-email'],
    ['PUT', '/api/v1/notifications/address', { email: 'a@example.kz', consent: false }, 400, 'consent', 'consent-required'],
    ['POST', '/api/v1/notifications/follows', { kind: 'proposal', id: 'no-such-ref' }, 404, 'id', 'target-not-found'],
    ['POST', '/api/v1/notifications/follows', { kind: 'agency', id: 'min-nothing' }, 404, 'id', 'target-not-found'],
    ['POST', '/api/v1/notifications/follows', { kind: 'region', id: 'KZ-99' }, 404, 'id', 'target-not-found'],
    ['POST', '/api/v1/notifications/follows', { kind: 'planet', id: 'mars' }, 400, 'kind', 'unknown-target-kind'],
    ['POST', '/api/v1/notifications/webhooks', { url: 'http://hooks.example/x', kinds: ['proposal.published'] }, 400, 'url', 'webhook-not-https'],
    ['POST', '/api/v1/notifications/webhooks', { url: 'https://10.1.2.3/x', kinds: ['proposal.published'] }, 400, 'url', 'webhook-private-address'],
    ['POST', '/api/v1/notifications/webhooks', { url: 'https://[::1]/x', kinds: ['proposal.published'] }, 400, 'url', 'webhook-private-address'],
    ['POST', '/api/v1/notifications/webhooks', { url: 'https://evil.example/x', kinds: ['proposal.published'] }, 400, 'url', 'webhook-private-address'],
    ['POST', '/api/v1/notifications/webhooks', { url: 'https://meta.example/x', kinds: ['proposal.published'] }, 400, 'url', 'webhook-private-address'],
    ['POST', '/api/v1/notifications/webhooks', { url: 'https://hooks.example/x', kinds: ['proposal.nonsense'] }, 400, 'kinds.0', 'unknown-event-kind'],
    ['POST', '/api/v1/notifications/webhooks', { url: 'https://hooks.example/x', kinds: [] }, 400, 'kinds', 'webhook-kinds-required'],
    ['POST', '/api/v1/notifications/verify', { token: 'forged-token-1234567890' }, 400, 'token', 'verify-token-invalid'],
  ];
  for (const [method, url, payload, status, field, code] of cases) {
    const before = await notifySnapshot(w.t);
    const r = await api(w.t, method, url, u, payload);
    assert.equal(r.statusCode, status, `${url} ${JSON.stringify(payload)}: ${r.body}`);
    assert.match(String(r.headers['content-type']), /application\/problem\+json/);
    const body = r.json();
    assert.equal(body.code, code);
    assert.ok(body.detail);
    if (field) assert.ok((body.errors ?? []).some((e: { field: string }) => e.field === field) || body.field === field, `field ${field} named in ${r.body}`);
    assert.equal(await notifySnapshot(w.t), before, `${code}: nothing written`);
  }
  // The limit: two follows pass, the third is refused and not written.
  assert.equal((await api(w.t, 'POST', '/api/v1/notifications/follows', u, { kind: 'topic', id: 'health' })).statusCode, 201);
  assert.equal((await api(w.t, 'POST', '/api/v1/notifications/follows', u, { kind: 'region', id: 'KZ-75' })).statusCode, 201);
  assert.equal((await api(w.t, 'POST', '/api/v1/notifications/follows', u, { kind: 'topic', id: 'health' })).statusCode, 201, 'following again is no new follow');
  const before = await notifySnapshot(w.t);
  const third = await api(w.t, 'POST', '/api/v1/notifications/follows', u, { kind: 'agency', id: 'min-health' });
  assert.equal(third.statusCode, 409);
  assert.equal(third.json().code, 'follow-limit');
  assert.equal(await notifySnapshot(w.t), before);
  // Signed out: 401. The bounce endpoint without the operator's token: 401.
  assert.equal((await api(w.t, 'POST', '/api/v1/notifications/follows', null, { kind: 'topic', id: 'health' })).statusCode, 401);
  const b = await api(w.t, 'POST', '/api/v1/notifications/bounces', null, { email: 'x@example.kz', type: 'bounce' });
  assert.equal(b.statusCode, 401);
  // A public host is accepted (resolved to a public address).
  const ok = await api(w.t, 'POST', '/api/v1/notifications/webhooks', u, { url: 'https://hooks.example/x', kinds: ['proposal.published'] });
  assert.equal(ok.statusCode, 201, ok.body);
  assert.match(ok.json().secret, /^[\w-]{40,}$/);
  assert.ok(!JSON.stringify((await api(w.t, 'GET', '/api/v1/notifications/webhooks', u)).json()).includes(ok.json().secret), 'the secret is shown once');
});

test('a bounce stops mail to the address; removing an address drops its waiting mail', async () => {
  const s = await signInAs(w.t);
  const s2 = await signInAs(w.t);
  await verifiedAddress(w, s, 'bouncy@example.kz', 'ru');
  await verifiedAddress(w, s2, 'gone@example.kz', 'ru');
  configureNotifications(w.t.ctx, { bounceToken: 'operator-token-for-tests' });
  const r = await w.t.app.inject({ method: 'POST', url: '/api/v1/notifications/bounces', headers: { authorization: 'Bearer operator-token-for-tests' }, payload: { email: 'Bouncy@example.kz', type: 'bounce' } });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().stopped, 1);
  assert.equal((await api(w.t, 'GET', '/api/v1/notifications/address', s)).json().address.stopped, 'bounce');
  const ref = await signedPetition(w, [s, s2, await signInAs(w.t)]);
  await drainFanout(w.t.ctx);
  assert.equal((await api(w.t, 'DELETE', '/api/v1/notifications/address', s2)).statusCode, 204);
  await deliverAll(w.t.ctx);
  assert.equal(mailsTo('bouncy@example.kz').length, 1, 'only the verification mail');
  assert.equal(mailsTo('gone@example.kz').length, 1, 'removed before sending: nothing more');
  assert.equal((await w.t.ctx.db.db.selectFrom('notify_addresses').select('email').where('email', '=', 'gone@example.kz').execute()).length, 0, 'the address is gone');
  void ref;
});

test('an SMTP server down for a while delays mail but loses none and sends none twice', async () => {
  const signers = [await signInAs(w.t), await signInAs(w.t), await signInAs(w.t)];
  for (const [i, s] of signers.entries()) await verifiedAddress(w, s, `patient${i}@example.kz`, 'en');
  const base = w.smtp.received.length;
  await w.smtp.stop();
  const ref = await signedPetition(w, signers);
  await drainFanout(w.t.ctx);
  const down = await deliverAll(w.t.ctx);
  assert.equal(down.sent, 0);
  assert.equal(down.failed, 3, 'threshold mail to three signers failed');
  const rows = await w.t.ctx.db.db.selectFrom('notify_deliveries').selectAll().where('channel', '=', 'email').execute();
  assert.ok(rows.every((r) => r.status === 'pending' && r.attempts === 1 && r.last_error && r.next_attempt_at > new Date().toISOString()), 'retries scheduled after a backoff');
  // Nothing is due until the backoff passes.
  assert.equal((await deliverAll(w.t.ctx)).claimed, 0);
  await w.smtp.start();
  w.smtp.refuse = true;
  const later = new Date(Date.now() + 31_000);
  w.t.ctx.now = () => later;
  assert.equal((await deliverAll(w.t.ctx)).failed, 3, 'a 451 is a failure too');
  w.smtp.refuse = false;
  const muchLater = new Date(Date.now() + 5 * 60_000);
  w.t.ctx.now = () => muchLater;
  const up = await deliverAll(w.t.ctx);
  assert.equal(up.sent, 3);
  assert.equal(w.smtp.received.length - base, 3);
  assert.deepEqual(new Set(w.smtp.received.slice(base).flatMap((m) => m.to)), new Set(['patient0@example.kz', 'patient1@example.kz', 'patient2@example.kz']));
  const after = await w.t.ctx.db.db.selectFrom('notify_deliveries').select(['status', 'attempts']).where('channel', '=', 'email').execute();
  assert.deepEqual(after.map((r) => [r.status, r.attempts]), [['sent', 3], ['sent', 3], ['sent', 3]]);
  // A day of failures dead-letters a row.
  await w.smtp.stop();
  const itemId = await succeed(w, ref);
  void itemId;
  await drainFanout(w.t.ctx);
  const dayLater = new Date(Date.now() + 25 * 3600_000);
  w.t.ctx.now = () => dayLater;
  await deliverAll(w.t.ctx);
  const dead = await w.t.ctx.db.db.selectFrom('notify_deliveries').select('status').where('kind', '=', 'proposal.succeeded').execute();
  assert.deepEqual(dead.map((d) => d.status), ['dead', 'dead', 'dead']);
});

test('the daily digest folds the day into one mail', async () => {
  const s = await signInAs(w.t);
  await verifiedAddress(w, s, 'digest@example.kz', 'kk', true);
  const ref = await signedPetition(w, [s, await signInAs(w.t), await signInAs(w.t)]);
  await succeed(w, ref);
  await flush();
  assert.equal(mailsTo('digest@example.kz').length, 1, 'nothing but the verification mail yet');
  assert.equal(await sendDigests(w.t.ctx), 1);
  const d = mailsTo('digest@example.kz').at(-1)!;
  assert.match(d.parsed.subject ?? '', /^Кеңес: бүгінгі жинақ \(2\)/);
  assert.match(d.parsed.text ?? '', /шекке жетті[\s\S]*сәтті аяқталды/);
  assert.equal(await sendDigests(w.t.ctx), 0, 'once a day');
});

test('Atom feeds: proposals, one proposal with its answer, an agency, the ledger; linked from the pages', async () => {
  const signers = [await signInAs(w.t), await signInAs(w.t), await signInAs(w.t)];
  const ref = await signedPetition(w, signers);
  const itemId = await succeed(w, ref);
  await assignAndAnswer(w, itemId);
  const list = await w.t.app.inject({ method: 'GET', url: '/feeds/proposals.atom?lang=en' });
  assert.equal(list.statusCode, 200);
  assert.match(String(list.headers['content-type']), /^application\/atom\+xml/);
  assert.match(list.body, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
  assert.match(list.body, /<entry><id>[^<]+\/proposals\/[\w-]+<\/id><title>Open data on school meals/);
  const one = await w.t.app.inject({ method: 'GET', url: `/feeds/proposals/${ref}.atom?lang=en` });
  assert.equal(one.statusCode, 200);
  assert.match(one.body, /The government answered: Open data on school meals/);
  const agency = await w.t.app.inject({ method: 'GET', url: '/feeds/agencies/min-health.atom?lang=ru' });
  assert.match(agency.body, /Правительство ответило/);
  assert.equal((await w.t.app.inject({ method: 'GET', url: '/feeds/agencies/nope.atom' })).statusCode, 404);
  for (const [page, feed] of [
    ['/proposals', '/feeds/proposals.atom'],
    [`/proposals/${ref}`, `/feeds/proposals/${ref}.atom`],
    ['/responses/agencies/min-health', '/feeds/agencies/min-health.atom'],
    ['/ledger', '/feeds/ledger.atom'],
  ]) {
    const html = (await w.t.app.inject({ method: 'GET', url: page, headers: { accept: 'text/html' } })).body;
    assert.ok(html.includes(`<link rel="alternate" type="application/atom+xml" href="${feed}"`), `${page} links ${feed}`);
  }
  // Every entry's title and summary is escaped XML: no raw markup can come through.
  for (const body of [list.body, one.body, agency.body]) assert.doesNotMatch(body, /<script/);
});

test('officers are told once when an answer is due within three working days', async () => {
  await verifiedAddress(w, w.officer, 'officer@example.kz', 'ru');
  const ref = await signedPetition(w, [await signInAs(w.t), await signInAs(w.t), await signInAs(w.t)]);
  const itemId = await succeed(w, ref);
  const a = await api(w.t, 'POST', `/api/v1/responses/items/${itemId}/assign`, w.secretariat, { leadAgencyId: 'min-health' });
  const due = a.json().dueDate as string;
  assert.equal(await emitDueSoon(w.t.ctx, new Date()), 0, 'not yet: the deadline is weeks away');
  const nearly = new Date(Date.parse(`${due}T06:00:00Z`) - 2 * 86400_000);
  assert.equal(await emitDueSoon(w.t.ctx, nearly), 1);
  assert.equal(await emitDueSoon(w.t.ctx, nearly), 0, 'once per deadline');
  await flush();
  const mine = mailsTo('officer@example.kz').map((m) => m.parsed.subject ?? '');
  assert.equal(mine.filter((s) => s.startsWith('Скоро срок')).length, 1, mine.join(' | '));
  assert.match(mailsTo('officer@example.kz').at(-1)!.parsed.text ?? '', new RegExp(due));
});
