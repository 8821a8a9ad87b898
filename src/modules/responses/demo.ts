// Demo data for the listening state: the agency registry (real ministries and akimats) and synthetic
// items in every state — waiting for assignment, on time, due soon, overdue, extended, forwarded,
// answered on time and late, with measures under way, and closed. Dates are placed relative to
// today, so the clock shows every state whenever the demo is started.
import type { DemoSeeder } from '../module.ts';
import type { Lang } from '../../core/lang.ts';
import type { IsoDate } from '../../core/responses/types.ts';
import { identityService } from '../identity/api.ts';
import { DEMO_AGENCIES } from './agencies.ts';
import { drainProposalItems } from './fromProposals.ts';
import { type Actor, ResponsesService } from './service.ts';

/** The agency the demo agency officer is moved to, so the demo console has a full inbox. */
export const DEMO_OFFICER_AGENCY = 'akimat-almaty';

const SECRETARIAT: Actor = { secretariat: true, agencyId: null };

type Scenario = 'received' | 'on_time' | 'due_soon' | 'overdue' | 'extended' | 'forwarded' | 'answered_on_time' | 'answered_late' | 'closed' | 'rejected';
const SCENARIOS: Scenario[] = ['received', 'on_time', 'due_soon', 'overdue', 'extended', 'forwarded', 'answered_on_time', 'answered_late', 'closed', 'rejected'];

/** Synthetic titles in the language each was written in, with the agency it concerns. */
const TOPICS: [lang: Lang, title: string, agency: string][] = [
  ['kk', 'Бастауыш сынып оқушыларына тегін ыстық тамақ', 'akimat-almaty'],
  ['ru', 'Выделенные полосы для автобусов на проспекте Абая', 'akimat-almaty'],
  ['kk', 'Ауылдық емханаларға жас дәрігерлерді тарту', 'min-health'],
  ['ru', 'Единый электронный рецепт во всех аптеках', 'min-health'],
  ['en', 'Open data on school places in every district', 'min-education'],
  ['kk', 'Мектептерде қазақ тілі сабақтарын көбейту', 'min-education'],
  ['ru', 'Субсидии на капельное орошение для фермеров', 'min-water'],
  ['kk', 'Арал өңіріндегі ауыз су құбырлары', 'akimat-kyzylorda'],
  ['ru', 'Пандусы и лифты на вокзалах', 'min-transport'],
  ['en', 'Publish air quality sensors data for Karaganda', 'min-ecology'],
  ['ru', 'Сортировка мусора во дворах Астаны', 'akimat-astana'],
  ['kk', 'Жайылымдарды әділ бөлу тәртібі', 'min-agriculture'],
  ['ru', 'Пособие по уходу за ребёнком до трёх лет', 'min-labour'],
  ['kk', 'Шымкентте велосипед жолдарын салу', 'akimat-shymkent'],
  ['en', 'Public register of state procurement contracts', 'min-finance'],
  ['ru', 'Освещение дорог между сёлами Туркестанской области', 'akimat-turkistan'],
  ['kk', 'Мүгедектігі бар адамдарға арналған цифрлық қызметтер', 'min-digital'],
  ['ru', 'Отопление школ в Павлодаре зимой', 'akimat-pavlodar'],
  ['kk', 'Ұлттық парктерге кіру ақысын азайту', 'min-tourism'],
  ['ru', 'Снижение тарифов на газ для сёл Мангистау', 'min-energy'],
];

const REASONS = {
  kk: 'Ұсыныс қаралды; шешім қолданыстағы бюджет пен заңнамаға сай қабылданды.',
  ru: 'Предложение рассмотрено; решение принято с учётом бюджета и действующего законодательства.',
  en: 'The proposal was reviewed; the decision takes the budget and current law into account.',
};

