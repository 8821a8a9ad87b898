// The Council's exports from a recorded sitting: Akoma Ntoso (debate record and bill) read back by a
// strict XML parser, Popolo events / motions / vote events whose counts add up, and the iCalendar feed
// with its CRLF lines, 75-octet folding and escaping.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AKN_NAMESPACE,
  type AgendaItem,
  billXml,
  castBallot,
  closeVote,
  type DebateLabels,
  debateRecordXml,
  declareRecusal,
  draftMinutes,
  foldLine,
  followUps,
  icsText,
  openVote,
  paragraphsOf,
  popoloEvent,
  popoloMotion,
  popoloVoteEvent,
  rollCall,
  sessionsCalendar,
  type Vote,
  xmlAttr,
  xmlText,
} from '../../../src/core/council/index.ts';
import { charter, councilOf, ids } from './helpers.ts';
import { find, findAll, parseXml, textOf } from './xmlParse.ts';

const members = councilOf(charter);
const day = '2026-12-22';
const present = ids(members).slice(0, 100);
const NASTY = `Ақпарат <script>alert("x")</script> & 'co' ]]> \u0001end`;

function closedVote(id: string, kind: Vote['decisionKind'], yes: number, recuse?: string): Vote {
  const opened = openVote(charter.voting, members, present, { id, question: `${NASTY} ${id}`, decisionKind: kind, date: day, at: '2026-12-22T05:00:00.000Z' });
  assert.ok(opened.ok);
  let v = opened.value;
  present.forEach((memberId, i) => {
    const r =
      memberId === recuse
        ? declareRecusal(v, members, present, { memberId, reason: NASTY, at: '2026-12-22T05:01:00.000Z' })
        : castBallot(v, members, present, { memberId, choice: i < yes ? 'yes' : i < yes + 10 ? 'abstain' : 'no', at: '2026-12-22T05:01:00.000Z' });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.refusal));
    v = r.value;
  });
  const closed = closeVote(charter.voting, v, members, present, '2026-12-22T05:10:00.000Z');
  assert.ok(closed.ok);
  return closed.value;
}

const motion: AgendaItem = { id: 'i-motion', source: { kind: 'motion', motionId: 'm', motionKind: 'legislativeInitiative', moverId: present[0]!, coSponsorIds: present.slice(1, 10), filedOn: '2026-12-01' }, addedOn: '2026-12-01' };
const report: AgendaItem = { id: 'i-report', source: { kind: 'governmentReport', responseItemId: 'r-1', reason: 'overdue', requestedOn: '2026-12-01' }, addedOn: '2026-12-01' };
const v1 = closedVote('v1', 'legislativeInitiative', 70, present[99]);
const v2 = closedVote('v2', 'legislativeInitiative', 20);
const draft = draftMinutes(charter.voting, {
  session: { id: 's-1', kind: 'regular', date: day, place: 'Астана & "Ақорда"' },
  members,
  present,
  items: [motion, report],
  votes: [
    { itemId: 'i-motion', vote: v1, presentAtClose: present },
    { itemId: 'i-motion', vote: v2, presentAtClose: present },
  ],
  followUps: [{ itemId: 'i-motion', events: followUps(charter, v1, motion, 'd-1') }],
});
const people = Object.fromEntries(members.map((m) => [m.id, { name: `Мүше ${m.id} <&>` }]));
const labels: DebateLabels = {
  council: 'Халық Кеңесі',
  title: 'Minutes & record',
  place: 'Place',
  status: 'Status',
  attendance: 'Attendance',
  present: 'Present',
  absent: 'Absent',
  quorum: 'Quorum: 84 needed, 100 present',
  choices: { yes: 'Yes', no: 'No', abstain: 'Abstain', recused: 'Recused', notVoting: 'Not voting', absent: 'Absent' },
  outcomes: { adopted: 'Adopted', 'short-of-majority': 'Short of the majority', tied: 'Tied', 'no-quorum': 'No quorum' },
  followUps: { 'council-decision.adopted': 'Decision adopted', 'initiative.sent-to-kurultai': 'Sent to the Kurultai' },
  recusalReason: 'reason',
  noVote: 'No vote',
};

