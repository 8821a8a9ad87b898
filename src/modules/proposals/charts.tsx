// Server-drawn SVG: a tile-grid map of the 20 regions and a cumulative signatures-over-time line.
// Both carry a text alternative (a table next to the map, a summary label on the chart).
import type { Region } from '../../core/charter/types.ts';
import type { Lang, Translate } from '../../web/i18n.ts';
import { formatNumber } from '../../web/components/format.ts';

/** Tile positions (column, row) that keep each region near its neighbours, north at the top. */
const TILES: Record<string, [number, number]> = {
  'KZ-27': [0, 0], 'KZ-39': [2, 0], 'KZ-59': [3, 0], 'KZ-55': [4, 0],
  'KZ-23': [0, 1], 'KZ-15': [1, 1], 'KZ-11': [2, 1], 'KZ-71': [3, 1], 'KZ-10': [4, 1], 'KZ-63': [5, 1],
  'KZ-47': [0, 2], 'KZ-43': [1, 2], 'KZ-62': [2, 2], 'KZ-35': [3, 2], 'KZ-19': [4, 2], 'KZ-33': [5, 2],
  'KZ-61': [1, 3], 'KZ-79': [2, 3], 'KZ-31': [3, 3], 'KZ-75': [4, 3],
};
const TILE = 96;
const GAP = 4;
/** Five shades from light to dark; text switches to white on the two darkest (contrast ≥ 4.5:1). */
const SHADES = ['#eef3f8', '#c9d9ea', '#8fb0d3', '#2f6aa3', '#123f6b'];

export function RegionMap(props: { lang: Lang; t: Translate; regions: Region[]; byRegion: Record<string, number>; titleId: string }) {
  const { lang, t, regions, byRegion } = props;
  const max = Math.max(1, ...regions.map((r) => byRegion[r.code] ?? 0));
  const cols = 6;
  const rows = 4;
  const fallback = regions.filter((r) => !TILES[r.code]);
  return (
    <svg class="region-map" viewBox={`0 0 ${cols * (TILE + GAP)} ${(rows + (fallback.length ? 1 : 0)) * (TILE + GAP)}`} role="img" aria-labelledby={props.titleId}>
      <title>{t('proposals.map.heading')}</title>
      {regions.map((r, i) => {
        const [c, row] = TILES[r.code] ?? [i % cols, rows];
        const n = byRegion[r.code] ?? 0;
        const shade = n === 0 ? 0 : Math.min(4, 1 + Math.floor((3 * n) / max));
        const x = c * (TILE + GAP);
        const y = row * (TILE + GAP);
        const dark = shade >= 3;
        const name = r.name[lang];
        return (
          <g key={r.code}>
            <title>{`${name}: ${formatNumber(lang, n)}`}</title>
            <rect x={x} y={y} width={TILE} height={TILE} rx={6} fill={SHADES[shade]} stroke="#4a5d73" stroke-width={1} />
            <text x={x + TILE / 2} y={y + 38} text-anchor="middle" font-size={13} fill={dark ? '#ffffff' : '#1b2733'}>
              {shortName(name)}
            </text>
            <text x={x + TILE / 2} y={y + 64} text-anchor="middle" font-size={18} font-weight="bold" fill={dark ? '#ffffff' : '#1b2733'}>
              {formatNumber(lang, n)}
            </text>
          </g>
        );
      })}
      <desc>{t('proposals.map.desc')}</desc>
    </svg>
  );
}

/** The first word of a region's name, so it fits a tile ("Батыс Қазақстан облысы" → "Батыс"). */
function shortName(name: string): string {
  const first = name.replace(/^(область|region)\s+/i, '').split(/\s+/)[0] ?? name;
  return first.length > 11 ? `${first.slice(0, 10)}…` : first;
}

/** Cumulative signatures from net hourly changes, as a line with labelled axes. */
export function SignaturesChart(props: { lang: Lang; t: Translate; hours: { hour: string; n: number }[]; titleId: string }) {
  const { lang, t, hours } = props;
  // 340 units wide: on a 360 px phone a unit is about a pixel, so the 13-unit labels stay ≥ 12 px.
  const W = 340;
  const H = 200;
  const PAD = { l: 64, r: 8, t: 12, b: 36 };
  let total = 0;
  const points = hours.map((h) => {
    total += h.n;
    return { at: Date.parse(`${h.hour}:00:00Z`), total };
  });
  if (points.length === 1) points.unshift({ at: points[0]!.at - 3600_000, total: 0 });
  const t0 = points[0]!.at;
  const t1 = Math.max(points.at(-1)!.at, t0 + 3600_000);
  const max = Math.max(1, ...points.map((p) => p.total));
  const x = (at: number) => PAD.l + ((at - t0) / (t1 - t0)) * (W - PAD.l - PAD.r);
  const y = (v: number) => H - PAD.b - (v / max) * (H - PAD.t - PAD.b);
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(p.at).toFixed(1)},${y(p.total).toFixed(1)}`).join(' ');
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const label = t('proposals.chart.label', { count: total, from: day(t0), to: day(t1) });
  return (
    <svg class="signature-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={props.titleId}>
      <title>{t('proposals.chart.heading')}</title>
      <desc>{label}</desc>
      <line x1={PAD.l} y1={H - PAD.b} x2={W - PAD.r} y2={H - PAD.b} stroke="#4a5d73" />
      <line x1={PAD.l} y1={PAD.t} x2={PAD.l} y2={H - PAD.b} stroke="#4a5d73" />
      <text x={PAD.l - 6} y={PAD.t + 10} text-anchor="end" font-size={13} fill="#1b2733">
        {formatNumber(lang, max)}
      </text>
      <text x={PAD.l - 6} y={H - PAD.b} text-anchor="end" font-size={13} fill="#1b2733">
        0
      </text>
      <text x={PAD.l} y={H - 12} font-size={13} fill="#1b2733">
        {day(t0)}
      </text>
      <text x={W - PAD.r} y={H - 12} text-anchor="end" font-size={13} fill="#1b2733">
        {day(t1)}
      </text>
      <path d={path} fill="none" stroke="#2f6aa3" stroke-width={3} />
    </svg>
  );
}
