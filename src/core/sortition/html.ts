// A readable HTML report: quota table, sorted probability curve (inline SVG), summary numbers and every
// person's probability. No script, no external resources. `renderHtmlReport` is the self-contained file
// (the CLI writes it, in English); `reportSections` is the same content for a page of the site, in the
// reader's language, with categories and values named (regions, age bands) instead of their codes.
import type { SelectionReport } from './report.ts';

const esc = (s: string | number) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** Every word of the report, and how numbers, categories and values are written. */
export interface ReportWords {
  lang: string;
  title: (r: { algorithm: string; k: number; pool: number }) => string;
  optimal: string;
  notOptimal: (gap: string) => string;
  summary: string;
  min: string;
  max: string;
  gini: string;
  lotteryChange: (tickets: number) => string;
  legacy: (runs: number) => string;
  draw: string;
  inputHash: string;
  entropy: string;
  seedGiven: string;
  seed: string;
  winningTicket: string;
  ticket: (r: { ticket: number; last: number; panel: number }) => string;
  engine: string;
  quotas: string;
  cols: { category: string; value: string; target: string; pool: string; expected: string; selected: string };
  curve: string;
  curveTitle: (r: { min: string; max: string }) => string;
  curveAxis: string;
  everyone: string;
  people: { id: string; probability: string; lottery: string; selected: string };
  yes: string;
  /** A share 0..1 as a percentage with four decimals. */
  percent: (p: number) => string;
  /** A plain number with `digits` decimals. */
  fixed: (n: number, digits: number) => string;
  category: (category: string) => string;
  value: (category: string, value: string) => string;
}

export const ENGLISH_REPORT: ReportWords = {
  lang: 'en',
  title: (r) => `Selection report: ${r.algorithm.toUpperCase()}, k=${r.k}, pool ${r.pool}`,
  optimal: 'Optimal (proven).',
  notOptimal: (gap) => `<strong>Not proven optimal</strong>: stopped with gap ${gap}.`,
  summary: 'Summary',
  min: 'Smallest probability',
  max: 'Largest probability',
  gini: 'Gini coefficient',
  lotteryChange: (n) => `Lottery of ${n} tickets: largest change of any probability`,
  legacy: (runs) => `Old greedy algorithm (LEGACY), estimated smallest probability (${runs} draws)`,
  draw: 'Draw',
  inputHash: 'Input hash (SHA-256)',
  entropy: 'Entropy',
  seedGiven: '(seed given directly)',
  seed: 'Seed (SHA-256 of entropy)',
  winningTicket: 'Winning ticket',
  ticket: (r) => `${r.ticket} of 0–${r.last} (panel ${r.panel})`,
  engine: 'Engine',
  quotas: 'Quotas',
  cols: { category: 'Category', value: 'Value', target: 'Target', pool: 'Pool', expected: 'Expected', selected: 'Selected' },
  curve: 'Selection probabilities, sorted',
  curveTitle: (r) => `Selection probability of each person, sorted from smallest (${r.min}) to largest (${r.max})`,
  curveAxis: 'people, sorted by probability',
  everyone: 'Every person',
  people: { id: 'Id', probability: 'Probability', lottery: 'Lottery probability', selected: 'Selected' },
  yes: 'yes',
  percent: (p) => `${(p * 100).toFixed(4)}%`,
  fixed: (n, digits) => n.toFixed(digits),
  category: (c) => c,
  value: (_c, v) => v,
};