test('the strict parser refuses what is not well-formed (so the export tests below mean something)', () => {
  for (const bad of ['<a><b></a></b>', '<a>x & y</a>', '<a>x < y</a>', '<a b=c/>', '<a b="1" b="2"/>', '<a>&nbsp;</a>', '<a/><b/>', '<a>', 'text<a/>', '<a>\u0001</a>', '<a x="<"/>']) {
    assert.throws(() => parseXml(bad), Error, bad);
  }
  assert.equal(textOf(parseXml('<a>x &amp; &lt;y&gt; &#1178;</a>')), 'x & <y> Қ');
});

test('escaping: text and attribute values survive a round trip; characters XML forbids are dropped', () => {
  const back = parseXml(`<r a="${xmlAttr(NASTY)}">${xmlText(NASTY)}</r>`);
  const expected = NASTY.replace('\u0001', '');
  assert.equal(back.attrs.a, expected);
  assert.equal(textOf(back), expected);
  assert.equal(parseXml(`<r a="${xmlAttr('line\nbreak\ttab')}"/>`).attrs.a, 'line\nbreak\ttab');
});

test('the minutes as an Akoma Ntoso debate record: well-formed, FRBR-identified, every vote with its counts and roll call', () => {
  const xml = debateRecordXml({ minutes: draft, lang: 'kk', state: 'draft', generatedOn: '2026-12-23', people, items: { 'i-motion': { title: `Заң жобасы & ${NASTY}`, text: 'Бірінші бап.\n\nЕкінші <бап>.' }, 'i-report': { title: 'Есеп' } }, labels });
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
  const root = parseXml(xml);
  assert.equal(root.name, 'akomaNtoso');
  assert.equal(root.attrs.xmlns, AKN_NAMESPACE);
  const debate = find(root, 'debate');
  // meta comes first, then preface, then the body.
  assert.deepEqual(debate.children.map((c) => (typeof c === 'string' ? '#text' : c.name)).filter((n) => n !== '#text'), ['meta', 'preface', 'debateBody']);
  assert.equal(find(find(root, 'FRBRWork'), 'FRBRthis').attrs.value, '/akn/kz/debaterecord/council/2026-12-22/s-1/!main');
  assert.equal(find(root, 'FRBRlanguage').attrs.language, 'kaz');
  assert.equal(find(find(root, 'FRBRExpression'), 'FRBRdate').attrs.name, 'draft');
  assert.equal(textOf(find(root, 'location')), 'Астана & "Ақорда"');

  const qv = find(root, 'quorumVerification');
  assert.equal(find(qv, 'quorum').attrs.value, String(draft.quorum.needed));
  assert.equal(find(qv, 'count').attrs.value, '100');

  const votings = findAll(root, 'voting');
  assert.equal(votings.length, 2);
  assert.deepEqual(votings.map((v) => v.attrs.outcome), ['#adopted', '#short-of-majority']);
  const counts = Object.fromEntries(findAll(votings[0]!, 'count').map((c) => [c.attrs.refersTo, Number(c.attrs.value)]));
  assert.deepEqual(counts, { '#yes': 70, '#no': 19, '#abstain': 10, '#recused': 1, '#notVoting': 0, '#absent': 26 });
  // Each voting points at its section in the body, and each section's roll call names every member.
  const sections = findAll(root, 'debateSection').filter((s) => s.attrs.name === 'vote');
  assert.deepEqual(sections.map((s) => `#${s.attrs.eId}`), votings.map((v) => v.attrs.href));
  const named = findAll(sections[0]!, 'person').filter((p) => p.attrs.as === '#member');
  // 126 in the roll call, plus the recused member once more beside the reason.
  assert.equal(named.length, 127);
  const refs = new Set(findAll(find(root, 'references'), 'TLCPerson').map((p) => `#${p.attrs.eId}`));
  for (const p of findAll(root, 'person')) assert.ok(refs.has(p.attrs.refersTo!), `${p.attrs.refersTo} is declared in references`);
  assert.equal(refs.size, 126);
  const recusal = findAll(sections[0]!, 'p').find((p) => p.attrs.class === 'recusal')!;
  assert.ok(textOf(recusal).endsWith(`reason: ${NASTY.replace('\u0001', '')}`));
  assert.equal(textOf(find(sections[0]!, 'i')), v1.result!.majority.formula);
  assert.match(v1.result!.majority.formula, /^yes 70 [>≥] /);
  assert.equal(textOf(find(sections[0]!, 'heading')), `${NASTY.replace('\u0001', '')} v1`);
  // The item's text in paragraphs, the follow-ups, and a hearing without a vote says nothing of one.
  const item = findAll(root, 'debateSection').find((s) => s.attrs.name === 'motion')!;
  assert.deepEqual(item.children.filter((c) => typeof c !== 'string' && c.name === 'p' && !c.attrs.class).map((c) => textOf(c as never)).slice(0, 2), ['Бірінші бап.', 'Екінші <бап>.']);
  assert.deepEqual(findAll(item, 'p').filter((p) => p.attrs.class === 'followUp').map(textOf), ['Decision adopted', 'Sent to the Kurultai']);
  const hearing = findAll(root, 'debateSection').find((s) => s.attrs.name === 'governmentReport')!;
  assert.equal(findAll(hearing, 'debateSection').length, 1, 'only the hearing itself: no vote section');
  assert.ok(!textOf(hearing).includes('No vote'));
  // Every referenced concept (outcomes, options) is declared.
  const concepts = new Set(findAll(root, 'TLCConcept').map((c) => `#${c.attrs.eId}`));
  for (const v of [...votings, qv]) assert.ok(concepts.has(v.attrs.outcome!), v.attrs.outcome);
  for (const c of findAll(find(root, 'analysis'), 'count')) assert.ok(concepts.has(c.attrs.refersTo!), c.attrs.refersTo);
});

