// Live figures for the home page. Each module that owns a number declares a function that reads it
// through its own service (the shell never reads another module's tables) in its manifest; each app
// holds the figures of its module list.
// Values are cached briefly so that a busy home page does not turn into a stream of COUNT queries.
import type { AppContext } from './context.ts';

export interface HomeFigure {
  id: string;
  /** Catalog key of the label shown under the number. */
  labelKey: string;
  /** Lower comes first. */
  order: number;
  /** The number, or null when it cannot be known now (the figure is then left out). */
  value: (ctx: AppContext) => Promise<number | null>;
}

export interface FigureValue {
  id: string;
  labelKey: string;
  value: number;
}

export const FIGURE_CACHE_MS = 15_000;
// Per database context and per app's figure list, so two apps never share cached numbers.
const cache = new WeakMap<AppContext, WeakMap<readonly HomeFigure[], { at: number; values: FigureValue[] }>>();

/** The registered figures' current values, in order; a failing figure is left out, not fatal. */
export async function readFigures(ctx: AppContext, figures: readonly HomeFigure[], log?: { warn: (obj: object, msg: string) => void }, now = Date.now()): Promise<{ values: FigureValue[]; at: number }> {
  let byList = cache.get(ctx);
  if (!byList) {
    byList = new WeakMap();
    cache.set(ctx, byList);
  }
  const hit = byList.get(figures);
  if (hit && now - hit.at < FIGURE_CACHE_MS) return hit;
  const list = [...figures].sort((a, b) => a.order - b.order);
  const read = await Promise.all(
    list.map(async (f) => {
      try {
        const value = await f.value(ctx);
        return value === null ? null : { id: f.id, labelKey: f.labelKey, value };
      } catch (err) {
        log?.warn({ err, figure: f.id }, 'home figure failed');
        return null;
      }
    }),
  );
  const entry = { at: now, values: read.filter((v): v is FigureValue => v !== null) };
  byList.set(figures, entry);
  return entry;
}
