// The Council at work through the API (ADR 0901, 0902), on the eight-seat charter of the membership
// tests: a session planned and convened with its notice, a succeeded proposal queued by its event,
// members' motions with their co-sponsors and an amendment, attendance and quorum, four roll-call
// votes (one fails its majority, one with a recusal), the live board, decisions and their tracks (the
// recommendation on the response clock), the Kurultai's own initiatives, minutes approved at the next
// session; and every refusal of the list with nothing changed.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { addDays } from '../../src/core/isoDate.ts';
import { drainPetitionAgenda } from '../../src/modules/council/api.ts';
import { councilService } from '../../src/modules/council/service.ts';
import { drainCouncilItems } from '../../src/modules/responses/api.ts';
import { type CouncilWorld, councilWorld, type Member, proposalSucceeded } from './council.fixtures.ts';

let w: CouncilWorld;
let m: Member[];
let D0: string;
let S: string;
let s1: string;
const ids: Record<string, string> = {};

before(async () => {
  w = await councilWorld();
  m = w.members;
  D0 = w.schedule.termStart;
  S = councilService(w.t.ctx).calendar.addWorkingDays(D0, w.t.ctx.charter.councilWork.notice.regular);
});
after(async () => w?.t.close());

const others = (mover: Member, n: number) => m.filter((x) => x.id !== mover.id).slice(0, n).map((x) => x.id);
const outboxKinds = async () => (await w.t.ctx.db.db.selectFrom('outbox').select('kind').execute()).map((r) => r.kind);

