// Demo seeders for people: synthetic citizens with valid IINs in every charter region, and one staff
// member for every role. Only pseudonyms are stored, as for real people; the IINs are made up and
// thrown away.
import { makeIin, type Sex } from '../../core/iin.ts';
import type { IsoDate } from '../../core/isoDate.ts';
import { pseudonymize } from '../../core/pseudonym.ts';
import { identityService } from './service.ts';
import { ROLES, type Role } from '../../core/roles.ts';
import { syntheticName } from '../../demo/names.ts';
import type { DemoRng } from '../../demo/rng.ts';
import type { DemoSeeder } from '../module.ts';

/** Citizens per region. Kept modest so a fresh `npm start` seeds in well under a second. */
export const DEMO_CITIZENS_PER_REGION = 12;

/** The agency the demo agency officer acts for until the responses seeder assigns a real one. */
export const DEMO_AGENCY_ID = 'demo-agency';

function birthDate(rng: DemoRng, fromYear: number, toYear: number): IsoDate {
  const year = rng.int(fromYear, toYear);
  const month = rng.int(1, 12);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(rng.int(1, days)).padStart(2, '0')}`;
}

function syntheticPerson(rng: DemoRng, region: string, pepper: string) {
  const sex: Sex = rng.chance(0.52) ? 'female' : 'male';
  // Adults on the first selection day (2026-10-17): born 1946–2007.
  const iin = makeIin(birthDate(rng, 1946, 2007), sex, rng.int(0, 9999));
  const name = syntheticName(rng, sex, region);
  return { id: rng.uuid(), pseudonym: pseudonymize(pepper, iin), displayName: name.full };
}

export const citizensSeeder: DemoSeeder = { name: 'identity.citizens', after: [], run: async ({ ctx, rng, log }) => {
  const charter = ctx.charter;
  const svc = identityService(ctx);
  let created = 0;
  for (const region of charter.regions) {
    const r = rng.fork(region.code);
    for (let i = 0; i < DEMO_CITIZENS_PER_REGION; i++) {
      const p = syntheticPerson(r, region.code, ctx.config.pepper);
      const existing = await svc.findByPseudonym(p.pseudonym);
      if (existing) continue;
      await svc.ensureUser({ ...p, region: region.code, origin: 'demo' });
      created++;
    }
  }
  log(`${created} citizens in ${charter.regions.length} regions`);
} };

export const staffSeeder: DemoSeeder = { name: 'identity.staff', after: [], run: async ({ ctx, rng, log }) => {
  const charter = ctx.charter;
  const svc = identityService(ctx);
  let created = 0;
  for (const role of ROLES) {
    if (role === 'citizen') continue;
    const r = rng.fork(role);
    const region = r.pick(charter.regions).code;
    const p = syntheticPerson(r, region, ctx.config.pepper);
    let user = await svc.findByPseudonym(p.pseudonym);
    if (!user) {
      user = await svc.ensureUser({ ...p, region, origin: 'demo' });
      created++;
    }
    if (!user.roles.includes(role as Role)) {
      await svc.grantRole(user.id, role, { agencyId: role === 'agency_officer' ? DEMO_AGENCY_ID : null, by: 'demo' });
    }
  }
  log(`${created} staff, one for each role`);
} };
