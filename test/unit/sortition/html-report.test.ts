// The self-contained HTML report of a draw.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderHtmlReport, runSelection } from '../../../src/core/sortition/index.ts';
import { SEED, panelotFixture } from './helpers.ts';

test('HTML report: self-contained, no script, quota table, SVG curve, summary', async () => {
  const report = await runSelection(panelotFixture('example_small_20', 20), { seed: SEED, legacyComparisonRuns: 500 });
  const html = renderHtmlReport(report);
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /(src|href)="https?:/);
  assert.match(html, /<svg[^>]*role="img"/);
  assert.match(html, /<td>gender<\/td><td>female<\/td><td>9–20<\/td><td>100<\/td>/);
  assert.match(html, /Gini coefficient<\/th><td>0\.0000/);
  assert.match(html, /LEGACY/);
  assert.equal((html.match(/<tr><td>\d+<\/td><td>10\.0000%/g) ?? []).length, 200);
});
