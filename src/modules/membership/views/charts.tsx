// Server-drawn SVG of the Council pages: shares against the target, and a tile map of the regions.
// No script; every figure is also printed as text and in the table next to it; each drawing has a
// title and a description for screen readers. 320 units wide: about a CSS pixel each on a phone.
const W = 320;
const FONT = 14;

export interface ShareBar {
  label: string;
  /** Actual share 0..1. */
  share: number;
  /** Target share 0..1 (drawn as a mark). */
  target: number;
  /** Allowed range as shares, drawn as a band. */
  min: number;
  max: number;
  text: string;
}

/** One bar per category: the band is the quotas' range, the dark bar the share, the mark the target. */
export function ShareChart(props: { id: string; title: string; desc: string; bars: ShareBar[] }) {
  const { id, title, desc, bars } = props;
  const BAR = 240;
  const rowH = 42;
  const height = bars.length * rowH + 6;
  return (
    <svg class="council-chart" viewBox={`0 0 ${W} ${height}`} width="100%" role="img" aria-labelledby={`${id}-t ${id}-d`} xmlns="http://www.w3.org/2000/svg">
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      {bars.map((b, i) => {
        const y = i * rowH;
        const x = (v: number) => Math.round(Math.max(0, Math.min(1, v)) * BAR);
        return (
          <g key={b.label}>
            <text x={0} y={y + FONT} font-size={FONT} fill="#1a1a1a">
              {b.label}
            </text>
            <rect x={0} y={y + 20} width={BAR} height={14} fill="#eef1f5" />
            <rect x={x(b.min)} y={y + 20} width={Math.max(1, x(b.max) - x(b.min))} height={14} fill="#c9d8e6" />
            <rect x={0} y={y + 23} width={x(b.share)} height={8} fill="#1f5f8b" />
            <rect x={x(b.target) - 1} y={y + 17} width={2} height={20} fill="#a01c14" />
            <text x={BAR + 6} y={y + 32} font-size={FONT} fill="#1a1a1a">
              {b.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/**
 * Rough positions of Kazakhstan's regions on a 6 × 5 grid (west to east, north to south), by ISO
 * 3166-2 code; a region the table does not know is placed in the next free cell of the last rows.
 */
const TILE: Record<string, [number, number]> = {
  'KZ-59': [3, 0], 'KZ-39': [2, 0], 'KZ-55': [4, 0],
  'KZ-27': [0, 1], 'KZ-15': [1, 1], 'KZ-11': [3, 1], 'KZ-71': [4, 1], 'KZ-63': [5, 1],
  'KZ-23': [0, 2], 'KZ-62': [2, 2], 'KZ-35': [3, 2], 'KZ-10': [5, 2],
  'KZ-47': [0, 3], 'KZ-43': [2, 3], 'KZ-31': [3, 3], 'KZ-19': [4, 3], 'KZ-33': [5, 3],
  'KZ-61': [2, 4], 'KZ-79': [3, 4], 'KZ-75': [4, 4],
};

export interface Tile {
  code: string;
  label: string;
  seats: number;
  target: number;
}

/** The regions as tiles, each with its seats (and the target by population). Shade by seats. */
export function TileMap(props: { id: string; title: string; desc: string; tiles: Tile[] }) {
  const { id, title, desc, tiles } = props;
  const cols = 6;
  const size = W / cols;
  const used = new Set(Object.values(TILE).map(([c, r]) => `${c},${r}`));
  let spare = 0;
  const placed = tiles.map((t) => {
    let pos = TILE[t.code];
    if (!pos) {
      for (;;) {
        const c = spare % cols;
        const r = 5 + Math.floor(spare / cols);
        spare++;
        if (!used.has(`${c},${r}`)) {
          pos = [c, r];
          used.add(`${c},${r}`);
          break;
        }
      }
    }
    return { t, pos };
  });
  const rows = Math.max(...placed.map((p) => p.pos[1])) + 1;
  const most = Math.max(1, ...tiles.map((t) => t.seats));
  return (
    <svg class="council-map" viewBox={`0 0 ${W} ${rows * size}`} width="100%" role="img" aria-labelledby={`${id}-t ${id}-d`} xmlns="http://www.w3.org/2000/svg">
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      {placed.map(({ t, pos: [c, r] }) => {
        const dark = t.seats / most > 0.5;
        return (
          <g key={t.code}>
            <rect x={c * size + 1} y={r * size + 1} width={size - 2} height={size - 2} rx={4} fill={t.seats === 0 ? '#f2f2f2' : dark ? '#1f5f8b' : '#9cc0dc'} stroke="#55606b" stroke-width={t.seats < Math.floor(t.target) ? 2 : 0.5} />
            <text x={c * size + size / 2} y={r * size + 20} font-size={12} text-anchor="middle" fill={dark ? '#ffffff' : '#1a1a1a'}>
              {t.label}
            </text>
            <text x={c * size + size / 2} y={r * size + 42} font-size={18} font-weight="700" text-anchor="middle" fill={dark ? '#ffffff' : '#1a1a1a'}>
              {String(t.seats)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** A short tile label: the region code's number (KZ-71 → 71), unique and language-neutral. */
export const tileLabel = (code: string) => code.replace(/^KZ-/, '');
