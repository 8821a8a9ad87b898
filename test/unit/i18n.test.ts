// Message catalogs are complete: every key in every language, no empty text, the same placeholders
// everywhere, the plural forms each language needs, and every literal key the code asks for exists.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { registryOf } from '../../src/app.tsx';
import { MODULES } from '../../src/modules/index.ts';
import { type Catalog, type CatalogSet, LANGS, type Lang, locale } from '../../src/web/i18n.ts';

// The words of the app built from the module list.
const i18n = registryOf(MODULES).i18n;
const catalogs = () => i18n.catalogs;
const translator = (lang: Lang) => i18n.translator(lang);

const root = new URL('../..', import.meta.url).pathname;
const src = join(root, 'src');

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

const sourceFiles = walk(src).filter((f) => /\.tsx?$/.test(f));

/** Every match of `pattern` in the source files, with its place as `file:line`. */
function* sourceMatches(pattern: RegExp): Generator<{ match: RegExpExecArray; where: string }> {
  for (const file of sourceFiles) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(pattern)) {
      yield { match, where: `${relative(root, file)}:${text.slice(0, match.index).split('\n').length}` };
    }
  }
}
/** `messages.ts` files and everything in a `messages/` folder. */
const catalogFiles = sourceFiles.filter((f) => /(^|\/)messages\.ts$/.test(f) || /\/messages\/[^/]+\.ts$/.test(f));

function isCatalogSet(v: unknown): v is CatalogSet {
  if (!v || typeof v !== 'object') return false;
  return LANGS.every((l) => {
    const c = (v as Record<string, unknown>)[l];
    return c !== null && typeof c === 'object' && Object.values(c as object).every((x) => typeof x === 'string');
  });
}

async function loadSets(): Promise<{ name: string; set: CatalogSet }[]> {
  const sets: { name: string; set: CatalogSet }[] = [];
  for (const file of catalogFiles) {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(mod)) {
      if (isCatalogSet(value)) sets.push({ name: `${relative(root, file)}#${exportName}`, set: value });
    }
  }
  return sets;
}

const PLURAL_FORMS = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;
const pluralCategories = (lang: Lang) => new Intl.PluralRules(locale(lang)).resolvedOptions().pluralCategories as string[];

/** Keys `x.one`, `x.few`, … whose base `x` has an `.other` form in some language. */
function pluralBases(set: CatalogSet): Set<string> {
  const bases = new Set<string>();
  for (const lang of LANGS) {
    for (const key of Object.keys(set[lang])) {
      const m = /^(.*)\.other$/.exec(key);
      if (m) bases.add(m[1]);
    }
  }
  return bases;
}

function pluralBaseOf(key: string, bases: Set<string>): string | null {
  const m = /^(.*)\.(zero|one|two|few|many|other)$/.exec(key);
  return m && bases.has(m[1]) ? m[1] : null;
}

function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
}

/** Every problem of one catalog set, as readable lines. */
function catalogProblems(set: CatalogSet): string[] {
  const problems: string[] = [];
  const bases = pluralBases(set);
  const plain = new Set<string>();
  for (const lang of LANGS) for (const key of Object.keys(set[lang])) if (!pluralBaseOf(key, bases)) plain.add(key);

  for (const key of [...plain].sort()) {
    const present = LANGS.filter((l) => key in set[l]);
    for (const lang of LANGS) if (!(key in set[lang])) problems.push(`${key}: missing in ${lang} (present in ${present.join(', ')})`);
    for (const lang of present) if (set[lang][key].trim() === '') problems.push(`${key}: empty in ${lang}`);
    const shapes = present.map((l) => placeholders(set[l][key]).join(','));
    if (new Set(shapes).size > 1) {
      problems.push(`${key}: placeholders differ: ${present.map((l, i) => `${l} {${shapes[i]}}`).join(', ')}`);
    }
  }

  for (const base of [...bases].sort()) {
    const shapes: string[] = [];
    for (const lang of LANGS) {
      const cat: Catalog = set[lang];
      const needed = pluralCategories(lang);
      for (const form of needed) {
        if (!(`${base}.${form}` in cat)) problems.push(`${base}.${form}: missing in ${lang} (${lang} needs ${needed.join(', ')})`);
      }
      const forms = PLURAL_FORMS.filter((f) => `${base}.${f}` in cat);
      for (const f of forms) if (cat[`${base}.${f}`].trim() === '') problems.push(`${base}.${f}: empty in ${lang}`);
      // A form may drop {count} ("every year"), but other placeholders must match across languages.
      const names = new Set(forms.flatMap((f) => placeholders(cat[`${base}.${f}`])).filter((n) => n !== 'count'));
      shapes.push([...names].sort().join(','));
      if (`${base}` in cat) problems.push(`${base}: both a plain text and plural forms in ${lang}`);
    }
    if (new Set(shapes).size > 1) problems.push(`${base}: placeholders differ: ${LANGS.map((l, i) => `${l} {${shapes[i]}}`).join(', ')}`);
  }
  return problems;
}

