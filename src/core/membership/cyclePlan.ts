// What one cycle must fill, block by block, and who takes which seat (ADR 0801).
import type { Charter } from '../charter/types.ts';
import { continuesPast, type MembershipRecord } from './eligibility.ts';
import { councilSeats, type Seat, vacatedSeats } from './rotation.ts';

export interface BlockPlan {
  blockId: string;
  /** Seats whose terms end at this cycle (every seat at cycle 0), in index order. */
  vacated: Seat[];
  /** Members who sit on through the cycle, in this block. */
  continuing: MembershipRecord[];
  /** Seats the draw fills: the vacated ones. */
  k: number;
  alternates: number;
}

export function planCycle(charter: Charter, n: number, memberships: readonly MembershipRecord[]): BlockPlan[] {
  return charter.bodies.council.blocks.map((block) => {
    const vacated = vacatedSeats(charter, n, block.id);
    const continuing = memberships.filter((m) => m.blockId === block.id && continuesPast(m, n));
    const open = new Set(vacated.map((s) => s.id));
    const clash = continuing.find((m) => open.has(m.seatId));
    if (clash) throw new Error(`seat ${clash.seatId} is renewed at cycle ${n} but its member's term runs to cycle ${clash.endCycle}`);
    return { blockId: block.id, vacated, continuing, k: vacated.length, alternates: charter.bodies.council.alternatesPerBlock };
  });
}

/** Drawn members take the vacated seats: the lowest seat index first, members in id order. */
export function assignSeats(vacated: readonly Seat[], drawn: readonly string[]): { seatId: string; memberId: string }[] {
  if (drawn.length !== vacated.length) throw new RangeError(`${vacated.length} seats to fill, ${drawn.length} members drawn`);
  const members = [...drawn].sort();
  return [...vacated].sort((a, b) => a.index - b.index).map((s, i) => ({ seatId: s.id, memberId: members[i]! }));
}

/** At the first selection, class c's members take the seats of class c. */
export function assignFirstSeats(charter: Charter, blockId: string, classes: readonly string[][]): { seatId: string; memberId: string }[] {
  const seats = councilSeats(charter).filter((s) => s.blockId === blockId);
  return classes.flatMap((ids, c) => assignSeats(seats.filter((s) => s.seatClass === c), ids));
}
