// Every transition of every life-cycle table, driven through the API: each test walks one aggregate
// along all its edges, and the shared runner's record proves each edge went through it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { untestedEdges } from '../../src/core/lifecycle/table.ts';
import { proposalLifecycle } from '../../src/core/proposals/lifecycle.ts';
import { cycleLifecycle } from '../../src/core/membership/index.ts';
import { membershipService } from '../../src/modules/membership/service.ts';
import { councilTestApp, runFirstCycle } from './membership.fixtures.ts';
import { itemLifecycle } from '../../src/core/responses/lifecycle.ts';
import { runLifecycle } from '../../src/core/sortition/lifecycle.ts';
import { appliedTransitions } from '../../src/db/transition.ts';
import { generateSigningKey } from '../../src/core/ledger/signing.ts';
import { proposalsService } from '../../src/modules/proposals/service.ts';
import { responsesService } from '../../src/modules/responses/service.ts';
import type { TestApp } from '../helpers/app.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';
import { draft, proposalsTestApp } from './proposals.fixtures.ts';
import { almaty } from './responses.fixtures.ts';

let t: TestApp;
before(async () => {
  // A public draw is dated by a signed head at commit (ADR 0111): the app has a ledger key.
  t = await proposalsTestApp({ KENES_LEDGER_KEY: generateSigningKey().privateKeyBase64 });
});
after(async () => t?.close());