export const responsesSeeder: DemoSeeder = { name: 'responses', after: ['identity.staff', 'proposals'], run: async ({ ctx, rng, log }) => {
  // The demo proposals that succeeded (seeded just before) become items now, as the running
  // subscription would do a moment later, so the seeded state is complete when seeding ends.
  await drainProposalItems(ctx);
  const charter = ctx.charter;
  // Its own service instance, because the seeder moves its clock back in time to act on past dates.
  const svc = new ResponsesService(ctx.db.db, charter);
  const realNow = new Date();
  const today = svc.today(realNow);
  const cal = svc.calendar;
  let agencies = 0;
  for (const a of DEMO_AGENCIES) {
    if (await svc.getAgency(a.id)) continue;
    await svc.createAgency(a);
    agencies++;
  }

  // Move the demo officer from the placeholder agency to a real one.
  const identity = identityService(ctx);
  for (const u of await identity.list({ role: 'agency_officer', origin: 'demo' })) {
    if (!(await svc.getAgency(u.agencyId ?? ''))) await identity.grantRole(u.id, 'agency_officer', { agencyId: DEMO_OFFICER_AGENCY, by: 'demo' });
  }

  const existing = await ctx.db.db.selectFrom('response_items').select('id').where('source_ref', 'like', 'proposal/demo-%').executeTakeFirst();
  if (existing) {
    log(`${agencies} agencies; items already there`);
    return;
  }

  /** Acts as if it were `date`, mid-morning in Almaty. */
  const on = (date: IsoDate) => {
    svc.clock = () => new Date(Date.parse(`${date}T10:00:00+05:00`));
  };
  const level = (id: string) => DEMO_AGENCIES.find((a) => a.id === id)!.level;
  const period = (id: string) => charter.responses.answerWorkingDays[level(id)];
  const back = (n: number) => cal.addWorkingDays(today, -n);
  const fwd = (d: IsoDate, n: number) => cal.addWorkingDays(d, n);
  const officer = (agencyId: string): Actor => ({ secretariat: false, agencyId });

  let n = 0;
  for (let round = 0; round < 3; round++) {
    for (const [i, [lang, title, agencyId]] of TOPICS.entries()) {
      const scenario = SCENARIOS[(i + round * 3) % SCENARIOS.length];
      n++;
      const p = period(agencyId);
      const source = `${rng.chance(0.7) ? 'proposal' : 'decision'}/demo-${n}`;
      const fullTitle = round === 0 ? title : `${title} (${round + 1})`;
      // When the agency received it, chosen so the scenario holds today.
      const received: IsoDate = {
        received: back(rng.int(0, 2)),
        on_time: back(rng.int(1, Math.max(1, p - 10))),
        due_soon: back(p - rng.int(1, 4)),
        overdue: back(p + rng.int(1, 8)),
        extended: back(p - rng.int(2, 4)),
        forwarded: back(rng.int(6, 12)),
        answered_on_time: back(p + rng.int(20, 60)),
        answered_late: back(p + rng.int(20, 40)),
        closed: back(p + rng.int(90, 140)),
        rejected: back(p + rng.int(5, 30)),
      }[scenario];
      on(received);
      const item = await svc.createItem({ title: fullTitle, lang, sourceRef: source, receivedOn: received });
      if (scenario === 'received') continue;
      const co = rng.chance(0.3) ? [rng.pick(DEMO_AGENCIES.filter((a) => a.id !== agencyId && a.id !== 'government')).id] : [];
      await svc.assign(item.id, { leadAgencyId: scenario === 'forwarded' ? 'min-economy' : agencyId, coExecutorIds: co, receivedOn: received }, SECRETARIAT);
      const due = fwd(received, p);
      switch (scenario) {
        case 'forwarded': {
          on(fwd(received, 2));
          await svc.forward(item.id, { toAgencyId: agencyId, reason: REASONS[lang] }, officer('min-economy'));
          break;
        }
        case 'extended': {
          on(back(1));
          await svc.extend(item.id, { newDueDate: fwd(due, rng.int(5, charter.responses.extension.maxExtraWorkingDays)), reason: REASONS[lang] }, officer(agencyId));
          break;
        }
        case 'rejected': {
          on(fwd(received, rng.int(5, p)));
          await svc.answer(item.id, { outcome: 'rejected', reasons: REASONS[lang], measures: [] }, officer(agencyId));
          on(back(rng.int(0, 3)));
          await svc.close(item.id, officer(agencyId));
          break;
        }
        case 'answered_on_time':
        case 'answered_late':
        case 'closed': {
          const answeredOn = scenario === 'answered_late' ? fwd(due, rng.int(2, 10)) : fwd(received, rng.int(8, p));
          on(answeredOn);
          // The first measure may be behind by now; the second is due in the coming months.
          const measureDue = (k: number) => (k === 1 ? fwd(answeredOn, 20 + rng.int(0, 15)) : later(fwd(answeredOn, 60), fwd(today, rng.int(10, 80))));
          const answered = await svc.answer(
            item.id,
            {
              outcome: rng.chance(0.6) ? 'accepted' : 'partly_accepted',
              reasons: REASONS[lang],
              measures: [
                { description: `${fullTitle}: ${lang === 'kk' ? 'нормативтік құжатты әзірлеу' : lang === 'ru' ? 'разработка нормативного акта' : 'draft the regulation'}`, responsibleAgencyId: agencyId, dueDate: measureDue(1) },
                { description: `${fullTitle}: ${lang === 'kk' ? 'қаржыландыру және іске асыру' : lang === 'ru' ? 'финансирование и реализация' : 'funding and roll-out'}`, responsibleAgencyId: co[0] ?? agencyId, dueDate: measureDue(3) },
              ],
            },
            officer(agencyId),
          );
          const [m1, m2] = answered.measures;
          const updateOn = earlier(fwd(answeredOn, 15), today);
          on(updateOn);
          await svc.updateMeasure(item.id, m1.id, { status: scenario === 'closed' ? 'done' : 'in_progress', progress: rng.int(20, 90) }, officer(agencyId));
          if (scenario === 'closed') {
            await svc.updateMeasure(item.id, m2.id, { status: 'done', progress: 100 }, officer(m2.responsibleAgencyId));
            const closeOn = back(rng.int(0, 5));
            on(later(closeOn, updateOn));
            await svc.close(item.id, officer(agencyId));
          }
          break;
        }
        default:
          break;
      }
    }
  }
  svc.clock = () => realNow;
  const swept = await svc.sweep(realNow);
  log(`${agencies} agencies, ${n} items, ${swept.markedOverdue.length} overdue`);
} };

// ISO dates compare as strings.
function earlier(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}
function later(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}
