// Rounds a distribution over panels to a uniform lottery over M tickets (ADR 0102): each panel gets
// floor(M p) or ceil(M p) tickets, chosen by deterministic pipage rounding that keeps the ticket total
// at M and, at every step, takes the direction that keeps the largest change of any type's
// probability smallest.
import type { Panel } from './panels.ts';
import type { TypedInstance } from './types.ts';

export interface Lottery {
  /** Distinct panels in canonical (lexicographic) order. */
  panels: Panel[];
  /** Tickets per panel; sums to M. */
  tickets: number[];
  size: number;
  /** Largest |lottery probability - distribution probability| over all people. */
  maxChange: number;
  /** Selection probability of each member of each type under the lottery (exact ratio, as a float). */
  typeProb: number[];
  /** Ticket count per type member: typeTickets[t] / (M * size[t]) is the exact lottery probability. */
  typeTickets: number[];
}

const SNAP = 1e-9;

export function roundToLottery(inst: TypedInstance, panels: Panel[], probs: number[], M: number): Lottery {
  const T = inst.types.length;
  const target = probs.map((p) => p * M);
  const value = target.map((a) => {
    const r = Math.round(a);
    return Math.abs(a - r) < SNAP ? r : a;
  });
  // deviation[t]: (tickets - target) summed over panels containing type t, in members (not yet / M s_t).
  const deviation = new Float64Array(T);
  value.forEach((v, j) => {
    addDeviation(deviation, panels[j], v - target[j]);
  });
  const scale = Array.from({ length: T }, (_, t) => 1 / (M * inst.size[t]));

  const isFrac = (v: number) => Math.abs(v - Math.round(v)) >= SNAP;
  let carry = -1;
  for (let j = 0; j < value.length; j++) {
    if (!isFrac(value[j])) continue;
    if (carry < 0) {
      carry = j;
      continue;
    }
    const i = carry;
    const up = Math.min(Math.ceil(value[i]) - value[i], value[j] - Math.floor(value[j]));
    const down = Math.min(value[i] - Math.floor(value[i]), Math.ceil(value[j]) - value[j]);
    const costUp = worstAfter(deviation, scale, panels[i], panels[j], up);
    const costDown = worstAfter(deviation, scale, panels[i], panels[j], -down);
    const delta = costUp <= costDown ? up : -down;
    value[i] += delta;
    value[j] -= delta;
    addDeviation(deviation, panels[i], delta);
    addDeviation(deviation, panels[j], -delta);
    for (const x of [i, j]) if (!isFrac(value[x])) value[x] = Math.round(value[x]);
    carry = isFrac(value[i]) ? i : isFrac(value[j]) ? j : -1;
  }
  if (carry >= 0) value[carry] = Math.round(value[carry]);
  const tickets = value.map((v) => Math.round(v));
  fixTotal(tickets, target, M);

  const order = panels.map((_, j) => j).filter((j) => tickets[j] > 0);
  order.sort((a, b) => compareLex(panels[a], panels[b]));
  const outPanels = order.map((j) => panels[j]);
  const outTickets = order.map((j) => tickets[j]);
  const typeTickets = new Array<number>(T).fill(0);
  outPanels.forEach((panel, j) => {
    for (let t = 0; t < T; t++) typeTickets[t] += panel[t] * outTickets[j];
  });
  const exact = new Array<number>(T).fill(0);
  panels.forEach((panel, j) => {
    for (let t = 0; t < T; t++) exact[t] += panel[t] * probs[j];
  });
  const typeProb = typeTickets.map((x, t) => x / (M * inst.size[t]));
  let maxChange = 0;
  for (let t = 0; t < T; t++) maxChange = Math.max(maxChange, Math.abs(typeProb[t] - exact[t] / inst.size[t]));
  return { panels: outPanels, tickets: outTickets, size: M, maxChange, typeProb, typeTickets };
}

function addDeviation(dev: Float64Array, panel: Panel, amount: number): void {
  if (amount === 0) return;
  for (let t = 0; t < panel.length; t++) if (panel[t]) dev[t] += panel[t] * amount;
}

/** Largest scaled deviation among the types of panels a and b after moving `delta` from b to a. */
function worstAfter(dev: Float64Array, scale: number[], a: Panel, b: Panel, delta: number): number {
  let worst = 0;
  for (let t = 0; t < a.length; t++) {
    if (!a[t] && !b[t]) continue;
    const d = Math.abs((dev[t] + (a[t] - b[t]) * delta) * scale[t]);
    if (d > worst) worst = d;
  }
  return worst;
}

/** Float drift can leave the total one off; move single tickets where the target is closest. */
function fixTotal(tickets: number[], target: number[], M: number): void {
  let diff = M - tickets.reduce((s, x) => s + x, 0);
  while (diff !== 0) {
    const step = diff > 0 ? 1 : -1;
    let best = -1;
    let bestGain = Number.NEGATIVE_INFINITY;
    tickets.forEach((x, j) => {
      if (x + step < 0) return;
      const gain = Math.abs(x - target[j]) - Math.abs(x + step - target[j]);
      if (gain > bestGain) {
        bestGain = gain;
        best = j;
      }
    });
    tickets[best] += step;
    diff -= step;
  }
}

export function compareLex(a: Panel, b: Panel): number {
  for (let t = 0; t < a.length; t++) if (a[t] !== b[t]) return a[t] - b[t];
  return 0;
}

/** The ticket number's panel: tickets are numbered 0..M-1 in canonical panel order. */
export function panelOfTicket(lottery: Lottery, ticket: number): number {
  let start = 0;
  for (let j = 0; j < lottery.tickets.length; j++) {
    start += lottery.tickets[j];
    if (ticket < start) return j;
  }
  throw new Error(`ticket ${ticket} outside 0..${lottery.size - 1}`);
}
