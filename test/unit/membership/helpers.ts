// Shared fixtures of the membership tests: the default charter, and a modified one (other seats,
// classes, term, cooling-off, stages, age rule) so that no number of the default is hard-coded.
import { readFileSync } from 'node:fs';
import { createCalendar } from '../../../src/core/calendar.ts';
import { type Charter, validateCharter } from '../../../src/core/charter/index.ts';
import { defaultCharterPath } from '../../../src/config.ts';
import { scheduleSource } from '../../../src/core/membership/index.ts';
import { quotasFromCharter } from '../../../src/core/selection/charterQuotas.ts';
import { HashRng } from '../../../src/core/sortition/random.ts';
import type { PoolEntry } from '../../../src/core/membership/index.ts';

function validated(data: unknown): Charter {
  const r = validateCharter(data);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.charter;
}

export function rawDefault(): Charter & Record<string, unknown> {
  return JSON.parse(readFileSync(defaultCharterPath(), 'utf8'));
}

export const defaultCharter = (): Charter => validated(rawDefault());

/** Two blocks of 30, renewed by thirds every 2 years (6-year terms), and other changed rules. */
export function modifiedCharter(): Charter {
  const c = rawDefault();
  const council = c.bodies.council;
  council.blocks = council.blocks.slice(0, 2).map((b, i) => ({ ...b, seats: 30, selfNomination: i === 0 }));
  council.seats = 60;
  council.firstSelection = '2027-03-01';
  council.termYears = 6;
  council.cycleYears = 2;
  council.renewalShare = { numerator: 1, denominator: 3 };
  council.coolingOffYears = 2;
  council.alternatesPerBlock = 4;
  council.eligibility = { minAge: 21, ageAt: 'selectionDate', incompatibleOffices: [{ id: 'mayor', name: { kk: 'Әкім', ru: 'Аким', en: 'Mayor' } }], maxTerms: null };
  council.nominations = { maxPerOrganisation: 2, membersPerOrganisation: null, keepReserve: false, source: 'test' };
  delete (council as Partial<typeof council>).cycle; // the schema defaults apply
  for (const d of council.selectionDimensions) if (d.id === 'region') d.quota = { ...d.quota, minSeats: 0 };
  c.assumptions = c.assumptions.filter((a) => !a.path.startsWith('bodies.council.blocks[2]'));
  return validated(c);
}

export const charters = (): [string, Charter][] => [
  ['default charter', defaultCharter()],
  ['modified charter', modifiedCharter()],
];

export function toolsOf(charter: Charter) {
  const calendar = createCalendar(charter.calendar, charter.timeZone);
  return { calendar, schedules: scheduleSource(charter, calendar) };
}

/**
 * `size` synthetic members whose composition meets the charter's quotas for `size` seats: each
 * dimension's values are chosen to meet its range, then shuffled on their own (quotas are marginals).
 */
export function feasibleMembers(charter: Charter, size: number, seed: string, prefix = 'm'): PoolEntry[] {
  const quotas = quotasFromCharter(charter, size);
  const dims = charter.bodies.council.selectionDimensions.map((d) => d.id);
  const columns = dims.map((dim) => {
    const qs = quotas.filter((q) => q.category === dim);
    const counts = qs.map((q) => q.min);
    let left = size - counts.reduce((a, b) => a + b, 0);
    const rng = new HashRng(seed, `fill|${dim}`);
    while (left > 0) {
      const open = qs.map((q, i) => i).filter((i) => counts[i]! < qs[i]!.max);
      counts[open[rng.below(open.length)]!]!++;
      left--;
    }
    const values = qs.flatMap((q, i) => Array.from({ length: counts[i]! }, () => q.value));
    return rng.sample(values, values.length);
  });
  return Array.from({ length: size }, (_, i) => ({
    id: `${prefix}${String(i).padStart(4, '0')}`,
    organisationId: null,
    features: Object.fromEntries(dims.map((d, j) => [d, columns[j]![i]!])),
  }));
}
