// Demo data for proposals: dozens of proposals in every state (drafts, moderation — one overdue —,
// returned, rejected with each kind of reason, link-only, open, reached, succeeded, expired, and
// referendum initiatives with their action groups), with realistic kk/ru/en titles and signatures
// spread over the regions and over time. Signers beyond the demo citizens are synthetic pseudonyms.
import { createHash } from 'node:crypto';
import type { Lang } from '../../core/lang.ts';
import { publicSignerName } from '../../core/proposals/rules.ts';
import type { Topic } from '../../core/proposals/topics.ts';
import type { DemoSeeder } from '../module.ts';
import type { DemoRng } from '../../demo/rng.ts';
import type { AppContext, SessionUser } from '../../web/context.ts';
import { identityService } from '../identity/api.ts';
import { proposalsService, type ProposalsService } from './service.ts';
import { setTranslation } from './translations.ts';

type Scenario = 'draft' | 'submitted' | 'overdue' | 'returned' | 'rejected' | 'linkOnly' | 'open' | 'reached' | 'succeeded' | 'expired' | 'groupForming' | 'referendumOpen';

interface Seed {
  lang: Lang;
  title: string;
  topic: Topic;
  kind: 'petition' | 'referendumInitiative' | 'recommendation';
  scenario: Scenario;
  scope?: string;
  /** Share of the kind's threshold the proposal gets (open, expired), or the rejection code. */
  share?: number;
  code?: string;
  /** Titles in other languages, added by the author as translations (ADR 0511); summaries follow the language's template. */
  translations?: Partial<Record<Lang, string>>;
}