test('sessions and agenda: planned and convened with notice, a succeeded proposal queued by its event, motions with co-sponsors, an amendment', async () => {
  const { ok, refused, secretariat, chair, citizen, outsider } = w;
  assert.equal(m.length, 8);
  w.t.setDay(D0);
  const plan = { kind: 'regular', date: S, place: 'Astana' };
  await refused('POST', '/api/v1/council/sessions', null, plan, 401);
  await refused('POST', '/api/v1/council/sessions', citizen, plan, 403, 'forbidden-role');
  // A secretariat action by another role: a member may not plan a session.
  await refused('POST', '/api/v1/council/sessions', m[0]!.who, plan, 403, 'forbidden-role');
  const past = await refused('POST', '/api/v1/council/sessions', secretariat, { ...plan, date: addDays(D0, -1) }, 400, 'date-in-past');
  assert.equal(past.errors[0].field, 'date');
  const planned = await ok('POST', '/api/v1/council/sessions', secretariat, plan);
  assert.equal(planned.state, 'planned');
  assert.equal(planned.number, 1);
  s1 = planned.id;

  // An extraordinary session three working days' notice: two is too short, and says the earliest date.
  const tooSoon = await ok('POST', '/api/v1/council/sessions', secretariat, { kind: 'extraordinary', date: addDays(D0, 1), place: 'Astana' });
  const notice = await refused('POST', `/api/v1/council/sessions/${tooSoon.id}/convene`, chair, {}, 400, 'notice-too-short');
  assert.match(notice.detail, /3 working days/);
  await refused('POST', `/api/v1/council/sessions/${tooSoon.id}/convene`, m[0]!.who, {}, 403, 'forbidden-role');
  assert.equal((await ok('POST', `/api/v1/council/sessions/${tooSoon.id}/cancel`, chair, {})).state, 'cancelled');
  await refused('POST', `/api/v1/council/sessions/${tooSoon.id}/open`, chair, {}, 409, 'session-not-convened');

  // A citizens' petition succeeded: its event queues it on the planned session, with the Council's clock.
  await proposalSucceeded(w.t, 'p-air', 'petition', 'Clean air for Almaty', `${D0}T05:00:00.000Z`);
  assert.equal(await drainPetitionAgenda(w.t.ctx), 1);
  assert.equal(await drainPetitionAgenda(w.t.ctx), 0);
  let session = await ok('GET', `/api/v1/council/sessions/${s1}`, null);
  const petition = session.agenda.find((i: { kind: string }) => i.kind === 'petition');
  assert.equal(petition.title, 'Clean air for Almaty');
  assert.equal(petition.decisionKind, 'legislativeInitiative');
  assert.equal(petition.clock.dueDate, councilService(w.t.ctx).calendar.addWorkingDays(D0, 30));
  assert.equal(petition.clock.state, 'placed_on_time');
  ids.petition = petition.id;

  // Motions: the charter's co-sponsors (seven for a draft law in this eight-seat charter).
  const need = w.t.ctx.charter.councilWork.motions.coSponsors;
  const law = { motionKind: 'legislativeInitiative', title: 'Draft law on open budgets', text: 'Article 1. Budgets are published.', lang: 'en' };
  const few = await refused('POST', `/api/v1/council/sessions/${s1}/motions`, m[0]!.who, { ...law, coSponsorIds: others(m[0]!, need.legislativeInitiative - 1) }, 400, 'too-few-co-sponsors');
  assert.equal(few.errors[0].field, 'coSponsorIds');
  await refused('POST', `/api/v1/council/sessions/${s1}/motions`, m[0]!.who, { ...law, coSponsorIds: [m[0]!.id, ...others(m[0]!, need.legislativeInitiative - 1)] }, 400, 'mover-as-co-sponsor');
  await refused('POST', `/api/v1/council/sessions/${s1}/motions`, outsider, { ...law, coSponsorIds: others(m[0]!, need.legislativeInitiative) }, 403, 'not-a-member');
  await refused('POST', `/api/v1/council/sessions/${s1}/motions`, citizen, { ...law, coSponsorIds: others(m[0]!, need.legislativeInitiative) }, 403, 'forbidden-role');
  const filed = await ok('POST', `/api/v1/council/sessions/${s1}/motions`, m[0]!.who, { ...law, coSponsorIds: others(m[0]!, need.legislativeInitiative) });
  assert.deepEqual(filed.sponsors, { moverId: m[0]!.id, coSponsorIds: others(m[0]!, need.legislativeInitiative), confirmedIds: [] });
  assert.equal(filed.version, 1);
  ids.law = filed.id;

  // A referendum proposal on a subject the charter excludes is refused before any vote, naming it.
  const referendum = { motionKind: 'referendumProposal', title: 'Referendum on elected akims', text: 'Do you agree that akims are elected?', coSponsorIds: others(m[1]!, need.referendumProposal) };
  const excluded = await refused('POST', `/api/v1/council/sessions/${s1}/motions`, m[1]!.who, { ...referendum, subjects: ['localGovernment', 'budgetAndTaxes'] }, 400, 'excluded-subject');
  assert.equal(excluded.errors[0].field, 'subjects.1');
  ids.referendum = (await ok('POST', `/api/v1/council/sessions/${s1}/motions`, m[1]!.who, { ...referendum, subjects: ['localGovernment'] })).id;
  ids.recommendation = (
    await ok('POST', `/api/v1/council/sessions/${s1}/motions`, m[2]!.who, { motionKind: 'recommendation', title: 'Publish clinic waiting times', text: 'The Council recommends publishing them.', lang: 'en', coSponsorIds: others(m[2]!, need.recommendation) })
  ).id;

  // An amendment with its co-sponsors; the text keeps its versions.
  const amended = 'Article 1. Budgets are published.\nArticle 2. Hearings are held.';
  await refused('POST', `/api/v1/council/items/${ids.law}/amendments`, m[3]!.who, { text: amended, coSponsorIds: others(m[3]!, 1) }, 400, 'too-few-co-sponsors');
  await refused('POST', `/api/v1/council/items/${ids.law}/amendments`, m[3]!.who, { text: law.text, coSponsorIds: others(m[3]!, 2) }, 400, 'amendment-unchanged');
  const a = await ok('POST', `/api/v1/council/items/${ids.law}/amendments`, m[3]!.who, { text: amended, coSponsorIds: others(m[3]!, 2) });
  assert.equal(a.number, 1);
  ids.amendment = a.amendmentId;

  // Named co-sponsors confirm as themselves (ADR 0905): only the confirmed ones count.
  const whoOf = (id: string) => m.find((x) => x.id === id)!.who;
  const confirm = (path: string, id: string) => ok('POST', `/api/v1/council/${path}/co-sponsorship`, whoOf(id), {});
  const lawCo = others(m[0]!, need.legislativeInitiative);
  const notNamed = await refused('POST', `/api/v1/council/items/${ids.law}/co-sponsorship`, m[0]!.who, {}, 403, 'not-named-co-sponsor');
  assert.equal(notNamed.errors[0].field, 'memberId');
  await refused('POST', `/api/v1/council/items/${ids.law}/co-sponsorship`, outsider, {}, 403, 'not-a-member');
  await refused('POST', `/api/v1/council/items/${ids.law}/co-sponsorship`, citizen, {}, 403, 'forbidden-role');
  await refused('POST', `/api/v1/council/items/${ids.petition}/co-sponsorship`, m[1]!.who, {}, 400, 'no-co-sponsors');
  const first = await confirm(`items/${ids.law}`, lawCo[0]!);
  assert.deepEqual([first.itemId, first.amendmentId, first.memberId, first.confirmed, first.need], [ids.law, null, lawCo[0], 1, need.legislativeInitiative]);
  await refused('POST', `/api/v1/council/items/${ids.law}/co-sponsorship`, whoOf(lawCo[0]!), {}, 409, 'co-sponsorship-confirmed');
  for (const id of lawCo.slice(1)) await confirm(`items/${ids.law}`, id);
  for (const id of others(m[1]!, need.referendumProposal)) await confirm(`items/${ids.referendum}`, id);
  // The recommendation's first co-sponsor confirms only on the sitting day (its vote waits for it).
  for (const id of others(m[2]!, need.recommendation).slice(1)) await confirm(`items/${ids.recommendation}`, id);
  await refused('POST', `/api/v1/council/amendments/${ids.amendment}/co-sponsorship`, m[3]!.who, {}, 403, 'not-named-co-sponsor');
  for (const id of others(m[3]!, 2)) assert.equal((await confirm(`amendments/${ids.amendment}`, id)).amendmentId, ids.amendment);
  const lawView = await ok('GET', `/api/v1/council/items/${ids.law}`, null);
  assert.deepEqual(lawView.sponsors.confirmedIds, lawCo);
  assert.deepEqual(lawView.amendments[0].confirmedIds, others(m[3]!, 2));
  assert.deepEqual((await ok('GET', `/api/v1/council/items/${ids.recommendation}`, null)).sponsors.confirmedIds, others(m[2]!, need.recommendation).slice(1));
  assert.equal((await outboxKinds()).filter((k: string) => k === 'council-co-sponsorship.confirmed').length, lawCo.length + need.referendumProposal + need.recommendation - 1 + 2);

  const convened = await ok('POST', `/api/v1/council/sessions/${s1}/convene`, chair, {});
  assert.equal(convened.state, 'convened');
  assert.equal(convened.convenedOn, D0);
  // Citizens' proposal first, then members' motions by filing.
  assert.deepEqual(convened.agenda.map((i: { kind: string; position: number }) => [i.position, i.kind]), [[1, 'petition'], [2, 'motion'], [3, 'motion'], [4, 'motion']]);
  assert.ok((await outboxKinds()).includes('council-agenda.published'));
  session = await ok('GET', '/api/v1/council/sessions', null);
  assert.equal(session.sessions.find((s: { id: string }) => s.id === s1).agenda.length, 4);

  // The last member leaves the day before the sitting; the first alternate takes the seat on the day.
  const left = await ok('POST', `/api/v1/council/members/${m[7]!.id}/departure`, secretariat, { on: addDays(S, -1), reason: 'resigned' });
  // The called alternate sits once they accept (membership: confirmations).
  await ok('POST', `/api/v1/council/members/${left.replacement.member}/confirmation`, secretariat, { answer: 'accepted' });
});

