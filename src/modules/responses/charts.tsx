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

const ROW = 26;
const LABEL_W = 300;
const BAR_W = 260;
const TEXT_W = 70;

/** Horizontal bars, one row per entry. */
export function BarChart(props: { id: string; title: string; desc: string; bars: Bar[]; max: number }) {
  const { id, title, desc, bars, max } = props;
  const width = LABEL_W + BAR_W + TEXT_W;
  const height = Math.max(1, bars.length) * ROW + 8;
  return (
    <svg class="rsp-chart" viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby={`${id}-t ${id}-d`} xmlns="http://www.w3.org/2000/svg">
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      {bars.map((b, i) => {
        const y = 4 + i * ROW;
        const w = max > 0 ? Math.round((b.value / max) * BAR_W) : 0;
        // No links inside: a role="img" must not hold interactive content; the table beside it links.
        return (
          <g key={b.label}>
            <text x={LABEL_W - 8} y={y + 17} text-anchor="end" font-size="13" fill="#1a1a1a">
              {truncate(b.label, 42)}
            </text>
            <rect x={LABEL_W} y={y + 3} width={BAR_W} height={ROW - 8} fill="#e8edf3" />
            <rect x={LABEL_W} y={y + 3} width={w} height={ROW - 8} fill="#1f5f8b" />
            <text x={LABEL_W + BAR_W + 6} y={y + 17} font-size="13" fill="#1a1a1a">
              {b.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
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
  const width = 600;
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
          <text x="22" y={52 + i * 22} font-size="13" fill="#1a1a1a">{`${s.label}: ${s.value}`}</text>
        </g>
      ))}
    </svg>
  );
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
