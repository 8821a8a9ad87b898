// A referendum initiative: the action group must cover every region before submission (the test
// charter asks 1 member per region), then moderation, signing with the regional-spread rule, close.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { proposalsService } from '../../src/modules/proposals/service.ts';
import { drainProposalItems } from '../../src/modules/responses/fromProposals.ts';
import type { TestApp } from '../helpers/app.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';
import { draft, proposalsTestApp, snapshot } from './proposals.fixtures.ts';

let t: TestApp;
let author: SignedIn;
let moderator: SignedIn;
let regions: string[];
before(async () => {
  t = await proposalsTestApp();
  regions = t.ctx.charter.regions.map((r) => r.code);
  author = await signInAs(t, { name: 'Serik Abenov', region: regions[0] });
  moderator = await signInAs(t, { roles: ['moderator'] });
});
after(async () => t?.close());

const api = (method: string, url: string, who: SignedIn | null, payload?: unknown) =>
  t.app.inject({ method: method as 'GET', url, headers: who ? who.headers : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });

test('a referendum initiative: action group, moderation, spread rule, success', async () => {
  const c = await api('POST', '/api/v1/proposals', author, draft({ kind: 'referendumInitiative', title: 'Direct elections of district akims', topic: 'governance', language: 'kk' }));
  assert.equal(c.statusCode, 201, c.body);
  const ref = c.json().ref;
  const own = (await api('GET', `/api/v1/proposals/${ref}`, author)).json();
  assert.equal(own.actionGroup.members.length, 1, 'the author is the first member');
  const invite: string = own.actionGroup.inviteUrl;
  assert.match(invite, new RegExp(`^/proposals/${ref}/join/`));
  const token = invite.split('/').at(-1)!;

  // Submission is refused while regions are missing, and names them.
  const before = await snapshot(t);
  const early = await api('POST', `/api/v1/proposals/${ref}/submit`, author);
  assert.equal(early.statusCode, 409);
  assert.equal(early.json().code, 'action-group-incomplete');
  assert.equal(early.json().missingRegions.length, regions.length - 1);
  assert.match(early.json().detail, new RegExp(regions[1]));
  assert.equal(await snapshot(t), before);

  // A wrong token joins no one.
  const stranger = await signInAs(t, { region: regions[1] });
  assert.equal((await api('POST', `/api/v1/proposals/${ref}/action-group`, stranger, { token: 'wrong' })).statusCode, 404);

  for (const region of regions.slice(1, -1)) {
    const m = await signInAs(t, { region });
    const j = await api('POST', `/api/v1/proposals/${ref}/action-group`, m, { token });
    assert.equal(j.statusCode, 201, j.body);
  }
  const almost = await api('POST', `/api/v1/proposals/${ref}/submit`, author);
  assert.equal(almost.statusCode, 409);
  assert.deepEqual(almost.json().missingRegions, [{ region: regions.at(-1), have: 0, need: 1 }]);
  // A member without a region claim declares it when joining.
  const last = await signInAs(t, { region: null });
  const joined = await api('POST', `/api/v1/proposals/${ref}/action-group`, last, { token, region: regions.at(-1) });
  assert.equal(joined.statusCode, 201);
  assert.deepEqual(joined.json().missingRegions, []);

  assert.equal((await api('POST', `/api/v1/proposals/${ref}/submit`, author)).statusCode, 200);
  // The group closes at submission.
  assert.equal((await api('POST', `/api/v1/proposals/${ref}/action-group`, stranger, { token })).statusCode, 409);
  // An excluded subject is a charter reason code.
  const pub = await api('POST', `/api/v1/proposals/${ref}/moderation`, moderator, { decision: 'publish' });
  assert.equal(pub.statusCode, 200);

  // Threshold 4 with at least 2 signatures in each of 2 regions: 4 signatures from 3 regions is not enough.
  const sign = async (region: string) => {
    const s = await signInAs(t, { region });
    const r = await api('POST', `/api/v1/proposals/${ref}/signatures`, s, {});
    assert.equal(r.statusCode, 201, r.body);
    return s;
  };
  await sign(regions[0]);
  await sign(regions[0]);
  await sign(regions[1]);
  const s4 = await sign(regions[2]);
  let p = (await api('GET', `/api/v1/proposals/${ref}`, null)).json();
  assert.equal(p.signatures, 4);
  assert.equal(p.status, 'open', 'the total is met but the spread rule is not');
  await sign(regions[1]);
  p = (await api('GET', `/api/v1/proposals/${ref}`, null)).json();
  assert.equal(p.status, 'reached');
  // Withdrawing after reaching keeps the reached moment.
  assert.equal((await api('DELETE', `/api/v1/proposals/${ref}/signatures/mine`, s4)).statusCode, 200);

  await t.ctx.db.db.updateTable('proposals').set({ closes_at: new Date(Date.now() - 1).toISOString() }).where('ref', '=', ref).execute();
  await proposalsService(t.ctx).sweep();
  p = (await api('GET', `/api/v1/proposals/${ref}`, null)).json();
  assert.equal(p.status, 'succeeded');
  assert.equal(p.signatures, 4);
  await drainProposalItems(t.ctx);
  const item = await t.ctx.db.db.selectFrom('response_items').select('id').where('source_ref', '=', `proposal/${ref}`).executeTakeFirst();
  assert.equal(item, undefined, 'a referendum initiative does not go to the government response clock');
  assert.equal(p.actionGroup.members.length, regions.length);
  assert.equal(p.actionGroup.inviteUrl, undefined, 'the invitation is shown to the author only');
});

test('a referendum on an excluded subject is rejected with the charter code, publicly', async () => {
  const c = await api('POST', '/api/v1/proposals', author, draft({ kind: 'referendumInitiative', title: 'Abolish the value added tax', topic: 'economy' }));
  const ref = c.json().ref;
  // Fill the group quickly through the service (the join flow is covered above).
  const svc = proposalsService(t.ctx);
  for (const region of regions.slice(1)) {
    const m = await signInAs(t, { region });
    await svc.joinGroup(m.user, ref, (await svc.byRef(ref))!.invite_token!);
  }
  assert.equal((await api('POST', `/api/v1/proposals/${ref}/submit`, author)).statusCode, 200);
  const r = await api('POST', `/api/v1/proposals/${ref}/moderation`, moderator, { decision: 'reject', reasonCode: 'excludedSubject', explanation: 'Taxes cannot be put to a referendum.' });
  assert.equal(r.statusCode, 200, r.body);
  const p = (await api('GET', `/api/v1/proposals/${ref}`, null)).json();
  assert.equal(p.status, 'rejected');
  assert.deepEqual(p.decision, { code: 'excludedSubject', explanation: 'Taxes cannot be put to a referendum.' });
  const rejected = (await api('GET', '/api/v1/proposals?status=rejected', null)).json();
  assert.equal(rejected.items.length, 1);
});