let alternate: Member;
test('attendance, quorum and roll-call votes: refusals, ballots changed and recused, the majority’s arithmetic, the live board', async () => {
  const { ok, refused, call, secretariat, chair, outsider } = w;
  w.t.setDay(S);
  const onDay = (await ok('GET', `/api/v1/council/members?date=${S}`, null)).members as { id: string; name: string; block: string }[];
  const alt = onDay.find((x) => !m.some((y) => y.id === x.id))!;
  alternate = { ...alt, who: await w.signInMember(alt.id) };
  assert.equal(onDay.length, 8);

  await refused('POST', `/api/v1/council/sessions/${s1}/votes`, chair, { itemId: ids.law }, 409, 'session-not-sitting');
  await ok('POST', `/api/v1/council/sessions/${s1}/open`, chair, {});
  for (const x of m.slice(0, 5)) await ok('POST', `/api/v1/council/sessions/${s1}/attendance`, x.who, {});
  await refused('POST', `/api/v1/council/sessions/${s1}/attendance`, m[0]!.who, {}, 409, 'already-registered');
  // A member whose term ended (left yesterday) cannot register, nor can someone without a seat.
  await refused('POST', `/api/v1/council/sessions/${s1}/attendance`, m[7]!.who, {}, 403, 'not-sitting');
  await refused('POST', `/api/v1/council/sessions/${s1}/attendance`, outsider, {}, 403, 'not-a-member');
  let attendance = await ok('GET', `/api/v1/council/sessions/${s1}/attendance`, null);
  assert.deepEqual([attendance.sitting, attendance.quorum.present, attendance.quorum.needed, attendance.quorum.met], [8, 5, 6, false]);

  // No vote opens without quorum.
  const noQuorum = await refused('POST', `/api/v1/council/sessions/${s1}/votes`, chair, { itemId: ids.law, amendmentId: ids.amendment }, 409, 'no-quorum');
  assert.match(noQuorum.detail, /5 present of 8 sitting, 6 needed/);
  // The secretariat registers a member who is in the hall.
  await ok('POST', `/api/v1/council/sessions/${s1}/attendance`, secretariat, { memberId: m[5]!.id });
  attendance = await ok('GET', `/api/v1/council/sessions/${s1}/attendance`, null);
  assert.equal(attendance.quorum.met, true);

  // The citizens' petition: a tie is not a majority; the proposal learns its fate by an event.
  const v0 = await ok('POST', `/api/v1/council/sessions/${s1}/votes`, chair, { itemId: ids.petition });
  for (const [i, x] of m.slice(0, 6).entries()) await ok('POST', `/api/v1/council/votes/${v0.id}/ballot`, x.who, { choice: i < 3 ? 'yes' : 'no' });
  const closed0 = await ok('POST', `/api/v1/council/votes/${v0.id}/close`, chair, {});
  assert.deepEqual([closed0.outcome, closed0.code, closed0.tie], ['rejected', 'tied', true]);
  await refused('POST', `/api/v1/council/sessions/${s1}/votes`, chair, { itemId: ids.petition }, 409, 'item-decided');

  // The draft law cannot be put while its amendment waits; the amendment first (procedural majority).
  await refused('POST', `/api/v1/council/sessions/${s1}/votes`, chair, { itemId: ids.law }, 409, 'amendments-pending');
  const v1 = await ok('POST', `/api/v1/council/sessions/${s1}/votes`, chair, { itemId: ids.law, amendmentId: ids.amendment });
  assert.equal(v1.decisionKind, 'procedural');
  assert.equal(v1.state, 'open');
  const ballot = (voteId: string) => `/api/v1/council/votes/${voteId}/ballot`;
  await refused('POST', ballot(v1.id), outsider, { choice: 'yes' }, 403, 'not-a-member');
  await refused('POST', ballot(v1.id), m[7]!.who, { choice: 'yes' }, 403, 'not-sitting');
  await refused('POST', ballot(v1.id), alternate.who, { choice: 'yes' }, 409, 'not-present');
  await refused('POST', ballot(v1.id), secretariat, { choice: 'yes' }, 403, 'forbidden-role');
  await refused('POST', ballot(v1.id), m[0]!.who, { choice: 'maybe' }, 400);
  for (const x of m.slice(0, 5)) assert.equal((await ok('POST', ballot(v1.id), x.who, { choice: 'yes' })).choice, 'yes');
  await ok('POST', ballot(v1.id), m[5]!.who, { choice: 'no' });
  // A second vote is refused; the member changes it instead.
  await refused('POST', ballot(v1.id), m[0]!.who, { choice: 'no' }, 409, 'already-voted');
  const changed = await ok('PUT', ballot(v1.id), m[5]!.who, { choice: 'yes' });
  assert.equal(changed.changes, 1);
  await refused('POST', `/api/v1/council/votes/${v1.id}/close`, m[0]!.who, {}, 403, 'forbidden-role');
  const closed1 = await ok('POST', `/api/v1/council/votes/${v1.id}/close`, chair, {});
  assert.equal(closed1.outcome, 'adopted');
  assert.equal(closed1.counts.yes, 6);
  // A vote after close, and a second close, are refused.
  await refused('POST', ballot(v1.id), m[6]!.who, { choice: 'yes' }, 409, 'vote-closed');
  await refused('PUT', ballot(v1.id), m[0]!.who, { choice: 'no' }, 409, 'vote-closed');
  await refused('POST', `/api/v1/council/votes/${v1.id}/close`, chair, {}, 409, 'vote-closed');
  const item = await ok('GET', `/api/v1/council/items/${ids.law}`, null);
  assert.deepEqual(item.versions.map((v: { version: number; origin: string }) => [v.version, v.origin]), [[1, 'filed'], [2, 'amendment']]);
  assert.equal(item.amendments[0].status, 'adopted');

  // The draft law: more than half of the sitting members (8): five yes.
  const v2 = await ok('POST', `/api/v1/council/sessions/${s1}/votes`, chair, { itemId: ids.law });
  await refused('POST', `/api/v1/council/sessions/${s1}/votes`, chair, { itemId: ids.recommendation }, 409, 'vote-already-open');
  await refused('POST', `/api/v1/council/sessions/${s1}/close`, chair, {}, 409, 'vote-open');
  for (const x of m.slice(0, 5)) await ok('POST', ballot(v2.id), x.who, { choice: 'yes' });
  await ok('POST', ballot(v2.id), m[5]!.who, { choice: 'abstain' });
  const closed2 = await ok('POST', `/api/v1/council/votes/${v2.id}/close`, secretariat, {});
  assert.equal(closed2.outcome, 'adopted');
  assert.equal(closed2.majority.formula, 'yes 5 > 1/2 × 8 = 4');
  assert.equal(closed2.majority.threshold, 5);

  // The referendum proposal: at least two thirds of the sitting members (6 of 8); one recusal with its reason; it fails.
  const v3 = await ok('POST', `/api/v1/council/sessions/${s1}/votes`, chair, { itemId: ids.referendum });
  await refused('POST', `/api/v1/council/votes/${v3.id}/recusal`, m[0]!.who, { reason: '' }, 400);
  await refused('POST', `/api/v1/council/votes/${v3.id}/recusal`, m[0]!.who, { reason: '   ' }, 400, 'recusal-reason-required');
  await ok('POST', ballot(v3.id), m[0]!.who, { choice: 'yes' });
  await ok('POST', `/api/v1/council/votes/${v3.id}/recusal`, m[0]!.who, { reason: 'My sister stands for akim' });
  await refused('PUT', ballot(v3.id), m[0]!.who, { choice: 'yes' }, 409, 'recusal-final');
  for (const x of m.slice(1, 5)) await ok('POST', ballot(v3.id), x.who, { choice: 'yes' });
  await ok('POST', ballot(v3.id), m[5]!.who, { choice: 'no' });
  const closed3 = await ok('POST', `/api/v1/council/votes/${v3.id}/close`, chair, {});
  assert.deepEqual([closed3.outcome, closed3.code], ['rejected', 'short-of-majority']);
  assert.equal(closed3.majority.formula, 'yes 4 ≥ 2/3 × 8 = 5 1/3');
  const roll = (await ok('GET', `/api/v1/council/votes/${v3.id}`, null)).rollCall as { memberId: string; choice: string; reason: string | null; changes: number }[];
  assert.equal(roll.length, 8);
  assert.deepEqual(roll.find((r) => r.memberId === m[0]!.id), { ...roll.find((r) => r.memberId === m[0]!.id)!, choice: 'recused', reason: 'My sister stands for akim', changes: 1 });
  assert.equal(roll.find((r) => r.memberId === alternate.id)!.choice, 'absent');
  assert.equal(roll.filter((r) => r.choice === 'absent').length, 2);

  // The recommendation, with the live board following it over server-sent events.
  // One co-sponsor short of confirmed: the vote does not open until they confirm themselves.
  const unconfirmed = await refused('POST', `/api/v1/council/sessions/${s1}/votes`, chair, { itemId: ids.recommendation }, 409, 'co-sponsors-unconfirmed');
  const needRec = w.t.ctx.charter.councilWork.motions.coSponsors.recommendation;
  assert.equal(unconfirmed.errors[0].field, 'itemId');
  assert.match(unconfirmed.detail, new RegExp(`itemId: ${needRec - 1} co-sponsors have confirmed; the charter asks for ${needRec}`));
  const lastCo = m.find((x) => x.id === others(m[2]!, needRec)[0])!;
  assert.equal((await ok('POST', `/api/v1/council/items/${ids.recommendation}/co-sponsorship`, lastCo.who, {})).confirmed, needRec);
  const v4 = await ok('POST', `/api/v1/council/sessions/${s1}/votes`, chair, { itemId: ids.recommendation });
  const board = await liveBoard(v4.id);
  // A crowd larger than one slice of the fan-out (the board writes to 100 viewers, then yields).
  const crowd = await Promise.all(Array.from({ length: 250 }, () => liveBoard(v4.id)));
  try {
    assert.equal((await board.next()).counts.yes, 0);
    await ok('POST', ballot(v4.id), m[0]!.who, { choice: 'yes' });
    const after1 = await board.next();
    assert.equal(after1.counts.yes, 1);
    assert.equal(after1.state, 'open');
    for (const x of m.slice(1, 4)) await ok('POST', ballot(v4.id), x.who, { choice: 'yes' });
    await ok('POST', ballot(v4.id), m[4]!.who, { choice: 'no' });
    await ok('POST', ballot(v4.id), m[5]!.who, { choice: 'abstain' });
    const closed4 = await ok('POST', `/api/v1/council/votes/${v4.id}/close`, chair, {});
    assert.equal(closed4.majority.formula, 'yes 4 > 1/2 × 6 = 3');
    let last = await board.next();
    while (last.state !== 'closed') last = await board.next();
    assert.deepEqual([last.outcome, last.counts.yes, last.counts.no, last.counts.abstain], ['adopted', 4, 1, 1]);
    // Every viewer of the crowd ends on the closed board, and none was sent an older count after a newer one.
    for (const viewer of crowd) {
      const seen = [await viewer.next()];
      while (seen.at(-1).state !== 'closed') seen.push(await viewer.next());
      const cast = seen.map((e) => e.counts.yes + e.counts.no + e.counts.abstain);
      assert.deepEqual(cast, [...cast].sort((a, b) => a - b));
      assert.deepEqual(seen.at(-1).counts, last.counts);
    }
  } finally {
    board.close();
    for (const viewer of crowd) viewer.close();
  }
  await refused('GET', '/api/v1/council/votes/nope/events', null, undefined, 404);

  // A member who leaves the sitting is no longer present.
  await ok('POST', `/api/v1/council/sessions/${s1}/attendance/leave`, m[5]!.who, {});
  attendance = await ok('GET', `/api/v1/council/sessions/${s1}/attendance`, null);
  assert.equal(attendance.quorum.present, 5);
  assert.equal((await ok('POST', `/api/v1/council/sessions/${s1}/close`, chair, {})).state, 'closed');
  const after = await call('GET', `/api/v1/council/sessions/${s1}`, null);
  assert.equal(after.json().votes.length, 5);
});

