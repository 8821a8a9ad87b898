// Nominations by organisations and their confirmation (ADR 0803), through the API, on a charter with
// two blocks of four seats and an exact gender quota: the secretariat registers organisations (BIN
// checked) and links representatives; representatives nominate up to the charter's limit; a citizen
// nominates themselves where the block allows it; candidates consent by signing in and declaring;
// after the draw, the drawn accept or decline; a decline calls the next alternate who keeps the
// quotas, or, when none does, opens a vacancy filled by a replacement draw through the same
// ceremony; silence past the answer date is a decline. Every refusal leaves every table unchanged.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { createCalendar } from '../../src/core/calendar.ts';
import { makeIin } from '../../src/core/iin.ts';
import { addDays } from '../../src/core/isoDate.ts';
import { type CycleSchedule, makeBin } from '../../src/core/membership/index.ts';
import { generateSigningKey } from '../../src/core/ledger/signing.ts';
import { membershipService } from '../../src/modules/membership/service.ts';
import { testApp } from '../helpers/app.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';
import { councilCharter, councilCharterPath, nominee, snapshot, withDayClock } from './membership.fixtures.ts';

let t: Awaited<ReturnType<typeof withDayClock<Awaited<ReturnType<typeof testApp>>>>>;
let secretariat: SignedIn;
let citizen: SignedIn;
let rep: SignedIn;
let schedule: CycleSchedule;
const A = 'ethnoCultural'; // organisations only
const B = 'civicNgo'; // also self-nominations (the default charter's switch)
const ENTROPY = 'Kazakhstan lottery draw 2026-10-16: 04 12 18 23 31 40';

before(async () => {
  // Gender exactly proportional (two and two of four seats), so a decline can leave no alternate who keeps it.
  const charter = councilCharter();
  for (const d of charter.bodies.council.selectionDimensions) if (d.id === 'gender') d.quota = { ...d.quota, slack: 0 };
  const path = councilCharterPath();
  writeFileSync(path, JSON.stringify(charter, null, 2));
  t = withDayClock(await testApp({ charterPath: path, ledgerKey: generateSigningKey().privateKeyBase64 }));
  secretariat = await signInAs(t, { roles: ['secretariat'] });
  citizen = await signInAs(t, {});
  rep = await signInAs(t, {});
});
after(async () => t?.close());

