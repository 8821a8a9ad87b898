// The life of an item through the JSON API: assign, forward, extend, answer with measures, implement,
// close; the clock turning overdue on the right day; and every bad input refused with a clear
// problem that names the field, leaving the database exactly as it was.
import assert from 'node:assert/strict';
import { afterEach, beforeEach } from 'node:test';
import { tableCounts } from '../../src/modules/responses/repository.ts';
import { type ResponsesService, responsesService } from '../../src/modules/responses/service.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { almaty as at, socketsClosed } from './responses.fixtures.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';
import { story } from '../helpers/story.ts';

let t: TestApp;
let svc: ResponsesService;
let secretariat: SignedIn;
let health: SignedIn;
let almaty: SignedIn;
let education: SignedIn;

function setToday(date: string) {
  svc.clock = () => at(date);
}

async function post(who: SignedIn | null, url: string, payload: unknown) {
  return t.app.inject({ method: 'POST', url, headers: who ? who.headers : {}, payload: payload as object });
}

/** Runs a request that must be refused, and proves it changed nothing. */
async function refused(who: SignedIn | null, url: string, payload: unknown, status: number, field?: string, code?: string) {
  const before = await tableCounts(t.ctx.db.db);
  const items = await t.ctx.db.db.selectFrom('response_items').selectAll().orderBy('id').execute();
  const r = await post(who, url, payload);
  assert.equal(r.statusCode, status, r.body);
  assert.match(String(r.headers['content-type']), /application\/problem\+json/);
  const body = r.json();
  assert.equal(body.status, status);
  assert.ok(body.detail, 'the problem says what is wrong');
  if (field) assert.ok((body.errors ?? []).some((e: { field: string }) => e.field === field), `field ${field} named in ${r.body}`);
  if (code) assert.equal(body.code, code);
  assert.deepEqual(await tableCounts(t.ctx.db.db), before, 'no rows added or removed');
  assert.deepEqual(await t.ctx.db.db.selectFrom('response_items').selectAll().orderBy('id').execute(), items, 'no item changed');
  return body;
}

async function events(): Promise<{ kind: string; subject: string; payload: string }[]> {
  return t.ctx.db.db.selectFrom('outbox').select(['kind', 'subject', 'payload']).where('kind', 'like', 'response.%').orderBy('id').execute();
}

// Every test has an app and a database of its own and replays the story up to its step (see
// test/helpers/story.ts), so any one runs alone.
beforeEach(async () => {
  t = await testApp();
  svc = responsesService(t.ctx);
  setToday('2026-03-20');
  secretariat = await signInAs(t, { roles: ['secretariat'] });
  health = await signInAs(t, { roles: ['agency_officer'], agencyId: 'min-health' });
  almaty = await signInAs(t, { roles: ['agency_officer'], agencyId: 'akimat-almaty' });
  education = await signInAs(t, { roles: ['agency_officer'], agencyId: 'min-education' });
  const agencies = [
    { id: 'government', name: { kk: 'Қазақстан Республикасының Үкіметі', ru: 'Правительство Республики Казахстан', en: 'Government of the Republic of Kazakhstan' }, level: 'central' },
    { id: 'min-health', name: { kk: 'Денсаулық сақтау министрлігі', ru: 'Министерство здравоохранения', en: 'Ministry of Health' }, level: 'central', parentId: 'government' },
    { id: 'min-education', name: { kk: 'Оқу-ағарту министрлігі', ru: 'Министерство просвещения', en: 'Ministry of Education' }, level: 'central', parentId: 'government' },
    { id: 'akimat-almaty', name: { kk: 'Алматы қаласының әкімдігі', ru: 'Акимат города Алматы', en: 'Akimat of Almaty' }, level: 'local', region: 'KZ-75' },
  ];
  for (const a of agencies) {
    const r = await post(secretariat, '/api/v1/responses/agencies', a);
    assert.equal(r.statusCode, 201, r.body);
  }
});
// Close, let pg-pool's sockets finish closing, then drop: pg-pool's end() resolves before they have,
// and a forced DROP DATABASE would kill them mid-close (an uncaught error after the test).
afterEach(async () => {
  await t.app.close();
  await t.db.close();
  await socketsClosed();
  await t.db.drop();
});

