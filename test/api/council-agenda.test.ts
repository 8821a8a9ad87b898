// The agenda's other sources and rules through the API (ADR 0901, 0902): a succeeded proposal that
// finds no session waits in the queue with its clock (on time → due soon → overdue), goes on the
// next planned session by itself, back to the queue when that session is cancelled, and is placed by
// the secretariat; items referred by the President; a government report heard (no vote); the agenda
// closing before a convened sitting; a reschedule with its notice; the chair alone adjourns.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addDays } from '../../src/core/isoDate.ts';
import { drainPetitionAgenda } from '../../src/modules/council/api.ts';
import { councilService } from '../../src/modules/council/service.ts';
import { createItem } from '../../src/modules/responses/api.ts';
import { type CouncilWorld, councilWorld, proposalSucceeded } from './council.fixtures.ts';

let w: CouncilWorld;
before(async () => {
  w = await councilWorld();
});
after(async () => w?.t.close());

test('a queued proposal’s clock, placed by itself, returned by a cancellation, placed by the secretariat; referrals; a government report heard; the agenda closes; only the chair adjourns', async () => {
  const { ok, refused, secretariat, chair, members: m } = w;
  const cal = councilService(w.t.ctx).calendar;
  const rules = w.t.ctx.charter.councilWork;
  const D0 = w.schedule.termStart;
  w.t.setDay(D0);

  // No session yet: the proposal waits with its clock.
  await proposalSucceeded(w.t, 'p-roads', 'petition', 'Repair rural roads', `${D0}T05:00:00.000Z`);
  await proposalSucceeded(w.t, 'p-other', 'localInitiative', 'Not a Council kind', `${D0}T05:00:00.000Z`);
  assert.equal(await drainPetitionAgenda(w.t.ctx), 2);
  let queue = (await ok('GET', '/api/v1/council/queue', null)).items;
  assert.equal(queue.length, 1, 'a kind the charter does not send to the Council is not queued');
  const due = cal.addWorkingDays(D0, rules.petitionAgenda.workingDays);
  assert.deepEqual([queue[0].status, queue[0].sessionId, queue[0].clock.dueDate, queue[0].clock.state], ['queued', null, due, 'on_time']);
  w.t.setDay(cal.addWorkingDays(due, -2));
  assert.equal((await ok('GET', '/api/v1/council/queue', null)).items[0].clock.state, 'due_soon');
  w.t.setDay(addDays(due, 1));
  queue = (await ok('GET', '/api/v1/council/queue', null)).items;
  assert.equal(queue[0].clock.state, 'overdue');
  const petition = queue[0].id;

  // A planned session takes it by itself (placed late now); cancelled, it goes back to the queue.
  const today = addDays(due, 1);
  const S = cal.addWorkingDays(today, rules.notice.regular + rules.agenda.closesWorkingDaysBefore);
  const dropped = await ok('POST', '/api/v1/council/sessions', secretariat, { kind: 'regular', date: S, place: 'Astana' });
  assert.deepEqual(dropped.agenda.map((i: { id: string; clock: { state: string } }) => [i.id, i.clock.state]), [[petition, 'placed_late']]);
  await ok('POST', `/api/v1/council/sessions/${dropped.id}/cancel`, secretariat, {});
  assert.equal((await ok('GET', '/api/v1/council/queue', null)).items[0].id, petition);
  const s = (await ok('POST', '/api/v1/council/sessions', secretariat, { kind: 'regular', date: S, place: 'Astana' })).id;
  // Planning took it again; the secretariat's "place" refuses an item no longer queued.
  await refused('POST', `/api/v1/council/items/${petition}/place`, secretariat, { sessionId: s }, 409, 'item-not-queued');
  await refused('POST', `/api/v1/council/items/${petition}/place`, m[0]!.who, { sessionId: s }, 403, 'forbidden-role');

  // Referrals: the President's referendum question on an excluded subject is refused before any vote.
  const referral = { body: 'president', reference: 'Decree 17', decisionKind: 'referendumProposal', title: 'A referendum on taxes', text: 'Do you agree?', receivedOn: today };
  await refused('POST', `/api/v1/council/sessions/${s}/referrals`, secretariat, { ...referral, subjects: ['budgetAndTaxes'] }, 400, 'excluded-subject');
  await refused('POST', `/api/v1/council/sessions/${s}/referrals`, m[0]!.who, referral, 403, 'forbidden-role');
  const ref = await ok('POST', `/api/v1/council/sessions/${s}/referrals`, chair, { ...referral, title: 'The Kurultai’s draft on archives', body: 'kurultai', reference: 'Bill 3', decisionKind: 'legislativeInitiative' });
  await refused('POST', `/api/v1/council/sessions/${s}/referrals`, chair, { ...referral, title: 'Again', body: 'kurultai', reference: 'Bill 3', decisionKind: 'legislativeInitiative' }, 409, 'already-on-agenda');

  // A government report: only an overdue or answered response item.
  const itemId = await w.t.ctx.db.db.transaction().execute((trx) => createItem(trx, { title: 'Clinic waiting lists', lang: 'en', sourceRef: 'decision/outside-1', receivedOn: D0 }));
  await refused('POST', `/api/v1/council/sessions/${s}/reports`, secretariat, { responseItemId: itemId }, 409, 'report-not-due');
  await refused('POST', `/api/v1/council/sessions/${s}/reports`, secretariat, { responseItemId: 999_999 }, 404, 'not-found');
  await w.t.ctx.db.db.updateTable('response_items').set({ status: 'assigned', due_date: addDays(today, -3) }).where('id', '=', itemId).execute();
  const report = await ok('POST', `/api/v1/council/sessions/${s}/reports`, secretariat, { responseItemId: itemId });
  assert.deepEqual([report.kind, report.decisionKind, report.source.reason], ['governmentReport', null, 'overdue']);

  // Convened: the agenda is published in order, and closes working days before the sitting.
  const convened = await ok('POST', `/api/v1/council/sessions/${s}/convene`, secretariat, {});
  assert.deepEqual(convened.agenda.map((i: { kind: string }) => i.kind), ['petition', 'referral', 'governmentReport']);
  assert.equal(convened.agendaClosesOn, cal.addWorkingDays(S, -rules.agenda.closesWorkingDaysBefore));
  w.t.setDay(cal.nextWorkingDay(convened.agendaClosesOn));
  const co = m.slice(1, 1 + rules.motions.coSponsors.recommendation).map((x) => x.id);
  await refused('POST', `/api/v1/council/sessions/${s}/motions`, m[0]!.who, { motionKind: 'recommendation', title: 'Late', text: 'Too late.', coSponsorIds: co }, 409, 'agenda-closed');
  // A reschedule counts the notice again from today.
  await refused('POST', `/api/v1/council/sessions/${s}/reschedule`, secretariat, { date: addDays(S, 1) }, 400, 'notice-too-short');

  w.t.setDay(S);
  await ok('POST', `/api/v1/council/sessions/${s}/open`, chair, {});
  for (const x of m.slice(0, 6)) await ok('POST', `/api/v1/council/sessions/${s}/attendance`, x.who, {});
  await refused('POST', `/api/v1/council/sessions/${s}/votes`, chair, { itemId: report.id }, 400, 'item-not-votable');
  await refused('POST', `/api/v1/council/items/${ref.id}/heard`, secretariat, {}, 400, 'item-not-a-hearing');
  assert.equal((await ok('POST', `/api/v1/council/items/${report.id}/heard`, secretariat, {})).status, 'heard');
  await refused('POST', `/api/v1/council/items/${report.id}/heard`, secretariat, {}, 409, 'item-decided');
  // Presiding is the chair's: the secretariat may not adjourn.
  await refused('POST', `/api/v1/council/sessions/${s}/adjourn`, secretariat, {}, 403, 'chair-only');
  await ok('POST', `/api/v1/council/sessions/${s}/adjourn`, chair, {});
  await refused('POST', `/api/v1/council/sessions/${s}/attendance`, m[6]!.who, {}, 409, 'session-not-sitting');
  await refused('POST', `/api/v1/council/sessions/${s}/cancel`, chair, {}, 409, 'session-under-way');
});