test('an initiative sent to the Kurultai as an Akoma Ntoso bill: paragraphs numbered, sponsors referenced', () => {
  const xml = billXml({
    decisionId: 'd-1',
    lang: 'ru',
    title: 'О прозрачности & "открытых данных"',
    text: 'Статья 1. Данные <открыты>.\nВторая строка.\r\n\r\nСтатья 2. Вступает в силу.\n\n\n',
    adoptedOn: '2026-12-22',
    sentOn: '2026-12-23',
    generatedOn: '2026-12-24',
    moverId: present[0]!,
    coSponsorIds: present.slice(1, 10),
    people,
    labels: { council: 'Народный совет', adopted: 'Принято: yes 70 > 1/2 × 100 = 50', mover: 'Инициатор', coSponsors: 'Соавторы' },
  });
  const root = parseXml(xml);
  const bill = find(root, 'bill');
  assert.equal(find(find(root, 'FRBRWork'), 'FRBRuri').attrs.value, '/akn/kz/bill/council/2026-12-22/d-1');
  assert.equal(find(root, 'FRBRlanguage').attrs.language, 'rus');
  assert.equal(textOf(find(bill, 'docTitle')), 'О прозрачности & "открытых данных"');
  const paras = findAll(find(bill, 'body'), 'paragraph');
  assert.deepEqual(paras.map((p) => p.attrs.eId), ['para_1', 'para_2']);
  assert.deepEqual(findAll(paras[0]!, 'p').map(textOf), ['Статья 1. Данные <открыты>.', 'Вторая строка.']);
  assert.equal(textOf(find(paras[1]!, 'num')), '2.');
  const sponsors = findAll(find(bill, 'conclusions'), 'person').map((p) => p.attrs.refersTo);
  assert.equal(sponsors.length, 10);
  const declared = new Set(findAll(root, 'TLCPerson').map((p) => `#${p.attrs.eId}`));
  assert.ok(sponsors.every((s) => declared.has(s!)));
  assert.equal(find(root, 'original').attrs.showAs, 'О прозрачности & "открытых данных"');
  assert.deepEqual(paragraphsOf(' \n\n '), []);
});

