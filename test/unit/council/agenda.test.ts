// The agenda: the succeeded-proposal clock (hand-counted on the real calendar), adding items until
// the agenda closes, co-sponsors from the charter, excluded referendum subjects, and the order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  AGENDA_ORDER,
  type AgendaItem,
  type AgendaSource,
  agendaClosesOn,
  checkAddItem,
  checkAmendment,
  checkMotion,
  checkReferendumSubjects,
  decisionKindOf,
  firstOpenAgenda,
  orderAgenda,
  petitionAgendaClock,
  petitionAgendaDueDate,
  queueSucceededProposal,
} from '../../../src/core/council/index.ts';
import { cal, charter, charterWith, councilOf, ids } from './helpers.ts';

const rules = charter.councilWork;
const members = councilOf(charter);
const petition: AgendaSource = { kind: 'petition', proposalId: 'p-1', proposalKind: 'petition', succeededOn: '2026-11-02' };

test('a proposal that succeeded on Monday 2 Nov 2026 must be on an agenda within 30 working days: by 14 Dec', () => {
  assert.deepEqual(rules.petitionAgenda, { workingDays: 30, dueSoonWorkingDays: 5 });
  // 3–6 Nov (4), 9–13 (9), 16–20 (14), 23–27 (19), 30 Nov–4 Dec (24), 7–11 (29), 14 Dec (30).
  assert.equal(petitionAgendaDueDate(cal, rules, '2026-11-02'), '2026-12-14');
  const shorter = charterWith((c) => {
    c.councilWork.petitionAgenda.workingDays = 10;
  }).councilWork;
  assert.equal(petitionAgendaDueDate(cal, shorter, '2026-11-02'), '2026-11-16');
});

test('the agenda clock: on time, due soon within 5 working days, overdue the day after, placed on time or late', () => {
  const due = '2026-12-14';
  const clock = (today: string, placedOn: string | null = null) => petitionAgendaClock(cal, rules, { dueDate: due, placedOn }, today);
  assert.equal(clock('2026-12-04'), 'on_time'); // 6 working days left: 7, 8, 9, 10, 11, 14
  assert.equal(clock('2026-12-07'), 'due_soon'); // 5 left: 8, 9, 10, 11, 14
  assert.equal(clock('2026-12-14'), 'due_soon');
  assert.equal(clock('2026-12-15'), 'overdue');
  assert.equal(clock('2026-12-20', '2026-12-14'), 'placed_on_time');
  assert.equal(clock('2026-12-20', '2026-12-15'), 'placed_late');
});

test('which decision each item asks for, from the charter', () => {
  assert.equal(decisionKindOf(rules, petition), 'legislativeInitiative');
  assert.equal(decisionKindOf(rules, { kind: 'petition', proposalId: 'p-2', proposalKind: 'referendumInitiative', succeededOn: '2026-11-02' }), 'referendumProposal');
  assert.equal(decisionKindOf(rules, { kind: 'governmentReport', responseItemId: 'r-1', reason: 'overdue', requestedOn: '2026-11-02' }), null);
  assert.equal(decisionKindOf(rules, { kind: 'minutesApproval', sessionId: 's-1', requestedOn: '2026-11-02' }), 'procedural');
  const asRecommendation = charterWith((c) => {
    c.councilWork.agendaFromProposals[0]!.decisionKind = 'recommendation';
  }).councilWork;
  assert.equal(decisionKindOf(asRecommendation, petition), 'recommendation');
});

test('adding items: a planned agenda is open, a convened one closes 5 working days before; no source twice', () => {
  const session = { state: 'convened' as const, date: '2026-12-22', items: [] as AgendaItem[] };
  // 21, 18, 17, 15 (16 off), 14.
  assert.equal(agendaClosesOn(cal, rules, '2026-12-22'), '2026-12-14');
  assert.equal(checkAddItem(cal, rules, session, petition, '2026-12-14').ok, true);
  assert.deepEqual(checkAddItem(cal, rules, session, petition, '2026-12-15'), { ok: false, refusal: { code: 'agenda-closed', field: 'sessionId', params: { closedOn: '2026-12-14' } } });
  assert.equal(checkAddItem(cal, rules, { ...session, state: 'planned' }, petition, '2026-12-21').ok, true);
  const frozen = checkAddItem(cal, rules, { ...session, state: 'in_progress' }, petition, '2026-12-22');
  assert.equal(!frozen.ok && frozen.refusal.code, 'agenda-frozen');
  const withIt = { ...session, items: [{ id: 'i1', source: petition, addedOn: '2026-12-01' }] };
  const twice = checkAddItem(cal, rules, withIt, petition, '2026-12-02');
  assert.deepEqual(twice, { ok: false, refusal: { code: 'already-on-agenda', field: 'source', params: { source: 'petition:p-1' } } });
  const elsewhere = checkAddItem(cal, rules, session, petition, '2026-12-02', withIt.items);
  assert.equal(!elsewhere.ok && elsewhere.refusal.code, 'already-on-agenda');
  const notQueued = charterWith((c) => {
    c.councilWork.agendaFromProposals = c.councilWork.agendaFromProposals.filter((e) => e.proposalKind !== 'petition');
  }).councilWork;
  const refused = checkAddItem(cal, notQueued, session, petition, '2026-12-02');
  assert.equal(!refused.ok && refused.refusal.code, 'not-an-agenda-kind');
});