function call(method: string, url: string, who: SignedIn | null, payload?: unknown) {
  return t.app.inject({ method: method as 'POST', url, headers: who ? who.headers : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
}
async function ok(method: string, url: string, who: SignedIn | null, payload?: unknown) {
  const r = await call(method, url, who, payload);
  assert.ok(r.statusCode < 300, `${method} ${url} → ${r.statusCode} ${r.body}`);
  return r.json();
}
async function refused(method: string, url: string, who: SignedIn | null, payload: unknown, status: number, code?: string, fields?: string[]) {
  const before = await snapshot(t);
  const r = await call(method, url, who, payload);
  assert.equal(r.statusCode, status, r.body);
  assert.match(r.headers['content-type'] as string, /application\/problem\+json/);
  if (code) assert.equal(r.json().code, code, r.body);
  if (fields) assert.deepEqual(r.json().errors.map((e: { field: string }) => e.field), fields, r.body);
  assert.equal(await snapshot(t), before, `${method} ${url} changed the database`);
  return r.json();
}

const org = (i: number, block = A, over: Record<string, unknown> = {}) => ({ bin: makeBin('2003', 100 + i * 10), name: { kk: `Бірлестік ${i}`, ru: `Объединение ${i}`, en: `Association ${i}` }, region: 'KZ-75', block, ...over });
/** Block A's people: two women and five men, each with their own organisation (one member per organisation). */
const YEARS = [1955, 1970, 1985, 1998, 1962, 1978, 1992];
const people = Array.from({ length: 7 }, (_, i) => ({ iin: makeIin(`${YEARS[i]}-03-0${1 + (i % 9)}`, i < 2 ? 'female' : 'male', 500 + i), firstName: `Person${i}`, lastName: `Family${i}` }));
const orgIds: string[] = [];
const candidateIds: string[] = [];
const signedIn = new Map<string, SignedIn>();
const personOf = async (iin: string) => {
  if (!signedIn.has(iin)) signedIn.set(iin, await signInAs(t, { iin }));
  return signedIn.get(iin)!;
};

test('the secretariat registers organisations with a valid BIN and links representatives; bad input names the field', async () => {
  t.setDay('2026-08-01');
  await refused('POST', '/api/v1/council/organisations', citizen, org(0), 403);
  await refused('POST', '/api/v1/council/organisations', null, org(0), 401);
  const badBin = org(0, A, { bin: `${makeBin('2003', 100).slice(0, 11)}${(Number(makeBin('2003', 100)[11]) + 1) % 10}` });
  await refused('POST', '/api/v1/council/organisations', secretariat, badBin, 400, 'organisation-invalid', ['body.bin']);
  await refused('POST', '/api/v1/council/organisations', secretariat, org(0, A, { bin: '12345' }), 400, 'organisation-invalid', ['body.bin']);
  await refused('POST', '/api/v1/council/organisations', secretariat, org(0, 'nope', { region: 'KZ-99', name: { kk: '', ru: 'x', en: 'x' } }), 400, 'organisation-invalid', ['body.name.kk', 'body.region', 'body.block']);
  for (let i = 0; i < 8; i++) orgIds.push((await ok('POST', '/api/v1/council/organisations', secretariat, org(i))).id);
  await refused('POST', '/api/v1/council/organisations', secretariat, org(0), 409, 'organisation-bin-taken');
  const list = (await ok('GET', '/api/v1/council/organisations', null)).organisations;
  assert.equal(list.length, 8);
  assert.deepEqual(list[0].name, { kk: 'Бірлестік 0', ru: 'Объединение 0', en: 'Association 0' });
  assert.equal(list[0].representatives, undefined, 'the public list does not name representatives');

  await refused('POST', `/api/v1/council/organisations/${orgIds[0]}/representatives`, citizen, { userId: rep.user.id }, 403);
  await refused('POST', `/api/v1/council/organisations/${orgIds[0]}/representatives`, secretariat, { userId: 'no-such-user' }, 400, 'representative-unknown-user');
  for (const id of orgIds) await ok('POST', `/api/v1/council/organisations/${id}/representatives`, secretariat, { userId: rep.user.id });
  await refused('POST', `/api/v1/council/organisations/${orgIds[0]}/representatives`, secretariat, { userId: rep.user.id }, 409, 'representative-already-linked');
});

test('representatives nominate up to the limit, one nomination per person; candidates consent by signing in; self-nominations where the block allows', async () => {
  const opened = await ok('POST', '/api/v1/council/cycles', secretariat);
  schedule = opened.schedule;
  const nominate = (i: number, o = orgIds[i]!) => ({ organisationId: o, ...people[i]! });
  await refused('POST', '/api/v1/council/cycles/0/nominations', rep, nominate(0), 409, 'nominations-not-open');
  t.setDay(schedule.nominationsOpen);
  await ok('POST', '/api/v1/council/cycles/0/transitions', secretariat, { event: 'council.nominationsOpened' });

  await refused('POST', '/api/v1/council/cycles/0/nominations', citizen, nominate(0), 403, 'not-representative');
  await refused('POST', '/api/v1/council/cycles/0/nominations', rep, { ...nominate(0), iin: '123456789012' }, 400, 'candidates-invalid', ['body.iin']);
  for (let i = 0; i < 7; i++) candidateIds.push((await ok('POST', '/api/v1/council/cycles/0/nominations', rep, nominate(i))).candidate);
  // The same person again, by another organisation: refused.
  await refused('POST', '/api/v1/council/cycles/0/nominations', rep, nominate(0, orgIds[7]), 409, 'candidate-already-nominated', undefined);
  // The organisation's limit (the charter's maxPerOrganisation) counts its nominations in the cycle.
  const limit = t.ctx.charter.bodies.council.nominations.maxPerOrganisation;
  for (let i = 0; i < limit; i++) await ok('POST', '/api/v1/council/cycles/0/nominations', rep, { organisationId: orgIds[7], iin: makeIin('1980-01-01', 'male', 700 + i), firstName: 'Extra', lastName: `Nominee${i}` });
  await refused('POST', '/api/v1/council/cycles/0/nominations', rep, { organisationId: orgIds[7], iin: makeIin('1980-01-01', 'male', 800), firstName: 'One', lastName: 'Toomany' }, 400, 'candidate-organisation-limit');

  // Not consented yet: not eligible, and the reason says so.
  const listed = (await ok('GET', '/api/v1/council/cycles/0/candidates', secretariat)).candidates;
  assert.ok(listed.filter((c: { id: string }) => candidateIds.includes(c.id)).every((c: { eligible: boolean; reasons: { code: string }[] }) => !c.eligible && c.reasons.some((r) => r.code === 'noConsent')));

  // Each candidate signs in, finds their nomination, and consents.
  const first = await personOf(people[0]!.iin);
  const mine = await ok('GET', '/api/v1/council/me', first);
  assert.deepEqual(mine.nominations.map((x: { id: string }) => x.id), [candidateIds[0]]);
  await refused('POST', `/api/v1/council/nominations/${candidateIds[0]}/consent`, first, { region: 'KZ-99', declared: {}, offices: ['astronaut'], confirm: false }, 400, 'consent-invalid', ['body.region', 'body.declared.settlement', 'body.offices.0', 'body.confirm']);
  await refused('POST', `/api/v1/council/nominations/${candidateIds[0]}/consent`, citizen, { region: 'KZ-75', declared: { settlement: 'urban' }, offices: [], confirm: true }, 404);
  const regions = ['KZ-10', 'KZ-11', 'KZ-15', 'KZ-19', 'KZ-23', 'KZ-75', 'KZ-71'];
  for (let i = 0; i < 7; i++) {
    const c = await ok('POST', `/api/v1/council/nominations/${candidateIds[i]}/consent`, await personOf(people[i]!.iin), { region: regions[i], declared: { settlement: i % 3 ? 'urban' : 'rural' }, offices: [], confirm: true });
    assert.equal(c.consented, true);
    assert.equal(c.eligible, true, JSON.stringify(c.reasons));
  }
  await refused('POST', `/api/v1/council/nominations/${candidateIds[0]}/consent`, first, { region: 'KZ-75', declared: { settlement: 'urban' }, offices: [], confirm: true }, 409, 'candidate-already-consented');

  // Self-nominations: not in a block without the charter's switch; only with one's own IIN.
  const selfIin = makeIin('1985-06-06', 'female', 900);
  const self = await personOf(selfIin);
  const selfBody = { block: B, iin: selfIin, firstName: 'Self', lastName: 'Nominee', region: 'KZ-79', declared: { settlement: 'urban' }, offices: [], confirm: true };
  await refused('POST', '/api/v1/council/cycles/0/self-nominations', self, { ...selfBody, block: A }, 400, 'self-nomination-not-allowed');
  await refused('POST', '/api/v1/council/cycles/0/self-nominations', citizen, selfBody, 400, 'candidate-iin-not-yours');
  await refused('POST', '/api/v1/council/cycles/0/self-nominations', self, { ...selfBody, declared: { settlement: 'mountain' } }, 400, 'candidates-invalid', ['body.declared.settlement']);
  await ok('POST', '/api/v1/council/cycles/0/self-nominations', self, selfBody);
  // Block B's other nominees come by the secretariat's list (three women, four men).
  await ok('POST', '/api/v1/council/cycles/0/candidates', secretariat, { candidates: Array.from({ length: 7 }, (_, i) => nominee(B, 200 + i)) });

  // No raw IIN anywhere in the candidates.
  const stored = JSON.stringify(await t.ctx.db.db.selectFrom('council_candidates').selectAll().execute());
  for (const p of [...people, { iin: selfIin }]) assert.ok(!stored.includes(p.iin));

  t.setDay(schedule.nominationsClosed);
  await ok('POST', '/api/v1/council/cycles/0/transitions', secretariat, { event: 'council.nominationsClosed' });
  await refused('POST', '/api/v1/council/cycles/0/nominations', rep, { organisationId: orgIds[7], iin: makeIin('1980-01-01', 'male', 850), firstName: 'Late', lastName: 'Nominee' }, 409, 'nominations-not-open');
  await refused('POST', '/api/v1/council/cycles/0/self-nominations', citizen, { ...selfBody, iin: makeIin('1985-06-06', 'female', 901) }, 409, 'nominations-not-open');
});

let womanRow: { id: string; seat_id: string };
let vacancyDecline: { replacement: { kind: string } };
let selections: { id: string; block: string; status: string; answer: string | null; confirmBy: string; seat: string }[];

test('the drawn answer by their deadline; a decline calls the next alternate who keeps the quotas', async () => {
  t.setDay(schedule.committed);
  await ok('POST', '/api/v1/council/cycles/0/commit', secretariat, { entropySources: ['Kazakhstan lottery draw of 2026-10-16'] });
  t.setDay(schedule.drawn);
  await ok('POST', '/api/v1/council/cycles/0/reveal', secretariat, { entropy: ENTROPY });
  selections = (await ok('GET', '/api/v1/council/cycles/0/selections', secretariat)).selections;
  assert.equal(selections.length, 8);
  for (const s of selections) assert.equal(s.confirmBy, schedule.confirmationDeadline);
  await refused('GET', '/api/v1/council/cycles/0/selections', citizen, undefined, 403);
  await refused('POST', '/api/v1/council/cycles/0/transitions', secretariat, { event: 'council.confirmationsClosed' }, 409, 'confirmations-pending');

  // Block A: both women had to be drawn (gender two and two); the men are drawn by lot.
  const inA = selections.filter((s) => s.block === A);
  const drawnA = await t.ctx.db.db.selectFrom('council_members').select(['id', 'person_id', 'features']).where('block_id', '=', A).execute();
  const women = drawnA.filter((m) => JSON.parse(m.features).gender === 'female');
  assert.equal(women.length, 2);

  // The candidate answers for themselves: someone else cannot, a bad answer is named.
  const mineAt = async (iin: string) => (await ok('GET', '/api/v1/council/me', await personOf(iin))).selections;
  const menA = inA.filter((s) => !women.some((w) => w.id === s.id));
  // Every man of block A accepts through the API as himself.
  for (const p of people.slice(2)) {
    const sel = await mineAt(p.iin);
    if (sel.length === 0) continue;
    await refused('POST', `/api/v1/council/selections/${sel[0].id}/answer`, citizen, { answer: 'accepted' }, 404);
    await refused('POST', `/api/v1/council/selections/${sel[0].id}/answer`, await personOf(p.iin), { answer: 'maybe' }, 400, 'confirmation-answer-invalid');
    await ok('POST', `/api/v1/council/selections/${sel[0].id}/answer`, await personOf(p.iin), { answer: 'accepted' });
    await refused('POST', `/api/v1/council/selections/${sel[0].id}/answer`, await personOf(p.iin), { answer: 'declined' }, 409, 'confirmation-already-answered');
  }
  assert.equal(menA.length, 2);

  // Block B: one member declines; the alternate called takes the same seat and has their own answer date.
  const inB = selections.filter((s) => s.block === B);
  const decliner = inB[0]!;
  const r = await ok('POST', `/api/v1/council/members/${decliner.id}/confirmation`, secretariat, { answer: 'declined' });
  assert.equal(r.replacement.kind, 'alternate');
  const called = (await ok('GET', '/api/v1/council/cycles/0/selections', secretariat)).selections.find((s: { id: string }) => s.id === r.replacement.member);
  assert.equal(called.seat, decliner.seat);
  assert.equal(called.replaces, decliner.id);
  // The charter's working days from the day they are called.
  assert.equal(called.confirmBy, createCalendar(t.ctx.charter.calendar, t.ctx.charter.timeZone).addWorkingDays(schedule.drawn, t.ctx.charter.bodies.council.cycle.confirmationWorkingDays));
  for (const s of inB.slice(1)) await ok('POST', `/api/v1/council/members/${s.id}/confirmation`, secretariat, { answer: 'accepted' });

  // Block A: one woman accepts, the other declines (test below: no alternate keeps the gender quota).
  const [w1, w2] = (await t.ctx.db.db.selectFrom('council_members').selectAll().where('block_id', '=', A).where('status', '=', 'selected').execute()).filter((m) => JSON.parse(m.features).gender === 'female');
  await ok('POST', `/api/v1/council/members/${w2!.id}/confirmation`, secretariat, { answer: 'accepted' });
  womanRow = w1!;
  vacancyDecline = await ok('POST', `/api/v1/council/members/${womanRow.id}/confirmation`, secretariat, { answer: 'declined' });

  // Silence is a decline: past the called alternate's date an answer is refused, and the sweep declines and calls the next.
  t.setDay(addDays(called.confirmBy, 1));
  await refused('POST', `/api/v1/council/members/${called.id}/confirmation`, secretariat, { answer: 'accepted' }, 409, 'confirmation-past-deadline');
  await membershipService(t.ctx).sweep();
  const after = (await ok('GET', '/api/v1/council/cycles/0/selections', secretariat)).selections;
  assert.equal(after.find((s: { id: string }) => s.id === called.id).status, 'declined');
  const next = after.find((s: { replaces: string | null }) => s.replaces === called.id);
  assert.ok(next, 'the next alternate was called');
  assert.equal(next.seat, decliner.seat);
  const kinds = (await t.ctx.db.db.selectFrom('outbox').select(['kind', 'payload']).where('kind', 'like', 'council.%').execute());
  assert.ok(kinds.some((k) => k.kind === 'council.selectionDeclined' && JSON.parse(k.payload).by === 'silence'));
  await ok('POST', `/api/v1/council/members/${next.id}/confirmation`, secretariat, { answer: 'accepted' });
});

test('a decline no alternate can fill opens a vacancy, filled by a replacement draw through the same ceremony', async () => {
  const r = vacancyDecline;
  // Every alternate of block A is a man: each would break the gender quota.
  assert.equal(r.replacement.kind, 'replacementDraw');
  const { vacancies } = await ok('GET', '/api/v1/council/vacancies', secretariat);
  assert.equal(vacancies.length, 1);
  const v = vacancies[0];
  assert.equal(v.status, 'open');
  assert.equal(v.seat, womanRow.seat_id);
  assert.equal(v.poolSize, 3);
  const opened = (await t.ctx.db.db.selectFrom('outbox').select('payload').where('kind', '=', 'council.vacancyOpened').execute()).map((e) => JSON.parse(e.payload));
  assert.deepEqual(opened[0].relaxed.map((x: { value: string; bound: string }) => `${x.value}.${x.bound}`).sort(), ['female.min', 'male.max']);

  await refused('POST', `/api/v1/council/vacancies/${v.id}/commit`, citizen, { entropySources: ['x'], entropyAfter: '2030-01-01T00:00:00Z' }, 403);
  await refused('POST', `/api/v1/council/vacancies/${v.id}/commit`, secretariat, { entropySources: ['Lotto'], entropyAfter: '2020-01-01T00:00:00Z' }, 422, 'entropy-after-past');
  await refused('POST', `/api/v1/council/vacancies/${v.id}/reveal`, secretariat, { entropy: 'x' }, 409, 'vacancy-wrong-stage');
  const sourcesDay = addDays(t.ctx.now!().toISOString().slice(0, 10), 3);
  const c = await ok('POST', `/api/v1/council/vacancies/${v.id}/commit`, secretariat, { entropySources: [`Kazakhstan lottery draw of ${sourcesDay}`], entropyAfter: `${sourcesDay}T00:00:00Z` });
  await refused('POST', `/api/v1/council/vacancies/${v.id}/commit`, secretariat, { entropySources: ['again'], entropyAfter: `${sourcesDay}T00:00:00Z` }, 409, 'vacancy-wrong-stage');
  await refused('POST', `/api/v1/council/vacancies/${v.id}/reveal`, secretariat, { entropy: 'too early' }, 409, 'entropy-not-yet');
  t.setDay(addDays(sourcesDay, 1));
  const entropy = `Kazakhstan lottery draw ${sourcesDay}: 07 11 19 24 36 42`;
  const filled = await ok('POST', `/api/v1/council/vacancies/${v.id}/reveal`, secretariat, { entropy });
  await refused('POST', `/api/v1/council/vacancies/${v.id}/reveal`, secretariat, { entropy }, 409, 'vacancy-wrong-stage');
  // The one drawn is called for the seat, chosen by the public ceremony's run.
  const member = await t.ctx.db.db.selectFrom('council_members').selectAll().where('id', '=', filled.member).executeTakeFirstOrThrow();
  assert.equal(member.seat_id, womanRow.seat_id);
  assert.equal(member.source_run_id, c.runId);
  assert.equal(member.status, 'selected');
  const run = await ok('GET', `/api/v1/sortition/draws/${c.runId}`, null);
  assert.equal(run.stage, 'drawn');
  assert.equal(run.report.draw.members.length, 1);
  await ok('POST', `/api/v1/council/members/${member.id}/confirmation`, secretariat, { answer: 'accepted' });
  // The last selected woman accepts; every selection is answered, and the cycle closes its confirmations.
  for (const s of (await ok('GET', '/api/v1/council/cycles/0/selections', secretariat)).selections) if (s.status === 'selected' && s.answer === null) await ok('POST', `/api/v1/council/members/${s.id}/confirmation`, secretariat, { answer: 'accepted' });
  // The clock closed the confirmations at the deadline (silence counted as declines).
  assert.equal((await ok('GET', '/api/v1/council/cycles/0', null)).status, 'confirmed');
  t.setDay(schedule.termStart);
  await membershipService(t.ctx).sweep();
  const members = (await ok('GET', '/api/v1/council/members', null)).members;
  assert.equal(members.length, 8);
  assert.ok(members.some((m: { id: string }) => m.id === member.id));
  for (const kind of ['council.organisationRegistered', 'council.representativeLinked', 'council.candidateNominated', 'council.candidateConsented', 'council.candidateSelfNominated', 'council.selectionAccepted', 'council.selectionDeclined', 'council.alternateCalled', 'council.vacancyOpened', 'council.replacementCommitted', 'council.replacementDrawn']) {
    assert.ok((await t.ctx.db.db.selectFrom('outbox').select('kind').where('kind', '=', kind).execute()).length > 0, kind);
  }
});

test('a departure during the term needs a known reason and is replaced for the rest of the term', async () => {
  const [m] = (await ok('GET', '/api/v1/council/members', null)).members;
  await refused('POST', `/api/v1/council/members/${m.id}/departure`, secretariat, { on: schedule.termStart, reason: 'bored' }, 400, 'departure-reason-unknown');
  const r = await ok('POST', `/api/v1/council/members/${m.id}/departure`, secretariat, { on: schedule.termStart, reason: 'died' });
  assert.ok(['alternate', 'replacementDraw', 'none'].includes(r.replacement.kind));
  const left = await t.ctx.db.db.selectFrom('council_members').selectAll().where('id', '=', m.id).executeTakeFirstOrThrow();
  assert.equal(left.left_reason, 'died');
});
