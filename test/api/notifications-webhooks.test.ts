// Webhooks and the pages through the API: a loopback receiver (allowed only under the explicit test
// setting) gets each delivery signed with HMAC-SHA-256 over timestamp and body; a failing receiver
// is retried with exponential backoff, dead-lettered after a day and replayed; the delivery log
// shows every attempt. The pages: follow and unfollow with plain forms (CSRF checked), my
// subscriptions, e-mail off stated on the page.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, test } from 'node:test';
import { drainFanout } from '../../src/modules/notifications/fanout.ts';
import { configureNotifications } from '../../src/modules/notifications/settings.ts';
import { deliverAll } from '../../src/modules/notifications/worker.ts';
import { signInAs } from '../helpers/auth.ts';
import { hookReceiver } from '../helpers/smtp.ts';
import { api, notifySnapshot, signedPetition, type World, world } from './notifications.fixtures.ts';

let w: World;
let hook: Awaited<ReturnType<typeof hookReceiver>>;
beforeEach(async () => {
  w = await world();
  hook = await hookReceiver();
});
afterEach(async () => {
  await hook.close();
  await w.close();
});

test('a webhook gets signed deliveries; failures back off, dead-letter after a day, and replay', async () => {
  const integrator = await signInAs(w.t);
  // Without the explicit setting, loopback is refused.
  configureNotifications(w.t.ctx, { allowLoopback: false });
  const before = await notifySnapshot(w.t);
  const refused = await api(w.t, 'POST', '/api/v1/notifications/webhooks', integrator, { url: hook.url, kinds: ['*'] });
  assert.equal(refused.statusCode, 400);
  assert.equal(refused.json().code, 'webhook-not-https');
  const refused2 = await api(w.t, 'POST', '/api/v1/notifications/webhooks', integrator, { url: hook.url.replace('http:', 'https:'), kinds: ['*'] });
  assert.equal(refused2.json().code, 'webhook-private-address', 'https to loopback is refused too');
  assert.equal(await notifySnapshot(w.t), before);

  configureNotifications(w.t.ctx, { allowLoopback: true });
  const reg = await api(w.t, 'POST', '/api/v1/notifications/webhooks', integrator, { url: hook.url, kinds: ['proposal.published', 'proposal.threshold_reached'] });
  assert.equal(reg.statusCode, 201, reg.body);
  const { id, secret } = reg.json();
  const ref = await signedPetition(w, [await signInAs(w.t), await signInAs(w.t), await signInAs(w.t)]);
  await drainFanout(w.t.ctx);
  await deliverAll(w.t.ctx);
  assert.equal(hook.hits.length, 2, 'published and threshold_reached, nothing else');
  for (const h of hook.hits) {
    const ts = String(h.headers['kenes-timestamp']);
    assert.match(ts, /^\d{10}$/);
    const expected = `v1=${createHmac('sha256', secret).update(`${ts}.${h.body}`).digest('hex')}`;
    assert.equal(h.headers['kenes-signature'], expected, 'HMAC-SHA-256 over timestamp and body');
    const body = JSON.parse(h.body);
    assert.equal(body.event.subject, `proposal/${ref}`);
    assert.equal(h.headers['kenes-event'], body.event.kind);
  }
  // Deliveries go out side by side (the worker's pool), so they may arrive in either order; each
  // carries its event's place in the log, which orders them for the receiver.
  const inLogOrder = hook.hits.map((h) => JSON.parse(h.body).event as { kind: string; position: number }).sort((a, b) => a.position - b.position);
  assert.ok(inLogOrder.every((e) => Number.isInteger(e.position)), 'every delivery carries its position');
  assert.deepEqual(inLogOrder.map((e) => e.kind), ['proposal.published', 'proposal.threshold_reached']);

  // The receiver fails: retried with growing waits, then dead after a day.
  hook.status = 500;
  await w.t.ctx.db.db.updateTable('proposals').set({ closes_at: new Date(Date.now() - 1000).toISOString() }).where('ref', '=', ref).execute();
  const reg2 = await api(w.t, 'POST', '/api/v1/notifications/webhooks', integrator, { url: hook.url, kinds: ['*'] });
  const id2 = reg2.json().id;
  const { proposalsService } = await import('../../src/modules/proposals/service.ts');
  await proposalsService(w.t.ctx).sweep();
  await drainFanout(w.t.ctx);
  let clock = Date.now();
  w.t.ctx.now = () => new Date(clock);
  await deliverAll(w.t.ctx);
  const waits: number[] = [];
  for (let i = 0; i < 5; i++) {
    const row = await w.t.ctx.db.db.selectFrom('notify_deliveries').selectAll().where('recipient', '=', String(id2)).where('kind', '=', 'proposal.succeeded').executeTakeFirstOrThrow();
    assert.equal(row.status, 'pending');
    waits.push(Date.parse(row.next_attempt_at) - clock);
    clock = Date.parse(row.next_attempt_at) + 1;
    await deliverAll(w.t.ctx);
  }
  assert.deepEqual(waits, [30_000, 60_000, 120_000, 240_000, 480_000], 'exponential backoff');
  clock += 25 * 3600_000;
  await deliverAll(w.t.ctx);
  const log = (await api(w.t, 'GET', `/api/v1/notifications/webhooks/${id2}/deliveries`, integrator)).json().deliveries;
  const dead = log.find((d: { kind: string }) => d.kind === 'proposal.succeeded');
  assert.equal(dead.status, 'dead');
  assert.equal(dead.log.length, 7, 'every attempt is logged');
  assert.ok(dead.log.every((a: { statusCode: number }) => a.statusCode === 500));

  // Replay once the receiver is back.
  hook.status = 204;
  const n = hook.hits.length;
  const rp = await api(w.t, 'POST', `/api/v1/notifications/webhooks/${id2}/deliveries/${dead.id}/replay`, integrator, {});
  assert.equal(rp.statusCode, 202, rp.body);
  await deliverAll(w.t.ctx);
  assert.equal(hook.hits.length, n + 1);
  assert.equal(JSON.parse(hook.hits.at(-1)!.body).delivery, dead.id);
  // Someone else's webhook cannot be read or replayed.
  const other = await signInAs(w.t);
  assert.equal((await api(w.t, 'GET', `/api/v1/notifications/webhooks/${id2}/deliveries`, other)).statusCode, 404);
  assert.equal((await api(w.t, 'POST', `/api/v1/notifications/webhooks/${id}/deliveries/${dead.id}/replay`, integrator, {})).statusCode, 404, 'a delivery of another webhook');
  // The first webhook did not ask for proposal.succeeded and has no such delivery.
  const first = (await api(w.t, 'GET', `/api/v1/notifications/webhooks/${id}/deliveries`, integrator)).json().deliveries;
  assert.deepEqual(first.map((d: { kind: string }) => d.kind).sort(), ['proposal.published', 'proposal.threshold_reached']);
});

