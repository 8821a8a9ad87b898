// Name stock for synthetic people, in Kazakh and Russian styles (Cyrillic, as on ID cards).
// Common names only, and no public figures' surnames.
import type { DemoRng } from './rng.ts';
import type { Sex } from '../core/iin.ts';

const KAZAKH = {
  male: ['Ерлан', 'Нұрлан', 'Асқар', 'Дәурен', 'Бауыржан', 'Қайрат', 'Серік', 'Арман', 'Ержан', 'Мұрат', 'Дархан', 'Айбек', 'Әлихан', 'Ерболат', 'Талғат', 'Санжар', 'Темірлан', 'Жандос'],
  female: ['Айгерім', 'Гүлнар', 'Динара', 'Жанар', 'Әсел', 'Мөлдір', 'Ақмарал', 'Сәуле', 'Назерке', 'Аружан', 'Гүлжан', 'Балжан', 'Айнұр', 'Данагүл', 'Жұлдыз', 'Томирис'],
  // Surnames with a feminine form take -а; the others (e.g. Сейтқали) do not change.
  surnames: ['Ахметов', 'Оспанов', 'Жұмабаев', 'Сәрсенбаев', 'Қасымов', 'Байжанов', 'Есенов', 'Мұқанов', 'Әбдірахманов', 'Омаров', 'Серікбаев', 'Ибраев', 'Жақсылықов', 'Төлеген', 'Сейтқали', 'Бекболатов', 'Нұрғалиев', 'Смағұлов'],
};

const RUSSIAN = {
  male: ['Иван', 'Сергей', 'Алексей', 'Дмитрий', 'Андрей', 'Николай', 'Владимир', 'Михаил', 'Павел', 'Виктор', 'Евгений', 'Артём'],
  female: ['Ольга', 'Елена', 'Наталья', 'Татьяна', 'Ирина', 'Светлана', 'Анна', 'Мария', 'Юлия', 'Людмила', 'Валентина', 'Ксения'],
  surnames: ['Иванов', 'Петров', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Соколов', 'Новиков', 'Морозов', 'Волков', 'Ким', 'Шевченко', 'Цой', 'Бондаренко', 'Лебедев', 'Козлов'],
};

/** Regions where Russian-style names are common in the population (north and east). */
const RUSSIAN_HEAVY = new Set(['KZ-11', 'KZ-35', 'KZ-39', 'KZ-55', 'KZ-59', 'KZ-63', 'KZ-71', 'KZ-75']);

function feminine(surname: string): string {
  return /(ов|ев|ин)$/.test(surname) ? `${surname}а` : surname;
}

export interface SyntheticName {
  firstName: string;
  surname: string;
  /** "First Surname", the order Kenes stores display names in. */
  full: string;
}

export function syntheticName(rng: DemoRng, sex: Sex, region: string): SyntheticName {
  const russianShare = RUSSIAN_HEAVY.has(region) ? 0.4 : 0.1;
  const stock = rng.chance(russianShare) ? RUSSIAN : KAZAKH;
  const firstName = rng.pick(stock[sex]);
  const base = rng.pick(stock.surnames);
  const surname = sex === 'female' ? feminine(base) : base;
  return { firstName, surname, full: `${firstName} ${surname}` };
}
