// The rotation's arithmetic, all from the charter (ADR 0801): seats fall into classes, one class is
// renewed per cycle, and each class's first term is shortened so that the classes end in turn.
import type { Block, Charter, CouncilBody } from '../charter/types.ts';
import { type IsoDate, assertIsoDate } from '../isoDate.ts';

/** `date` plus whole years; 29 February becomes 28 February in a year without it. */
export function addYears(date: IsoDate, years: number): IsoDate {
  assertIsoDate(date);
  const y = Number(date.slice(0, 4)) + years;
  let md = date.slice(4);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (md === '-02-29' && !leap) md = '-02-28';
  return `${String(y).padStart(4, '0')}${md}`;
}

/** Whole years from `birthDate` to `on` (a birthday counts on the day itself). */
export function ageOn(birthDate: IsoDate, on: IsoDate): number {
  assertIsoDate(birthDate);
  assertIsoDate(on);
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(4) >= birthDate.slice(4) ? years : years - 1;
}

/** How many classes a term spans: a term lasts this many cycles (termYears / cycleYears, validated whole). */
export function classCount(council: CouncilBody): number {
  return council.termYears / council.cycleYears;
}

/** Seats of one block renewed per cycle: seats × renewalShare (validated whole). */
export function seatsPerClass(council: CouncilBody, block: Block): number {
  return (block.seats * council.renewalShare.numerator) / council.renewalShare.denominator;
}

export function findBlock(charter: Charter, blockId: string): Block {
  const block = charter.bodies.council.blocks.find((b) => b.id === blockId);
  if (!block) throw new RangeError(`"${blockId}" is not a block of the charter`);
  return block;
}

export interface Seat {
  /** `blockId/index`, index from 1. */
  id: string;
  blockId: string;
  index: number;
  /** The class 0..classCount−1 of the seat; class c's first term ends at cycle c + 1. */
  seatClass: number;
}

/** Every seat of the Council, block by block, in index order. */
export function councilSeats(charter: Charter): Seat[] {
  const council = charter.bodies.council;
  return council.blocks.flatMap((block) => {
    const per = seatsPerClass(council, block);
    return Array.from({ length: block.seats }, (_, i) => ({
      id: `${block.id}/${i + 1}`,
      blockId: block.id,
      index: i + 1,
      seatClass: Math.floor(i / per),
    }));
  });
}

function assertCycle(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`cycle must be a whole number ≥ 0, got ${n}`);
}

/** True when the seats of `seatClass` are filled at cycle `n`: all at cycle 0, then class c at cycles c+1, c+1+T, … */
export function isRenewedAt(council: CouncilBody, seatClass: number, n: number): boolean {
  assertCycle(n);
  if (n === 0) return true;
  return (n - seatClass - 1) % classCount(council) === 0 && n >= seatClass + 1;
}

/** The seats that fall vacant (are filled by the draw) at cycle `n`. */
export function vacatedSeats(charter: Charter, n: number, blockId?: string): Seat[] {
  const council = charter.bodies.council;
  return councilSeats(charter).filter((s) => (blockId === undefined || s.blockId === blockId) && isRenewedAt(council, s.seatClass, n));
}

/** The cycle at which a term of `seatClass` that began at cycle `n` ends (the seat's next renewal). */
export function termEndCycle(council: CouncilBody, seatClass: number, n: number): number {
  assertCycle(n);
  for (let m = n + 1; ; m++) if (isRenewedAt(council, seatClass, m)) return m;
}