async function call(method: string, url: string, who: SignedIn | null, payload?: unknown) {
  const r = await t.app.inject({ method: method as 'POST', url, headers: who ? who.headers : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
  assert.ok(r.statusCode < 300, `${method} ${url} → ${r.statusCode} ${r.body}`);
  return r.json();
}

/** Moves a proposal's signing window to its end, as the clock would. */
async function closeWindow(ref: string) {
  await t.ctx.db.db.updateTable('proposals').set({ closes_at: new Date(Date.now() - 1000).toISOString() }).where('ref', '=', ref).execute();
}

test('a proposal walks every edge of its table: returned and resubmitted, published, reached and succeeded; expired; rejected', async () => {
  const author = await signInAs(t, { name: 'Aigerim Nurlanovna', region: 'KZ-75' });
  const moderator = await signInAs(t, { roles: ['moderator'], region: 'KZ-71' });
  const statusOf = async (ref: string) => (await call('GET', `/api/v1/proposals/${ref}`, author)).status;
  const start = async (title: string) => {
    const { ref } = await call('POST', '/api/v1/proposals', author, draft({ title }));
    await call('POST', `/api/v1/proposals/${ref}/submit`, author);
    return ref as string;
  };

  const ref = await start('Open data on school meals in every district');
  await call('POST', `/api/v1/proposals/${ref}/moderation`, moderator, { decision: 'return', explanation: 'Name the ministry.' });
  assert.equal(await statusOf(ref), 'returned');
  await call('POST', `/api/v1/proposals/${ref}/submit`, author);
  await call('POST', `/api/v1/proposals/${ref}/moderation`, moderator, { decision: 'publish' });
  for (const region of ['KZ-10', 'KZ-11', 'KZ-15']) await call('POST', `/api/v1/proposals/${ref}/signatures`, await signInAs(t, { region }), {});
  assert.equal(await statusOf(ref), 'reached');
  await closeWindow(ref);
  await proposalsService(t.ctx).sweep();
  assert.equal(await statusOf(ref), 'succeeded');

  const quiet = await start('Longer opening hours for public libraries');
  await call('POST', `/api/v1/proposals/${quiet}/moderation`, moderator, { decision: 'publish' });
  await closeWindow(quiet);
  await proposalsService(t.ctx).sweep();
  assert.equal(await statusOf(quiet), 'expired');

  const refused = await start('A personal favour for my street only');
  await call('POST', `/api/v1/proposals/${refused}/moderation`, moderator, { decision: 'reject', reasonCode: 'notAProposal', explanation: 'This asks for a personal favour.' });
  assert.equal(await statusOf(refused), 'rejected');

  assert.deepEqual(untestedEdges(proposalLifecycle, appliedTransitions()), []);
});

test('a response item walks every edge of its table: assigned, forwarded, extended, overdue, answered late, measure updated, closed', async () => {
  const svc = responsesService(t.ctx);
  const setToday = (date: string) => {
    svc.clock = () => almaty(date);
  };
  setToday('2026-03-20');
  const secretariat = await signInAs(t, { roles: ['secretariat'] });
  const health = await signInAs(t, { roles: ['agency_officer'], agencyId: 'walk-health' });
  const city = await signInAs(t, { roles: ['agency_officer'], agencyId: 'walk-city' });
  for (const [id, level] of [['walk-health', 'central'], ['walk-city', 'local']] as const) {
    await call('POST', '/api/v1/responses/agencies', secretariat, { id, name: { kk: id, ru: id, en: id }, level });
  }
  const { id } = await call('POST', '/api/v1/responses/items', secretariat, { title: 'Walk the item life-cycle', lang: 'en', sourceRef: 'proposal/lifecycle-walk', receivedOn: '2026-03-19' });
  const url = `/api/v1/responses/items/${id}`;
  await call('POST', `${url}/assign`, secretariat, { leadAgencyId: 'walk-health', receivedOn: '2026-03-20' });
  setToday('2026-03-26');
  await call('POST', `${url}/forward`, health, { toAgencyId: 'walk-city', reason: 'A city matter' });
  setToday('2026-04-10');
  const extended = await call('POST', `${url}/extend`, city, { newDueDate: '2026-05-08', reason: 'Waiting for the city budget' });
  assert.equal(extended.dueDate, '2026-05-08');
  assert.deepEqual((await svc.sweep(almaty('2026-05-11'))).markedOverdue, [id]);
  setToday('2026-05-12');
  const answered = await call('POST', `${url}/answer`, city, { outcome: 'accepted', reasons: 'Yes, from September.', measures: [{ description: 'Do it', responsibleAgencyId: 'walk-city', dueDate: '2026-09-01' }] });
  assert.equal(answered.clock, 'answered_late');
  await call('POST', `${url}/measures/${answered.measures[0].id}`, city, { status: 'done', progress: 100 });
  const closed = await call('POST', `${url}/close`, secretariat, {});
  assert.equal(closed.status, 'closed');

  assert.deepEqual(untestedEdges(itemLifecycle, appliedTransitions()), []);
});

test('a sortition run walks every edge of its table: committed, revealed after the date, drawn; and failed on impossible quotas', async () => {
  const secretariat = await signInAs(t, { roles: ['secretariat'] });
  const respondents = ['gender', ...Array.from({ length: 12 }, (_, i) => (i % 2 ? 'female' : 'male'))].join('\n');
  const DAY = 24 * 3600 * 1000;
  let clock = Date.now();
  t.ctx.now = () => new Date(clock);
  const draw = async (min: number) => {
    const categoriesCsv = `category,feature,min,max\ngender,female,${min},4\ngender,male,${min},4\n`;
    const entropyAfter = new Date(clock + DAY).toISOString();
    const { id } = await call('POST', '/api/v1/sortition/draws', secretariat, { format: 'panelot', categoriesCsv, respondentsCsv: respondents, k: 4, entropySources: ['Lifecycle walk lottery'], entropyAfter });
    assert.equal((await call('GET', `/api/v1/sortition/runs/${id}`, null)).status, 'committed');
    clock += 2 * DAY;
    await call('POST', `/api/v1/sortition/draws/${id}/reveal`, secretariat, { entropy: 'lifecycle walk' });
    await t.app.inject(`/api/v1/sortition/runs/${id}/events`);
    return (await call('GET', `/api/v1/sortition/runs/${id}`, null)).status;
  };
  try {
    assert.equal(await draw(2), 'done');
    assert.equal(await draw(3), 'failed');
  } finally {
    t.ctx.now = undefined;
  }

  assert.deepEqual(untestedEdges(runLifecycle, appliedTransitions()), []);
});

test('a council selection cycle walks every edge of its table: nominations opened and closed, pool committed, drawn, confirmations closed, seated', async () => {
  const c = await councilTestApp();
  try {
    const secretariat = await signInAs(c, { roles: ['secretariat'] });
    await runFirstCycle(c, secretariat.headers, () => membershipService(c.ctx).sweep());
    const cycle = (await c.app.inject('/api/v1/council/cycles/0')).json();
    assert.equal(cycle.status, 'seated');
    assert.deepEqual(untestedEdges(cycleLifecycle, appliedTransitions()), []);
  } finally {
    await c.close();
  }
});
