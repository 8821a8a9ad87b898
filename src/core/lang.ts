// The platform's languages: the one list every other part (charter, catalogs, forms, CLI) reads.
// Kazakh first: it is the state language and the default of the Kazakhstan charter.

export const LANGS = ['kk', 'ru', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(v: unknown): v is Lang {
  return typeof v === 'string' && (LANGS as readonly string[]).includes(v);
}

/** Builds a value per language, e.g. `perLang((l) => catalog[l])`. */
export function perLang<T>(make: (lang: Lang, index: number) => T): Record<Lang, T> {
  return Object.fromEntries(LANGS.map((l, i) => [l, make(l, i)])) as Record<Lang, T>;
}