/** The report's content (headings and tables, no <html> shell); tables sit in scrolling boxes. */
export function reportSections(report: SelectionReport, w: ReportWords = ENGLISH_REPORT, opts: { tableWrap?: (label: string, table: string) => string } = {}): string {
  const s = report.summary;
  const pct = w.percent;
  const wrap = opts.tableWrap ?? ((_label: string, table: string) => table);
  const title = w.title({ algorithm: report.algorithm, k: report.k, pool: report.poolSize });
  const status = report.optimal ? `<p class="ok">${esc(w.optimal)}</p>` : `<p class="warn">${w.notOptimal(esc(report.gap))}</p>`;
  const quotaRows = report.quotas
    .map(
      (q) =>
        `<tr><td>${esc(w.category(q.category))}</td><td>${esc(w.value(q.category, q.value))}</td><td>${q.min}–${q.max}</td><td>${q.pool}</td><td>${esc(w.fixed(q.expected, 2))}</td><td>${q.selected}</td></tr>`,
    )
    .join('\n');
  const drawn = new Set(report.draw.members);
  const personRows = report.people
    .slice()
    .sort((a, b) => a.probability - b.probability || (a.id < b.id ? -1 : 1))
    .map((p) => `<tr><td>${esc(p.id)}</td><td>${esc(pct(p.probability))}</td><td>${esc(pct(p.lotteryProbability))}</td><td>${drawn.has(p.id) ? esc(w.yes) : ''}</td></tr>`)
    .join('\n');
  return `<h1>${esc(title)}</h1>
${status}
<h2>${esc(w.summary)}</h2>
${wrap(w.summary, `<table>
<tr><th>${esc(w.min)}</th><td>${esc(pct(s.min))}</td></tr>
<tr><th>${esc(w.max)}</th><td>${esc(pct(s.max))}</td></tr>
<tr><th>${esc(w.gini)}</th><td>${esc(w.fixed(s.gini, 4))}</td></tr>
<tr><th>${esc(w.lotteryChange(report.lottery.size))}</th><td>${esc(pct(s.lotteryMaxChange))}</td></tr>
${s.legacyMinimum === null ? '' : `<tr><th>${esc(w.legacy(s.legacyRuns))}</th><td>${esc(pct(s.legacyMinimum))}</td></tr>`}
</table>`)}
<h2>${esc(w.draw)}</h2>
${wrap(w.draw, `<table>
<tr><th>${esc(w.inputHash)}</th><td><code>${esc(report.inputHash)}</code></td></tr>
<tr><th>${esc(w.entropy)}</th><td>${report.entropy === null ? esc(w.seedGiven) : `<pre>${esc(report.entropy)}</pre>`}</td></tr>
<tr><th>${esc(w.seed)}</th><td><code>${esc(report.seed)}</code></td></tr>
<tr><th>${esc(w.winningTicket)}</th><td>${esc(w.ticket({ ticket: report.draw.ticket, last: report.lottery.size - 1, panel: report.draw.panel }))}</td></tr>
<tr><th>${esc(w.engine)}</th><td>${esc(report.engine.name)} ${esc(report.engine.version)}, ${esc(report.engine.solver)}</td></tr>
</table>`)}
<h2>${esc(w.quotas)}</h2>
${wrap(w.quotas, `<table>
<thead><tr><th>${esc(w.cols.category)}</th><th>${esc(w.cols.value)}</th><th>${esc(w.cols.target)}</th><th>${esc(w.cols.pool)}</th><th>${esc(w.cols.expected)}</th><th>${esc(w.cols.selected)}</th></tr></thead>
<tbody>
${quotaRows}
</tbody>
</table>`)}
<h2>${esc(w.curve)}</h2>
${curve(report.people.map((p) => p.probability), w)}
<h2>${esc(w.everyone)}</h2>
${wrap(w.everyone, `<table>
<thead><tr><th>${esc(w.people.id)}</th><th>${esc(w.people.probability)}</th><th>${esc(w.people.lottery)}</th><th>${esc(w.people.selected)}</th></tr></thead>
<tbody>
${personRows}
</tbody>
</table>`)}`;
}

/** The self-contained file: one <style> element, no script, no external resources. */
export function renderHtmlReport(report: SelectionReport, w: ReportWords = ENGLISH_REPORT): string {
  const title = w.title({ algorithm: report.algorithm, k: report.k, pool: report.poolSize });
  return `<!doctype html>
<html lang="${esc(w.lang)}">
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
${reportSections(report, w)}
</main>
</body>
</html>
`;
}

/** Sorted probabilities as a step curve; at most 1000 points so large pools stay small. */
function curve(probs: number[], w: ReportWords): string {
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
<title id="curve-title">${esc(w.curveTitle({ min: w.percent(sorted[0] ?? 0), max: w.percent(sorted[sorted.length - 1] ?? 0) }))}</title>
<line x1="${pad}" y1="${H - pad}" x2="${W - pad}" y2="${H - pad}" stroke="#333"/>
<line x1="${pad}" y1="${pad}" x2="${pad}" y2="${H - pad}" stroke="#333"/>
<text x="${pad}" y="${pad - 8}" font-size="13">${esc(w.percent(top))}</text>
<text x="${pad - 4}" y="${H - pad + 14}" font-size="13" text-anchor="end">0</text>
<text x="${W / 2}" y="${H - 8}" font-size="13" text-anchor="middle">${esc(w.curveAxis)}</text>
<polyline fill="none" stroke="#1764c0" stroke-width="2" points="${points.join(' ')}"/>
</svg>`;
}
