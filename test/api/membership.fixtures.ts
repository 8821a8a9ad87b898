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
import { generateSigningKey } from '../../src/core/ledger/signing.ts';
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
  // A motion's co-sponsors and its mover must fit in the small council (the charter checks it).
  const co = c.councilWork.motions.coSponsors as Record<string, number>;
  for (const kind of Object.keys(co)) co[kind] = Math.min(co[kind], council.seats - 1);
  return c;
}

/** Writes the small-block charter to a temporary file and returns its path. */
export function councilCharterPath(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kenes-council-')), 'charter.json');
  writeFileSync(path, JSON.stringify(councilCharter(), null, 2));
  return path;
}

/** Gives an app a clock the test sets by day (noon in Almaty, UTC+5: the same date in the charter's zone and in UTC). */
export function withDayClock<T extends Pick<TestApp, 'ctx'>>(t: T): T & { setDay(date: string): void } {
  let clock = new Date();
  t.ctx.now = () => clock;
  return Object.assign(t, { setDay: (date: string) => (clock = new Date(`${date}T07:00:00Z`)) });
}

export async function councilTestApp(): Promise<TestApp & { setDay(date: string): void }> {
  return withDayClock(await testApp({ charterPath: councilCharterPath(), ledgerKey: generateSigningKey().privateKeyBase64 }));
}

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

const TABLES = ['council_cycles', 'council_candidates', 'council_draws', 'council_members', 'council_alternates', 'council_organisations', 'council_representatives', 'council_vacancies', 'sortition_runs', 'outbox'] as const;

/** Every row of every table a council step writes, in a stable order. */
export async function snapshot(t: TestApp): Promise<string> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) out[table] = (await t.ctx.db.db.selectFrom(table).selectAll().execute()).map((r) => JSON.stringify(r)).sort();
  return JSON.stringify(out);
}

/** Runs cycle 0 through the API from opening to seating; returns its schedule. Every secretariat step is a request. */
export async function runFirstCycle(t: Pick<TestApp, 'app' | 'ctx'> & { setDay(date: string): void }, headers: Record<string, string>, sweep: () => Promise<number>): Promise<CycleSchedule> {
  const post = async (url: string, payload?: object) => {
    const r = await t.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
    if (r.statusCode >= 300) throw new Error(`POST ${url} → ${r.statusCode} ${r.body}`);
    return r.json();
  };
  const blocks = t.ctx.charter.bodies.council.blocks.map((b) => b.id);
  t.setDay('2026-08-01');
  const { schedule } = (await post('/api/v1/council/cycles')) as { schedule: CycleSchedule };
  t.setDay(schedule.nominationsOpen);
  await post('/api/v1/council/cycles/0/transitions', { event: 'council.nominationsOpened' });
  await post('/api/v1/council/cycles/0/candidates', { candidates: blocks.flatMap((block, b) => Array.from({ length: 7 }, (_, i) => nominee(block, 100 + b * 7 + i))) });
  t.setDay(schedule.nominationsClosed);
  await post('/api/v1/council/cycles/0/transitions', { event: 'council.nominationsClosed' });
  t.setDay(schedule.committed);
  await post('/api/v1/council/cycles/0/commit', { entropySources: ['Kazakhstan lottery draw of 2026-10-16'] });
  t.setDay(schedule.drawn);
  await post('/api/v1/council/cycles/0/reveal', { entropy: 'Kazakhstan lottery draw 2026-10-16: 01 02 03 04 05 06' });
  await acceptAll(t, headers, 0);
  await post('/api/v1/council/cycles/0/transitions', { event: 'council.confirmationsClosed' });
  t.setDay(schedule.termStart);
  await sweep();
  return schedule;
}

/** The secretariat records every drawn candidate of cycle n as having accepted (answers received by letter). */
export async function acceptAll(t: Pick<TestApp, 'app'>, headers: Record<string, string>, n: number): Promise<void> {
  const list = await t.app.inject({ url: `/api/v1/council/cycles/${n}/selections`, headers });
  if (list.statusCode !== 200) throw new Error(`selections → ${list.statusCode} ${list.body}`);
  for (const s of list.json().selections as { id: string; status: string; answer: string | null }[]) {
    if (s.status !== 'selected' || s.answer !== null) continue;
    const r = await t.app.inject({ method: 'POST', url: `/api/v1/council/members/${s.id}/confirmation`, headers, payload: { answer: 'accepted' } });
    if (r.statusCode !== 200) throw new Error(`confirmation → ${r.statusCode} ${r.body}`);
  }
}
