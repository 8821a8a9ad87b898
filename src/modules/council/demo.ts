// Demo Council at work, through the real service (ADR 0902): after the demo Council is seated, a past
// regular session with an amendment and three adopted decisions (a legislative initiative now in the
// Kurultai, a referendum proposal sent to the President, a recommendation on the response clock), its
// draft minutes, the Kurultai's own initiatives, and the next session convened with the minutes'
// approval on its agenda. Every sitting member gets a demo sign-in (role council_member). The clock
// is moved to each day while seeding and given back afterwards.
import type { IsoDate } from '../../core/isoDate.ts';
import { addDays } from '../../core/isoDate.ts';
import type { SessionUser } from '../../web/context.ts';
import { identityService } from '../identity/api.ts';
import { councilMembers } from '../membership/api.ts';
import type { DemoSeeder } from '../module.ts';
import { drainCouncilItems } from '../responses/api.ts';
import { drainPetitionAgenda } from './fromProposals.ts';
import { councilService } from './service.ts';

const PLACE = 'Astana, the Council’s hall (demo)';

const staff = (id: string, role: 'secretariat' | 'council_chair'): SessionUser => ({ id, pseudonym: id, displayName: 'Demo staff', roles: [role], agencyId: null, region: null });

export const councilSeeder: DemoSeeder = {
  name: 'council',
  after: ['membership', 'identity.staff', 'proposals', 'responses'],
  run: async ({ ctx, rng, log }) => {
    const db = ctx.db.db;
    if ((await db.selectFrom('council_sessions').select('id').limit(1).execute()).length) return;
    const svc = councilService(ctx);
    const realToday = svc.today();
    const registry = councilMembers(ctx);
    const seated = await registry.membersOn(realToday);
    if (seated.length === 0) {
      log('no Council sits today: the demo sessions are skipped');
      return;
    }
    const cal = svc.calendar;
    const rules = ctx.charter.councilWork;

    // A sign-in for every sitting member: their registry person id is their pseudonym.
    const ids = await registry.personIds(seated.map((m) => m.id));
    const identity = identityService(ctx);
    const users = new Map<string, SessionUser>();
    for (const m of seated) {
      const pseudonym = ids.get(m.id)!;
      let u = await identity.ensureUser({ pseudonym, displayName: m.name, region: m.region, origin: 'demo' });
      if (!u.roles.includes('council_member')) u = await identity.grantRole(u.id, 'council_member', { by: 'demo' });
      users.set(m.id, { id: u.id, pseudonym, displayName: u.displayName, roles: u.roles, agencyId: null, region: u.region });
    }
    const secretariat = staff('demo-seed', 'secretariat');
    const chair = staff('demo-seed-chair', 'council_chair');

    const realNow = ctx.now;
    let clock = new Date();
    ctx.now = () => clock;
    const setDay = (date: IsoDate) => (clock = new Date(`${date}T06:00:00Z`));
    try {
      // The past session: convened on the first working day of the term, sitting after the notice.
      const termStart = seated.map((m) => m.termStart).sort().at(-1)!;
      const convenedOn = cal.isWorkingDay(termStart) ? termStart : cal.nextWorkingDay(termStart);
      const sittingDay = cal.addWorkingDays(convenedOn, rules.notice.regular);
      if (sittingDay >= realToday) {
        log('the Council’s term began too recently for a past session: only the next one is convened');
      } else {
        setDay(convenedOn);
        const past = await svc.planSession({ kind: 'regular', date: sittingDay, place: PLACE }, secretariat);
        const byBlock = [...seated].sort((a, b) => a.block.localeCompare(b.block) || a.id.localeCompare(b.id));
        const pick = (n: number, not: string) => byBlock.filter((m) => m.id !== not).slice(0, n).map((m) => m.id);
        const mover = (i: number) => byBlock[(i * 37) % byBlock.length]!;
        const co = rules.motions.coSponsors;
        const law = await svc.fileMotion(users.get(mover(0).id)!, {
          sessionId: past.id,
          motionKind: 'legislativeInitiative',
          title: 'Draft law on public hearings of local budgets',
          lang: 'en',
          text: 'Article 1. Every district akimat holds a public hearing on its draft budget each year.\nArticle 2. The hearing is announced 30 days ahead.',
          coSponsorIds: pick(co.legislativeInitiative, mover(0).id),
        });
        const referendum = await svc.fileMotion(users.get(mover(1).id)!, {
          sessionId: past.id,
          motionKind: 'referendumProposal',
          title: 'Referendum on direct elections of regional akims',
          lang: 'en',
          text: 'Do you agree that akims of regions are elected directly by the residents?',
          coSponsorIds: pick(co.referendumProposal, mover(1).id),
          subjects: ['localGovernment'],
        });
        const recommendation = await svc.fileMotion(users.get(mover(2).id)!, {
          sessionId: past.id,
          motionKind: 'recommendation',
          title: 'Recommendation: publish the waiting lists of rural clinics',
          lang: 'en',
          text: 'The Council recommends that the Ministry of Health publish the monthly waiting times of every rural clinic.',
          coSponsorIds: pick(co.recommendation, mover(2).id),
        });
        const amendment = await svc.fileAmendment(users.get(mover(3).id)!, law.id, {
          text: 'Article 1. Every district akimat holds a public hearing on its draft budget each year.\nArticle 2. The hearing is announced 30 days ahead and its record is published.',
          coSponsorIds: pick(rules.amendments.coSponsors, mover(3).id),
        });
        // Every named co-sponsor confirms as themselves (docs/adr/0905), as members would before the sitting.
        for (const [target, ids] of [
          [{ itemId: law.id }, pick(co.legislativeInitiative, mover(0).id)],
          [{ itemId: referendum.id }, pick(co.referendumProposal, mover(1).id)],
          [{ itemId: recommendation.id }, pick(co.recommendation, mover(2).id)],
          [{ amendmentId: amendment.id }, pick(rules.amendments.coSponsors, mover(3).id)],
        ] as const) {
          for (const id of ids) await svc.confirmCoSponsorship(users.get(id)!, target);
        }
        await svc.convene(past.id, secretariat);

        setDay(sittingDay);
        await svc.openSession(past.id, chair);
        const present = seated.filter(() => rng.chance(0.9));
        for (const m of present) await svc.registerAttendance(past.id, users.get(m.id)!);
        // yes share per vote: every question passes its majority in the demo, one member recuses.
        const runVote = async (itemId: string, yesShare: number, amendmentId?: string, recuse?: string) => {
          const v = await svc.openVote(past.id, { itemId, ...(amendmentId ? { amendmentId } : {}) }, chair);
          for (const [i, m] of present.entries()) {
            const u = users.get(m.id)!;
            if (recuse && i === 0) {
              await svc.declareRecusal(v.id, u, recuse);
              continue;
            }
            if (rng.chance(0.03)) continue;
            const r = rng.next();
            await svc.castBallot(v.id, u, r < yesShare ? 'yes' : r < yesShare + (1 - yesShare) / 2 ? 'no' : 'abstain');
          }
          return svc.closeVote(v.id, chair);
        };
        await runVote(law.id, 0.8, amendment.id);
        await runVote(law.id, 0.85);
        await runVote(referendum.id, 0.95, undefined, 'My brother stands for election as akim of a region (demo)');
        await runVote(recommendation.id, 0.75);
        await svc.closeSession(past.id, chair);
        await svc.draftMinutes(past.id, secretariat);
        await drainCouncilItems(ctx);

        // The Kurultai registers the Council's initiative and sends it to committee (dated up to today).
        const [decided] = await svc.initiatives({ body: 'council', kind: 'legislativeInitiative' });
        const steps: [string, IsoDate][] = [
          ['initiative.registered', addDays(sittingDay, 2)],
          ['initiative.in-committee', addDays(sittingDay, 5)],
        ];
        for (const [event, on] of steps) {
          if (on > realToday) break;
          setDay(on);
          await svc.trackStep(decided!.id, { event, on, documentUrl: 'https://example.org/demo/kurultai/bill-council-1.pdf' }, secretariat);
        }
      }

      // The Kurultai's own initiatives, recorded on the same tracks.
      setDay(realToday);
      const k1 = await svc.recordKurultaiInitiative(secretariat, { kind: 'legislativeInitiative', title: 'Draft law on the digital archive of court decisions (Kurultai)', on: addDays(realToday, -40), reference: 'Bill 12-VIII (demo)', documentUrl: 'https://example.org/demo/kurultai/bill-12.pdf' });
      await svc.trackStep(k1.id, { event: 'initiative.in-committee', on: addDays(realToday, -30) }, secretariat);
      await svc.trackStep(k1.id, { event: 'initiative.reading', on: addDays(realToday, -12), note: 'First reading' }, secretariat);
      const k2 = await svc.recordKurultaiInitiative(secretariat, { kind: 'legislativeInitiative', title: 'Amendments to the law on mass media (Kurultai)', on: addDays(realToday, -80), reference: 'Bill 7-VIII (demo)' });
      await svc.trackStep(k2.id, { event: 'initiative.in-committee', on: addDays(realToday, -70) }, secretariat);
      await svc.trackStep(k2.id, { event: 'initiative.reading', on: addDays(realToday, -50) }, secretariat);
      await svc.trackStep(k2.id, { event: 'initiative.adopted', on: addDays(realToday, -35) }, secretariat);
      await svc.recordKurultaiInitiative(secretariat, { kind: 'referendumProposal', title: 'Referendum on the status of the Aral Sea region (Kurultai)', on: addDays(realToday, -8) });

      // Succeeded citizens' proposals are queued by their events; the next session takes them.
      await drainPetitionAgenda(ctx);
      const nextDate = cal.addWorkingDays(realToday, rules.notice.regular + 5);
      const next = await svc.planSession({ kind: 'regular', date: nextDate, place: PLACE }, secretariat);
      const [past] = await svc.sessions({ state: 'closed' });
      if (past) await svc.addMinutesApproval(secretariat, next.id, { minutesOf: past.id });
      await svc.convene(next.id, secretariat);
      log(`${past ? 'a past session with three decisions, ' : ''}the next session convened for ${nextDate}, the Kurultai's own initiatives`);
    } finally {
      ctx.now = realNow;
    }
  },
};
