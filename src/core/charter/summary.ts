// A readable, multi-line summary of a charter in one of the platform languages (for `kenes charter check`).
import type { Charter, Fraction, Lang, MajorityRule, SigningWindow } from './types.ts';

type Labels = {
  charter: string;
  languages: string;
  timeZone: string;
  regions: string;
  estimated: string;
  population: string;
  council: string;
  seats: string;
  firstSelection: string;
  term: (years: number) => string;
  renewal: (seats: number, years: number) => string;
  coolingOff: (years: number) => string;
  quotas: string;
  external: string;
  proposals: string;
  signatures: (n: string, w: string) => string;
  window: (w: SigningWindow) => string;
  linkOnly: (n: string) => string;
  moderation: (d: number) => string;
  spread: (regions: number, per: string) => string;
  actionGroup: (n: number) => string;
  responses: string;
  answer: (central: number, local: number) => string;
  extension: (count: number, days: number) => string;
  forwarding: (d: number) => string;
  notify: (d: number) => string;
  voting: string;
  quorum: (share: string, seats: number) => string;
  majority: Record<'sittingMembers' | 'present', string>;
  moreThan: string;
  atLeast: string;
  decisions: Record<string, string>;
  councilWork: string;
  notice: (regular: number, extraordinary: number) => string;
  agendaCloses: (days: number) => string;
  proposalAgenda: (days: number) => string;
  coSponsors: string;
  amendment: string;
  calendar: string;
  calendarLine: (off: number, work: number, removed: number, years: string) => string;
  assumptions: (n: number) => string;
};