/** The item whose life the story follows, and the measures of its answer. */
interface Life {
  lifeId: number;
  measures: { id: number }[];
}
const { step } = story<Life>(() => ({ lifeId: 0, measures: [] }));

step('the secretariat registers an item and assigns it: the deadline counts 40 working days over Nauryz', async (st) => {
  const c = await post(secretariat, '/api/v1/responses/items', { title: 'Бастауыш сыныптарда тегін ыстық тамақ', lang: 'kk', sourceRef: 'proposal/hot-meals', receivedOn: '2026-03-19' });
  assert.equal(c.statusCode, 201, c.body);
  st.lifeId = c.json().id;
  assert.equal(c.json().status, 'received');
  assert.equal(c.json().clock, null);
  const a = await post(secretariat, `/api/v1/responses/items/${st.lifeId}/assign`, { leadAgencyId: 'min-health', coExecutorIds: ['min-education'], receivedOn: '2026-03-20' });
  assert.equal(a.statusCode, 200, a.body);
  const item = a.json();
  assert.equal(item.dueDate, '2026-05-25');
  assert.equal(item.forwardingUntil, '2026-03-30');
  assert.deepEqual(item.coExecutorIds, ['min-education']);
  assert.equal(item.clock, 'on_time');
});

step('the lead agency forwards the misrouted item within 3 working days; the new agency gets its own period', async (st) => {
  setToday('2026-03-26');
  const r = await post(health, `/api/v1/responses/items/${st.lifeId}/forward`, { toAgencyId: 'akimat-almaty', reason: 'School meals in Almaty are funded by the city budget' });
  assert.equal(r.statusCode, 200, r.body);
  const item = r.json();
  assert.equal(item.leadAgencyId, 'akimat-almaty');
  assert.equal(item.agencyReceivedOn, '2026-03-26');
  // Local body, 20 working days from Thu 26 Mar: 27, 30, 31 Mar; 1–3, 6–10, 13–17, 20–23 Apr.
  assert.equal(item.dueDate, '2026-04-23');
  assert.deepEqual(item.coExecutorIds, ['min-education']);
});

step('the new lead extends once with a public reason; the author is to be told within 3 working days', async (st) => {
  setToday('2026-04-10');
  const r = await post(almaty, `/api/v1/responses/items/${st.lifeId}/extend`, { newDueDate: '2026-05-08', reason: 'Waiting for the 2027 city budget draft' });
  assert.equal(r.statusCode, 200, r.body);
  const item = r.json();
  assert.equal(item.dueDate, '2026-05-08');
  assert.equal(item.originalDueDate, '2026-04-23');
  assert.equal(item.extension.reason, 'Waiting for the 2027 city budget draft');
  // Fri 10 Apr: Mon 13, Tue 14, Wed 15.
  assert.equal(item.extension.notifyAuthorBy, '2026-04-15');
  const expected = [{ itemId: st.lifeId, kind: 'extension', recipientRef: 'proposal/hot-meals', notifyBy: '2026-04-15' }];
  assert.deepEqual(await svc.pendingNotifications(), expected);
  const listed = await t.app.inject({ url: '/api/v1/responses/notifications', headers: secretariat.headers });
  assert.deepEqual(listed.json(), expected);
  assert.equal((await t.app.inject({ url: '/api/v1/responses/notifications', headers: almaty.headers })).statusCode, 403);
});

