import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLang, LANGS, perLang } from '../../src/core/lang.ts';
import { LANGS as webLangs } from '../../src/web/i18n.ts';

test('the platform languages are kk, ru, en; the web layer reads the same list', () => {
  assert.deepEqual([...LANGS], ['kk', 'ru', 'en']);
  assert.equal(webLangs, LANGS);
});

test('isLang accepts exactly the platform languages', () => {
  for (const l of ['kk', 'ru', 'en']) assert.equal(isLang(l), true, l);
  for (const v of ['de', 'KK', '', 'kk ', null, undefined, 1, ['kk']]) assert.equal(isLang(v), false, String(v));
});

test('perLang builds one value per language, with its index in the list', () => {
  assert.deepEqual(
    perLang((l, i) => `${i}:${l}`),
    { kk: '0:kk', ru: '1:ru', en: '2:en' },
  );
});
