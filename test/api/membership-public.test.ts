// The Council's public registry and open data on a real cycle (two blocks of four seats): the Popolo
// document and its CSV (names only for members who accepted, memberships with roles, dates and who
// replaced whom, alternates with their public candidate numbers), listed in the OpenAPI document;
// the Council page in kk/ru/en, on today and on a past date, a member's page with the seat's history,
// and a cycle's page with its pool, commitment, entropy, alternates and the rerun command.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addDays } from '../../src/core/isoDate.ts';
import type { CycleSchedule } from '../../src/core/membership/index.ts';
import { POPOLO_CSV_COLUMNS } from '../../src/core/membership/popolo.ts';
import { membershipService } from '../../src/modules/membership/service.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';
import { ALTERNATES, councilTestApp, runFirstCycle, SEATS_PER_BLOCK } from './membership.fixtures.ts';

let t: Awaited<ReturnType<typeof councilTestApp>>;
let secretariat: SignedIn;
let schedule: CycleSchedule;
let leaver: { id: string; name: string };
let replacement: string;
const BLOCKS = 2;
const html = { accept: 'text/html' };

before(async () => {
  t = await councilTestApp();
  secretariat = await signInAs(t, { roles: ['secretariat'] });
  schedule = await runFirstCycle(t, secretariat.headers, () => membershipService(t.ctx).sweep());
  // One member leaves a month into the term; an alternate takes the seat the next day.
  t.setDay(addDays(schedule.termStart, 30));
  const members = (await t.app.inject('/api/v1/council/members')).json().members as { id: string; name: string }[];
  leaver = members[0]!;
  const r = await t.app.inject({ method: 'POST', url: `/api/v1/council/members/${leaver.id}/departure`, headers: secretariat.headers, payload: { on: addDays(schedule.termStart, 30), reason: 'resigned' } });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().replacement.kind, 'alternate');
  replacement = r.json().replacement.member;
  // The called alternate sits once they accept (ADR 0803).
  const accepted = await t.app.inject({ method: 'POST', url: `/api/v1/council/members/${replacement}/confirmation`, headers: secretariat.headers, payload: { answer: 'accepted' } });
  assert.equal(accepted.statusCode, 200, accepted.body);
  t.setDay(addDays(schedule.termStart, 40));
});
after(async () => t?.close());

test('Popolo JSON: the Council and its blocks, seats, regions, accepted members by name, alternates by number, who replaced whom', async () => {
  const r = await t.app.inject('/api/v1/council/popolo?lang=ru');
  assert.equal(r.statusCode, 200, r.body);
  const doc = r.json();
  const council = t.ctx.charter.bodies.council;
  assert.deepEqual(doc.organizations.map((o: { id: string }) => o.id), ['council', ...council.blocks.map((b) => `council/${b.id}`)]);
  assert.equal(doc.organizations[0].name, council.name.ru);
  assert.deepEqual(doc.organizations[0].other_names.map((n: { note: string }) => n.note), ['lang:kk', 'lang:en']);
  assert.equal(doc.posts.length, council.seats);
  assert.equal(doc.areas.length, t.ctx.charter.regions.length);
  const members = doc.memberships.filter((m: { role: string }) => m.role === 'member');
  const alternates = doc.memberships.filter((m: { role: string }) => m.role === 'alternate');
  // Every seat once, plus the replacement.
  assert.equal(members.length, SEATS_PER_BLOCK * BLOCKS + 1);
  assert.equal(alternates.length, ALTERNATES * BLOCKS);
  assert.equal(doc.persons.length, members.length);
  // The pseudonyms of the database never leave it.
  const pseudonyms = (await t.ctx.db.db.selectFrom('council_members').select('person_id').execute()).map((x) => x.person_id);
  for (const p of doc.persons) assert.ok(!pseudonyms.includes(p.id.replace('person/', '')) && !JSON.stringify(doc).includes(pseudonyms[0]!));
  const left = members.find((m: { id: string }) => m.id === `membership/${leaver.id}`);
  const came = members.find((m: { id: string }) => m.id === `membership/${replacement}`);
  assert.equal(left.end_date, addDays(schedule.termStart, 30));
  assert.equal(left.end_reason, 'resigned');
  assert.equal(left.replaced_by, came.id);
  assert.equal(came.replaces, left.id);
  assert.equal(came.start_date, addDays(schedule.termStart, 31));
  assert.equal(came.post_id, left.post_id);
  assert.ok(came.alternate_rank >= 1);
  // The alternate who was called points at the membership they became; each has a public number.
  const called = alternates.filter((a: { replaced_by: string | null }) => a.replaced_by !== null);
  assert.deepEqual(called.map((a: { replaced_by: string }) => a.replaced_by), [came.id]);
  for (const a of alternates) {
    assert.equal(a.person_id, null);
    assert.match(a.candidate_number, /^\d+$/);
    assert.equal(a.start_date, schedule.drawn);
  }
  assert.equal(doc.persons.find((p: { id: string }) => p.id === left.person_id).name, leaver.name);
});