step('bad inputs are refused with the failing field and change nothing', async (st) => {
  setToday('2026-04-13');
  const url = `/api/v1/responses/items/${st.lifeId}`;
  await refused(almaty, `${url}/extend`, { newDueDate: '2026-05-12', reason: 'again' }, 409, 'newDueDate', 'extension-limit');
  await refused(health, `${url}/answer`, { outcome: 'rejected', reasons: 'Not ours', measures: [] }, 403, undefined, 'not-lead-agency');
  await refused(education, `${url}/answer`, { outcome: 'rejected', reasons: 'Not ours', measures: [] }, 403, undefined, 'not-lead-agency');
  await refused(almaty, `${url}/answer`, { outcome: 'accepted', reasons: 'Yes', measures: [{ description: 'Fund meals', responsibleAgencyId: 'akimat-almaty', dueDate: '2026-04-01' }] }, 400, 'measures.0.dueDate', 'date-in-past');
  await refused(almaty, `${url}/answer`, { outcome: 'accepted', reasons: 'Yes', measures: [] }, 400, 'measures', 'measures-required');
  await refused(almaty, `${url}/answer`, { outcome: 'accepted', reasons: '  ', measures: [] }, 400, 'reasons', 'reasons-required');
  await refused(almaty, `${url}/answer`, { outcome: 'maybe', reasons: 'x', measures: [] }, 400, 'body.outcome');
  await refused(almaty, `${url}/answer`, { outcome: 'accepted', reasons: 'Yes', measures: [{ description: 'x', responsibleAgencyId: 'no-such', dueDate: '2026-06-01' }] }, 400, 'measures.0.responsibleAgencyId', 'unknown-agency');
  await refused(almaty, `${url}/forward`, { toAgencyId: 'min-health', reason: 'Back' }, 409, 'toAgencyId', 'forwarding-too-late');
  await refused(secretariat, `${url}/assign`, { leadAgencyId: 'min-health' }, 409, 'leadAgencyId', 'already-assigned');
  await refused(almaty, `${url}/close`, {}, 409, 'status', 'not-answered');
  await refused(null, `${url}/answer`, { outcome: 'rejected', reasons: 'x', measures: [] }, 401);
  await refused(health, '/api/v1/responses/items', { title: 'x', lang: 'en', sourceRef: 'proposal/x', receivedOn: '2026-04-13' }, 403);
  await refused(secretariat, '/api/v1/responses/items', { title: 'dup', lang: 'en', sourceRef: 'proposal/hot-meals', receivedOn: '2026-04-13' }, 409, 'sourceRef', 'item-exists');
  await refused(secretariat, '/api/v1/responses/items', { title: 'x', lang: 'en', sourceRef: 'somewhere', receivedOn: '2026-04-13' }, 400, 'sourceRef');
  // CSRF: a session cookie without the token is refused.
  const before = await tableCounts(t.ctx.db.db);
  const noCsrf = await t.app.inject({ method: 'POST', url: `${url}/close`, headers: { cookie: almaty.cookie }, payload: {} });
  assert.equal(noCsrf.statusCode, 403);
  assert.deepEqual(await tableCounts(t.ctx.db.db), before);
}, { changesNothing: true });

step('extension errors on a fresh item: no reason, a deadline in the past, beyond the charter maximum', async () => {
  setToday('2026-04-13');
  const c = (await post(secretariat, '/api/v1/responses/items', { title: 'Тротуары для колясок', lang: 'ru', sourceRef: 'decision/17', receivedOn: '2026-04-13' })).json();
  await post(secretariat, `/api/v1/responses/items/${c.id}/assign`, { leadAgencyId: 'akimat-almaty' });
  const url = `/api/v1/responses/items/${c.id}/extend`;
  await refused(almaty, url, { newDueDate: '2026-05-20', reason: '' }, 400, 'reason', 'extension-reason-required');
  await refused(almaty, url, { newDueDate: '2026-04-01', reason: 'Survey' }, 400, 'newDueDate', 'date-in-past');
  await refused(almaty, url, { newDueDate: '2026-07-30', reason: 'Survey' }, 400, 'newDueDate', 'extension-too-long');
  await refused(almaty, url, { newDueDate: '2026-13-01', reason: 'Survey' }, 400, 'newDueDate', 'invalid-date');
  await refused(education, url, { newDueDate: '2026-05-20', reason: 'Survey' }, 403, undefined, 'not-lead-agency');
  await refused(secretariat, `/api/v1/responses/items/${c.id}/extend`, { newDueDate: '2026-05-20', reason: 'Survey' }, 403);
});

