// Server-drawn SVG charts: no script, readable without colour (values are printed), and each chart
// has a title and description for screen readers; the same figures are in the tables beside them.
import type { ComponentChildren } from 'preact';

export interface Bar {
  label: string;
  /** 0..max */
  value: number;
  /** Printed at the end of the bar. */
  text: string;
}

// Drawn for a phone first: 320 user units wide, so at 360 px a unit is about a CSS pixel and 14-unit
// text stays at 12 px or more (the stylesheet caps the width so it does not grow large on a desktop).
// Each label has its own lines above its bar, wrapped at word breaks, never cut: long kk/ru agency
// names fit without truncation.
export const CHART_W = 320;
const FONT = 14;
const LINE = 18;
const BAR_H = 14;
const BAR_W = 250;
/** Characters per label line: ~8 units per letter at 14 units, with a margin for wide letters. */
const LINE_CHARS = 34;

/** Horizontal bars, one entry per block: its label (wrapped), then its bar and printed value. */
export function BarChart(props: { id: string; title: string; desc: string; bars: Bar[]; max: number }) {
  const { id, title, desc, bars, max } = props;
  let y = 4;
  const rows = bars.map((b) => {
    const lines = wrapWords(b.label, LINE_CHARS);
    const top = y;
    y += lines.length * LINE + BAR_H + 12;
    return { b, lines, top };
  });
  const height = Math.max(y, 12);
  return (
    <svg class="rsp-chart" viewBox={`0 0 ${CHART_W} ${height}`} width="100%" role="img" aria-labelledby={`${id}-t ${id}-d`} xmlns="http://www.w3.org/2000/svg">
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      {rows.map(({ b, lines, top }) => {
        const w = max > 0 ? Math.round((b.value / max) * BAR_W) : 0;
        const barY = top + lines.length * LINE + 4;
        // No links inside: a role="img" must not hold interactive content; the table beside it links.
        return (
          <g key={b.label}>
            <text x={0} y={top + FONT} font-size={FONT} fill="#1a1a1a">
              {lines.map((l, i) => (
                <tspan key={l} x={0} dy={i === 0 ? 0 : LINE}>
                  {l}
                </tspan>
              ))}
            </text>
            <rect x={0} y={barY} width={BAR_W} height={BAR_H} fill="#e8edf3" />
            <rect x={0} y={barY} width={w} height={BAR_H} fill="#1f5f8b" />
            <text x={BAR_W + 6} y={barY + BAR_H - 2} font-size={FONT} fill="#1a1a1a">
              {b.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Greedy word wrap to `n` characters a line; a single word longer than a line gets a line of its own. */
export function wrapWords(text: string, n: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > n) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

export interface Segment {
  label: string;
  value: number;
  fill: string;
}

/** One stacked bar with a legend underneath that prints every count. */
export function StackedBar(props: { id: string; title: string; desc: string; segments: Segment[]; children?: ComponentChildren }) {
  const { id, title, desc, segments } = props;
  const total = segments.reduce((s, x) => s + x.value, 0);
  const width = CHART_W;
  let x = 0;
  return (
    <svg class="rsp-chart" viewBox={`0 0 ${width} ${40 + segments.length * 22}`} width="100%" role="img" aria-labelledby={`${id}-t ${id}-d`} xmlns="http://www.w3.org/2000/svg">
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{`${desc} ${segments.map((s) => `${s.label}: ${s.value}`).join('; ')}`}</desc>
      <rect x="0" y="4" width={width} height="24" fill="#e8edf3" />
      {segments.map((s) => {
        const w = total ? (s.value / total) * width : 0;
        const r = <rect key={s.label} x={x} y="4" width={w} height="24" fill={s.fill} />;
        x += w;
        return r;
      })}
      {segments.map((s, i) => (
        <g key={`l-${s.label}`}>
          <rect x="0" y={40 + i * 22} width="14" height="14" fill={s.fill} />
          <text x="22" y={52 + i * 22} font-size={FONT} fill="#1a1a1a">{`${s.label}: ${s.value}`}</text>
        </g>
      ))}
    </svg>
  );
}
