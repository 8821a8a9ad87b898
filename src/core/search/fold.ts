// Search across Kazakh, Russian and English (issue 15, ADR 0506): every text is folded to one Latin
// "skeleton" so that a query in either alphabet finds the other, and a query word matches the start of
// a stored word so that inflected forms meet (Kazakh suffixes and Russian endings follow the stem).
//
//   foldText('в городском транспорте')  -> ' v gorodskom transporte'
//   queryStems('transport')             -> ['transp']   (matches ' transporte')
//   queryStems('Алматы')                -> ['alma']     (matches ' almati', ' almatinskaia')
//
// Cyrillic is romanised by the Kazakh Latin alphabet of 2021 for the Kazakh letters and a standard
// Russian romanisation for the rest; then both alphabets are reduced alike (diacritics dropped, y/ы/і/и
// to i, ж/zh to j, х/kh to h), so "Jetisu", "Zhetysu", "Жетісу" and "Жетысу" all fold to "jetisu".

const CYRILLIC: Record<string, string> = {
  а: 'a', ә: 'a', б: 'b', в: 'v', г: 'g', ғ: 'g', д: 'd', е: 'e', ё: 'e', ж: 'j', з: 'z', и: 'i', й: 'i',
  к: 'k', қ: 'k', л: 'l', м: 'm', н: 'n', ң: 'n', о: 'o', ө: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u',
  ұ: 'u', ү: 'u', ф: 'f', х: 'h', һ: 'h', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sh', ъ: '', ы: 'i', і: 'i', ь: '',
  э: 'e', ю: 'iu', я: 'ia',
};

// Latin letters of the Kazakh alphabet of 2021 (and common variants) to the same reduced forms.
const LATIN: Record<string, string> = { q: 'k', ä: 'a', ö: 'o', ü: 'u', ū: 'u', ı: 'i', ğ: 'g', ñ: 'n', ş: 'sh', ç: 'ch', y: 'i', x: 'h', w: 'v' };

/** One word (lower case, letters and digits only) in the reduced Latin alphabet. */
export function foldWord(word: string): string {
  let out = '';
  for (const ch of word.toLowerCase()) out += CYRILLIC[ch] ?? LATIN[ch] ?? ch;
  // Romanisation digraphs that name one sound, written differently in different systems.
  return out
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/zh/g, 'j')
    .replace(/kh/g, 'h')
    .replace(/[^a-z0-9]/g, '');
}

/** The words of a text, folded, each preceded by a space (so a query can match a word's start). */
export function foldText(text: string): string {
  const words = text.split(/[^\p{L}\p{N}]+/u).map(foldWord).filter(Boolean);
  return words.length ? ` ${words.join(' ')}` : '';
}

/**
 * The stems of a query, at most `max` of them: each folded word cut to the part inflection leaves
 * alone (six letters at most, two letters off a longer word, never under four unless the word is).
 */
export function queryStems(q: string, max = 5): string[] {
  const stems = q
    .split(/[^\p{L}\p{N}]+/u)
    .map(foldWord)
    .filter(Boolean)
    .map((w) => (w.length <= 4 ? w : w.slice(0, Math.max(4, Math.min(w.length - 2, 6)))));
  return [...new Set(stems)].slice(0, max);
}

/**
 * The full-text query of a list of stems, every stem a word-prefix term and all required (ADR 0507):
 * SQLite FTS5 `"transp"* "avtob"*`, PostgreSQL `to_tsquery('simple', …)` `transp:* & avtob:*`. Stems are
 * folded words ([a-z0-9] only), so neither syntax can be broken by what a person types.
 */
export function fullTextQuery(stems: readonly string[], dialect: 'sqlite' | 'postgres'): string {
  const safe = stems.filter((s) => /^[a-z0-9]+$/.test(s));
  return dialect === 'postgres' ? safe.map((s) => `${s}:*`).join(' & ') : safe.map((s) => `"${s}"*`).join(' ');
}

/**
 * Marks the words of a text that a query's stems match (a folded word starting with a stem), for
 * highlighting results: the text cut into parts, `hit` on the matching words.
 */
export function highlightParts(text: string, stems: readonly string[]): { text: string; hit: boolean }[] {
  if (stems.length === 0) return [{ text, hit: false }];
  const parts: { text: string; hit: boolean }[] = [];
  for (const piece of text.split(/([\p{L}\p{N}]+)/u)) {
    if (!piece) continue;
    const folded = /[\p{L}\p{N}]/u.test(piece) ? foldWord(piece) : '';
    const hit = folded !== '' && stems.some((s) => folded.startsWith(s));
    const last = parts[parts.length - 1];
    if (last && last.hit === hit) last.text += piece;
    else parts.push({ text: piece, hit });
  }
  return parts;
}