step('assignment errors: an officer assigning, an unknown agency, a receipt date in the future or so old the deadline is past', async () => {
  setToday('2026-04-13');
  const c = (await post(secretariat, '/api/v1/responses/items', { title: 'Парковка у поликлиник', lang: 'ru', sourceRef: 'decision/18', receivedOn: '2026-01-05' })).json();
  const url = `/api/v1/responses/items/${c.id}/assign`;
  await refused(almaty, url, { leadAgencyId: 'akimat-almaty' }, 403);
  await refused(secretariat, url, { leadAgencyId: 'akimat-nowhere' }, 400, 'leadAgencyId', 'unknown-agency');
  await refused(secretariat, url, { leadAgencyId: 'akimat-almaty', coExecutorIds: ['akimat-almaty'] }, 400, 'coExecutorIds', 'lead-is-co-executor');
  await refused(secretariat, url, { leadAgencyId: 'akimat-almaty', receivedOn: '2026-04-14' }, 400, 'receivedOn', 'date-in-future');
  await refused(secretariat, url, { leadAgencyId: 'akimat-almaty', receivedOn: '2026-01-04' }, 400, 'receivedOn', 'before-item-received');
  // Local, 20 working days from Mon 5 Jan: the deadline (3 Feb) is long past on 13 April.
  await refused(secretariat, url, { leadAgencyId: 'akimat-almaty', receivedOn: '2026-01-05' }, 400, 'receivedOn', 'deadline-in-past');
});

step('agency registry errors: bad id, missing name, unknown region or parent, duplicate, wrong role', async () => {
  const ok = { id: 'akimat-abai', name: { kk: 'Абай облысының әкімдігі', ru: 'Акимат области Абай', en: 'Akimat of Abai Region' }, level: 'local', region: 'KZ-10', parentId: 'government' };
  const url = '/api/v1/responses/agencies';
  await refused(secretariat, url, { ...ok, id: 'Akimat Abai' }, 400, 'id', 'invalid-agency-id');
  await refused(secretariat, url, { ...ok, name: { ...ok.name, en: ' ' } }, 400, 'name.en', 'name-required');
  await refused(secretariat, url, { ...ok, region: 'KZ-99' }, 400, 'region', 'unknown-region');
  await refused(secretariat, url, { ...ok, parentId: 'nobody' }, 400, 'parentId', 'unknown-agency');
  await refused(secretariat, url, { ...ok, level: 'regional' }, 400, 'body.level');
  await refused(secretariat, url, { ...ok, id: 'min-health' }, 409, 'id', 'agency-exists');
  await refused(almaty, url, ok, 403);
  const r = await post(secretariat, url, ok);
  assert.equal(r.statusCode, 201, r.body);
  assert.equal(r.json().region, 'KZ-10');
});

