import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CharterError, type Charter, loadCharter, parseCharter, validateCharter } from '../../../src/core/charter/index.ts';

const root = new URL('../../../', import.meta.url).pathname;
const defaultPath = `${root}charter/kz-default.json`;
const fresh = (): Charter => JSON.parse(readFileSync(defaultPath, 'utf8'));

function errorsOf(mutate: (c: Charter & Record<string, unknown>) => void): string[] {
  const c = fresh() as Charter & Record<string, unknown>;
  mutate(c);
  const r = validateCharter(c);
  assert.equal(r.ok, false, 'expected the charter to be invalid');
  return r.ok ? [] : r.errors;
}

test('the default Kazakhstan charter is valid and carries the brief facts', () => {
  const c = loadCharter(defaultPath);
  assert.equal(c.languages.default, 'kk');
  assert.deepEqual([...c.languages.supported].sort(), ['en', 'kk', 'ru']);
  assert.equal(c.timeZone, 'Asia/Almaty');
  assert.equal(c.regions.length, 20);
  assert.equal(new Set(c.regions.map((r) => r.code)).size, 20);
  assert.equal(c.regions.filter((r) => r.population.estimate).length, 9);
  assert.equal(c.bodies.council.seats, 126);
  assert.deepEqual(c.bodies.council.blocks.map((b) => b.seats), [42, 42, 42]);
  assert.equal(c.bodies.council.firstSelection, '2026-10-17');
  assert.equal(c.bodies.kurultai.seats, 145);
  assert.equal(c.bodies.kurultai.external, true);
  const petition = c.proposalKinds.find((k) => k.id === 'petition')!;
  assert.equal(petition.signatureThreshold, 50000);
  assert.deepEqual(petition.signingWindow, { length: 6, unit: 'months' });
  assert.equal(petition.linkOnlyUntilSignatures, 50);
  assert.equal(petition.moderationWorkingDays, 20);
  const referendum = c.proposalKinds.find((k) => k.id === 'referendumInitiative')!;
  assert.equal(referendum.signatureThreshold, 200000);
  assert.deepEqual(referendum.actionGroup, { regions: 'all', minMembersPerRegion: 3 });
  assert.deepEqual(c.voting.quorum.share, { numerator: 2, denominator: 3 });
  assert.equal(c.calendar.holidays.country, 'KZ');
});

test('a copy with three deliberate mistakes reports all three, each with its path', () => {
  const errors = errorsOf((c) => {
    c.bodies.council.blocks[2]!.seats = 0; // schema: not a positive integer
    c.regions[5]!.code = 'KZ-10'; // semantic: duplicate region code
    c.calendar.extraDaysOff[0]!.date = '2026-02-30'; // schema: not a real date
  });
  assert.ok(errors.includes('bodies.council.blocks[2].seats: must be a positive integer'), errors.join('\n'));
  assert.ok(errors.some((e) => e.startsWith('regions[5].code: ')), errors.join('\n'));
  assert.ok(errors.some((e) => e.startsWith('calendar.extraDaysOff[0].date: ')), errors.join('\n'));
});

test('schema errors name the field: missing, unknown, wrong type, wrong enum', () => {
  const errors = errorsOf((c) => {
    delete (c.voting.majorities as Partial<Charter['voting']['majorities']>).procedural;
    c.surplus = true;
    (c.bodies.council as unknown as Record<string, unknown>).termYears = 'four';
    (c.languages as { default: string }).default = 'de';
    c.proposalKinds[0]!.regionalSpread.regions = [] as string[];
  });
  assert.ok(errors.includes('voting.majorities.procedural: is required'));
  assert.ok(errors.includes('surplus: is not a known field'));
  assert.ok(errors.includes('bodies.council.termYears: must be a positive integer'));
  assert.ok(errors.some((e) => e.startsWith('languages.default: must be one of')));
  assert.ok(errors.some((e) => e.startsWith('proposalKinds[0].regionalSpread.regions: must be "all" or')));
});

test('semantic: block seats must add up to the council seats', () => {
  const errors = errorsOf((c) => {
    c.bodies.council.blocks[0]!.seats = 40;
  });
  assert.ok(errors.includes('bodies.council.blocks: block seats add up to 124, but the council has 126 seats'));
});