const SEEDS: Seed[] = [
  { lang: 'kk', title: 'Ауылдық мектептерге тегін интернет жүргізу', topic: 'education', kind: 'petition', scenario: 'open', share: 0.06 },
  { lang: 'ru', title: 'Бесплатный проезд для студентов в городском транспорте', topic: 'infrastructure', kind: 'petition', scenario: 'open', share: 0.09, scope: 'KZ-75' },
  { lang: 'en', title: 'Open data on school meals in every district', topic: 'education', kind: 'petition', scenario: 'open', share: 0.03 },
  { lang: 'kk', title: 'Қазақ тіліндегі балалар кітаптарын мемлекеттік қолдау', topic: 'culture', kind: 'recommendation', scenario: 'open', share: 0.35 },
  { lang: 'ru', title: 'Обязательные пандусы во всех новых жилых домах', topic: 'social', kind: 'petition', scenario: 'open', share: 0.05, translations: { kk: 'Барлық жаңа тұрғын үйлерде пандус міндетті болсын', en: 'Ramps required in every new residential building' } },
  { lang: 'ru', title: 'Запрет на вырубку деревьев в парках Алматы без общественных слушаний', topic: 'environment', kind: 'recommendation', scenario: 'open', share: 0.22, scope: 'KZ-75' },
  { lang: 'kk', title: 'Шопандарға арналған жылжымалы медициналық пункттер', topic: 'health', kind: 'recommendation', scenario: 'open', share: 0.12, scope: 'KZ-47' },
  { lang: 'en', title: 'Publish every state procurement contract as open data', topic: 'governance', kind: 'petition', scenario: 'open', share: 0.04 },
  { lang: 'ru', title: 'Электронная очередь в детские сады по всей стране', topic: 'digital', kind: 'petition', scenario: 'open', share: 0.02 },
  { lang: 'kk', title: 'Арал теңізі өңірінде ауыз су сапасын тексеру', topic: 'environment', kind: 'recommendation', scenario: 'open', share: 0.18, scope: 'KZ-43' },
  { lang: 'ru', title: 'Освещение трассы между сёлами Туркестанской области', topic: 'infrastructure', kind: 'recommendation', scenario: 'linkOnly', scope: 'KZ-61' },
  { lang: 'kk', title: 'Ұлытау облысында жасөспірімдерге спорт секциялары', topic: 'social', kind: 'recommendation', scenario: 'linkOnly', scope: 'KZ-62' },
  { lang: 'en', title: 'A public map of broken street lights in Shymkent', topic: 'digital', kind: 'recommendation', scenario: 'linkOnly', scope: 'KZ-79' },
  { lang: 'ru', title: 'Компенсация за отопление для пенсионеров Павлодара', topic: 'social', kind: 'petition', scenario: 'linkOnly', scope: 'KZ-55' },
  { lang: 'kk', title: 'Мемлекеттік қызметтерді ым тіліне аудару', topic: 'digital', kind: 'recommendation', scenario: 'reached' },
  { lang: 'ru', title: 'Сортировка мусора во дворах Астаны', topic: 'environment', kind: 'recommendation', scenario: 'reached', scope: 'KZ-71' },
  { lang: 'en', title: 'Free annual health check for everyone over forty', topic: 'health', kind: 'recommendation', scenario: 'succeeded' },
  { lang: 'kk', title: 'Жайылымдарды әділ бөлудің ашық тізілімі', topic: 'agriculture', kind: 'recommendation', scenario: 'succeeded' },
  { lang: 'ru', title: 'Единый электронный рецепт во всех аптеках', topic: 'health', kind: 'petition', scenario: 'expired', share: 0.11 },
  { lang: 'kk', title: 'Аудандық кітапханалардың жұмыс уақытын ұзарту', topic: 'culture', kind: 'recommendation', scenario: 'expired', share: 0.4 },
  { lang: 'en', title: 'Bike lanes on every new avenue in Almaty', topic: 'infrastructure', kind: 'recommendation', scenario: 'expired', share: 0.3, scope: 'KZ-75' },
  { lang: 'ru', title: 'Субсидии на капельное орошение для фермеров', topic: 'agriculture', kind: 'petition', scenario: 'expired', share: 0.07 },
  { lang: 'kk', title: 'Ауыл дәрігерлеріне тұрғын үй беру бағдарламасы', topic: 'health', kind: 'petition', scenario: 'submitted' },
  { lang: 'ru', title: 'Прозрачные тарифы на вывоз мусора', topic: 'economy', kind: 'recommendation', scenario: 'submitted' },
  { lang: 'en', title: 'Sign language interpreters in every district court', topic: 'justice', kind: 'petition', scenario: 'submitted' },
  { lang: 'ru', title: 'Бесплатные юридические консультации в сёлах', topic: 'justice', kind: 'petition', scenario: 'overdue' },
  { lang: 'kk', title: 'Мектеп формасын сатып алуға өтемақы', topic: 'education', kind: 'petition', scenario: 'returned' },
  { lang: 'ru', title: 'Шумозащитные экраны вдоль объездной дороги Караганды', topic: 'infrastructure', kind: 'recommendation', scenario: 'returned', scope: 'KZ-35' },
  { lang: 'ru', title: 'Отменить налог на добавленную стоимость', topic: 'economy', kind: 'referendumInitiative', scenario: 'rejected', code: 'excludedSubject' },
  { lang: 'kk', title: 'Көрші ауылды біздің ауданға қосу', topic: 'governance', kind: 'petition', scenario: 'rejected', code: 'outsideCompetence' },
  { lang: 'en', title: 'Open data on school meals in each district', topic: 'education', kind: 'petition', scenario: 'rejected', code: 'duplicate' },
  { lang: 'ru', title: 'Сделать выходным день рождения моего деда', topic: 'culture', kind: 'petition', scenario: 'rejected', code: 'notAProposal' },
  { lang: 'kk', title: 'Жергілікті әкімдерді тікелей сайлау', topic: 'governance', kind: 'referendumInitiative', scenario: 'referendumOpen', share: 0.01 },
  { lang: 'ru', title: 'Мораторий на повышение пенсионного возраста женщин', topic: 'social', kind: 'referendumInitiative', scenario: 'groupForming' },
  { lang: 'en', title: 'Make the national budget hearings public and streamed', topic: 'governance', kind: 'petition', scenario: 'draft' },
  { lang: 'kk', title: 'Ескі үйлерді жылыту үшін жеңілдетілген несие', topic: 'economy', kind: 'recommendation', scenario: 'draft' },
  { lang: 'ru', title: 'Бесплатные кружки робототехники в каждом районе', topic: 'education', kind: 'petition', scenario: 'draft' },
];

