// The demo registry of agencies: real ministries of Kazakhstan (2026 structure) and the akimats of
// every region and city of republican significance. Used by the demo seeder and the benchmark.
import type { NewAgency } from './service.ts';

type Names = [id: string, kk: string, ru: string, en: string];

export const GOVERNMENT: NewAgency = {
  id: 'government',
  name: { kk: 'Қазақстан Республикасының Үкіметі', ru: 'Правительство Республики Казахстан', en: 'Government of the Republic of Kazakhstan' },
  level: 'central',
};

const MINISTRIES: Names[] = [
  ['min-health', 'Денсаулық сақтау министрлігі', 'Министерство здравоохранения', 'Ministry of Health'],
  ['min-education', 'Оқу-ағарту министрлігі', 'Министерство просвещения', 'Ministry of Education'],
  ['min-science', 'Ғылым және жоғары білім министрлігі', 'Министерство науки и высшего образования', 'Ministry of Science and Higher Education'],
  ['min-labour', 'Еңбек және халықты әлеуметтік қорғау министрлігі', 'Министерство труда и социальной защиты населения', 'Ministry of Labour and Social Protection of the Population'],
  ['min-finance', 'Қаржы министрлігі', 'Министерство финансов', 'Ministry of Finance'],
  ['min-economy', 'Ұлттық экономика министрлігі', 'Министерство национальной экономики', 'Ministry of National Economy'],
  ['min-transport', 'Көлік министрлігі', 'Министерство транспорта', 'Ministry of Transport'],
  ['min-ecology', 'Экология және табиғи ресурстар министрлігі', 'Министерство экологии и природных ресурсов', 'Ministry of Ecology and Natural Resources'],
  ['min-agriculture', 'Ауыл шаруашылығы министрлігі', 'Министерство сельского хозяйства', 'Ministry of Agriculture'],
  ['min-water', 'Су ресурстары және ирригация министрлігі', 'Министерство водных ресурсов и ирригации', 'Ministry of Water Resources and Irrigation'],
  ['min-interior', 'Ішкі істер министрлігі', 'Министерство внутренних дел', 'Ministry of Internal Affairs'],
  ['min-justice', 'Әділет министрлігі', 'Министерство юстиции', 'Ministry of Justice'],
  ['min-digital', 'Жасанды интеллект және цифрлық даму министрлігі', 'Министерство искусственного интеллекта и цифрового развития', 'Ministry of Artificial Intelligence and Digital Development'],
  ['min-culture', 'Мәдениет және ақпарат министрлігі', 'Министерство культуры и информации', 'Ministry of Culture and Information'],
  ['min-industry', 'Өнеркәсіп және құрылыс министрлігі', 'Министерство промышленности и строительства', 'Ministry of Industry and Construction'],
  ['min-energy', 'Энергетика министрлігі', 'Министерство энергетики', 'Ministry of Energy'],
  ['min-emergencies', 'Төтенше жағдайлар министрлігі', 'Министерство по чрезвычайным ситуациям', 'Ministry of Emergency Situations'],
  ['min-tourism', 'Туризм және спорт министрлігі', 'Министерство туризма и спорта', 'Ministry of Tourism and Sports'],
];

type Akimat = [region: string, id: string, kk: string, ru: string, en: string];

const AKIMATS: Akimat[] = [
  ['KZ-71', 'akimat-astana', 'Астана қаласының әкімдігі', 'Акимат города Астаны', 'Akimat of Astana'],
  ['KZ-75', 'akimat-almaty', 'Алматы қаласының әкімдігі', 'Акимат города Алматы', 'Akimat of Almaty'],
  ['KZ-79', 'akimat-shymkent', 'Шымкент қаласының әкімдігі', 'Акимат города Шымкента', 'Akimat of Shymkent'],
  ['KZ-10', 'akimat-abai', 'Абай облысының әкімдігі', 'Акимат Абайской области', 'Akimat of Abai Region'],
  ['KZ-11', 'akimat-akmola', 'Ақмола облысының әкімдігі', 'Акимат Акмолинской области', 'Akimat of Akmola Region'],
  ['KZ-15', 'akimat-aktobe', 'Ақтөбе облысының әкімдігі', 'Акимат Актюбинской области', 'Akimat of Aktobe Region'],
  ['KZ-19', 'akimat-almaty-region', 'Алматы облысының әкімдігі', 'Акимат Алматинской области', 'Akimat of Almaty Region'],
  ['KZ-23', 'akimat-atyrau', 'Атырау облысының әкімдігі', 'Акимат Атырауской области', 'Akimat of Atyrau Region'],
  ['KZ-27', 'akimat-west-kazakhstan', 'Батыс Қазақстан облысының әкімдігі', 'Акимат Западно-Казахстанской области', 'Akimat of West Kazakhstan Region'],
  ['KZ-31', 'akimat-jambyl', 'Жамбыл облысының әкімдігі', 'Акимат Жамбылской области', 'Akimat of Jambyl Region'],
  ['KZ-33', 'akimat-jetisu', 'Жетісу облысының әкімдігі', 'Акимат Жетысуской области', 'Akimat of Jetisu Region'],
  ['KZ-35', 'akimat-karaganda', 'Қарағанды облысының әкімдігі', 'Акимат Карагандинской области', 'Akimat of Karaganda Region'],
  ['KZ-39', 'akimat-kostanay', 'Қостанай облысының әкімдігі', 'Акимат Костанайской области', 'Akimat of Kostanay Region'],
  ['KZ-43', 'akimat-kyzylorda', 'Қызылорда облысының әкімдігі', 'Акимат Кызылординской области', 'Akimat of Kyzylorda Region'],
  ['KZ-47', 'akimat-mangystau', 'Маңғыстау облысының әкімдігі', 'Акимат Мангистауской области', 'Akimat of Mangystau Region'],
  ['KZ-55', 'akimat-pavlodar', 'Павлодар облысының әкімдігі', 'Акимат Павлодарской области', 'Akimat of Pavlodar Region'],
  ['KZ-59', 'akimat-north-kazakhstan', 'Солтүстік Қазақстан облысының әкімдігі', 'Акимат Северо-Казахстанской области', 'Akimat of North Kazakhstan Region'],
  ['KZ-61', 'akimat-turkistan', 'Түркістан облысының әкімдігі', 'Акимат Туркестанской области', 'Akimat of Turkistan Region'],
  ['KZ-62', 'akimat-ulytau', 'Ұлытау облысының әкімдігі', 'Акимат Улытауской области', 'Akimat of Ulytau Region'],
  ['KZ-63', 'akimat-east-kazakhstan', 'Шығыс Қазақстан облысының әкімдігі', 'Акимат Восточно-Казахстанской области', 'Akimat of East Kazakhstan Region'],
];

/** Parents first, so every parent exists when its children are added. */
export const DEMO_AGENCIES: NewAgency[] = [
  GOVERNMENT,
  ...MINISTRIES.map(([id, kk, ru, en]): NewAgency => ({ id, name: { kk, ru, en }, level: 'central', parentId: GOVERNMENT.id })),
  ...AKIMATS.map(([region, id, kk, ru, en]): NewAgency => ({ id, name: { kk, ru, en }, level: 'local', region, parentId: GOVERNMENT.id })),
];
