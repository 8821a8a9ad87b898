// The Council's open data over HTTP, on the demo's past session (three decisions, four votes, one
// recusal) and its convened next session: Popolo JSON whose counts match the vote API's, CSV of every
// list with named votes, the iCalendar feed, Akoma Ntoso XML read back by a strict parser, every
// route in the OpenAPI document, and the pages answering in three languages.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runSeeders } from '../../src/demo/index.ts';
import { generateSigningKey } from '../../src/core/ledger/signing.ts';
import { type TestApp, testApp } from '../helpers/app.ts';
import { find, findAll, parseXml, textOf } from '../unit/council/xmlParse.ts';

let t: TestApp;
// biome-ignore lint/suspicious/noExplicitAny: the API's JSON, read by the assertions
let past: any;
// biome-ignore lint/suspicious/noExplicitAny: the API's JSON, read by the assertions
let detail: any;
before(async () => {
  t = await testApp({ ledgerKey: generateSigningKey().privateKeyBase64 });
  await runSeeders(t.ctx, { only: ['membership', 'identity.staff', 'council'] });
  const { sessions } = (await t.app.inject('/api/v1/council/sessions')).json();
  past = sessions.find((s: { state: string }) => s.state === 'closed');
  detail = (await t.app.inject(`/api/v1/council/sessions/${past.id}`)).json();
});
after(async () => t?.close());

