// Shared fixtures: the default charter, a copy to modify, and a Council of sitting members built from
// the charter's blocks (the registry's data, adapted to SittingMember).
import { readFileSync } from 'node:fs';
import { createCalendar } from '../../../src/core/calendar.ts';
import { type Charter, validateCharter } from '../../../src/core/charter/index.ts';
import type { SittingMember } from '../../../src/core/council/index.ts';

const path = new URL('../../../charter/kz-default.json', import.meta.url).pathname;

/** A fresh, validated copy of the default charter, after `mutate` (which must keep it valid). */
export function charterWith(mutate: (c: Charter) => void = () => {}): Charter {
  const c = JSON.parse(readFileSync(path, 'utf8')) as Charter;
  mutate(c);
  const r = validateCharter(c);
  if (!r.ok) throw new Error(`test charter is invalid:\n${r.errors.join('\n')}`);
  return r.charter;
}

export const charter = charterWith();
export const cal = createCalendar(charter.calendar);

/** One member per seat of each block, all sitting from `termStart` to `termEnd`. */
export function councilOf(c: Charter, termStart = '2026-10-17', termEnd = '2030-10-16'): SittingMember[] {
  return c.bodies.council.blocks.flatMap((b) =>
    Array.from({ length: b.seats }, (_, i) => ({ id: `${b.id}-${String(i + 1).padStart(3, '0')}`, block: b.id, termStart, termEnd, region: c.regions[i % c.regions.length]!.code })),
  );
}

export const ids = (members: readonly SittingMember[]) => members.map((m) => m.id);
