// Shared set-up of the notifications API tests: an app with the small-threshold charter whose
// e-mail goes to a real SMTP server on loopback, agencies, and a petition walked through its life
// (published, signed, reached, succeeded, assigned, answered) by the real services.
import assert from 'node:assert/strict';
import { proposalsService } from '../../src/modules/proposals/service.ts';
import { drainProposalItems } from '../../src/modules/responses/fromProposals.ts';
import { drainFanout } from '../../src/modules/notifications/fanout.ts';
import { configureNotifications } from '../../src/modules/notifications/settings.ts';
import type { TestApp } from '../helpers/app.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';
import { type SmtpPeer, smtpPeer } from '../helpers/smtp.ts';
import { draft, proposalsTestApp } from './proposals.fixtures.ts';

export interface World {
  t: TestApp;
  smtp: SmtpPeer;
  author: SignedIn;
  moderator: SignedIn;
  secretariat: SignedIn;
  officer: SignedIn;
  close(): Promise<void>;
}

export async function api(t: TestApp, method: string, url: string, who: SignedIn | null, payload?: unknown) {
  return t.app.inject({ method: method as 'GET', url, headers: who ? who.headers : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

export async function world(): Promise<World> {
  const smtp = await smtpPeer();
  const t = await proposalsTestApp();
  configureNotifications(t.ctx, { smtpUrl: smtp.url, allowLoopback: true, concurrency: 4 });
  // The fan-out starts "now": place its cursor before anything happens (serve does this at start).
  await drainFanout(t.ctx);
  const author = await signInAs(t, { name: 'Aigerim Nurlanova', region: 'KZ-75' });
  const moderator = await signInAs(t, { roles: ['moderator'] });
  const secretariat = await signInAs(t, { roles: ['secretariat'] });
  const officer = await signInAs(t, { roles: ['agency_officer'], agencyId: 'min-health' });
  for (const a of [
    { id: 'government', name: { kk: 'Қазақстан Республикасының Үкіметі', ru: 'Правительство Республики Казахстан', en: 'Government of the Republic of Kazakhstan' }, level: 'central' },
    { id: 'min-health', name: { kk: 'Денсаулық сақтау министрлігі', ru: 'Министерство здравоохранения', en: 'Ministry of Health' }, level: 'central', parentId: 'government' },
  ]) {
    const r = await api(t, 'POST', '/api/v1/responses/agencies', secretariat, a);
    assert.equal(r.statusCode, 201, r.body);
  }
  return {
    t,
    smtp,
    author,
    moderator,
    secretariat,
    officer,
    close: async () => {
      const { closeTransports } = await import('../../src/modules/notifications/mail.ts');
      closeTransports();
      await t.close();
      await smtp.stop();
    },
  };
}

/** Gives an address with consent and opens the verification link from the mail that arrived. */
export async function verifiedAddress(w: World, who: SignedIn, email: string, lang: 'kk' | 'ru' | 'en', digest = false): Promise<void> {
  const before = w.smtp.received.length;
  const r = await api(w.t, 'PUT', '/api/v1/notifications/address', who, { email, consent: true, lang, digest });
  assert.equal(r.statusCode, 202, r.body);
  assert.equal(r.json().verificationSent, true);
  await w.smtp.waitFor(before + 1);
  const mail = w.smtp.received.slice(before).find((m) => m.to.includes(email));
  assert.ok(mail, `a verification mail to ${email}`);
  const link = /https?:\/\/\S+\/notifications\/verify\?token=[\w-]+/.exec(mail.parsed.text ?? '')?.[0];
  assert.ok(link, 'the mail has the verification link');
  const v = await w.t.app.inject({ method: 'GET', url: new URL(link).pathname + new URL(link).search, headers: { accept: 'text/html' } });
  assert.equal(v.statusCode, 200, v.body);
}

/** A published petition signed by `signers` (three reach the small charter's threshold). */
export async function signedPetition(w: World, signers: SignedIn[], title = 'Open data on school meals in every district'): Promise<string> {
  const { t, author, moderator } = w;
  const c = await api(t, 'POST', '/api/v1/proposals', author, draft({ title, topic: 'health' }));
  assert.equal(c.statusCode, 201, c.body);
  const ref = c.json().ref as string;
  assert.equal((await api(t, 'POST', `/api/v1/proposals/${ref}/submit`, author)).statusCode, 200);
  const p = await api(t, 'POST', `/api/v1/proposals/${ref}/moderation`, moderator, { decision: 'publish' });
  assert.equal(p.statusCode, 200, p.body);
  for (const s of signers) {
    const r = await api(t, 'POST', `/api/v1/proposals/${ref}/signatures`, s, {});
    assert.ok(r.statusCode === 201 || r.statusCode === 200 || r.statusCode === 202, r.body);
  }
  await proposalsService(t.ctx).writer.drain();
  return ref;
}

/** Closes the petition (succeeded with enough signatures) and opens its response item; returns its id. */
export async function succeed(w: World, ref: string): Promise<number> {
  const { t } = w;
  await proposalsService(t.ctx).writer.drain();
  await t.ctx.db.db.updateTable('proposals').set({ closes_at: new Date(Date.now() - 1000).toISOString() }).where('ref', '=', ref).execute();
  await proposalsService(t.ctx).sweep();
  await drainProposalItems(t.ctx);
  const item = await t.ctx.db.db.selectFrom('response_items').select('id').where('source_ref', '=', `proposal/${ref}`).executeTakeFirstOrThrow();
  return Number(item.id);
}

export async function assignAndAnswer(w: World, itemId: number, outcome = 'rejected'): Promise<void> {
  const a = await api(w.t, 'POST', `/api/v1/responses/items/${itemId}/assign`, w.secretariat, { leadAgencyId: 'min-health' });
  assert.equal(a.statusCode, 200, a.body);
  const r = await api(w.t, 'POST', `/api/v1/responses/items/${itemId}/answer`, w.officer, { outcome, reasons: 'The data exist already and will be published by the regions.', measures: [] });
  assert.equal(r.statusCode, 200, r.body);
}

/** Rows of every notifications table, to prove a refused request wrote nothing. */
export async function notifySnapshot(t: TestApp): Promise<string> {
  const out: Record<string, unknown[]> = {};
  for (const table of ['notify_follows', 'notify_optouts', 'notify_addresses', 'notify_webhooks', 'notify_deliveries', 'notify_webhook_attempts'] as const) {
    out[table] = (await t.ctx.db.db.selectFrom(table).selectAll().execute()).map((r) => JSON.stringify(r)).sort();
  }
  return JSON.stringify(out);
}