const LABELS: Record<Lang, Labels> = {
  en: {
    charter: 'Charter',
    languages: 'Languages',
    timeZone: 'Time zone',
    regions: 'Regions',
    estimated: 'estimated',
    population: 'population',
    council: "People's Council",
    seats: 'seats',
    firstSelection: 'First selection',
    term: (y) => `Term: ${y} years`,
    renewal: (s, y) => `Renewal: ${s} seats every ${y} years`,
    coolingOff: (y) => `Cooling-off before reselection: ${y} years`,
    quotas: 'Quota dimensions',
    external: 'external body',
    proposals: 'Proposal kinds',
    signatures: (n, w) => `${n} signatures in ${w}`,
    window: (w) => `${w.length} ${w.unit === 'months' ? 'months' : 'days'}`,
    linkOnly: (n) => `link-only until ${n} signatures`,
    moderation: (d) => `moderation within ${d} working days`,
    spread: (r, per) => `at least ${per} signatures in each of ${r} regions`,
    actionGroup: (n) => `action group: at least ${n} from every region`,
    responses: 'Response deadlines (working days, counted from the working day after receipt)',
    answer: (c, l) => `Answer: central bodies ${c}, local bodies ${l}`,
    extension: (c, d) => `Extension: ${c} × up to ${d} working days, with a public reason`,
    forwarding: (d) => `Forwarding of misrouted items: ${d}`,
    notify: (d) => `Author notified of an extension within: ${d}`,
    voting: 'Voting',
    quorum: (s, n) => `Quorum: ${s} of sitting members (${n} of a full council)`,
    majority: { sittingMembers: 'of sitting members', present: 'of members present' },
    moreThan: 'more than',
    atLeast: 'at least',
    decisions: {
      legislativeInitiative: 'Legislative initiative',
      referendumProposal: 'Referendum proposal',
      recommendation: 'Recommendation',
      procedural: 'Procedural',
    },
    councilWork: 'Council work (working days)',
    notice: (r, e) => `Notice: regular session ${r}, extraordinary ${e}`,
    agendaCloses: (d) => `Agenda closes ${d} before the sitting`,
    proposalAgenda: (d) => `A succeeded proposal goes on the agenda within ${d}`,
    coSponsors: 'Co-sponsors besides the mover',
    amendment: 'Amendment',
    calendar: 'Working-day calendar',
    calendarLine: (o, w, r, y) => `date-holidays KZ + ${o} extra days off, ${w} extra working days, ${r} library holidays removed; checked by hand for ${y}`,
    assumptions: (n) => `Assumptions awaiting the law: ${n}`,
  },
  ru: {
    charter: 'Устав',
    languages: 'Языки',
    timeZone: 'Часовой пояс',
    regions: 'Регионы',
    estimated: 'оценочно',
    population: 'население',
    council: 'Народный совет',
    seats: 'мест',
    firstSelection: 'Первый отбор',
    term: (y) => `Срок полномочий: ${y} года`,
    renewal: (s, y) => `Ротация: ${s} мест каждые ${y} года`,
    coolingOff: (y) => `Перерыв до повторного отбора: ${y} года`,
    quotas: 'Квотируемые признаки',
    external: 'внешний орган',
    proposals: 'Виды предложений',
    signatures: (n, w) => `${n} подписей за ${w}`,
    window: (w) => `${w.length} ${w.unit === 'months' ? 'мес.' : 'дн.'}`,
    linkOnly: (n) => `только по ссылке до ${n} подписей`,
    moderation: (d) => `модерация до ${d} рабочих дней`,
    spread: (r, per) => `не менее ${per} подписей в каждом из ${r} регионов`,
    actionGroup: (n) => `инициативная группа: не менее ${n} от каждого региона`,
    responses: 'Сроки ответа (рабочие дни, со следующего рабочего дня после получения)',
    answer: (c, l) => `Ответ: центральные органы ${c}, местные органы ${l}`,
    extension: (c, d) => `Продление срока: ${c} × до ${d} рабочих дней, с публичной причиной`,
    forwarding: (d) => `Переадресация по компетенции: ${d}`,
    notify: (d) => `Уведомление автора о продлении: ${d}`,
    voting: 'Голосование',
    quorum: (s, n) => `Кворум: ${s} от состава (${n} при полном составе)`,
    majority: { sittingMembers: 'от состава', present: 'от присутствующих' },
    moreThan: 'более',
    atLeast: 'не менее',
    decisions: {
      legislativeInitiative: 'Законодательная инициатива',
      referendumProposal: 'Предложение о референдуме',
      recommendation: 'Рекомендация',
      procedural: 'Процедурное решение',
    },
    councilWork: 'Работа совета (рабочие дни)',
    notice: (r, e) => `Уведомление: очередное заседание ${r}, внеочередное ${e}`,
    agendaCloses: (d) => `Повестка закрывается за ${d} до заседания`,
    proposalAgenda: (d) => `Успешное предложение включается в повестку в течение ${d}`,
    coSponsors: 'Соавторы помимо инициатора',
    amendment: 'Поправка',
    calendar: 'Календарь рабочих дней',
    calendarLine: (o, w, r, y) => `date-holidays KZ + ${o} доп. выходных, ${w} доп. рабочих дней, ${r} исключённых праздников библиотеки; проверено вручную: ${y}`,
    assumptions: (n) => `Допущения до принятия закона: ${n}`,
  },
  kk: {
    charter: 'Жарғы',
    languages: 'Тілдер',
    timeZone: 'Уақыт белдеуі',
    regions: 'Өңірлер',
    estimated: 'шамамен',
    population: 'халық саны',
    council: 'Халық Кеңесі',
    seats: 'орын',
    firstSelection: 'Алғашқы іріктеу',
    term: (y) => `Өкілеттік мерзімі: ${y} жыл`,
    renewal: (s, y) => `Ротация: әр ${y} жыл сайын ${s} орын`,
    coolingOff: (y) => `Қайта іріктелгенге дейінгі үзіліс: ${y} жыл`,
    quotas: 'Квота белгілері',
    external: 'сыртқы орган',
    proposals: 'Ұсыныс түрлері',
    signatures: (n, w) => `${w} ішінде ${n} қолтаңба`,
    window: (w) => `${w.length} ${w.unit === 'months' ? 'ай' : 'күн'}`,
    linkOnly: (n) => `${n} қолтаңбаға дейін тек сілтеме арқылы`,
    moderation: (d) => `модерация ${d} жұмыс күніне дейін`,
    spread: (r, per) => `${r} өңірдің әрқайсысында кемінде ${per} қолтаңба`,
    actionGroup: (n) => `бастамашыл топ: әр өңірден кемінде ${n} адам`,
    responses: 'Жауап мерзімдері (жұмыс күні, алған күннен кейінгі жұмыс күнінен бастап)',
    answer: (c, l) => `Жауап: орталық органдар ${c}, жергілікті органдар ${l}`,
    extension: (c, d) => `Мерзімді ұзарту: ${c} × ${d} жұмыс күніне дейін, себебі жария`,
    forwarding: (d) => `Құзыреті бойынша жолдау: ${d}`,
    notify: (d) => `Авторға ұзарту туралы хабарлау: ${d}`,
    voting: 'Дауыс беру',
    quorum: (s, n) => `Кворум: құрамның ${s} бөлігі (толық құрамда ${n})`,
    majority: { sittingMembers: 'құрамның', present: 'қатысушылардың' },
    moreThan: 'астам',
    atLeast: 'кемінде',
    decisions: {
      legislativeInitiative: 'Заң шығару бастамасы',
      referendumProposal: 'Референдум туралы ұсыныс',
      recommendation: 'Ұсыным',
      procedural: 'Рәсімдік шешім',
    },
    councilWork: 'Кеңестің жұмысы (жұмыс күндері)',
    notice: (r, e) => `Хабарлау: кезекті отырыс ${r}, кезектен тыс ${e}`,
    agendaCloses: (d) => `Күн тәртібі отырысқа ${d} күн қалғанда жабылады`,
    proposalAgenda: (d) => `Табысты ұсыныс күн тәртібіне ${d} күн ішінде енгізіледі`,
    coSponsors: 'Бастамашыдан басқа қосалқы авторлар',
    amendment: 'Түзету',
    calendar: 'Жұмыс күндерінің күнтізбесі',
    calendarLine: (o, w, r, y) => `date-holidays KZ + ${o} қосымша демалыс, ${w} қосымша жұмыс күні, кітапханадан алынған ${r} мереке; қолмен тексерілген: ${y}`,
    assumptions: (n) => `Заң қабылданғанға дейінгі болжамдар: ${n}`,
  },
};

