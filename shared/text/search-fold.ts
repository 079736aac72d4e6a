import { foldDigits } from './digits';
import { normalizeKurdish } from './normalize';

/**
 * ZWNJ, ZWJ, ZWSP, word joiner, BOM, soft hyphen and every bidi control (LRM,
 * RLM, ALM, LRE…RLO, LRI…PDI): invisible, so a query never types them the same
 * way the text has them.
 */
const INVISIBLE = /[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;
const HAS_INVISIBLE = new RegExp(INVISIBLE.source);
const SPACES = /\s+/g;
// Whitespace SPACES would change: any but a plain space, or two in a row (a lone space at either end goes with trim).
const ODD_SPACE = /[^\S ]| {2}/;
const NON_ASCII_DIGIT = /[\u0660-\u0669\u06f0-\u06f9]/;
// Search only: the two final-h spellings (klpt/CLDR ھ, plain ه) match each other.
const HEH_DOACHASHMEE = /\u06be/g;
/**
 * A word-final ه (no letter or mark after it) is ە: an Arabic keyboard has no
 * ە, so `نوكه`, `پێشمه‌رگه` and `بووه` are typed for `نوکە`, `پێشمەرگە` and
 * `بووە`. A real final h (شاه) folds the same way; search cannot tell them apart.
 */
const FINAL_HEH = /\u0647(?![\p{L}\p{M}])/gu;
/** A word-initial ڕ is ر: Badini writes `رۆژ` where Sorani writes `ڕۆژ`. Inside a word the two stay apart. */
const INITIAL_REH_V = /(?<![\p{L}\p{M}])\u0695/gu;

/**
 * Spelling variants of month names in news text, each to one spelling
 * (folded text: final ه is already ە, Arabic letters are Kurdish). Matched
 * anywhere, so a glued preposition or a suffix (`لەتەمووزدا`, `ئەیلوولی`)
 * keeps the fold; none of them occurs inside another word. No variant
 * contains its own spelling, so the fold stays idempotent.
 */
const MONTH_VARIANTS: readonly (readonly [spelling: string, variants: readonly string[]])[] = [
  ['کانوون', ['کانون']], // کانوونی دووەم / یەکەم, Badini کانوونا دووێ / ئێکێ
  ['حوزەیران', ['حوزێران', 'حوزیران', 'حزیران']],
  ['تەمموز', ['تەممووز', 'تەمووز', 'تەموز']],
  ['ئەیلول', ['ئەیلوول']],
  ['تشرین', ['تیشرین']],
  // Badini: the second month of a pair, دوویێ or دووێ.
  ['چریا دووێ', ['چریا دوویێ']],
  ['کانوونا دووێ', ['کانوونا دوویێ', 'کانونا دوویێ']],
];
const MONTH_SPELLING = new Map<string, string>();
for (const [spelling, variants] of MONTH_VARIANTS) for (const variant of variants) MONTH_SPELLING.set(variant, spelling);
// Longest first, so a variant that starts another (کانون in کانونا دوویێ) does not win.
const MONTHS = new RegExp([...MONTH_SPELLING.keys()].sort((a, b) => b.length - a.length).join('|'), 'g');
// Every variant holds one of these (the tests check it): most text has none and is not scanned for twelve spellings.
const MONTH_HINT = /ران|تەم|یلوول|یشرین|کانون|دوویێ/;

/**
 * The fold of each character on its own: Kurdish normalisation, lower case,
 * ASCII digits, invisibles removed, ھ as ه, whitespace runs as one space,
 * trimmed. What foldForSearch does before its rules that look at neighbours
 * (glossary matching folds text piece by piece with it, keeping offsets).
 */
export function foldCharacters(text: string): string {
  // Each step only when it has something to do: the fold runs on every line of every search hit's text.
  let folded = normalizeKurdish(text).toLowerCase();
  if (NON_ASCII_DIGIT.test(folded)) folded = foldDigits(folded);
  if (HAS_INVISIBLE.test(folded)) folded = folded.replace(INVISIBLE, '');
  if (folded.includes('\u06be')) folded = folded.replace(HEH_DOACHASHMEE, '\u0647');
  if (ODD_SPACE.test(folded)) folded = folded.replace(SPACES, ' ');
  return folded.trim();
}

/** foldForSearch's rules for a letter by its neighbours (final ه, initial ڕ): one code unit for one, so offsets stay. */
export function foldWordEdges(folded: string): string {
  let out = folded;
  if (out.includes('\u0647')) out = out.replace(FINAL_HEH, '\u06d5');
  if (out.includes('\u0695')) out = out.replace(INITIAL_REH_V, '\u0631');
  return out;
}

/** A month-name spelling to replace, found by monthSpellings. */
export interface SpellingEdit {
  index: number;
  length: number;
  to: string;
}

/** Where foldForSearch's month rule rewrites a text already folded by foldCharacters and foldWordEdges, in order. */
export function monthSpellings(folded: string): SpellingEdit[] {
  if (!MONTH_HINT.test(folded)) return [];
  return [...folded.matchAll(MONTHS)].map((m) => ({ index: m.index, length: m[0].length, to: MONTH_SPELLING.get(m[0])! }));
}

/**
 * The one fold applied to both the full-text index and the query, in all three
 * languages (and to glossary terms and translation-memory sources). Only for
 * matching: the result's offsets do not map back to the text.
 */
export function foldForSearch(text: string): string {
  const folded = foldWordEdges(foldCharacters(text));
  return MONTH_HINT.test(folded) ? folded.replace(MONTHS, (variant) => MONTH_SPELLING.get(variant)!) : folded;
}