test('Popolo: the session as an event, the vote as a motion with its required majority and result, and a vote event whose counts add up', () => {
  const ev = popoloEvent({ id: 's-1', kind: 'regular', state: 'closed', date: day, place: 'Астана', name: 'Regular session', url: 'https://kenes.example/council/sessions/s-1' });
  assert.deepEqual(ev, { id: 's-1', name: 'Regular session', classification: 'session', start_date: day, location: 'Астана', status: 'completed', organization_id: 'council', session_kind: 'regular', sources: [{ url: 'https://kenes.example/council/sessions/s-1' }] });

  const lines = rollCall(v1, members, present);
  const record = { id: 'v1', sessionId: 's-1', itemId: 'i-motion', question: v1.question, decisionKind: v1.decisionKind, date: day, openedAt: v1.openedAt, closedAt: v1.closedAt, moverId: present[0]!, result: v1.result, rollCall: lines };
  const rule = charter.voting.majorities.legislativeInitiative;
  const motionOut = popoloMotion(record, { share: `${rule.share.numerator}/${rule.share.denominator}`, base: rule.base, comparison: rule.comparison });
  assert.equal(motionOut.result, 'pass');
  assert.equal(motionOut.requirement, `${rule.comparison === 'moreThan' ? 'more than' : 'at least'} ${rule.share.numerator}/${rule.share.denominator} of ${rule.base === 'present' ? 'present' : 'sitting members'}`);
  assert.equal(motionOut.required_majority.threshold, v1.result!.majority.threshold);
  assert.equal(motionOut.required_majority.formula, v1.result!.majority.formula);
  assert.equal(motionOut.creator_id, present[0]);
  assert.deepEqual(motionOut.vote_events, ['v1']);
  assert.equal(popoloMotion({ ...record, id: 'v2', result: v2.result }, { share: '1/2', base: 'present', comparison: 'moreThan' }).result, 'fail');
  assert.equal(popoloMotion({ ...record, result: null, closedAt: null }, { share: '1/2', base: 'present', comparison: 'moreThan' }).required_majority.threshold, null);

  const ids2 = { organization: 'peoples-council', block: (b: string) => `peoples-council/${b}`, person: (m: string) => `person/${m}`, membership: (m: string) => `membership/${m}` };
  const ve = popoloVoteEvent(record, ids2);
  const overall = Object.fromEntries(ve.counts.filter((c) => !c.group_id).map((c) => [c.option, c.value]));
  assert.deepEqual(overall, { yes: 70, no: 19, abstain: 10, recused: 1, 'not voting': 0, absent: 26 });
  assert.equal(ve.votes.length, 126);
  // Per block, the counts add up to the block's seats and, summed, to the overall counts.
  for (const b of charter.bodies.council.blocks) {
    const g = ve.group_results.find((r) => r.group_id === `peoples-council/${b.id}`)!;
    assert.equal(g.counts.reduce((s, c) => s + c.value, 0), b.seats, b.id);
    assert.deepEqual(ve.counts.filter((c) => c.group_id === g.group_id).map((c) => [c.option, c.value]), g.counts.map((c) => [c.option, c.value]));
  }
  for (const option of ['yes', 'no', 'abstain', 'recused', 'absent'] as const) {
    assert.equal(ve.counts.filter((c) => c.group_id && c.option === option).reduce((s, c) => s + c.value, 0), overall[option], option);
    assert.equal(ve.votes.filter((v) => v.option === option).length, overall[option], option);
  }
  const recused = ve.votes.find((v) => v.option === 'recused')!;
  assert.deepEqual(recused, { vote_event_id: 'v1', voter_id: `person/${present[99]}`, membership_id: `membership/${present[99]}`, option: 'recused', group_id: `peoples-council/${members.find((m) => m.id === present[99])!.block}`, area_id: members.find((m) => m.id === present[99])!.region, reason: NASTY });
  assert.equal(ve.motion_id, 'motion/v1');
  assert.equal(ve.result, 'pass');
});

