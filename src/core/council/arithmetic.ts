// Exact threshold arithmetic for quorum and majorities: share × base with integers only, so 2/3 of
// 126 is 84 and "more than 1/2 of 125" is 63 without any floating-point doubt.
import type { Fraction, MajorityRule } from '../charter/types.ts';

export type Comparison = MajorityRule['comparison'];

function floorDiv(x: number, d: number): number {
  return (x - (x % d)) / d;
}

/** The smallest whole count that satisfies `comparison` against share × base (base ≥ 0). */
export function threshold(share: Fraction, base: number, comparison: Comparison): number {
  if (!Number.isInteger(base) || base < 0) throw new RangeError(`threshold: base ${base} is not a count`);
  const product = share.numerator * base;
  return comparison === 'atLeast' ? floorDiv(product + share.denominator - 1, share.denominator) : floorDiv(product, share.denominator) + 1;
}

/** share × base written exactly: "84", or "62 1/2" when it is not whole. */
export function exactProduct(share: Fraction, base: number): string {
  const product = share.numerator * base;
  const whole = floorDiv(product, share.denominator);
  const rest = product - whole * share.denominator;
  if (rest === 0) return String(whole);
  const g = gcd(rest, share.denominator);
  return `${whole === 0 ? '' : `${whole} `}${rest / g}/${share.denominator / g}`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

export function fractionText(f: Fraction): string {
  return `${f.numerator}/${f.denominator}`;
}
