// The dashboard's server-drawn bar chart on a phone: labels wrap at word breaks instead of being cut,
// every word of a long Kazakh agency name is drawn, and the chart is 320 units wide (≈ 1 unit per CSS
// px at 360 px, so its 14-unit text stays above 12 px).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import { BarChart, CHART_W, wrapWords } from '../../../src/modules/responses/charts.tsx';

test('wrapWords breaks at spaces within the width, keeps a too-long word whole, and never drops text', () => {
  assert.deepEqual(wrapWords('Жасанды интеллект және цифрлық даму министрлігі', 20), ['Жасанды интеллект', 'және цифрлық даму', 'министрлігі']);
  assert.deepEqual(wrapWords('Денсаулықсақтаумининистрлігі қысқа', 10), ['Денсаулықсақтаумининистрлігі', 'қысқа']);
  assert.deepEqual(wrapWords('', 10), ['']);
  const long = 'Қазақстан Республикасының Ауыл шаруашылығы министрлігі';
  assert.equal(wrapWords(long, 34).join(' '), long);
  for (const line of wrapWords(long, 34)) assert.ok(line.length <= 34, line);
});

test('BarChart draws the whole label on its own lines above each bar, at 14 units in a 320-unit box', () => {
  const label = 'Қазақстан Республикасының Экология және табиғи ресурстар министрлігі';
  const svg = renderToString(<BarChart id="c" title="T" desc="D" max={10} bars={[{ label, value: 5, text: '50%' }]} />);
  assert.match(svg, new RegExp(`viewBox="0 0 ${CHART_W} `));
  assert.equal(CHART_W, 320);
  const spans = [...svg.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1]);
  assert.ok(spans.length >= 2, 'a long name takes more than one line');
  assert.equal(spans.join(' '), label, 'nothing is cut off');
  assert.doesNotMatch(svg, /…/);
  assert.doesNotMatch(svg, /font-size="1[0-3]"/);
  assert.match(svg, /width="125"/, 'the bar is value/max of the 250-unit track');
});
