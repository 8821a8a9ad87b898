// Shared set-up of the Council membership API tests: a charter copy with two small blocks (so the
// engine draws in milliseconds), a clock the test moves stage by stage, synthetic nominations with
// valid IINs, and a snapshot of the module's tables (to prove a refused step changed nothing).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Charter } from '../../src/core/charter/types.ts';
import { makeIin } from '../../src/core/iin.ts';
import type { CycleSchedule } from '../../src/core/membership/index.ts';
import { defaultCharterPath } from '../../src/config.ts';
import { generateSigningKey } from '../../src/modules/ledger/signing.ts';
import { type TestApp, testApp } from '../helpers/app.ts';

export const SEATS_PER_BLOCK = 4;
export const ALTERNATES = 2;

/** The default charter with its first two blocks at four seats each and two alternates per block. */
export function councilCharter(): Charter {
  const c = JSON.parse(readFileSync(defaultCharterPath(), 'utf8')) as Charter;
  const council = c.bodies.council;
  council.blocks = council.blocks.slice(0, 2).map((b) => ({ ...b, seats: SEATS_PER_BLOCK }));
  council.seats = SEATS_PER_BLOCK * council.blocks.length;
  council.alternatesPerBlock = ALTERNATES;
  // Four seats cannot hold one member of each of the 20 regions.
  for (const d of council.selectionDimensions) if (d.id === 'region') d.quota = { ...d.quota, minSeats: 0 };
  c.assumptions = c.assumptions.filter((a) => !a.path.startsWith('bodies.council.blocks[2]'));
  return c;
}

export async function councilTestApp(): Promise<TestApp & { setDay(date: string): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'kenes-council-'));
  const path = join(dir, 'charter.json');
  writeFileSync(path, JSON.stringify(councilCharter(), null, 2));
  const t = await testApp({ charterPath: path, ledgerKey: generateSigningKey().privateKeyBase64 });
  let clock = new Date();
  t.ctx.now = () => clock;
  // Noon in Almaty (UTC+5): the date is the same in the charter's zone and in UTC.
  return { ...t, setDay: (date: string) => (clock = new Date(`${date}T07:00:00Z`)) };
}

export const stagesOf = (schedule: CycleSchedule) => schedule;

let serial = 1;
/** A nomination of a synthetic adult: block, region and settlement vary with `i`. */
export function nominee(block: string, i: number, over: Record<string, unknown> = {}) {
  const regions = ['KZ-10', 'KZ-11', 'KZ-15', 'KZ-19', 'KZ-23', 'KZ-75', 'KZ-71', 'KZ-79'];
  const sex = i % 2 === 0 ? 'female' : 'male';
  const birth = `${1960 + ((i * 7) % 40)}-0${1 + (i % 9)}-1${i % 10}`;
  return {
    iin: makeIin(birth, sex, serial++),
    firstName: ['Aigerim', 'Nurlan', 'Dana', 'Yerlan', 'Saule', 'Arman', 'Zhanar', 'Bauyrzhan', 'Madina', 'Timur'][i % 10],
    lastName: ['Sadykova', 'Omarov', 'Kim', 'Zhakupov', 'Iskakova', 'Petrov', 'Nurpeisova', 'Abenov', 'Ali', 'Serikov'][i % 10],
    block,
    region: regions[i % regions.length],
    organisationId: `${block}-org-${i}`,
    organisation: `Association ${i}`,
    declared: { settlement: i % 3 === 0 ? 'rural' : 'urban' },
    ...over,
  };
}

const TABLES = ['council_cycles', 'council_candidates', 'council_draws', 'council_members', 'council_alternates', 'sortition_runs', 'outbox'] as const;

/** Every row of every table a council step writes, in a stable order. */
export async function snapshot(t: TestApp): Promise<string> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) out[table] = (await t.ctx.db.db.selectFrom(table).selectAll().execute()).map((r) => JSON.stringify(r)).sort();
  return JSON.stringify(out);
}
