// A refused form of the Council's pages: the service's domain error becomes a message at its field, in
// the reader's language with the error's numbers, what was typed kept; unknown codes and server faults
// are not shown as form problems (they stay errors).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError, DomainErrors } from '../../../src/core/errors.ts';
import { councilMessages } from '../../../src/modules/council/messages.ts';
import { councilPageMessages } from '../../../src/modules/council/pageMessages.ts';
import { formErrorOf } from '../../../src/modules/council/pages.tsx';
import { councilProblems } from '../../../src/modules/council/problems.ts';
import { commonProblems, mergeCatalogs } from '../../../src/web/domainProblems.ts';
import { I18n } from '../../../src/web/i18n.ts';

const catalog = mergeCatalogs(commonProblems, councilProblems);
const i18n = new I18n([councilMessages, councilPageMessages]);

test('a field error in each language, with the charter’s numbers, at the field the form names', () => {
  const err = new DomainError('too-few-co-sponsors', 'body.coSponsorIds', { have: 3, need: 4 });
  const body = { title: 'Publish clinic waiting times', coSponsorIds: ['a', 'b', 'c'] };
  const en = formErrorOf(catalog, i18n.translator('en'), err, 'motion', body)!;
  assert.equal(en.status, 400);
  assert.deepEqual(en.error.errors, [{ field: 'coSponsorIds', message: '3 co-sponsors: the charter asks for 4.' }]);
  assert.equal(en.error.detail, undefined, 'a field message is not repeated as the summary’s sentence');
  assert.deepEqual(en.error.values, { title: 'Publish clinic waiting times', coSponsorIds: 'a,b,c' });
  assert.equal(en.error.form, 'motion');
  assert.equal(formErrorOf(catalog, i18n.translator('ru'), err, 'motion', body)!.error.errors[0]!.message, 'Соавторов: 3, устав требует 4.');
  assert.equal(formErrorOf(catalog, i18n.translator('kk'), err, 'motion', body)!.error.errors[0]!.message, 'Қосалқы авторлар: 3, жарғы бойынша 4 қажет.');
});

test('an error without a field is the summary’s sentence; an indexed field names its control; an untranslated code falls back to English', () => {
  const quorum = formErrorOf(catalog, i18n.translator('en'), new DomainError('no-quorum', undefined, { present: 5, needed: 6, sitting: 8 }), 'openVote', {})!;
  assert.equal(quorum.status, 409);
  assert.deepEqual(quorum.error.errors, []);
  assert.equal(quorum.error.detail, 'No quorum: 5 present of 8 sitting members, 6 needed.');
  const list = new DomainErrors('co-sponsor-twice', [new DomainError('co-sponsor-twice', 'coSponsorIds.2', { memberId: 'm-1' }), new DomainError('session-not-sitting', undefined, { state: 'closed' })]);
  const both = formErrorOf(catalog, i18n.translator('en'), list, 'motion', {})!;
  assert.deepEqual(both.error.errors, [{ field: 'coSponsorIds', message: 'm-1 is named twice' }]);
  assert.equal(both.error.detail, 'the session is closed, not sitting');
});

test('what is not a refusal stays an error: an unknown code, a missing record, any other exception', () => {
  const t = i18n.translator('en');
  assert.equal(formErrorOf(catalog, t, new DomainError('no-such-code', 'x', {}), 'f', {}), null);
  assert.equal(formErrorOf(catalog, t, new DomainError('not-found', 'voteId', { what: 'vote', id: 'v' }), 'f', {}), null);
  assert.equal(formErrorOf(catalog, t, new Error('boom'), 'f', {}), null);
});
