import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCharter, summarizeCharter } from '../../../src/core/charter/index.ts';

const charter = loadCharter(new URL('../../../charter/kz-default.json', import.meta.url).pathname);

test('the summary is multi-line and states the key rules in each language', () => {
  const expected = {
    en: ["People's Council: 126 seats", 'Kurultai: 145', 'Quorum: 2/3', '(84 of a full council)', '63 seats every 2 years'],
    ru: ['Народный совет: 126 мест', 'Курултай: 145', 'Кворум: 2/3', 'Ротация: 63 мест'],
    kk: ['Халық Кеңесі: 126 орын', 'Құрылтай: 145', 'Кворум', 'Ротация'],
  } as const;
  for (const lang of ['kk', 'ru', 'en'] as const) {
    const text = summarizeCharter(charter, lang);
    assert.ok(text.split('\n').length > 30, lang);
    for (const fragment of expected[lang]) assert.ok(text.includes(fragment), `${lang}: missing "${fragment}"`);
    for (const kind of charter.proposalKinds) assert.ok(text.includes(kind.name[lang]), `${lang}: ${kind.id}`);
    for (const region of charter.regions) assert.ok(text.includes(region.name[lang]), `${lang}: ${region.code}`);
  }
});

test('estimated populations are marked with ≈', () => {
  const text = summarizeCharter(charter, 'en');
  assert.match(text, /KZ-11 {2}Akmola Region — ≈ 780,000 \(2026\)/);
  assert.match(text, /KZ-75 {2}Almaty — 2,347,924 \(2026\)/);
});