const SUMMARY: Record<Lang, (title: string) => string> = {
  kk: (t) => `${t}. Бұл ұсыныс азаматтардың күнделікті өміріне тікелей әсер ететін мәселені шешуге бағытталған.`,
  ru: (t) => `${t}. Предложение решает проблему, которая напрямую касается повседневной жизни граждан.`,
  en: (t) => `${t}. The proposal addresses a problem that touches the everyday life of many citizens.`,
};
const BODY: Record<Lang, (title: string) => string> = {
  kk: (t) =>
    `Мәселе. ${t} — көптеген отбасылар үшін өзекті сұрақ. Қазіргі тәртіп түсініксіз, ақпарат шашыраңқы, ал шешім қабылдау мерзімі ұзақ.\n\nҰсыныс. Жауапты мемлекеттік орган бір жыл ішінде нақты іс-шаралар жоспарын әзірлеп, оны жария етсін. Жоспарда мерзімдер, қаржы көздері және орындалуын бақылау тәртібі көрсетілсін.\n\nКүтілетін нәтиже. Азаматтар үшін қызмет қолжетімді әрі ашық болады, ал шығындар алдын ала белгілі болады.`,
  ru: (t) =>
    `Проблема. ${t} — вопрос, важный для многих семей. Сейчас порядок непрозрачен, информация разрознена, а решения принимаются долго.\n\nПредложение. Ответственный государственный орган в течение года разрабатывает и публикует план мер: сроки, источники финансирования и порядок контроля исполнения.\n\nОжидаемый результат. Услуга становится доступной и понятной для граждан, а расходы известны заранее.`,
  en: (t) =>
    `The problem. ${t} matters to many families. Today the rules are unclear, the information is scattered and decisions take a long time.\n\nThe proposal. The responsible government agency drafts and publishes, within a year, a plan of measures with deadlines, sources of funding and a way to follow its implementation.\n\nThe expected result. The service becomes accessible and understandable for citizens, and its cost is known in advance.`,
};

const NOTES: Record<string, Record<Lang, string>> = {
  returned: {
    kk: 'Қай мемлекеттік орган жауапты екенін және қандай мерзім ұсынатыныңызды көрсетіңіз.',
    ru: 'Укажите, какой государственный орган должен отвечать и в какие сроки.',
    en: 'Name the government agency that should act, and by when.',
  },
  excludedSubject: { kk: 'Салықтар референдумға шығарылмайды.', ru: 'Налоги не выносятся на референдум.', en: 'Taxes cannot be put to a referendum.' },
  outsideCompetence: { kk: 'Әкімшілік-аумақтық өзгерістер мәслихат пен әкімдіктің құзыретінде.', ru: 'Административно-территориальные изменения — компетенция маслихата и акимата.', en: 'Administrative-territorial changes are for the maslikhat and the akimat.' },
  duplicate: { kk: 'Дәл осындай ашық ұсыныс бар; соған қол қойыңыз.', ru: 'Такое же открытое предложение уже есть; подпишите его.', en: 'The same open proposal exists already; please sign that one.' },
  notAProposal: { kk: 'Бұл жеке өтініш, қоғамдық ұсыныс емес.', ru: 'Это личная просьба, а не общественное предложение.', en: 'This is a personal request, not a public proposal.' },
};

/** A synthetic signer pseudonym, never a real one (real pseudonyms are 64 hex digits of an HMAC). */
function syntheticSigner(proposal: number, i: number): string {
  return `demo-${createHash('sha256').update(`${proposal}/${i}`).digest('hex').slice(0, 32)}`;
}