step('the lead answers on time with measures; the answer is public at once', async (st) => {
  setToday('2026-05-06');
  const r = await post(almaty, `/api/v1/responses/items/${st.lifeId}/answer`, {
    outcome: 'partly_accepted',
    reasons: 'Hot meals for grades 1–4 from September; grades 5–6 need a national decision.',
    measures: [
      { description: 'Fund hot meals for grades 1–4 in city schools', responsibleAgencyId: 'akimat-almaty', dueDate: '2026-09-01' },
      { description: 'Propose national standards for school meals', responsibleAgencyId: 'min-education', dueDate: '2026-12-01' },
    ],
  });
  assert.equal(r.statusCode, 200, r.body);
  const item = r.json();
  assert.equal(item.status, 'answered');
  assert.equal(item.clock, 'answered_on_time');
  // Working days after Thu 26 Mar up to Wed 6 May: 27, 30, 31 Mar (3); 1–3 Apr (6); 6–10 (11); 13–17 (16);
  // 20–24 (21); 27–30 (25); Fri 1 May off; Mon 4, Tue 5, Wed 6 May (28).
  assert.equal(item.answer.workingDaysToAnswer, 28);
  st.measures = item.measures;
  assert.equal(st.measures.length, 2);
  const pub = await t.app.inject(`/api/v1/responses/items/${st.lifeId}`);
  assert.equal(pub.json().answer.outcome, 'partly_accepted');
  await refused(almaty, `/api/v1/responses/items/${st.lifeId}/answer`, { outcome: 'rejected', reasons: 'again', measures: [] }, 409, 'outcome', 'not-running');
  await refused(almaty, `/api/v1/responses/items/${st.lifeId}/extend`, { newDueDate: '2026-05-20', reason: 'late' }, 409, 'newDueDate', 'not-running');
});

step('measures are implemented by their agencies, and the item closes only when all are finished', async (st) => {
  setToday('2026-09-02');
  const url = (m: { id: number }) => `/api/v1/responses/items/${st.lifeId}/measures/${m.id}`;
  // The first measure is a day late and shows as overdue.
  assert.equal((await t.app.inject(`/api/v1/responses/items/${st.lifeId}`)).json().measures[0].overdue, true);
  const late = (await t.app.inject('/api/v1/responses/dashboard')).json().overdueMeasures;
  assert.deepEqual(late, { total: 1, byAgency: { 'akimat-almaty': 1 } });
  await refused(health, url(st.measures[0]), { status: 'done', progress: 100 }, 403, undefined, 'not-responsible-agency');
  await refused(almaty, url(st.measures[0]), { status: 'in_progress', progress: 140 }, 400, 'body.progress');
  let r = await post(almaty, url(st.measures[0]), { status: 'in_progress', progress: 80, note: 'Contracts signed with 200 schools' });
  assert.equal(r.statusCode, 200, r.body);
  r = await post(almaty, url(st.measures[0]), { status: 'done', progress: 90 });
  assert.equal(r.json().measures[0].progress, 100, 'done means 100%');
  await refused(almaty, `/api/v1/responses/items/${st.lifeId}/close`, {}, 409, 'measures', 'measures-open');
  await refused(education, url(st.measures[1]), { status: 'dropped', progress: 10 }, 400, 'dropReason', 'drop-reason-required');
  r = await post(education, url(st.measures[1]), { status: 'dropped', progress: 10, dropReason: 'Covered by the new national school standard' });
  assert.equal(r.statusCode, 200, r.body);
  await refused(education, url(st.measures[1]), { status: 'in_progress', progress: 20 }, 409, 'status', 'measure-finished');
  await refused(education, `/api/v1/responses/items/${st.lifeId}/close`, {}, 403, undefined, 'not-lead-agency');
  r = await post(almaty, `/api/v1/responses/items/${st.lifeId}/close`, {});
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().status, 'closed');
  assert.deepEqual(
    r.json().timeline.map((e: { kind: string }) => e.kind),
    ['received', 'assigned', 'forwarded', 'extended', 'answered', 'measure_updated', 'measure_updated', 'measure_updated', 'closed'],
  );
  const mine = (await events()).filter((e) => e.subject === `response/${st.lifeId}`).map((e) => e.kind);
  assert.deepEqual(mine, ['response.assigned', 'response.forwarded', 'response.extended', 'response.answered', 'response.measure_updated', 'response.measure_updated', 'response.measure_updated', 'response.closed']);
});

