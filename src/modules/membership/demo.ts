// Demo Council: the first cycle run through the real service and the real draw ceremony on synthetic
// nominees (every region several times in every block), so `npm start` shows a seated Council. The
// clock is moved through the cycle's dated stages while seeding and given back afterwards.
import { makeIin } from '../../core/iin.ts';
import { addDays } from '../../core/isoDate.ts';
import type { NominationInput } from '../../core/membership/index.ts';
import type { DemoRng } from '../../demo/rng.ts';
import type { DemoSeeder } from '../module.ts';
import { stopSortitionDraws } from '../sortition/api.ts';
import { membershipService } from './service.ts';

/** Nominees per block: enough for every region's quota and a real choice, small enough to draw in seconds. */
const PER_REGION = 4;
const FIRST = ['Aigerim', 'Nurlan', 'Dana', 'Yerlan', 'Saule', 'Arman', 'Zhanar', 'Bauyrzhan', 'Madina', 'Timur', 'Gulnar', 'Daniyar', 'Aliya', 'Serik', 'Kamila', 'Olzhas'];
const LAST = ['Sadykova', 'Omarov', 'Kim', 'Zhakupov', 'Iskakova', 'Petrov', 'Nurpeisova', 'Abenov', 'Ali', 'Serikov', 'Tulegenova', 'Ivanov'];

function nominees(ctx: Parameters<DemoSeeder['run']>[0]['ctx'], rng: DemoRng, drawDate: string): NominationInput[] {
  const charter = ctx.charter;
  const settlement = charter.bodies.council.selectionDimensions.find((d) => d.id === 'settlement');
  const out: NominationInput[] = [];
  let serial = 1;
  for (const block of charter.bodies.council.blocks) {
    for (const region of charter.regions) {
      for (let i = 0; i < PER_REGION; i++) {
        const sex = i % 2 === 0 ? 'female' : 'male';
        const age = rng.int(19, 75);
        const birth = addDays(`${Number(drawDate.slice(0, 4)) - age}-01-01`, rng.int(0, 360));
        out.push({
          iin: makeIin(birth, sex, serial++),
          firstName: rng.pick(FIRST),
          lastName: rng.pick(LAST),
          block: block.id,
          region: region.code,
          organisationId: `demo-${block.id}-${region.code}-${i}`,
          organisation: `Demo association ${region.code} ${i + 1}`,
          declared: settlement ? { settlement: rng.chance(0.6) ? 'urban' : 'rural' } : {},
        });
      }
    }
  }
  return out;
}

export const membershipSeeder: DemoSeeder = {
  name: 'membership',
  after: ['sortition'],
  run: async ({ ctx, rng, log }) => {
    if ((await ctx.db.db.selectFrom('council_cycles').select('id').limit(1).execute()).length) return;
    if (!ctx.config.ledgerKey) {
      log('no ledger key: the demo Council is skipped (its draws are public ceremonies dated by a signed head)');
      return;
    }
    const svc = membershipService(ctx);
    const realNow = ctx.now;
    let clock = new Date();
    ctx.now = () => clock;
    const setDay = (date: string) => (clock = new Date(`${date}T07:00:00Z`));
    try {
      setDay(ctx.charter.bodies.council.firstSelection.slice(0, 4) + '-01-02');
      const { schedule } = await svc.openCycle();
      setDay(schedule.nominationsOpen);
      await svc.advance(0, 'council.nominationsOpened');
      await svc.addCandidates(0, nominees(ctx, rng, schedule.drawn));
      setDay(schedule.nominationsClosed);
      await svc.advance(0, 'council.nominationsClosed');
      setDay(schedule.committed);
      await svc.commit(0, 'demo-seed', { entropySources: [`Demo (synthetic): national lottery numbers of ${addDays(schedule.drawn, -1)}`] });
      setDay(schedule.drawn);
      const r = await svc.reveal(0, { entropy: `Demo (synthetic): national lottery numbers of ${addDays(schedule.drawn, -1)}: 05 14 22 29 33 47` });
      // The demo's nominees all accept (recorded by the secretariat, as answers received by letter).
      for (const m of await svc.selections(0)) await svc.recordAnswer(m.id, 'demo-seed', 'accepted');
      await svc.advance(0, 'council.confirmationsClosed');
      setDay(schedule.termStart);
      await svc.sweep();
      log(`council: cycle 0 drawn and seated, ${r.selected} members and ${r.alternates} alternates`);
    } finally {
      ctx.now = realNow;
      await stopSortitionDraws(ctx);
    }
  },
};
