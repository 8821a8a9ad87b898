// Cross-language folding for search: Latin finds Cyrillic and the reverse, inflected forms meet.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldText, foldWord, queryStems } from '../../src/core/search/fold.ts';

/** What the proposals search does: every stem must start a word of the folded text. */
const finds = (q: string, text: string) => queryStems(q).every((s) => foldText(text).includes(` ${s}`));

test('an English or Latin query finds the Russian and Kazakh text, and the reverse', () => {
  assert.ok(finds('transport', 'Бесплатный Wi-Fi в городском транспорте'));
  assert.ok(finds('транспорту', 'Бесплатный Wi-Fi в городском транспорте'));
  assert.ok(finds('транспорт', 'Free Wi-Fi on public transport'));
  assert.ok(finds('Almaty', 'Велодорожки в Алматы'));
  assert.ok(finds('Алматы', 'Bike lanes in Almaty'));
  assert.ok(finds('Алматы', 'Алматинская область'), 'the adjective shares the stem');
  assert.ok(finds('Şymkent', 'Шымкент қаласы'), 'Kazakh Latin alphabet of 2021');
  assert.ok(finds('Jetisu', 'Жетысуская область'));
  assert.ok(finds('Zhetysu', 'Жетісу облысы'));
  assert.ok(finds('mektep', 'Мектептерде тегін ыстық тамақ'), 'a Kazakh stem before its suffixes');
});

test('unrelated words do not match', () => {
  assert.ok(!finds('transport', 'Школьное питание'));
  assert.ok(!finds('Almaty', 'Астана'));
  assert.ok(!finds('school meals', 'school buses'), 'every word must match');
});

test('folding is stable and strips what search ignores', () => {
  assert.equal(foldWord('Қазақстан'), 'kazakstan');
  assert.equal(foldWord('Qazaqstan'), 'kazakstan', 'Kazakh Latin q is Cyrillic қ');
  assert.equal(foldText('  Hello, мир!  '), ' hello mir');
  assert.equal(foldText('...'), '');
  assert.deepEqual(queryStems('a b c d e f g'), ['a', 'b', 'c', 'd', 'e']);
  assert.deepEqual(queryStems('транспорт транспорте'), ['transp']);
});