step('the clock turns an unanswered item overdue on the day after its deadline, once', async () => {
  setToday('2026-03-20');
  const c = (await post(secretariat, '/api/v1/responses/items', { title: 'Bus lanes on Abai Avenue', lang: 'en', sourceRef: 'proposal/bus-lanes', receivedOn: '2026-03-20' })).json();
  const a = (await post(secretariat, `/api/v1/responses/items/${c.id}/assign`, { leadAgencyId: 'akimat-almaty', receivedOn: '2026-03-20' })).json();
  // Local, 20 working days from Fri 20 Mar: 26, 27, 30, 31 Mar; 1–3, 6–10, 13–17, 20–22 Apr.
  assert.equal(a.dueDate, '2026-04-22');
  assert.deepEqual((await svc.sweep(at('2026-04-22', '23:59:00'))).markedOverdue, []);
  setToday('2026-04-22');
  assert.equal((await t.app.inject(`/api/v1/responses/items/${c.id}`)).json().clock, 'due_soon');
  assert.deepEqual((await svc.sweep(at('2026-04-23', '00:01:00'))).markedOverdue, [c.id]);
  assert.deepEqual((await svc.sweep(at('2026-04-24'))).markedOverdue, []);
  setToday('2026-04-23');
  const item = (await t.app.inject(`/api/v1/responses/items/${c.id}`)).json();
  assert.equal(item.clock, 'overdue');
  assert.equal(item.timeline.at(-1).kind, 'deadline_missed');
  const missed = (await events()).filter((e) => e.kind === 'response.deadline_missed');
  assert.deepEqual(
    missed.map((e) => e.subject),
    [`response/${c.id}`],
  );
  // An overdue item cannot be extended, but can still be answered — late.
  await refused(almaty, `/api/v1/responses/items/${c.id}/extend`, { newDueDate: '2026-05-20', reason: 'Late' }, 409, 'newDueDate', 'extension-after-deadline');
  setToday('2026-04-28');
  const late = await post(almaty, `/api/v1/responses/items/${c.id}/answer`, { outcome: 'rejected', reasons: 'The avenue is too narrow for a dedicated lane.', measures: [] });
  assert.equal(late.json().clock, 'answered_late');
});

step('events carry no personal data and no free text beyond public reasons', async () => {
  for (const e of await events()) {
    const p = JSON.parse(e.payload);
    assert.equal(typeof p.itemId, 'number');
    assert.doesNotMatch(e.payload, /pseudonym|displayName|iin/i);
  }
}, { changesNothing: true });

step('dashboard figures, per agency and national', async () => {
  setToday('2026-04-28');
  const d = (await t.app.inject('/api/v1/responses/dashboard')).json();
  const ak = d.agencies.find((a: { agencyId: string }) => a.agencyId === 'akimat-almaty');
  // Akimat: hot meals (answered on time, extended), sidewalks (running), bus lanes (answered late).
  assert.equal(ak.assigned, 3);
  assert.equal(ak.answered, 2);
  assert.equal(ak.answeredOnTime, 1);
  assert.equal(ak.shareOnTime, 0.5);
  assert.equal(ak.extensionRate, 1 / 3);
  assert.equal(d.national.assigned, 3);
  assert.equal(d.national.overdueNow, 0);
  const agencyApi = (await t.app.inject('/api/v1/responses/agencies/akimat-almaty')).json();
  assert.equal(agencyApi.stats.assigned, 3);
  assert.equal((await t.app.inject('/api/v1/responses/agencies/nowhere')).statusCode, 404);
}, { changesNothing: true });