test('pages: follow and unfollow with plain forms (CSRF checked), my subscriptions, e-mail off said plainly', async () => {
  const u = await signInAs(w.t);
  const form = (url: string, fields: Record<string, string>, csrf = u.csrf) =>
    w.t.app.inject({ method: 'POST', url, headers: { cookie: u.cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString() });
  const forged = await form('/notifications/follow', { kind: 'agency', id: 'min-health' }, 'forged');
  assert.equal(forged.statusCode, 403);
  assert.equal((await api(w.t, 'GET', '/api/v1/notifications/follows', u)).json().follows.length, 0);
  const ok = await form('/notifications/follow', { kind: 'agency', id: 'min-health', back: '/responses/agencies/min-health' });
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, '/responses/agencies/min-health');
  const off = await form('/notifications/follow', { kind: 'agency', id: 'x', back: 'https://evil.example/' });
  assert.equal(off.statusCode, 404, 'a follow of nothing: the page again, with the problem');
  assert.match(off.body, /role="alert"/);
  const evil = await form('/notifications/follow', { kind: 'topic', id: 'health', back: '//evil.example/' });
  assert.equal(evil.headers.location, '/notifications', 'never back to another site');
  configureNotifications(w.t.ctx, { smtpUrl: undefined });
  const page = await w.t.app.inject({ method: 'GET', url: '/notifications?lang=ru', headers: { cookie: u.cookie, accept: 'text/html' } });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Мои подписки/);
  assert.match(page.body, /min-health/);
  assert.match(page.body, /почта выключена/);
  const un = await form('/notifications/unfollow', { kind: 'agency', id: 'min-health' });
  assert.equal(un.statusCode, 303);
  assert.deepEqual((await api(w.t, 'GET', '/api/v1/notifications/follows', u)).json().follows.map((f: { kind: string }) => f.kind), ['topic']);
  // The follow link page works without JavaScript.
  const fp = await w.t.app.inject({ method: 'GET', url: '/notifications/follow?kind=agency&id=min-health', headers: { cookie: u.cookie, accept: 'text/html' } });
  assert.equal(fp.statusCode, 200);
  assert.match(fp.body, /action="\/notifications\/follow"/);
  // Signed out, the page asks to sign in.
  assert.equal((await w.t.app.inject({ method: 'GET', url: '/notifications', headers: { accept: 'text/html' } })).statusCode, 401);
});