test("a motion needs the charter's co-sponsors, distinct and sitting on the filing day", () => {
  const [mover, ...others] = ids(members);
  const filedOn = '2026-12-01';
  assert.equal(rules.motions.coSponsors.legislativeInitiative, 9);
  assert.equal(checkMotion(rules, members, 'legislativeInitiative', { moverId: mover!, coSponsorIds: others.slice(0, 9), filedOn }).ok, true);
  assert.deepEqual(checkMotion(rules, members, 'legislativeInitiative', { moverId: mover!, coSponsorIds: others.slice(0, 8), filedOn }), {
    ok: false,
    refusal: { code: 'too-few-co-sponsors', field: 'coSponsorIds', params: { have: 8, need: 9 } },
  });
  const repeated = checkMotion(rules, members, 'recommendation', { moverId: mover!, coSponsorIds: [others[0]!, others[1]!, others[0]!, others[2]!], filedOn });
  assert.equal(!repeated.ok && `${repeated.refusal.code} ${repeated.refusal.field}`, 'co-sponsor-twice coSponsorIds.2');
  const self = checkMotion(rules, members, 'recommendation', { moverId: mover!, coSponsorIds: [mover!, ...others.slice(0, 4)], filedOn });
  assert.equal(!self.ok && self.refusal.code, 'mover-as-co-sponsor');
  const gone = members.map((m, i) => (i === 3 ? { ...m, termEnd: '2026-11-30' } : m));
  const notSitting = checkMotion(rules, gone, 'recommendation', { moverId: mover!, coSponsorIds: ids(gone).slice(1, 6), filedOn });
  assert.deepEqual(!notSitting.ok && notSitting.refusal, { code: 'co-sponsor-not-sitting', field: 'coSponsorIds.2', params: { memberId: ids(gone)[3]!, on: filedOn } });
  const outsider = checkMotion(rules, members, 'recommendation', { moverId: 'stranger', coSponsorIds: others.slice(0, 4), filedOn });
  assert.equal(!outsider.ok && outsider.refusal.code, 'mover-not-sitting');
  // A referendum proposal needs 20; a modified charter asks 2 for everything.
  assert.equal(checkMotion(rules, members, 'referendumProposal', { moverId: mover!, coSponsorIds: others.slice(0, 19), filedOn }).ok, false);
  const lenient = charterWith((c) => {
    c.councilWork.motions.coSponsors = { legislativeInitiative: 2, referendumProposal: 2, recommendation: 2 };
    c.councilWork.amendments.coSponsors = 0;
  }).councilWork;
  assert.equal(checkMotion(lenient, members, 'referendumProposal', { moverId: mover!, coSponsorIds: others.slice(0, 2), filedOn }).ok, true);
  assert.equal(checkAmendment(lenient, members, { moverId: mover!, coSponsorIds: [], filedOn }).ok, true);
  assert.equal(checkAmendment(rules, members, { moverId: mover!, coSponsorIds: others.slice(0, 1), filedOn }).ok, false);
});

test('a referendum proposal on an excluded subject is refused before the vote, naming the subject', () => {
  assert.equal(checkReferendumSubjects(charter, ['education']).ok, true);
  assert.deepEqual(checkReferendumSubjects(charter, ['education', 'budgetAndTaxes']), {
    ok: false,
    refusal: { code: 'excluded-subject', field: 'subjects.1', params: { subject: 'budgetAndTaxes', name: 'Budget and taxes' } },
  });
  const none = charterWith((c) => {
    c.councilWork.referendumProposal.excludedSubjectsOf = 'petition';
  });
  assert.equal(checkReferendumSubjects(none, ['budgetAndTaxes']).ok, true, 'the list is the named kind’s, not a literal');
});