/** Inserts signatures spread over [from, to] and over the regions (by population), with their counters. */
async function addSignatures(ctx: AppContext, svc: ProposalsService, rng: DemoRng, proposalId: number, count: number, scope: string, from: number, to: number, people: SessionUser[]) {
  const charter = svc.charter;
  const weights = charter.regions.map((r) => r.population.count);
  const totalW = weights.reduce((a, b) => a + b, 0);
  const pickRegion = () => {
    if (scope !== 'national' && rng.chance(0.85)) return scope;
    let x = rng.next() * totalW;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i]!;
      if (x <= 0) return charter.regions[i]!.code;
    }
    return charter.regions.at(-1)!.code;
  };
  // Early signatures come fast, then fewer: times drawn with a square to bunch them at the start.
  const rows = Array.from({ length: count }, (_, i) => {
    const person = i < people.length ? people[i] : undefined;
    const at = new Date(from + (to - from) * rng.next() ** 2).toISOString();
    return {
      proposal_id: proposalId,
      signer: person?.pseudonym ?? syntheticSigner(proposalId, i),
      region: person?.region ?? pickRegion(),
      public_name: person && rng.chance(0.4) ? publicSignerName(person.displayName) : null,
      signed_at: at,
    };
  });
  const byRegion = new Map<string, number>();
  const byHour = new Map<string, number>();
  for (const r of rows) {
    byRegion.set(r.region, (byRegion.get(r.region) ?? 0) + 1);
    byHour.set(r.signed_at.slice(0, 13), (byHour.get(r.signed_at.slice(0, 13)) ?? 0) + 1);
  }
  await ctx.db.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 2000) await trx.insertInto('proposal_signatures').values(rows.slice(i, i + 2000)).execute();
    const counts = [...byRegion].map(([region, n]) => ({ proposal_id: proposalId, region, shard: 0, n }));
    if (counts.length) await trx.insertInto('proposal_signature_counts').values(counts).execute();
    const hours = [...byHour].map(([hour, n]) => ({ proposal_id: proposalId, hour, shard: 0, n }));
    for (let i = 0; i < hours.length; i += 500) await trx.insertInto('proposal_signature_hours').values(hours.slice(i, i + 500)).execute();
  });
}

