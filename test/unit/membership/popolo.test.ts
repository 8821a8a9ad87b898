// The Popolo mappers: organizations, posts and areas from the charter; persons only for members who
// accepted, under a public id that is not their pseudonym; memberships with roles, dates and both
// directions of a replacement; the CSV with one row per membership and formula-safe cells.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { POPOLO_CSV_COLUMNS, type PopoloMemberRow, popoloCsv, publicPersonId, toPopolo } from '../../../src/core/membership/popolo.ts';
import { defaultCharter } from './helpers.ts';

const charter = defaultCharter();
const base = { blockId: 'civicNgo', organisationId: 'org-1', organisationName: 'Ассоциация «Бірлік»', region: 'KZ-75', cycle: 0, runId: 'run-1', leftReason: null, alternateRank: null, replaces: null } as const;
const members: PopoloMemberRow[] = [
  { ...base, id: 'a', personId: 'pseudo-a', name: 'Aigerim S.', seatId: 'civicNgo/1', start: '2026-11-10', end: '2027-01-31', status: 'left', leftReason: 'resigned' },
  { ...base, id: 'b', personId: 'pseudo-b', name: '=cmd() B.', seatId: 'civicNgo/1', start: '2027-02-01', end: '2028-11-09', status: 'sitting', alternateRank: 3, replaces: 'a' },
  { ...base, id: 'c', personId: 'pseudo-c', name: 'Not Yet C.', seatId: 'civicNgo/2', start: '2028-11-10', end: '2032-11-09', status: 'selected', cycle: 1 },
];
const alternates = [
  { cycle: 0, blockId: 'civicNgo', rank: 3, candidateNumber: '17', runId: 'run-1', memberId: 'b', start: '2026-10-17', end: '2028-10-16' },
  { cycle: 0, blockId: 'civicNgo', rank: 1, candidateNumber: '4', runId: 'run-1', memberId: null, start: '2026-10-17', end: '2028-10-16' },
];

test('organizations, areas and posts come from the charter, names in the asked language with the others as other_names', () => {
  const doc = toPopolo({ charter, lang: 'kk', members: [], alternates: [] });
  const council = charter.bodies.council;
  assert.deepEqual(doc.organizations.map((o) => [o.id, o.parent_id ?? null, o.seats]), [['council', null, council.seats], ...council.blocks.map((b) => [`council/${b.id}`, 'council', b.seats])]);
  assert.equal(doc.organizations[1]!.name, council.blocks[0]!.name.kk);
  assert.deepEqual(doc.organizations[1]!.other_names, [{ name: council.blocks[0]!.name.ru, note: 'lang:ru' }, { name: council.blocks[0]!.name.en, note: 'lang:en' }]);
  assert.equal(doc.posts.length, council.seats);
  assert.equal(new Set(doc.posts.map((p) => p.id)).size, council.seats);
  assert.deepEqual(doc.areas.map((a) => a.id), charter.regions.map((r) => r.code));
  assert.deepEqual(doc.persons, []);
  assert.deepEqual(doc.memberships, []);
});

test('persons only for members who accepted, memberships with both sides of a replacement, alternates by number', () => {
  const doc = toPopolo({ charter, lang: 'en', members, alternates });
  assert.deepEqual(doc.persons.map((p) => p.name).sort(), ['=cmd() B.', 'Aigerim S.']);
  assert.ok(!JSON.stringify(doc).includes('pseudo-'), 'no pseudonym is published');
  assert.equal(publicPersonId('pseudo-a'), doc.memberships.find((m) => m.id === 'membership/a')!.person_id);
  const [a, b, c] = ['a', 'b', 'c'].map((id) => doc.memberships.find((m) => m.id === `membership/${id}`)!);
  assert.equal(a!.replaced_by, 'membership/b');
  assert.equal(b!.replaces, 'membership/a');
  assert.equal(a!.end_reason, 'resigned');
  assert.equal(b!.end_reason, null);
  assert.equal(b!.sources[0]!.note, 'alternate no. 3 of the public draw');
  // Drawn but not accepted: the seat's membership is listed without a person or an organisation name.
  assert.equal(c!.person_id, null);
  assert.equal(c!.on_behalf_of, null);
  const alts = doc.memberships.filter((m) => m.role === 'alternate');
  assert.deepEqual(alts.map((m) => [m.alternate_rank, m.candidate_number, m.replaced_by, m.person_id]), [[1, '4', null, null], [3, '17', 'membership/b', null]]);
});

test('the CSV: the columns, one row per membership in the same order, quoted and formula-safe cells', () => {
  const doc = toPopolo({ charter, lang: 'ru', members, alternates });
  const lines = popoloCsv(doc).split('\r\n');
  assert.equal(lines.at(-1), '');
  // A UTF-8 byte-order mark first (ADR 0510), so a spreadsheet reads the Cyrillic right.
  assert.equal(lines[0], `\uFEFF${POPOLO_CSV_COLUMNS.join(',')}`);
  assert.equal(lines.length - 2, doc.memberships.length);
  const b = lines.find((l) => l.startsWith('membership/b,'))!;
  assert.ok(b.includes(",'=cmd() B.,"), b);
  assert.ok(b.includes('Ассоциация «Бірлік»'));
  assert.ok(b.includes(',membership/a,'));
});
