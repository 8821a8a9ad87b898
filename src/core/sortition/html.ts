// A readable, self-contained HTML report: quota table, sorted probability curve (inline SVG),
// summary numbers and every person's probability. No script, no external resources.
import type { SelectionReport } from './report.ts';

const esc = (s: string | number) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
const pct = (p: number) => `${(p * 100).toFixed(4)}%`;

export function renderHtmlReport(report: SelectionReport): string {
  const s = report.summary;
  const title = `Selection report: ${report.algorithm.toUpperCase()}, k=${report.k}, pool ${report.poolSize}`;
  const status = report.optimal
    ? '<p class="ok">Optimal (proven).</p>'
    : `<p class="warn"><strong>Not proven optimal</strong>: stopped with gap ${esc(report.gap)}.</p>`;
  const quotaRows = report.quotas
    .map(
      (q) =>
        `<tr><td>${esc(q.category)}</td><td>${esc(q.value)}</td><td>${q.min}–${q.max}</td><td>${q.pool}</td><td>${q.expected.toFixed(2)}</td><td>${q.selected}</td></tr>`,
    )
    .join('\n');
  const drawn = new Set(report.draw.members);
  const personRows = report.people
    .slice()
    .sort((a, b) => a.probability - b.probability || (a.id < b.id ? -1 : 1))
    .map(
      (p) =>
        `<tr><td>${esc(p.id)}</td><td>${pct(p.probability)}</td><td>${pct(p.lotteryProbability)}</td><td>${drawn.has(p.id) ? 'yes' : ''}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#111}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #bbb;padding:.2rem .5rem;text-align:left}
th{background:#eee}.ok{color:#064}.warn{color:#a00}code{word-break:break-all}svg{max-width:100%;height:auto}
pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:0}td,th{overflow-wrap:anywhere}
</style>
</head>
<body>
<main>
<h1>${esc(title)}</h1>
${status}
<h2>Summary</h2>
<table>
<tr><th>Smallest probability</th><td>${pct(s.min)}</td></tr>
<tr><th>Largest probability</th><td>${pct(s.max)}</td></tr>
<tr><th>Gini coefficient</th><td>${s.gini.toFixed(4)}</td></tr>
<tr><th>Lottery of ${report.lottery.size} tickets: largest change of any probability</th><td>${pct(s.lotteryMaxChange)}</td></tr>
${s.legacyMinimum === null ? '' : `<tr><th>Old greedy algorithm (LEGACY), estimated smallest probability (${s.legacyRuns} draws)</th><td>${pct(s.legacyMinimum)}</td></tr>`}
</table>
<h2>Draw</h2>
<table>
<tr><th>Input hash (SHA-256)</th><td><code>${esc(report.inputHash)}</code></td></tr>
<tr><th>Entropy</th><td>${report.entropy === null ? '(seed given directly)' : `<pre>${esc(report.entropy)}</pre>`}</td></tr>
<tr><th>Seed (SHA-256 of entropy)</th><td><code>${esc(report.seed)}</code></td></tr>
<tr><th>Winning ticket</th><td>${report.draw.ticket} of 0–${report.lottery.size - 1} (panel ${report.draw.panel})</td></tr>
<tr><th>Engine</th><td>${esc(report.engine.name)} ${esc(report.engine.version)}, ${esc(report.engine.solver)}</td></tr>
</table>
<h2>Quotas</h2>
<table>
<thead><tr><th>Category</th><th>Value</th><th>Target</th><th>Pool</th><th>Expected</th><th>Selected</th></tr></thead>
<tbody>
${quotaRows}
</tbody>
</table>
<h2>Selection probabilities, sorted</h2>
${curve(report.people.map((p) => p.probability))}
<h2>Every person</h2>
<table>
<thead><tr><th>Id</th><th>Probability</th><th>Lottery probability</th><th>Selected</th></tr></thead>
<tbody>
${personRows}
</tbody>
</table>
</main>
</body>
</html>
`;
}

/** Sorted probabilities as a step curve; at most 1000 points so large pools stay small. */
function curve(probs: number[]): string {
  const W = 340; // about a CSS pixel a unit on a 360 px phone, so 13-unit labels stay ≥ 12 px
  const H = 240;
  const pad = 40;
  const sorted = probs.slice().sort((a, b) => a - b);
  const top = Math.max(sorted[sorted.length - 1] ?? 0, 1e-9) * 1.1;
  const step = Math.max(1, Math.floor(sorted.length / 1000));
  const points: string[] = [];
  for (let i = 0; i < sorted.length; i += step) points.push(pt(i, sorted[i]));
  points.push(pt(sorted.length - 1, sorted[sorted.length - 1]));
  function pt(i: number, p: number) {
    const x = pad + ((W - 2 * pad) * i) / Math.max(1, sorted.length - 1);
    const y = H - pad - ((H - 2 * pad) * p) / top;
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="curve-title">
<title id="curve-title">Selection probability of each person, sorted from smallest (${pct(sorted[0] ?? 0)}) to largest (${pct(sorted[sorted.length - 1] ?? 0)})</title>
<line x1="${pad}" y1="${H - pad}" x2="${W - pad}" y2="${H - pad}" stroke="#333"/>
<line x1="${pad}" y1="${pad}" x2="${pad}" y2="${H - pad}" stroke="#333"/>
<text x="${pad}" y="${pad - 8}" font-size="13">${pct(top)}</text>
<text x="${pad - 4}" y="${H - pad + 14}" font-size="13" text-anchor="end">0</text>
<text x="${W / 2}" y="${H - 8}" font-size="13" text-anchor="middle">people, sorted by probability</text>
<polyline fill="none" stroke="#1764c0" stroke-width="2" points="${points.join(' ')}"/>
</svg>`;
}