const get = async (url: string) => {
  const r = await t.app.inject(url);
  assert.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 300)}`);
  return r;
};

/** Rows of a CSV written by the shared writer (a UTF-8 byte-order mark, then quoted cells with commas and quotes). */
function csvRows(body: string): string[][] {
  assert.ok(body.startsWith('\uFEFF'), 'CSV starts with the byte-order mark (Excel reads Cyrillic right)');
  const text = body.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

test('Popolo: vote events count per block what the vote API says, each member’s vote with recused as an option, motions with their required majority', async () => {
  const { vote_events } = (await get(`/api/v1/council/popolo/vote_events?session=${past.id}`)).json();
  assert.equal(vote_events.length, detail.votes.length);
  for (const ve of vote_events) {
    const v = (await get(`/api/v1/council/votes/${ve.id}`)).json();
    const overall = Object.fromEntries(ve.counts.filter((c: { group_id?: string }) => !c.group_id).map((c: { option: string; value: number }) => [c.option, c.value]));
    assert.deepEqual(overall, { yes: v.counts.yes, no: v.counts.no, abstain: v.counts.abstain, recused: v.counts.recused, 'not voting': v.counts.notVoting, absent: v.counts.absent });
    for (const [block, c] of Object.entries(v.byBlock) as [string, Record<string, number>][]) {
      const g = ve.group_results.find((r: { group_id: string }) => r.group_id === `council/${block}`);
      assert.ok(g, block);
      assert.equal(g.counts.find((x: { option: string }) => x.option === 'yes').value, c.yes, block);
    }
    assert.equal(ve.votes.length, t.ctx.charter.bodies.council.seats);
    assert.ok(ve.votes.every((x: { voter_id: string; membership_id: string }) => x.voter_id && x.membership_id));
    assert.equal(ve.result, v.outcome === 'adopted' ? 'pass' : 'fail');
  }
  const recusals = vote_events.flatMap((ve: { votes: { option: string; reason?: string }[] }) => ve.votes.filter((x) => x.option === 'recused'));
  assert.equal(recusals.length, 1);
  assert.ok(recusals[0].reason.length > 0, 'the recusal keeps its reason');

  const { motions } = (await get(`/api/v1/council/popolo/motions?session=${past.id}`)).json();
  const ref = motions.find((m: { classification: string }) => m.classification === 'referendumProposal');
  assert.equal(ref.requirement, 'at least 2/3 of sitting members');
  assert.deepEqual([ref.required_majority.threshold, ref.required_majority.base_count], [84, 126]);
  assert.equal(ref.result, 'pass');
  const { events } = (await get('/api/v1/council/popolo/events?lang=en')).json();
  assert.deepEqual(events.map((e: { status: string }) => e.status).sort(), ['completed', 'confirmed']);
  assert.ok(events.every((e: { organization_id: string; classification: string }) => e.organization_id === 'council' && e.classification === 'session'));
  const one = (await get(`/api/v1/council/popolo/vote_events/${detail.votes[0].id}`)).json();
  assert.equal(one.motion.vote_events[0], detail.votes[0].id);
  assert.equal((await t.app.inject('/api/v1/council/popolo/vote_events/nope')).statusCode, 404);
});

test('CSV of every list: sessions, items, votes with the arithmetic, named votes (filtered by vote and by member), decisions, initiatives', async () => {
  const sessions = csvRows((await get('/api/v1/council/sessions.csv')).body);
  assert.deepEqual(sessions[0], ['id', 'number', 'kind', 'state', 'date', 'place', 'convened_on', 'items']);
  assert.equal(sessions.length, 3);
  const votes = (await get('/api/v1/council/votes.csv')).body;
  const vr = csvRows(votes);
  const formula = vr[0]!.indexOf('formula');
  assert.equal(vr.length, 1 + detail.votes.length);
  assert.ok(vr.slice(1).every((r) => /^yes \d+ [>≥] /.test(r[formula]!)));
  const ballots = csvRows((await get(`/api/v1/council/ballots.csv?vote=${detail.votes[0].id}`)).body);
  assert.deepEqual(ballots[0], ['vote_id', 'session_id', 'question', 'date', 'member_id', 'name', 'block', 'region', 'choice', 'reason']);
  assert.equal(ballots.length, 1 + t.ctx.charter.bodies.council.seats);
  const member = ballots[1]![4]!;
  const mine = csvRows((await get(`/api/v1/council/ballots.csv?member=${member}`)).body);
  assert.equal(mine.length, 1 + detail.votes.length, 'one named vote per question');
  assert.ok(mine.slice(1).every((r) => r[4] === member));
  const decisions = csvRows((await get('/api/v1/council/decisions.csv')).body);
  const kinds = decisions.slice(1).map((r) => r[1]).sort();
  assert.deepEqual(kinds, ['legislativeInitiative', 'recommendation', 'referendumProposal']);
  const rec = decisions.find((r) => r[1] === 'recommendation')!;
  assert.equal(rec[7], 'response');
  const initiatives = csvRows((await get('/api/v1/initiatives.csv?body=kurultai')).body);
  assert.equal(initiatives.length, 1 + 3);
  assert.ok(initiatives.slice(1).every((r) => r[1] === 'kurultai'));
  assert.match((await get('/api/v1/council/items.csv')).headers['content-type'] as string, /^text\/csv/);
});

test('the iCalendar feed: CRLF lines of at most 75 octets, one event per session, the agenda in the description', async () => {
  const r = await get('/council/sessions.ics?lang=en');
  assert.match(r.headers['content-type'] as string, /^text\/calendar/);
  const body = r.body;
  for (const line of body.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);
  const lines = body.replace(/\r\n /g, '').split('\r\n');
  assert.equal(lines.filter((l) => l === 'BEGIN:VEVENT').length, 2);
  assert.ok(lines.some((l) => l.startsWith('SUMMARY:People’s Council: Regular session No. 1')));
  assert.ok(lines.some((l) => l.startsWith('DESCRIPTION:1. ')));
  assert.equal((await get('/api/v1/council/sessions.ics')).body.split('BEGIN:VEVENT').length, 3);
});

test('Akoma Ntoso: the minutes as a debate record and the legislative initiative as a bill, well-formed and complete', async () => {
  const xml = (await get(`/api/v1/council/sessions/${past.id}/minutes.akn.xml?lang=ru`)).body;
  const root = parseXml(xml);
  assert.equal(find(root, 'FRBRlanguage').attrs.language, 'rus');
  assert.equal(findAll(root, 'voting').length, detail.votes.length);
  const sections = findAll(root, 'debateSection').filter((s) => s.attrs.name !== 'vote');
  assert.equal(sections.length, past.agenda.length);
  assert.deepEqual(
    sections.map((s) => textOf(find(s, 'heading'))),
    [...past.agenda].sort((a: { position: number }, b: { position: number }) => a.position - b.position).map((i: { title: string }) => i.title),
  );
  assert.equal(findAll(root, 'TLCPerson').length, t.ctx.charter.bodies.council.seats);

  const { decisions } = (await get('/api/v1/council/decisions')).json();
  const law = decisions.find((d: { kind: string }) => d.kind === 'legislativeInitiative');
  const bill = parseXml((await get(`/api/v1/council/decisions/${law.id}/bill.akn.xml?lang=kk`)).body);
  assert.equal(textOf(find(bill, 'docTitle')), law.title);
  assert.ok(findAll(find(bill, 'body'), 'paragraph').length >= 1);
  assert.equal(find(bill, 'FRBRlanguage').attrs.language, 'kaz');
  const rec = decisions.find((d: { kind: string }) => d.kind === 'recommendation');
  assert.equal((await t.app.inject(`/api/v1/council/decisions/${rec.id}/bill.akn.xml`)).statusCode, 404, 'only a legislative initiative is a bill');
});

test('every open-data route is in the OpenAPI document', async () => {
  const doc = (await get('/openapi.json')).json();
  for (const path of [
    '/api/v1/council/popolo/events',
    '/api/v1/council/popolo/motions',
    '/api/v1/council/popolo/vote_events',
    '/api/v1/council/popolo/vote_events/{id}',
    '/api/v1/council/sessions.csv',
    '/api/v1/council/items.csv',
    '/api/v1/council/votes.csv',
    '/api/v1/council/ballots.csv',
    '/api/v1/council/decisions.csv',
    '/api/v1/initiatives.csv',
    '/api/v1/council/sessions.ics',
    '/api/v1/council/sessions/{id}/minutes.akn.xml',
    '/api/v1/council/decisions/{id}/bill.akn.xml',
  ]) {
    assert.ok(doc.paths[path]?.get, path);
  }
});

test('the pages answer in kk, ru and en; a secretariat form by a citizen is refused', async () => {
  const item = past.agenda[0];
  const vote = detail.votes[0];
  const { decisions } = (await get('/api/v1/council/decisions')).json();
  const law = decisions.find((d: { kind: string }) => d.kind === 'legislativeInitiative');
  const urls = ['/council/sessions', `/council/sessions/${past.id}`, `/council/sessions/${past.id}/minutes`, `/council/items/${item.id}`, `/council/votes/${vote.id}`, '/council/initiatives?body=kurultai', `/council/initiatives/${law.track.id}`, `/council/members/${vote.rollCall[0].memberId}/record`];
  const words = { kk: 'Кеңес отырыстары', ru: 'Заседания совета', en: 'Council sessions' };
  for (const lang of ['kk', 'ru', 'en'] as const) {
    for (const url of urls) {
      const r = await t.app.inject(`${url}${url.includes('?') ? '&' : '?'}lang=${lang}`);
      assert.equal(r.statusCode, 200, `${lang} ${url}`);
      assert.ok(r.body.includes(`<html lang="${lang}"`), url);
      assert.ok(!/>cw\.[a-z]/.test(r.body) && !/>councilWork\.[a-z]/.test(r.body), `${lang} ${url} shows a message key`);
    }
    assert.ok((await t.app.inject(`/council/sessions?lang=${lang}`)).body.includes(words[lang]));
  }
  const item404 = await t.app.inject('/council/items/nope');
  assert.equal(item404.statusCode, 404);
  const plan = await t.app.inject({ method: 'POST', url: '/council/sessions', payload: 'kind=regular&date=2030-01-01&place=X', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.ok([302, 303, 401, 403].includes(plan.statusCode), `anonymous plan → ${plan.statusCode}`);
  const sessions = (await get('/api/v1/council/sessions')).json().sessions;
  assert.equal(sessions.length, 2, 'nothing was written');
});
