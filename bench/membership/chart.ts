// Draws the simulation's result as an SVG for docs/: per cycle the smallest and largest selection
// probability, and how many people served 1, 2, 3… terms, one series per report given.
//
//   node --import tsx bench/membership/chart.ts OUT.svg LABEL=report.json [LABEL=report.json …]
import { readFileSync, writeFileSync } from 'node:fs';
import type { SimulationReport } from '../../src/core/membership/simulate.ts';

const [out, ...series] = process.argv.slice(2);
if (!out || series.length === 0) throw new Error('usage: chart.ts OUT.svg LABEL=report.json …');
const reports = series.map((s) => {
  const [label, file] = s.split('=') as [string, string];
  return { label, r: JSON.parse(readFileSync(file, 'utf8')) as SimulationReport };
});
const W = 640;
const H = 280;
const colours = ['#1f5f8b', '#a01c14', '#2e7d32'];
const parts: string[] = [];
const x0 = 50;
const pw = 260;
const ph = 180;
const y0 = 40;
const cycles = Math.max(...reports.map((x) => x.r.cycles.length));
const px = (i: number) => x0 + (i / Math.max(1, cycles - 1)) * pw;
const py = (p: number) => y0 + ph - p * ph;
parts.push(`<text x="${x0}" y="20" font-size="14">Selection probability per cycle (min and max)</text>`);
parts.push(`<rect x="${x0}" y="${y0}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
for (const t of [0, 0.5, 1]) parts.push(`<text x="${x0 - 6}" y="${py(t) + 4}" font-size="11" text-anchor="end">${t * 100}%</text>`);
for (let i = 0; i < cycles; i++) parts.push(`<text x="${px(i)}" y="${y0 + ph + 14}" font-size="11" text-anchor="middle">${i}</text>`);
reports.forEach(({ label, r }, k) => {
  const c = colours[k % colours.length];
  for (const key of ['minProbability', 'maxProbability'] as const) {
    parts.push(`<polyline fill="none" stroke="${c}" stroke-width="2" ${key === 'minProbability' ? 'stroke-dasharray="4 3"' : ''} points="${r.cycles.map((cy, i) => `${px(i).toFixed(1)},${py(cy[key]).toFixed(1)}`).join(' ')}"/>`);
  }
  parts.push(`<text x="${x0}" y="${y0 + ph + 34 + k * 14}" font-size="12" fill="${c}">${label}: max solid, min dashed; ${r.distinctMembers} distinct members</text>`);
});
const bx = 360;
const bw = 250;
parts.push(`<text x="${bx}" y="20" font-size="14">People by terms served (log scale)</text>`);
const maxTerms = Math.max(...reports.flatMap((x) => Object.keys(x.r.termsServed).map(Number)));
const maxCount = Math.max(...reports.flatMap((x) => Object.values(x.r.termsServed)));
const barH = 14;
let y = y0;
for (let t = 1; t <= maxTerms; t++) {
  parts.push(`<text x="${bx}" y="${y + 12}" font-size="12">${t}×</text>`);
  reports.forEach(({ r }, k) => {
    const n = r.termsServed[t] ?? 0;
    const w = n === 0 ? 0 : (Math.log10(n + 1) / Math.log10(maxCount + 1)) * (bw - 60);
    parts.push(`<rect x="${bx + 24}" y="${y}" width="${w.toFixed(1)}" height="${barH - 2}" fill="${colours[k % colours.length]}"/>`);
    parts.push(`<text x="${bx + 28 + w}" y="${y + 11}" font-size="11">${n}</text>`);
    y += barH;
  });
  y += 8;
}
const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="Council rotation simulation: selection probabilities per cycle and terms served per person"><rect width="${W}" height="${H}" fill="#fff"/>${parts.join('')}</svg>\n`;
writeFileSync(out, svg);
console.log(`wrote ${out}`);
