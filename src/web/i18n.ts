// Message catalogs in kk, ru and en. The shell keeps its own in `messages/`, each module declares its
// own in its manifest; an app merges those of its module list. A test fails when any key is missing in any language.
import { LANGS, type Lang, perLang } from '../core/lang.ts';
import { common } from './messages/common.ts';
import { csvColumns } from './messages/csv.ts';
import { home } from './messages/home.ts';
import { info } from './messages/info.ts';
import { search } from './messages/search.ts';
import { ui } from './messages/ui.ts';

// The language list lives in core (the charter's texts use it too); re-exported for the web layer.
export { isLang, type Lang, LANGS } from '../core/lang.ts';
export type Catalog = Record<string, string>;
export type CatalogSet = Record<Lang, Catalog>;

/** The shell's own catalogs; every module adds its own through its manifest. */
export const SHELL_CATALOGS: readonly CatalogSet[] = [common, ui, home, search, info, csvColumns];

/** Merges catalogs in order (a later key wins); the result is what one app speaks. */
export function mergeCatalogs(sets: readonly CatalogSet[]): CatalogSet {
  const merged: CatalogSet = perLang(() => ({}));
  for (const set of sets) for (const lang of LANGS) Object.assign(merged[lang], set[lang]);
  return merged;
}

/**
 * The catalogs and translators of one app (built from its module list), so two apps in one process
 * never see each other's words. Translators are built once per language and reused.
 */
export class I18n {
  readonly catalogs: CatalogSet;
  private readonly translators: Partial<Record<Lang, Translate>> = {};

  constructor(sets: readonly CatalogSet[]) {
    this.catalogs = mergeCatalogs(sets);
  }

  translator(lang: Lang): Translate {
    let t = this.translators[lang];
    if (!t) {
      t = buildTranslator(this.catalogs[lang], lang);
      this.translators[lang] = t;
    }
    return t;
  }
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
// Building Intl formatters costs more than a whole page render's lookups: I18n builds one per
// language and reuses it.
function buildTranslator(cat: Catalog, lang: Lang): Translate {
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
