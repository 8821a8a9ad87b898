// The charter's councilWork section: defaults, schema errors and the semantic rules tying it to the
// proposal kinds and the Council's size.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { type Charter, summarizeCharter, validateCharter } from '../../../src/core/charter/index.ts';

const fresh = (): Charter => JSON.parse(readFileSync(new URL('../../../charter/kz-default.json', import.meta.url), 'utf8'));

function errorsOf(mutate: (c: Charter) => void): string[] {
  const c = fresh();
  mutate(c);
  const r = validateCharter(c);
  return r.ok ? [] : r.errors;
}

test('the default charter carries the Council work rules, each listed as an assumption', () => {
  const c = fresh();
  assert.deepEqual(validateCharter(c).ok, true);
  assert.deepEqual(c.councilWork.notice, { regular: 10, extraordinary: 3 });
  assert.equal(c.councilWork.petitionAgenda.workingDays, 30);
  assert.deepEqual(
    c.councilWork.agendaFromProposals.map((e) => e.proposalKind),
    c.proposalKinds.map((k) => k.id),
  );
  const paths = c.assumptions.map((a) => a.path);
  for (const p of ['councilWork.notice', 'councilWork.agenda.closesWorkingDaysBefore', 'councilWork.petitionAgenda.workingDays', 'councilWork.motions.coSponsors', 'councilWork.amendments.coSponsors', 'councilWork.referendumProposal']) {
    assert.ok(paths.includes(p), p);
  }
});

test('schema: a missing section, a negative notice, an unknown decision kind, an unknown field', () => {
  const missing = errorsOf((c) => {
    delete (c as Partial<Charter>).councilWork;
  });
  assert.ok(missing.includes('councilWork: is required'), missing.join('\n'));
  const errors = errorsOf((c) => {
    c.councilWork.notice.extraordinary = -1;
    (c.councilWork.agendaFromProposals[0] as { decisionKind: string }).decisionKind = 'procedural';
    (c.councilWork.motions as Record<string, unknown>).extra = 1;
  });
  assert.ok(errors.includes('councilWork.notice.extraordinary: must be a non-negative integer'), errors.join('\n'));
  assert.ok(errors.some((e) => e.startsWith('councilWork.agendaFromProposals[0].decisionKind: must be one of')), errors.join('\n'));
  assert.ok(errors.includes('councilWork.motions.extra: is not a known field'), errors.join('\n'));
});

test('semantic: proposal kinds named must exist, once each', () => {
  const errors = errorsOf((c) => {
    c.councilWork.agendaFromProposals.push({ proposalKind: 'petition', decisionKind: 'recommendation' }, { proposalKind: 'lottery', decisionKind: 'recommendation' });
    c.councilWork.referendumProposal.excludedSubjectsOf = 'plebiscite';
  });
  assert.deepEqual(errors, [
    'councilWork.agendaFromProposals[3].proposalKind: proposal kind "petition" repeats councilWork.agendaFromProposals[0]',
    'councilWork.agendaFromProposals[4].proposalKind: "lottery" is not a charter proposal kind',
    'councilWork.referendumProposal.excludedSubjectsOf: "plebiscite" is not a charter proposal kind',
  ]);
});

test('semantic: co-sponsors fit in the seats; due soon, notice and agenda closing are consistent', () => {
  const errors = errorsOf((c) => {
    c.councilWork.motions.coSponsors.referendumProposal = 126;
    c.councilWork.amendments.coSponsors = 130;
    c.councilWork.petitionAgenda.dueSoonWorkingDays = 30;
    c.councilWork.notice.extraordinary = 11;
    c.councilWork.agenda.closesWorkingDaysBefore = 10;
  });
  assert.deepEqual(errors, [
    "councilWork.motions.coSponsors.referendumProposal: 126 co-sponsors and the mover exceed the council's 126 seats",
    "councilWork.amendments.coSponsors: 130 co-sponsors and the mover exceed the council's 126 seats",
    'councilWork.petitionAgenda.dueSoonWorkingDays: must be below workingDays (30)',
    'councilWork.notice.extraordinary: must not be longer than the regular notice (10)',
    'councilWork.agenda.closesWorkingDaysBefore: must be below the regular notice (10), or a regular agenda would close before it is convened',
  ]);
  assert.deepEqual(
    errorsOf((c) => {
      c.councilWork.motions.coSponsors.referendumProposal = 125;
    }),
    [],
    'the mover and 125 co-sponsors fill the 126 seats exactly',
  );
});

test('the summary states the Council work rules from the charter, in each language', () => {
  const c = fresh();
  c.councilWork.notice = { regular: 12, extraordinary: 4 };
  c.councilWork.petitionAgenda.workingDays = 25;
  c.councilWork.motions.coSponsors.referendumProposal = 17;
  const expected = {
    en: ['Notice: regular session 12, extraordinary 4', 'within 25', 'Referendum proposal 17', 'Amendment 2'],
    ru: ['очередное заседание 12, внеочередное 4', 'в течение 25', 'Предложение о референдуме 17', 'Поправка 2'],
    kk: ['кезекті отырыс 12, кезектен тыс 4', '25 күн ішінде', 'Референдум туралы ұсыныс 17', 'Түзету 2'],
  } as const;
  for (const lang of ['kk', 'ru', 'en'] as const) {
    const text = summarizeCharter(c, lang);
    for (const fragment of expected[lang]) assert.ok(text.includes(fragment), `${lang}: missing "${fragment}"\n${text}`);
  }
});
