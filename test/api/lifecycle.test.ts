// Every transition of every life-cycle table, driven through the API: each test walks one aggregate
// along all its edges, and the shared runner's record proves each edge went through it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type LifecycleTable, untestedEdges } from '../../src/core/lifecycle/table.ts';
import { proposalLifecycle } from '../../src/core/proposals/lifecycle.ts';
import { cycleLifecycle } from '../../src/core/membership/index.ts';
import { kurultaiTrack, minutesLifecycle, referendumTrack, sessionLifecycle, voteLifecycle } from '../../src/core/council/index.ts';
import { addDays } from '../../src/core/isoDate.ts';
import { councilService } from '../../src/modules/council/service.ts';
import { councilWorld } from './council.fixtures.ts';
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

test("the Council's session, vote, minutes and track tables walk every edge: convened, rescheduled, cancelled, opened, adjourned, resumed, closed; ballots; minutes approved; every stage", async () => {
  const w = await councilWorld();
  try {
    const { ok, secretariat, chair, members: m } = w;
    const cal = councilService(w.t.ctx).calendar;
    const notice = w.t.ctx.charter.councilWork.notice.regular;
    const D0 = w.schedule.termStart;
    w.t.setDay(D0);
    const plan = (date: string) => ok('POST', '/api/v1/council/sessions', secretariat, { kind: 'regular', date, place: 'Astana' });
    const S = cal.addWorkingDays(D0, notice + 1);
    const s1 = (await plan(cal.addWorkingDays(D0, notice))).id;
    await ok('POST', `/api/v1/council/sessions/${(await plan(S)).id}/cancel`, chair, {});
    const dropped = (await plan(S)).id;
    await ok('POST', `/api/v1/council/sessions/${dropped}/convene`, secretariat, {});
    await ok('POST', `/api/v1/council/sessions/${dropped}/cancel`, secretariat, {});
    const co = (mover: number, n: number) => m.filter((_, i) => i !== mover).slice(0, n).map((x) => x.id);
    const need = w.t.ctx.charter.councilWork.motions.coSponsors.legislativeInitiative;
    const laws = [];
    for (const i of [0, 1]) laws.push((await ok('POST', `/api/v1/council/sessions/${s1}/motions`, m[i]!.who, { motionKind: 'legislativeInitiative', title: `Draft law ${i}`, text: 'Article 1.', coSponsorIds: co(i, need) })).id);
    // The co-sponsors confirm themselves (ADR 0905), so the votes may open.
    for (const [i, law] of laws.entries()) for (const id of co(i, need)) await ok('POST', `/api/v1/council/items/${law}/co-sponsorship`, m.find((x) => x.id === id)!.who, {});
    await ok('POST', `/api/v1/council/sessions/${s1}/convene`, chair, {});
    await ok('POST', `/api/v1/council/sessions/${s1}/reschedule`, secretariat, { date: S });

    w.t.setDay(S);
    await ok('POST', `/api/v1/council/sessions/${s1}/open`, chair, {});
    await ok('POST', `/api/v1/council/sessions/${s1}/adjourn`, chair, {});
    const S1 = addDays(S, 1);
    w.t.setDay(S1);
    await ok('POST', `/api/v1/council/sessions/${s1}/resume`, secretariat, {});
    for (const x of m.slice(0, 7)) await ok('POST', `/api/v1/council/sessions/${s1}/attendance`, x.who, {});
    for (const law of laws) {
      const v = await ok('POST', `/api/v1/council/sessions/${s1}/votes`, chair, { itemId: law });
      for (const x of m.slice(0, 6)) await ok('POST', `/api/v1/council/votes/${v.id}/ballot`, x.who, { choice: 'no' });
      for (const x of m.slice(0, 6)) await ok('PUT', `/api/v1/council/votes/${v.id}/ballot`, x.who, { choice: 'yes' });
      await ok('POST', `/api/v1/council/votes/${v.id}/recusal`, m[6]!.who, { reason: 'Conflict of interest' });
      assert.equal((await ok('POST', `/api/v1/council/votes/${v.id}/close`, chair, {})).outcome, 'adopted');
    }
    await ok('POST', `/api/v1/council/sessions/${s1}/close`, chair, {});
    await ok('POST', `/api/v1/council/sessions/${s1}/minutes`, secretariat, {});
    await ok('PUT', `/api/v1/council/sessions/${s1}/minutes`, secretariat, { text: 'Edited.' });

    // Minutes approved at the next session.
    const S2 = cal.addWorkingDays(S1, notice);
    const s2 = (await plan(S2)).id;
    const approval = await ok('POST', `/api/v1/council/sessions/${s2}/minutes-approval`, secretariat, { minutesOf: s1 });
    await ok('POST', `/api/v1/council/sessions/${s2}/convene`, secretariat, {});
    w.t.setDay(S2);
    await ok('POST', `/api/v1/council/sessions/${s2}/open`, chair, {});
    for (const x of m.slice(0, 6)) await ok('POST', `/api/v1/council/sessions/${s2}/attendance`, x.who, {});
    const v = await ok('POST', `/api/v1/council/sessions/${s2}/votes`, chair, { itemId: approval.id });
    for (const x of m.slice(0, 6)) await ok('POST', `/api/v1/council/votes/${v.id}/ballot`, x.who, { choice: 'yes' });
    await ok('POST', `/api/v1/council/votes/${v.id}/close`, chair, {});
    assert.equal((await ok('GET', `/api/v1/council/sessions/${s1}/minutes`, null)).state, 'approved');

    // Every stage of both tracks: the Council's two initiatives start at "sent", the Kurultai's own at "registered".
    const step = (id: string, event: string, extra: object = {}) => ok('POST', `/api/v1/initiatives/${id}/steps`, secretariat, { event, on: S2, ...extra });
    const sent = (await ok('GET', '/api/v1/initiatives?body=council', null)).initiatives.map((i: { id: string }) => i.id);
    await step(sent[0], 'initiative.registered');
    await step(sent[1], 'initiative.returned');
    const own = async (kind = 'legislativeInitiative') => (await ok('POST', '/api/v1/initiatives', secretariat, { kind, title: 'Kurultai bill', on: S1 })).id as string;
    await step(await own(), 'initiative.returned');
    await step(sent[0], 'initiative.in-committee');
    const c = await own();
    await step(c, 'initiative.in-committee');
    await step(c, 'initiative.returned');
    await step(sent[0], 'initiative.reading');
    await step(sent[0], 'initiative.reading');
    await step(sent[0], 'initiative.adopted');
    for (const end of ['initiative.rejected', 'initiative.returned']) {
      const r = await own();
      await step(r, 'initiative.in-committee');
      await step(r, 'initiative.reading');
      await step(r, end);
    }
    const ref = await own('referendumProposal');
    await step(ref, 'referendum-proposal.called', { referendumDate: addDays(S2, 60) });
    await step(ref, 'referendum-proposal.held');
    await step(await own('referendumProposal'), 'referendum-proposal.declined');

    // biome-ignore lint/suspicious/noExplicitAny: tables of every guard context
    const tables: LifecycleTable<string, string, any>[] = [sessionLifecycle, voteLifecycle, minutesLifecycle, kurultaiTrack, referendumTrack];
    for (const table of tables) assert.deepEqual(untestedEdges(table, appliedTransitions()), [], table.aggregate);
  } finally {
    await w.t.close();
  }
});
