// Summary numbers of a probability vector.

/** Gini coefficient: 0 when everyone has the same chance, near 1 when one person has it all. */
export function gini(values: readonly number[]): number {
  const n = values.length;
  const sorted = values.slice().sort((a, b) => a - b);
  const total = sorted.reduce((s, v) => s + v, 0);
  if (n === 0 || total === 0) return 0;
  let weighted = 0;
  sorted.forEach((v, i) => {
    weighted += (i + 1) * v;
  });
  return Math.max(0, (2 * weighted) / (n * total) - (n + 1) / n);
}

/** Rounds to a fixed grid so reports print the same text on every machine. */
export function onGrid(x: number, decimals = 10): number {
  const f = 10 ** decimals;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
}
