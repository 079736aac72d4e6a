import { normalizeKurdish } from './normalize';

/**
 * Alphabetical order for headlines and terms in English, Sorani and Badini,
 * as a string whose code-point order (SQLite's BINARY collation, or `<` in
 * JavaScript) is the order a reader expects: node:sqlite has no custom
 * collations, so the library stores the key beside the headline.
 *
 * - Kurdish letters in the Kurdish alphabet's order:
 *   ئ ا ب پ ت ج چ ح خ د ر ڕ ز ژ س ش ع غ ف ڤ ق ک گ ل ڵ م ن و ۆ ه ە ی ێ
 *   (glibc's ckb_IQ and AsoSoft's Kurdish sort agree on it: و ۆ before ه ە).
 *   Arabic letters Kurdish does not use sort after the letter they follow in
 *   the Arabic alphabet (ث after ت, ذ after د, ص ض ط ظ after ش); hamza forms
 *   of alef sort as alef, ؤ as و; ك ي ى ة ھ are normalised to ک ی ی ە ه first.
 * - English as English: case and accents do not count (é sorts as e).
 * - Digits (of all three sets) before Latin letters, Latin before Kurdish;
 *   letters of other scripts after them all, by code point.
 * - Punctuation and symbols do not count («داعش» sorts under د); runs of
 *   spaces count as one space, which sorts before every letter.
 * Texts that differ only in case, accents or punctuation have equal keys:
 * break those ties by something else (the library by article id,
 * compareAlphabetical by the text). The key is short, one byte per Kurdish or
 * Latin letter in UTF-8: the library stores one per article.
 */

const KURDISH_ORDER = [
  'ئء',
  'اآأإٱ',
  'ب',
  'پ',
  'ت',
  'ث',
  'ج',
  'چ',
  'ح',
  'خ',
  'د',
  'ذ',
  'ر',
  'ڕ',
  'ز',
  'ژ',
  'س',
  'ش',
  'ص',
  'ض',
  'ط',
  'ظ',
  'ع',
  'غ',
  'ف',
  'ڤ',
  'ق',
  'ک',
  'گ',
  'ل',
  'ڵ',
  'م',
  'ن',
  'وؤ',
  'ۆ',
  'ه',
  'ە',
  'ی',
  'ێ',
];

// Primary weights: code points below U+0080, so every ranked character is one UTF-8 byte and sorts
// before any unranked letter (which keeps its own code point, U+00AA and up).
const SPACE = 0x21;
const FIRST_DIGIT = 0x22; // 0–9: 0x22–0x2b
const FIRST_LATIN = 0x2c; // a–z: 0x2c–0x45
const FIRST_KURDISH = 0x46; // 40 letters: 0x46–0x6d
const WEIGHT = new Map<number, number>();
for (let d = 0; d < 10; d++) {
  WEIGHT.set(0x30 + d, FIRST_DIGIT + d);
  WEIGHT.set(0x0660 + d, FIRST_DIGIT + d);
  WEIGHT.set(0x06f0 + d, FIRST_DIGIT + d);
}
for (let l = 0; l < 26; l++) {
  WEIGHT.set(0x61 + l, FIRST_LATIN + l);
  WEIGHT.set(0x41 + l, FIRST_LATIN + l);
}
KURDISH_ORDER.forEach((letters, rank) => {
  for (const letter of letters) WEIGHT.set(letter.codePointAt(0)!, FIRST_KURDISH + rank);
});

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const SPACE_CHAR = /\s/u;

function latinBase(ch: string): number | undefined {
  const base = ch.normalize('NFD').charCodeAt(0);
  return WEIGHT.get(base) ?? WEIGHT.get(ch.toLowerCase().charCodeAt(0));
}

/** The sort key of a headline or term (see above): '' for text without letters or digits. Compare keys with `<` or SQLite's BINARY collation. */
export function sortKey(text: string): string {
  const normal = normalizeKurdish(text).trim();
  let primary = '';
  let space = false;
  for (const ch of normal) {
    const c = ch.codePointAt(0)!;
    let weight = WEIGHT.get(c);
    if (weight === undefined && c >= 0xc0 && c < 0x250) weight = latinBase(ch);
    if (weight === undefined) {
      if (SPACE_CHAR.test(ch)) {
        space = primary !== '';
        continue;
      }
      if (!LETTER_OR_DIGIT.test(ch)) continue;
      weight = c;
    }
    if (space) primary += String.fromCharCode(SPACE);
    space = false;
    primary += String.fromCodePoint(weight);
  }
  return primary;
}

/** Alphabetical comparison by sortKey, ties by the text (for sorting in JavaScript; prefer keys computed once). */
export function compareAlphabetical(a: string, b: string): number {
  const x = sortKey(a);
  const y = sortKey(b);
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}