test('order: minutes, then proposals oldest first, referrals (President first), motions, government reports', () => {
  const item = (id: string, source: AgendaSource, addedOn = '2026-12-01'): AgendaItem => ({ id, source, addedOn });
  const items = [
    item('report', { kind: 'governmentReport', responseItemId: 'r', reason: 'answered', requestedOn: '2026-10-01' }),
    item('motion-b', { kind: 'motion', motionId: 'b', motionKind: 'recommendation', moverId: 'x', coSponsorIds: [], filedOn: '2026-11-20' }),
    item('motion-a', { kind: 'motion', motionId: 'a', motionKind: 'recommendation', moverId: 'x', coSponsorIds: [], filedOn: '2026-11-10' }),
    item('kurultai', { kind: 'referral', body: 'kurultai', reference: 'K-1', decisionKind: 'legislativeInitiative', receivedOn: '2026-11-01' }),
    item('president', { kind: 'referral', body: 'president', reference: 'P-1', decisionKind: 'recommendation', receivedOn: '2026-11-15' }),
    item('petition-new', { ...petition, proposalId: 'p-2', succeededOn: '2026-11-05' } as AgendaSource),
    item('petition-old', petition),
    item('minutes', { kind: 'minutesApproval', sessionId: 's-0', requestedOn: '2026-12-01' }),
  ];
  assert.deepEqual(
    orderAgenda(items).map((i) => i.id),
    ['minutes', 'petition-old', 'petition-new', 'president', 'kurultai', 'motion-a', 'motion-b', 'report'],
  );
  assert.deepEqual(orderAgenda([...items].reverse()), orderAgenda(items), 'the order does not depend on the input order');
});

test('a succeeded proposal is queued by itself on the earliest session whose agenda still takes it', () => {
  const queued = queueSucceededProposal(cal, rules, { proposalId: 'p-1', proposalKind: 'petition', succeededOn: '2026-11-02' });
  assert.deepEqual(queued, { source: petition, dueDate: '2026-12-14' });
  const notSent = charterWith((c) => {
    c.councilWork.agendaFromProposals = [];
  }).councilWork;
  assert.equal(queueSucceededProposal(cal, notSent, { proposalId: 'p-1', proposalKind: 'petition', succeededOn: '2026-11-02' }), null);
  const sessions = [
    { id: 's-later', state: 'planned' as const, date: '2027-02-10', items: [] as AgendaItem[] },
    { id: 's-closing', state: 'convened' as const, date: '2026-12-22', items: [] as AgendaItem[] },
    { id: 's-done', state: 'closed' as const, date: '2026-11-20', items: [] as AgendaItem[] },
  ];
  // On 14 Dec the convened session of 22 Dec still takes items; on 15 Dec its agenda has closed.
  assert.equal(firstOpenAgenda(cal, rules, sessions, petition, '2026-12-14')?.id, 's-closing');
  assert.equal(firstOpenAgenda(cal, rules, sessions, petition, '2026-12-15')?.id, 's-later');
  const already = sessions.map((s) => (s.id === 's-later' ? { ...s, items: [{ id: 'i', source: petition, addedOn: '2026-12-01' }] } : s));
  assert.equal(firstOpenAgenda(cal, rules, already, petition, '2026-12-15'), null, 'already on an agenda');
  assert.equal(firstOpenAgenda(cal, rules, sessions.slice(2), petition, '2026-12-15'), null, 'no session to go to');
});

test('property: the agenda order is a total order, whatever order the items arrive in', () => {
  const date = fc.integer({ min: 0, max: 60 }).map((d) => `2026-11-${String(1 + (d % 30)).padStart(2, '0')}`);
  const source: fc.Arbitrary<AgendaSource> = fc.oneof(
    fc.record({ kind: fc.constant('petition' as const), proposalId: fc.string(), proposalKind: fc.constant('petition'), succeededOn: date }),
    fc.record({ kind: fc.constant('motion' as const), motionId: fc.string(), motionKind: fc.constant('recommendation' as const), moverId: fc.constant('x'), coSponsorIds: fc.constant([]), filedOn: date }),
    fc.record({ kind: fc.constant('referral' as const), body: fc.constantFrom('president' as const, 'kurultai' as const), reference: fc.string(), decisionKind: fc.constant('recommendation' as const), receivedOn: date }),
    fc.record({ kind: fc.constant('governmentReport' as const), responseItemId: fc.string(), reason: fc.constant('overdue' as const), requestedOn: date }),
    fc.record({ kind: fc.constant('minutesApproval' as const), sessionId: fc.string(), requestedOn: date }),
  );
  const items = fc.uniqueArray(fc.record({ id: fc.string({ minLength: 1 }), source, addedOn: date }), { selector: (i) => i.id, maxLength: 30 });
  fc.assert(
    fc.property(items, fc.nat(), (list, seed) => {
      // Fisher–Yates with a small linear congruential generator seeded by fast-check.
      const shuffled = [...list];
      let x = seed;
      for (let i = shuffled.length - 1; i > 0; i--) {
        x = (x * 1103515245 + 12345) % 2147483648;
        const j = x % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      const ordered = orderAgenda(list);
      assert.deepEqual(orderAgenda(shuffled), ordered);
      assert.deepEqual(orderAgenda(ordered), ordered);
      assert.equal(ordered.length, list.length);
      const ranks = ordered.map((i) => AGENDA_ORDER.indexOf(i.source.kind));
      assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
    }),
  );
});