const LANG_NAMES: Record<Lang, string> = { kk: 'қазақша', ru: 'русский', en: 'English' };

function fraction(f: Fraction): string {
  return `${f.numerator}/${f.denominator}`;
}

/** Smallest whole count that meets the rule on a base of `n`. */
function neededOf(rule: { share: Fraction; comparison: 'moreThan' | 'atLeast' }, n: number): number {
  const exact = (n * rule.share.numerator) / rule.share.denominator;
  return rule.comparison === 'atLeast' ? Math.ceil(exact) : Math.floor(exact) + 1;
}

export function summarizeCharter(charter: Charter, lang: Lang): string {
  const t = LABELS[lang];
  const fmt = new Intl.NumberFormat(lang === 'kk' ? 'kk-KZ' : lang === 'ru' ? 'ru-RU' : 'en-US');
  const n = (x: number) => fmt.format(x);
  const council = charter.bodies.council;
  const out: string[] = [];

  out.push(`${t.charter}: ${charter.title[lang]} (${charter.id} ${charter.version})`);
  out.push(`${t.languages}: ${charter.languages.supported.map((l) => `${l}${l === charter.languages.default ? '*' : ''} ${LANG_NAMES[l]}`).join(', ')}`);
  out.push(`${t.timeZone}: ${charter.timeZone}`);

  const total = charter.regions.reduce((s, r) => s + r.population.count, 0);
  const estimated = charter.regions.filter((r) => r.population.estimate).length;
  out.push('', `${t.regions}: ${charter.regions.length}, ${t.population} ${n(total)} (${estimated} ${t.estimated})`);
  for (const r of charter.regions) {
    out.push(`  ${r.code}  ${r.name[lang]} — ${r.population.estimate ? '≈ ' : ''}${n(r.population.count)} (${r.population.year})`);
  }

  const renewed = (council.seats * council.renewalShare.numerator) / council.renewalShare.denominator;
  out.push('', `${t.council}: ${council.seats} ${t.seats}`);
  for (const b of council.blocks) out.push(`  ${b.name[lang]}: ${b.seats} ${t.seats}`);
  out.push(`  ${t.firstSelection}: ${council.firstSelection}`);
  out.push(`  ${t.term(council.termYears)}; ${t.renewal(renewed, council.cycleYears)}`);
  out.push(`  ${t.coolingOff(council.coolingOffYears)}`);
  out.push(`  ${t.quotas}: ${council.selectionDimensions.map((d) => d.name[lang]).join(', ')}`);
  const k = charter.bodies.kurultai;
  out.push(`${k.name[lang]}: ${k.seats} ${t.seats} (${t.external})`);

  out.push('', `${t.proposals}:`);
  for (const p of charter.proposalKinds) {
    const parts = [t.signatures(n(p.signatureThreshold), t.window(p.signingWindow)), t.linkOnly(n(p.linkOnlyUntilSignatures)), t.moderation(p.moderationWorkingDays)];
    if (p.regionalSpread.minRegions > 0) parts.push(t.spread(p.regionalSpread.minRegions, n(p.regionalSpread.minSignaturesPerRegion)));
    if (p.actionGroup) parts.push(t.actionGroup(p.actionGroup.minMembersPerRegion));
    out.push(`  ${p.name[lang]}: ${parts.join('; ')}`);
  }

  const r = charter.responses;
  out.push('', `${t.responses}:`);
  out.push(`  ${t.answer(r.answerWorkingDays.central, r.answerWorkingDays.local)}`);
  out.push(`  ${t.extension(r.extension.maxCount, r.extension.maxExtraWorkingDays)}`);
  out.push(`  ${t.forwarding(r.forwardingWorkingDays)}; ${t.notify(r.notifyAuthorWorkingDays)}`);

  const v = charter.voting;
  out.push('', `${t.voting}:`);
  out.push(`  ${t.quorum(fraction(v.quorum.share), neededOf(v.quorum, council.seats))}`);
  for (const [kind, m] of Object.entries(v.majorities) as [string, MajorityRule][]) {
    out.push(`  ${t.decisions[kind] ?? kind}: ${m.comparison === 'moreThan' ? t.moreThan : t.atLeast} ${fraction(m.share)} ${t.majority[m.base]}`);
  }

  const w = charter.councilWork;
  out.push('', `${t.councilWork}:`);
  out.push(`  ${t.notice(w.notice.regular, w.notice.extraordinary)}; ${t.agendaCloses(w.agenda.closesWorkingDaysBefore)}`);
  out.push(`  ${t.proposalAgenda(w.petitionAgenda.workingDays)}`);
  const sponsors = Object.entries(w.motions.coSponsors).map(([kind, count]) => `${t.decisions[kind] ?? kind} ${count}`);
  out.push(`  ${t.coSponsors}: ${[...sponsors, `${t.amendment} ${w.amendments.coSponsors}`].join(', ')}`);

  const c = charter.calendar;
  out.push('', `${t.calendar}: ${t.calendarLine(c.extraDaysOff.length, c.extraWorkingDays.length, c.removedHolidays?.length ?? 0, c.verifiedYears.join(', '))}`);
  out.push(t.assumptions(charter.assumptions.length));
  return out.join('\n');
}