step('open data: items and agency figures as CSV and JSON', async () => {
  const csv = await t.app.inject('/open-data/responses/items.csv');
  assert.equal(csv.statusCode, 200);
  assert.match(String(csv.headers['content-type']), /text\/csv/);
  assert.ok(csv.body.startsWith('\uFEFF'), 'a byte-order mark, so spreadsheets read Cyrillic as UTF-8');
  const lines = csv.body.slice(1).trim().split('\r\n');
  assert.equal(lines[0], 'id,title,lang,source_ref,received_on,status,clock,lead_agency_id,agency_received_on,due_date,original_due_date,extended,answered_on,outcome');
  assert.equal(lines.length, 5);
  const json = (await t.app.inject('/open-data/responses/items.json')).json();
  assert.equal(json.length, 4);
  assert.equal(json[0].source_ref, 'proposal/hot-meals');
  const agBody = (await t.app.inject('/open-data/responses/agencies.csv')).body;
  assert.ok(agBody.startsWith('\uFEFF'));
  const ag = agBody.slice(1).trim().split('\r\n');
  assert.match(ag[0], /^agency_id,name_kk,name_ru,name_en,level,region,parent_id,assigned,answered,answered_on_time,share_on_time/);
  assert.equal(ag.length, 6);
  const agJson = (await t.app.inject('/open-data/responses/agencies.json')).json();
  assert.equal(agJson.find((a: { agency_id: string }) => a.agency_id === 'akimat-almaty').share_on_time, 0.5);
}, { changesNothing: true });

step('pages: dashboard with SVG charts, agency page, item page with timeline, console by role', async (st) => {
  const html = { accept: 'text/html' };
  const dash = await t.app.inject({ url: '/responses?lang=ru', headers: html });
  assert.equal(dash.statusCode, 200);
  assert.match(dash.body, /<svg[^>]+role="img"/);
  assert.match(dash.body, /Акимат города Алматы/);
  const agency = await t.app.inject({ url: '/responses/agencies/akimat-almaty?lang=en', headers: html });
  assert.match(agency.body, /Bus lanes on Abai Avenue/);
  const item = await t.app.inject({ url: `/responses/items/${st.lifeId}?lang=kk`, headers: html });
  assert.match(item.body, /Хронология/);
  assert.match(item.body, /Waiting for the 2027 city budget draft/);
  const consoleAnon = await t.app.inject({ url: '/responses/console', headers: html });
  assert.equal(consoleAnon.statusCode, 401);
  const consoleOfficer = await t.app.inject({ url: '/responses/console?lang=en', headers: { ...html, cookie: almaty.cookie } });
  assert.equal(consoleOfficer.statusCode, 200);
  assert.match(consoleOfficer.body, /Тротуары для колясок/);
  const consoleSec = await t.app.inject({ url: '/responses/console?lang=en', headers: { ...html, cookie: secretariat.cookie } });
  assert.match(consoleSec.body, /Register an item/);
  assert.match(consoleSec.body, /Authors to be told of an extension/);
  assert.match(consoleSec.body, /Citizens' proposal hot-meals/, 'the source in words, not its code');
  assert.match(consoleSec.body, /<option value="ru" lang="ru"[^>]*>Русский<\/option>/, 'languages by name');
  assert.match(item.body, /href="\/proposals\/hot-meals"/, 'the item links to its proposal');
  assert.equal((await t.app.inject({ url: '/responses/items/99999', headers: html })).statusCode, 404);
}, { changesNothing: true });

step('a refused form shows the page again with the problem, the typed values, and changes nothing', async () => {
  setToday('2026-04-28');
  const before = await tableCounts(t.ctx.db.db);
  const sidewalks = (await svc.listItems({ agencyId: 'akimat-almaty', status: ['assigned'] }))[0];
  const r = await t.app.inject({
    method: 'POST',
    url: `/responses/items/${sidewalks.id}/extend?lang=en`,
    headers: { cookie: almaty.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: almaty.csrf, newDueDate: '2026-05-20', reason: '' }).toString(),
  });
  assert.equal(r.statusCode, 400);
  assert.match(r.body, /role="alert"/);
  assert.match(r.body, /an extension needs a public reason/);
  assert.match(r.body, /value="2026-05-20"/);
  assert.deepEqual(await tableCounts(t.ctx.db.db), before);
  const ok = await t.app.inject({
    method: 'POST',
    url: `/responses/items/${sidewalks.id}/extend`,
    headers: { cookie: almaty.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: almaty.csrf, newDueDate: '2026-05-20', reason: 'Traffic survey' }).toString(),
  });
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, `/responses/items/${sidewalks.id}`);
});