export const proposalsSeeder: DemoSeeder = { name: 'proposals', after: ['identity.citizens', 'identity.staff'], run: async ({ ctx, rng, log }) => {
  const svc = proposalsService(ctx);
  const charter = ctx.charter;
  const ids = identityService(ctx);
  const already = await ctx.db.db.selectFrom('proposals').select('id').limit(1).execute();
  if (already.length > 0) return log('proposals exist already; nothing added');
  const citizens: SessionUser[] = (await ids.list({ origin: 'demo', role: 'citizen', limit: 10_000 })).filter((u) => u.roles.length === 1).map(({ origin: _o, createdAt: _c, lastSignInAt: _l, ...u }) => u);
  const moderators = (await ids.list({ origin: 'demo', role: 'moderator' })).map(({ origin: _o, createdAt: _c, lastSignInAt: _l, ...u }) => u);
  if (citizens.length === 0 || moderators.length === 0) return log('no demo citizens or moderator: run the identity seeders first');
  const moderator = moderators[0]!;
  const byRegion = new Map<string, SessionUser[]>();
  for (const c of citizens) byRegion.set(c.region ?? '', [...(byRegion.get(c.region ?? '') ?? []), c]);
  const day = 86_400_000;
  const now = Date.now();
  let signatures = 0;
  const states = new Map<string, number>();

  for (const [i, s] of SEEDS.entries()) {
    const r = rng.fork(`p${i}`);
    const kind = svc.kind(s.kind)!;
    const author = r.pick(citizens);
    const row = await svc.createDraft(author, { kind: s.kind, title: s.title, summary: SUMMARY[s.lang](s.title), body: BODY[s.lang](s.title), topic: s.topic, scope: s.scope ?? 'national', language: s.lang });
    for (const [lang, title] of Object.entries(s.translations ?? {}) as [Lang, string][]) await setTranslation(svc, author, row.ref, lang, { title, summary: SUMMARY[lang](title) });
    if (kind.actionGroup) {
      // Co-initiators from every region (all of them for an initiative going ahead; a few regions short otherwise).
      const regions = charter.regions.map((x) => x.code);
      const covered = s.scenario === 'groupForming' ? regions.slice(0, 13) : regions;
      for (const region of covered) {
        for (const m of (byRegion.get(region) ?? []).slice(0, kind.actionGroup.minMembersPerRegion)) await svc.joinGroup(m, row.ref, row.invite_token!);
      }
    }
    if (s.scenario === 'draft' || s.scenario === 'groupForming') {
      states.set(s.scenario, (states.get(s.scenario) ?? 0) + 1);
      continue;
    }
    await svc.submit(author, row.ref);
    if (s.scenario === 'overdue') {
      // Submitted long ago, so the queue shows a missed moderation deadline.
      const submitted = new Date(now - 45 * day);
      const due = svc.calendar.addWorkingDays(svc.calendar.todayInAlmaty(submitted), kind.moderationWorkingDays);
      await ctx.db.db.updateTable('proposals').set({ submitted_at: submitted.toISOString(), moderation_due: due }).where('id', '=', row.id).execute();
      await ctx.db.db.updateTable('proposal_events').set({ at: submitted.toISOString() }).where('proposal_id', '=', row.id).where('kind', '=', 'submitted').execute();
    }
    if (s.scenario === 'submitted' || s.scenario === 'overdue') {
      states.set('submitted', (states.get('submitted') ?? 0) + 1);
      continue;
    }
    if (s.scenario === 'returned' || s.scenario === 'rejected') {
      const code = s.code ?? 'returned';
      await svc.moderate(moderator, row.ref, s.scenario === 'returned' ? 'return' : 'reject', s.code, NOTES[code]![s.lang]);
      states.set(s.scenario, (states.get(s.scenario) ?? 0) + 1);
      continue;
    }
    await svc.moderate(moderator, row.ref, 'publish', undefined, undefined);
    // Place the publication in the past: closed ones ran their whole window; open ones are under way.
    const windowMs = Date.parse((await svc.byRef(row.ref))!.closes_at!) - Date.parse((await svc.byRef(row.ref))!.published_at!);
    const closed = s.scenario === 'succeeded' || s.scenario === 'expired';
    const published = closed ? now - windowMs - r.int(2, 30) * day : now - r.int(3, 40) * day;
    const closes = published + windowMs;
    await ctx.db.db.updateTable('proposals').set({ published_at: new Date(published).toISOString(), closes_at: new Date(closes).toISOString() }).where('id', '=', row.id).execute();
    await ctx.db.db.updateTable('proposal_events').set({ at: new Date(published).toISOString() }).where('proposal_id', '=', row.id).where('kind', '=', 'open').execute();

    const threshold = kind.signatureThreshold;
    const count =
      s.scenario === 'linkOnly'
        ? r.int(3, kind.linkOnlyUntilSignatures - 1)
        : s.scenario === 'reached' || s.scenario === 'succeeded'
          ? threshold + r.int(50, Math.ceil(threshold * 0.08))
          : Math.max(kind.linkOnlyUntilSignatures, Math.round(threshold * (s.share ?? 0.05)));
    const until = closed ? closes - day : now;
    const people = r.shuffle(citizens).slice(0, Math.min(citizens.length, Math.floor(count / 2)));
    await addSignatures(ctx, svc, r, row.id, count, s.scope ?? 'national', published + 3600_000, until, people);
    signatures += count;
    states.set(s.scenario, (states.get(s.scenario) ?? 0) + 1);
  }
  // Thresholds, visibility and closings, exactly as the closer service would decide them.
  await svc.sweep();
  log(`${SEEDS.length} proposals (${[...states].map(([k, n]) => `${k} ${n}`).join(', ')}), ${signatures} signatures`);
} };
