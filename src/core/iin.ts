// Kazakhstan IIN (ЖСН / ИИН): 12 digits = birth date YYMMDD, century-and-sex digit, 4-digit serial,
// check digit. The check digit algorithm is shared with the BIN.
import type { LocalizedText } from './charter/types.ts';
import { type IsoDate, isIsoDate } from './isoDate.ts';

export type Sex = 'male' | 'female';

export type IinReasonCode =
  | 'ok'
  | 'notTwelveDigits'
  | 'invalidCenturyDigit'
  | 'invalidBirthDate'
  | 'birthDateInFuture'
  | 'checkDigitUndefined'
  | 'checkDigitMismatch';

export interface IinReason {
  code: IinReasonCode;
  message: LocalizedText;
}

export type IinResult =
  | { valid: true; iin: string; reason: IinReason; birthDate: IsoDate; sex: Sex }
  | {
      valid: false;
      iin: string;
      reason: IinReason;
      /** Present once the date part has been read successfully. */
      birthDate?: IsoDate;
      sex?: Sex;
      /** For a mismatch: the check digit the first 11 digits call for. */
      expectedCheckDigit?: number;
    };

const WEIGHTS_FIRST = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const WEIGHTS_SECOND = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/** Check digit for the first 11 digits, or null when both weight sets give 10 (no valid number exists). */
export function iinCheckDigit(first11: string): number | null {
  if (!/^\d{11}$/.test(first11)) throw new RangeError('iinCheckDigit needs exactly 11 digits');
  const digits = [...first11].map(Number);
  const sum = (weights: number[]) => digits.reduce((s, d, i) => s + d * weights[i]!, 0) % 11;
  const first = sum(WEIGHTS_FIRST);
  if (first !== 10) return first;
  const second = sum(WEIGHTS_SECOND);
  return second === 10 ? null : second;
}

const CENTURY: Record<string, number> = { '1': 1800, '2': 1800, '3': 1900, '4': 1900, '5': 2000, '6': 2000 };

function reason(code: IinReasonCode, en: string, ru: string, kk: string): IinReason {
  return { code, message: { kk, ru, en } };
}

export interface ParseIinOptions {
  /** When given, a birth date after this day makes the IIN invalid. */
  today?: IsoDate;
}

export function parseIin(input: string, options: ParseIinOptions = {}): IinResult {
  const iin = input.trim();
  if (!/^\d{12}$/.test(iin)) {
    return {
      valid: false,
      iin,
      reason: reason('notTwelveDigits', 'An IIN is exactly 12 digits.', 'ИИН состоит ровно из 12 цифр.', 'ЖСН дәл 12 цифрдан тұрады.'),
    };
  }
  const centuryDigit = iin[6]!;
  const century = CENTURY[centuryDigit];
  if (century === undefined) {
    return {
      valid: false,
      iin,
      reason: reason(
        'invalidCenturyDigit',
        `Digit 7 must be 1–6 (century and sex), not ${centuryDigit}.`,
        `7-я цифра должна быть от 1 до 6 (век и пол), а не ${centuryDigit}.`,
        `7-цифр 1–6 аралығында болуы керек (ғасыр мен жыныс), ${centuryDigit} емес.`,
      ),
    };
  }
  const sex: Sex = Number(centuryDigit) % 2 === 1 ? 'male' : 'female';
  const birthDate = `${century + Number(iin.slice(0, 2))}-${iin.slice(2, 4)}-${iin.slice(4, 6)}`;
  if (!isIsoDate(birthDate)) {
    return {
      valid: false,
      iin,
      sex,
      reason: reason(
        'invalidBirthDate',
        `Digits 1–6 (${iin.slice(0, 6)}) are not a real date of birth (YYMMDD).`,
        `Цифры 1–6 (${iin.slice(0, 6)}) не являются датой рождения (ГГММДД).`,
        `1–6 цифрлар (${iin.slice(0, 6)}) туған күн емес (ЖЖААКК).`,
      ),
    };
  }
  if (options.today && birthDate > options.today) {
    return {
      valid: false,
      iin,
      sex,
      birthDate,
      reason: reason(
        'birthDateInFuture',
        `The date of birth ${birthDate} is in the future.`,
        `Дата рождения ${birthDate} ещё не наступила.`,
        `Туған күні ${birthDate} әлі келген жоқ.`,
      ),
    };
  }
  const expected = iinCheckDigit(iin.slice(0, 11));
  if (expected === null) {
    return {
      valid: false,
      iin,
      sex,
      birthDate,
      reason: reason(
        'checkDigitUndefined',
        'No check digit exists for the first 11 digits (both weight sets give 10), so no such IIN is issued.',
        'Для первых 11 цифр контрольный разряд не определён (оба набора весов дают 10) — такой ИИН не выдаётся.',
        'Алғашқы 11 цифр үшін бақылау цифры жоқ (екі салмақ жиыны да 10 береді) — мұндай ЖСН берілмейді.',
      ),
    };
  }
  const actual = Number(iin[11]);
  if (actual !== expected) {
    return {
      valid: false,
      iin,
      sex,
      birthDate,
      expectedCheckDigit: expected,
      reason: reason(
        'checkDigitMismatch',
        `The check digit is ${actual}, but the first 11 digits call for ${expected}: a digit is mistyped.`,
        `Контрольная цифра ${actual}, а по первым 11 цифрам должна быть ${expected}: где-то опечатка.`,
        `Бақылау цифры ${actual}, ал алғашқы 11 цифр бойынша ${expected} болуы керек: цифр қате терілген.`,
      ),
    };
  }
  return {
    valid: true,
    iin,
    sex,
    birthDate,
    reason: reason(
      'ok',
      'Structure, date of birth, century digit and check digit are all correct.',
      'Структура, дата рождения, цифра века и контрольная цифра верны.',
      'Құрылымы, туған күні, ғасыр цифры және бақылау цифры дұрыс.',
    ),
  };
}

export function isValidIin(input: string): boolean {
  return parseIin(input).valid;
}

/**
 * A valid IIN for synthetic (demo) people. `serial` (0–9999) is the starting serial: serials whose
 * check digit would be 10 under both weight sets are skipped, so the result always validates.
 */
export function makeIin(birthDate: IsoDate, sex: Sex, serial: number): string {
  if (!isIsoDate(birthDate)) throw new RangeError(`makeIin: "${birthDate}" is not a valid date`);
  const year = Number(birthDate.slice(0, 4));
  if (year < 1800 || year > 2099) throw new RangeError(`makeIin: birth year ${year} is outside 1800–2099`);
  if (!Number.isInteger(serial) || serial < 0 || serial > 9999) throw new RangeError(`makeIin: serial ${serial} is not 0–9999`);
  const centuryBase = year < 1900 ? 1 : year < 2000 ? 3 : 5;
  const prefix = `${birthDate.slice(2, 4)}${birthDate.slice(5, 7)}${birthDate.slice(8, 10)}${centuryBase + (sex === 'female' ? 1 : 0)}`;
  for (let i = 0; i < 10000; i++) {
    const first11 = prefix + String((serial + i) % 10000).padStart(4, '0');
    const check = iinCheckDigit(first11);
    if (check !== null) return first11 + check;
  }
  throw new Error('makeIin: no serial gives a check digit'); // unreachable: most serials do
}