test('decisions and their tracks: the Kurultai’s stages in order, the recommendation on the response clock, the Kurultai’s own initiatives', async () => {
  const { ok, refused, secretariat, chair } = w;
  assert.equal(await drainCouncilItems(w.t.ctx), 1);
  assert.equal(await drainCouncilItems(w.t.ctx), 0);
  const { decisions } = await ok('GET', '/api/v1/council/decisions', null);
  assert.deepEqual(decisions.map((d: { kind: string }) => d.kind).sort(), ['legislativeInitiative', 'recommendation']);
  const rec = decisions.find((d: { kind: string }) => d.kind === 'recommendation');
  assert.deepEqual([rec.track.kind, rec.track.sourceRef, rec.track.item.status, rec.track.item.receivedOn], ['response', `decision/${rec.id}`, 'received', S]);
  const responseItem = await ok('GET', `/api/v1/responses/items/${rec.track.item.id}`, null);
  assert.equal(responseItem.title, 'Publish clinic waiting times');
  const law = decisions.find((d: { kind: string }) => d.kind === 'legislativeInitiative');
  assert.deepEqual([law.track.body, law.track.stage, law.track.startedOn], ['council', 'sent', S]);
  assert.equal((await ok('GET', `/api/v1/council/items/${ids.referendum}`, null)).status, 'rejected');
  assert.equal((await ok('GET', '/api/v1/council/decisions?kind=recommendation', null)).decisions.length, 1);

  const steps = `/api/v1/initiatives/${law.track.id}/steps`;
  w.t.setDay(addDays(S, 4));
  await refused('POST', steps, secretariat, { event: 'initiative.reading', on: addDays(S, 2) }, 409, 'step-out-of-order');
  await refused('POST', steps, chair, { event: 'initiative.registered', on: addDays(S, 2) }, 403, 'forbidden-role');
  await refused('POST', steps, secretariat, { event: 'initiative.registered', on: addDays(S, -1) }, 400, 'step-before-previous');
  await refused('POST', steps, secretariat, { event: 'initiative.registered', on: addDays(S, 9) }, 400, 'date-in-future');
  await refused('POST', steps, secretariat, { event: 'referendum-proposal.called', on: addDays(S, 2) }, 400, 'unknown-step');
  const registered = await ok('POST', steps, secretariat, { event: 'initiative.registered', on: addDays(S, 2), documentUrl: 'https://example.org/bill-1.pdf' });
  assert.equal(registered.stage, 'registered');
  assert.deepEqual(registered.steps.map((s: { stage: string }) => s.stage), ['sent', 'registered']);
  assert.equal(registered.stageTimes[0].calendarDays, 2);
  assert.equal(registered.stageTimes[1].to, null);

  // The Kurultai's own referendum proposal: called only with a date after the decision.
  const own = await ok('POST', '/api/v1/initiatives', secretariat, { kind: 'referendumProposal', title: 'Referendum on the Aral Sea region', on: addDays(S, 1) });
  assert.deepEqual([own.body, own.stage], ['kurultai', 'sent']);
  await refused('POST', `/api/v1/initiatives/${own.id}/steps`, secretariat, { event: 'referendum-proposal.called', on: addDays(S, 3) }, 400, 'referendum-date-required');
  const called = await ok('POST', `/api/v1/initiatives/${own.id}/steps`, secretariat, { event: 'referendum-proposal.called', on: addDays(S, 3), referendumDate: '2027-03-15' });
  assert.deepEqual([called.stage, called.referendumDate], ['called', '2027-03-15']);
  const bill = await ok('POST', '/api/v1/initiatives', secretariat, { kind: 'legislativeInitiative', title: 'Bill on archives', on: addDays(S, 1), reference: 'Bill 3-VIII' });
  assert.equal(bill.stage, 'registered');
  await refused('POST', '/api/v1/initiatives', m[0]!.who, { kind: 'legislativeInitiative', title: 'x', on: S }, 403, 'forbidden-role');
  const both = (await ok('GET', '/api/v1/initiatives', null)).initiatives as { body: string }[];
  assert.deepEqual(both.map((i) => i.body).sort(), ['council', 'kurultai', 'kurultai']);
  assert.equal((await ok('GET', '/api/v1/initiatives?body=kurultai&kind=referendumProposal', null)).initiatives.length, 1);
});