test('iCalendar: CRLF, folded at 75 octets without splitting a letter, TEXT escaped, all-day and timed events', () => {
  assert.equal(icsText('a,b;c\\d\ne\u0007'), 'a\\,b\\;c\\\\d\\ne');
  const long = `SUMMARY:${'Қазақстан Халық Кеңесінің кезекті сессиясы '.repeat(4)}`;
  const folded = foldLine(long);
  const parts = folded.split('\r\n');
  assert.ok(parts.length > 2);
  for (const p of parts) assert.ok(Buffer.byteLength(p, 'utf8') <= 75, `${Buffer.byteLength(p)} octets`);
  assert.ok(parts.slice(1).every((p) => p.startsWith(' ')));
  assert.equal(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join(''), long, 'unfolding gives the line back');
  assert.equal(foldLine('x'.repeat(75)), 'x'.repeat(75));
  assert.equal(foldLine('x'.repeat(76)), `${'x'.repeat(75)}\r\n x`);

  const ics = sessionsCalendar(
    [
      { id: 's-1', date: '2026-12-22', state: 'convened', summary: 'Сессия, кезекті; №1', place: 'Астана, Ақорда', description: 'Күн тәртібі:\n1. Заң', url: 'https://kenes.example/council/sessions/s-1', updatedAt: '2026-12-01T10:00:00.000Z', sequence: 2 },
      { id: 's-2', date: '2026-12-31', startsAt: '2026-12-31T05:00:00.000Z', endsAt: '2026-12-31T09:30:00.000Z', state: 'cancelled', summary: 'Extraordinary', place: 'Online', updatedAt: '2026-12-02T00:00:00Z' },
    ],
    { name: 'Халық Кеңесі', domain: 'kenes.example' },
  );
  assert.ok(ics.endsWith('\r\n'));
  assert.ok(!/[^\r]\n/.test(ics), 'every line ends in CRLF');
  const unfolded = ics.replace(/\r\n /g, '').split('\r\n').slice(0, -1);
  for (const l of ics.split('\r\n')) assert.ok(Buffer.byteLength(l, 'utf8') <= 75);
  assert.deepEqual(unfolded.slice(0, 2), ['BEGIN:VCALENDAR', 'VERSION:2.0']);
  assert.equal(unfolded.filter((l) => l === 'BEGIN:VEVENT').length, 2);
  assert.equal(unfolded.filter((l) => l === 'END:VEVENT').length, 2);
  assert.equal(unfolded.at(-1), 'END:VCALENDAR');
  assert.ok(unfolded.includes('UID:council-session-s-1@kenes.example'));
  assert.ok(unfolded.includes('DTSTART;VALUE=DATE:20261222'));
  assert.ok(unfolded.includes('DTEND;VALUE=DATE:20261223'));
  assert.ok(unfolded.includes('SUMMARY:Сессия\\, кезекті\\; №1'));
  assert.ok(unfolded.includes('DESCRIPTION:Күн тәртібі:\\n1. Заң'));
  assert.ok(unfolded.includes('STATUS:CONFIRMED'));
  assert.ok(unfolded.includes('SEQUENCE:2'));
  assert.ok(unfolded.includes('DTSTART:20261231T050000Z'));
  assert.ok(unfolded.includes('DTEND:20261231T093000Z'));
  assert.ok(unfolded.includes('STATUS:CANCELLED'));
  assert.ok(unfolded.includes('DTSTAMP:20261202T000000Z'));
});