test('semantic: languages must include the default', () => {
  const errors = errorsOf((c) => {
    c.languages.supported = ['ru', 'en'];
  });
  assert.deepEqual(errors, ['languages.supported: must include the default language "kk"']);
});

test('semantic: spread and action-group rules must name existing regions', () => {
  const errors = errorsOf((c) => {
    c.proposalKinds[1]!.regionalSpread = { regions: ['KZ-75', 'KZ-98'], minRegions: 2, minSignaturesPerRegion: 10 };
    c.proposalKinds[1]!.actionGroup = { regions: ['KZ-99'], minMembersPerRegion: 3 };
  });
  assert.ok(errors.includes('proposalKinds[1].regionalSpread.regions[1]: "KZ-98" is not a charter region'));
  assert.ok(errors.includes('proposalKinds[1].actionGroup.regions[0]: "KZ-99" is not a charter region'));
});

test('semantic: an override date may appear only once across both lists', () => {
  const errors = errorsOf((c) => {
    c.calendar.extraWorkingDays.push({ ...c.calendar.extraDaysOff[0]! });
  });
  assert.equal(errors.length, 1);
  assert.match(errors[0]!, /^calendar\.extraWorkingDays\[\d+\]\.date: 2025-01-03 is already listed at calendar\.extraDaysOff\[0\]$/);
});

test('semantic: renewal, quotas, fractions, limits and assumptions are consistent', () => {
  const errors = errorsOf((c) => {
    c.bodies.council.renewalShare = { numerator: 1, denominator: 4 };
    c.bodies.council.selectionDimensions[1]!.categories![0]!.share = 0.6;
    c.voting.majorities.recommendation.share = { numerator: 3, denominator: 2 };
    c.proposalKinds[0]!.text.title = { min: 300, max: 200 };
    c.proposalKinds[0]!.linkOnlyUntilSignatures = 60000;
    c.rejectionReasons.push({ ...c.rejectionReasons[0]! });
    c.assumptions.push({ path: 'bodies.council.nothingHere', note: 'x' });
    c.timeZone = 'Asia/Nowhere';
  });
  const expectPrefix = [
    'bodies.council.blocks[0].seats: 42 seats cannot be renewed by 1/4',
    'bodies.council.cycleYears: ',
    'bodies.council.selectionDimensions[1].categories: shares add up to 1.08',
    'voting.majorities.recommendation.share: must not be more than 1',
    'proposalKinds[0].text.title: min (300) is above max (200)',
    'proposalKinds[0].linkOnlyUntilSignatures: must be below the signature threshold',
    'rejectionReasons[6].code: reason code "duplicate" repeats',
    // The pushed note is the last one: its index is the default charter's count of assumptions.
    `assumptions[${fresh().assumptions.length}].path: "bodies.council.nothingHere" names no field`,
    'timeZone: "Asia/Nowhere" is not an IANA time zone',
  ];
  for (const p of expectPrefix) assert.ok(errors.some((e) => e.startsWith(p)), `missing ${p}\n${errors.join('\n')}`);
});

test('loadCharter throws CharterError with every error; bad JSON and missing files are errors too', () => {
  const c = fresh();
  c.bodies.council.seats = -5;
  c.regions[0]!.population.count = 0;
  try {
    parseCharter(JSON.stringify(c), 'copy.json');
    assert.fail('expected a CharterError');
  } catch (e) {
    assert.ok(e instanceof CharterError);
    assert.ok(e.errors.includes('bodies.council.seats: must be a positive integer'));
    assert.ok(e.errors.includes('regions[0].population.count: must be a positive integer'));
    assert.match(e.message, /copy\.json/);
  }
  assert.throws(() => parseCharter('{ nope'), (e: unknown) => e instanceof CharterError && /not valid JSON/.test(e.errors[0]!));
  assert.throws(() => loadCharter(`${root}charter/does-not-exist.json`), (e: unknown) => e instanceof CharterError && /cannot read/.test(e.errors[0]!));
});
