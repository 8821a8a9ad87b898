// Message catalogs in kk, ru and en. Each area keeps its own catalog file in `messages/`; this
// module merges them. A test fails when any key is missing in any language.
import { LANGS, type Lang, perLang } from '../core/lang.ts';
import { common } from './messages/common.ts';
import { home } from './messages/home.ts';
import { ui } from './messages/ui.ts';

// The language list lives in core (the charter's texts use it too); re-exported for the web layer.
export { isLang, type Lang, LANGS } from '../core/lang.ts';
export type Catalog = Record<string, string>;
export type CatalogSet = Record<Lang, Catalog>;

const registered: CatalogSet[] = [common, ui, home];

/** Areas register their catalogs at import time. */
export function registerMessages(set: CatalogSet): void {
  registered.push(set);
  merged = undefined;
  translators = {};
}

let merged: CatalogSet | undefined;
export function catalogs(): CatalogSet {
  if (!merged) {
    merged = perLang(() => ({}));
    for (const set of registered) for (const lang of LANGS) Object.assign(merged[lang], set[lang]);
  }
  return merged;
}

const LOCALES: Record<Lang, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };
export function locale(lang: Lang): string {
  return LOCALES[lang];
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;

/**
 * Translator for one language. `{name}` placeholders are replaced; a numeric `count` param picks
 * the plural form `key.one|few|many|other` by Intl.PluralRules when such keys exist.
 */
// Building Intl formatters costs more than a whole page render's lookups, and every request asks
// for a translator: build one per language and reuse it until a catalog is added.
let translators: Partial<Record<Lang, Translate>> = {};

export function translator(lang: Lang): Translate {
  let t = translators[lang];
  if (!t) {
    t = buildTranslator(lang);
    translators[lang] = t;
  }
  return t;
}

function buildTranslator(lang: Lang): Translate {
  const cat = catalogs()[lang];
  const plural = new Intl.PluralRules(LOCALES[lang]);
  const nf = new Intl.NumberFormat(LOCALES[lang]);
  return (key, params) => {
    let text: string | undefined;
    if (params && typeof params.count === 'number') {
      text = cat[`${key}.${plural.select(params.count)}`] ?? cat[`${key}.other`];
    }
    text ??= cat[key];
    if (text === undefined) return key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (_, name: string) => {
      const v = params[name];
      if (v === undefined) return `{${name}}`;
      return typeof v === 'number' ? nf.format(v) : v;
    });
  };
}