test('the catalog check itself catches missing, empty, placeholder and plural problems', () => {
  const broken: CatalogSet = {
    en: { a: 'A', b: 'B {x}', 'c.one': '{count} day', 'c.other': '{count} days' },
    ru: { a: 'А', b: 'Б {y}', 'c.one': '{count} день', 'c.other': '{count} дня' },
    kk: { a: ' ', 'c.other': '{count} күн', 'c.one': '{count} күн' },
  };
  const p = catalogProblems(broken);
  assert.ok(p.includes('b: missing in kk (present in ru, en)'), p.join('\n'));
  assert.ok(p.includes('a: empty in kk'), p.join('\n'));
  assert.ok(p.some((x) => x.startsWith('b: placeholders differ')), p.join('\n'));
  assert.ok(p.includes('c.few: missing in ru (ru needs few, many, one, other)'), p.join('\n'));
});

test('catalog files are found', () => {
  assert.ok(catalogFiles.some((f) => f.endsWith('src/web/messages/common.ts')), 'src/web/messages/common.ts not found');
  assert.ok(catalogFiles.length >= 3, `only ${catalogFiles.length} catalog files found`);
});

test('every catalog has every key in kk, ru and en, with no empty text and the same placeholders', async () => {
  const sets = await loadSets();
  assert.ok(sets.length >= 3, `only ${sets.length} catalog sets found in ${catalogFiles.length} files`);
  const problems = sets.flatMap(({ name, set }) => catalogProblems(set).map((p) => `${name}: ${p}`));
  assert.deepEqual(problems, [], `catalog problems:\n  ${problems.join('\n  ')}`);
});

test('no two catalogs give the same key different texts (the later one would silently win)', async () => {
  const sets = await loadSets();
  const owner = new Map<string, { name: string; text: string }>();
  const clashes: string[] = [];
  for (const { name, set } of sets) {
    for (const lang of LANGS) {
      for (const [key, text] of Object.entries(set[lang])) {
        const id = `${lang}:${key}`;
        const prev = owner.get(id);
        if (prev && prev.text !== text) clashes.push(`${key} (${lang}): ${prev.name} and ${name}`);
        else owner.set(id, { name, text });
      }
    }
  }
  assert.deepEqual(clashes, [], `conflicting keys:\n  ${clashes.join('\n  ')}`);
});

test('the merged catalogs of the whole app are complete', async () => {
  await import('../../src/app.tsx'); // registers every module's catalog
  const problems = catalogProblems(catalogs());
  assert.deepEqual(problems, [], `merged catalog problems:\n  ${problems.join('\n  ')}`);
});

test("every literal key passed to t('…') in the source exists in the catalogs", async () => {
  await import('../../src/app.tsx');
  const merged = catalogs();
  const missing: string[] = [];
  let seen = 0;
  // t('key'), req.t("key"), props.t('key', {…}); template literals are dynamic and skipped.
  for (const { match, where } of sourceMatches(/\bt\(\s*(['"])([\w.-]+)\1/g)) {
    seen++;
    const key = match[2];
    const langs = LANGS.filter((l) => !(key in merged[l]) && !(`${key}.other` in merged[l]));
    if (langs.length) missing.push(`${where}: ${key} (missing in ${langs.join(', ')})`);
  }
  assert.ok(seen > 20, `only ${seen} t('…') calls found: is the scan broken?`);
  assert.deepEqual(missing, [], `keys used in code but missing from the catalogs:\n  ${missing.join('\n  ')}`);
});

test('every template key passed to t(`…${x}…`) matches at least one catalog key in every language', async () => {
  await import('../../src/app.tsx');
  const merged = catalogs();
  const missing: string[] = [];
  let seen = 0;
  for (const { match, where } of sourceMatches(/\bt\(\s*`([\w.${}()?:'" -]+)`/g)) {
    const template = match[1];
    if (!template.includes('${')) continue;
    const parts = template.split(/\$\{[^}]*\}/);
    // A key made only of substitutions says nothing checkable.
    if (parts.every((p) => p === '' || p === '.')) continue;
    seen++;
    const re = new RegExp(`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}(\\.(zero|one|two|few|many|other))?$`);
    const langs = LANGS.filter((l) => !Object.keys(merged[l]).some((k) => re.test(k)));
    if (langs.length) missing.push(`${where}: \`${template}\` matches no key in ${langs.join(', ')}`);
  }
  assert.ok(seen > 0, 'no template keys found: is the scan broken?');
  assert.deepEqual(missing, [], `template keys with no catalog entry:\n  ${missing.join('\n  ')}`);
});

test('plural forms follow each language: Russian few/many, Kazakh and English one/other', () => {
  const ru = translator('ru');
  assert.equal(ru('home.block.seats', { count: 42 }), '42 места');
  assert.equal(ru('home.block.seats', { count: 45 }), '45 мест');
  assert.equal(ru('home.block.seats', { count: 21 }), '21 место');
  assert.equal(translator('en')('home.block.seats', { count: 1 }), '1 seat');
  assert.equal(translator('en')('home.block.seats', { count: 42 }), '42 seats');
  assert.equal(translator('kk')('home.block.seats', { count: 42 }), '42 орын');
});