test('Popolo CSV: one row per membership, the same ids, and the OpenAPI document lists both', async () => {
  const json = (await t.app.inject('/api/v1/council/popolo?lang=en')).json();
  const r = await t.app.inject('/api/v1/council/popolo.csv?lang=en');
  assert.equal(r.statusCode, 200);
  assert.match(r.headers['content-type'] as string, /^text\/csv/);
  const lines = r.body.trimEnd().split('\r\n');
  assert.equal(lines[0], `\uFEFF${POPOLO_CSV_COLUMNS.join(',')}`, 'a byte-order mark, then the codes');
  assert.deepEqual(lines.slice(1).map((l) => l.split(',')[0]), json.memberships.map((m: { id: string }) => m.id));
  assert.ok(lines.some((l) => l.includes(leaver.name) && l.includes('resigned')));
  const bad = await t.app.inject('/api/v1/council/popolo?lang=de');
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /lang/);
  const openapi = (await t.app.inject('/openapi.json')).json();
  assert.ok(openapi.paths['/api/v1/council/popolo']?.get);
  assert.ok(openapi.paths['/api/v1/council/popolo.csv']?.get);
});

test('the Council page in kk, ru and en: seats by block, regions, shares against the target, vacancies, member links', async () => {
  for (const lang of ['kk', 'ru', 'en'] as const) {
    const r = await t.app.inject({ url: `/council?lang=${lang}`, headers: html });
    assert.equal(r.statusCode, 200);
    assert.match(r.body, new RegExp(`<html lang="${lang}"`));
    assert.equal((r.body.match(/<svg class="council-(chart|map)"/g) ?? []).length, 4, 'a tile map and three share charts');
    assert.ok(r.body.includes(t.ctx.charter.bodies.council.blocks[0]!.name[lang]));
    assert.ok(r.body.includes(`/council/members/${replacement}`));
    assert.ok(!r.body.includes(`/council/members/${leaver.id}"`), 'the leaver is not on today’s Council');
    assert.ok(!r.body.includes('<script'));
  }
  const en = (await t.app.inject({ url: '/council?lang=en', headers: html })).body;
  assert.match(en, /No seat is vacant\./);
});

test('the Council on a past date: before the leaver left, before the first term, and a bad date named', async () => {
  const onDay = (await t.app.inject({ url: `/council?lang=en&on=${addDays(schedule.termStart, 10)}`, headers: html })).body;
  assert.ok(onDay.includes(`/council/members/${leaver.id}"`));
  assert.ok(!onDay.includes(`/council/members/${replacement}"`));
  const before = (await t.app.inject({ url: `/council?lang=en&on=${addDays(schedule.termStart, -1)}`, headers: html })).body;
  assert.match(before, /0 of 8 seats are filled/);
  assert.match(before, /8 seats are vacant/);
  const bad = await t.app.inject({ url: '/council?lang=en&on=2027-13-40', headers: html });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /“2027-13-40” is not a date/);
  assert.match(bad.body, /aria-invalid="true"/);
});

test('a member’s page: block, organisation, region, term, how selected with the draw link, and the seat’s history', async () => {
  const r = await t.app.inject({ url: `/council/members/${replacement}?lang=en`, headers: html });
  assert.equal(r.statusCode, 200);
  assert.match(r.body, /alternate no\. \d+ of selection cycle 1/);
  assert.match(r.body, /href="\/sortition\/runs\/[0-9a-f-]{36}"/);
  assert.ok(r.body.includes(`/council/members/${leaver.id}`), 'the history links the member they replaced');
  assert.ok(r.body.includes('resigned'));
  assert.match(r.body, /Association \d+/);
  assert.equal((await t.app.inject({ url: '/council/members/not-a-uuid', headers: html })).statusCode, 404);
  assert.equal((await t.app.inject({ url: '/council/members/00000000-0000-4000-8000-000000000000', headers: html })).statusCode, 404);
});

test('a cycle’s page: timeline, pool by category, commitment, entropy, result, alternates, confirmations, rerun command', async () => {
  const r = await t.app.inject({ url: '/council/cycles/0?lang=en', headers: html });
  assert.equal(r.statusCode, 200);
  const body = r.body;
  assert.match(body, /Eligible candidates by Region/);
  assert.match(body, /Commitment/);
  const runs = (await t.ctx.db.db.selectFrom('council_draws').select('run_id').execute()).map((d) => d.run_id);
  for (const id of runs) assert.ok(body.includes(`kenes select verify http://localhost:80/sortition/runs/${id}`) || body.includes(`/sortition/runs/${id}</code>`), 'the rerun command of each draw');
  assert.match(body, /Kazakhstan lottery draw 2026-10-16: 01 02 03 04 05 06/);
  assert.match(body, /Alternates, ranked at the draw/);
  assert.match(body, /called to a seat/);
  assert.match(body, /accepted, since left/);
  assert.equal((await t.app.inject({ url: '/council/cycles/9', headers: html })).statusCode, 404);
});