test('minutes from the record, edited, approved by a vote at the next session, then frozen; every act on the ledger', async () => {
  const { ok, refused, secretariat, chair } = w;
  const today = addDays(S, 4);
  w.t.setDay(today);
  await refused('POST', `/api/v1/council/sessions/${s1}/minutes`, chair, {}, 403, 'forbidden-role');
  const draft = await ok('POST', `/api/v1/council/sessions/${s1}/minutes`, secretariat, {});
  assert.equal(draft.state, 'draft');
  assert.equal(draft.draft.items.length, 4);
  assert.equal(draft.draft.attendance.present.length, 6);
  assert.equal(draft.draft.items.find((i: { itemId: string }) => i.itemId === ids.law).votes.length, 2);
  assert.deepEqual(draft.draft.items.find((i: { itemId: string }) => i.itemId === ids.petition).followUps, ['council-item.rejected', 'proposal.council-decided']);
  await refused('POST', `/api/v1/council/sessions/${s1}/minutes`, secretariat, {}, 409, 'minutes-exist');
  await ok('PUT', `/api/v1/council/sessions/${s1}/minutes`, secretariat, { text: 'The chair opened the sitting at 10:00.' });

  const S2 = councilService(w.t.ctx).calendar.addWorkingDays(today, 10);
  const s2 = (await ok('POST', '/api/v1/council/sessions', secretariat, { kind: 'regular', date: S2, place: 'Astana' })).id;
  const approval = await ok('POST', `/api/v1/council/sessions/${s2}/minutes-approval`, secretariat, { minutesOf: s1 });
  assert.equal(approval.decisionKind, 'procedural');
  await ok('POST', `/api/v1/council/sessions/${s2}/convene`, secretariat, {});
  w.t.setDay(S2);
  await ok('POST', `/api/v1/council/sessions/${s2}/open`, chair, {});
  for (const x of [...m.slice(0, 6)]) await ok('POST', `/api/v1/council/sessions/${s2}/attendance`, x.who, {});
  const v = await ok('POST', `/api/v1/council/sessions/${s2}/votes`, chair, { itemId: approval.id });
  for (const x of m.slice(0, 6)) await ok('POST', `/api/v1/council/votes/${v.id}/ballot`, x.who, { choice: 'yes' });
  assert.equal((await ok('POST', `/api/v1/council/votes/${v.id}/close`, chair, {})).outcome, 'adopted');
  const approved = await ok('GET', `/api/v1/council/sessions/${s1}/minutes`, null);
  assert.deepEqual([approved.state, approved.approvedOn, approved.approvalVoteId], ['approved', S2, v.id]);
  await refused('PUT', `/api/v1/council/sessions/${s1}/minutes`, secretariat, { text: 'changed' }, 409, 'minutes-frozen');
  await ok('POST', `/api/v1/council/sessions/${s2}/close`, chair, {});

  // Every official act is an outbox event, so the ledger appends it.
  const kinds = new Set(await outboxKinds());
  for (const k of [
    'council-session.planned',
    'council-session.convened',
    'council-agenda.published',
    'council-agenda.petition-queued',
    'council-motion.filed',
    'council-amendment.filed',
    'council-amendment.adopted',
    'council-attendance.registered',
    'council-vote.opened',
    'council-vote.ballot-cast',
    'council-vote.ballot-changed',
    'council-vote.recusal-declared',
    'council-vote.closed',
    'council-decision.adopted',
    'council-item.rejected',
    'initiative.sent-to-kurultai',
    'initiative.registered',
    'recommendation.sent-to-government',
    'proposal.council-decided',
    'kurultai-initiative.recorded',
    'referendum-proposal.called',
    'council-minutes.drafted',
    'council-minutes.edited',
    'council-minutes.approved',
  ]) {
    assert.ok(kinds.has(k), `no ${k} event`);
  }
  const closeEvent = await w.t.ctx.db.db.selectFrom('outbox').select('payload').where('kind', '=', 'council-vote.closed').orderBy('id').executeTakeFirstOrThrow();
  assert.equal(JSON.parse(closeEvent.payload).rollCall.length, 8);
});

/** Reads the live board's `counts` events from a real connection. */
async function liveBoard(voteId: string) {
  const address = w.t.app.server.address() as AddressInfo | null;
  if (!address) await w.t.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (w.t.app.server.address() as AddressInfo).port;
  const queue: unknown[] = [];
  const waiting: ((v: unknown) => void)[] = [];
  let buffer = '';
  const req = request({ host: '127.0.0.1', port, path: `/api/v1/council/votes/${voteId}/events`, headers: { accept: 'text/event-stream' } });
  req.on('response', (res) => {
    assert.equal(res.headers['content-type'], 'text/event-stream; charset=utf-8');
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let i = buffer.indexOf('\n\n');
      while (i >= 0) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const data = JSON.parse(block.split('\n').find((l) => l.startsWith('data: '))!.slice(6));
        const w8 = waiting.shift();
        if (w8) w8(data);
        else queue.push(data);
        i = buffer.indexOf('\n\n');
      }
    });
  });
  req.end();
  return {
    // biome-ignore lint/suspicious/noExplicitAny: the board's JSON
    next: (): Promise<any> => (queue.length ? Promise.resolve(queue.shift()) : new Promise((r) => waiting.push(r))),
    close: () => req.destroy(),
  };
}
