import { normalizeKurdish } from '../text/normalize';
import { foldForSearch } from '../text/search-fold';
import type { TextRange } from './findings';

// A word: letters, marks, digits, ZWNJ/ZWJ (inside Kurdish words), joined by an apostrophe or hyphen.
const WORD = /[\p{L}\p{M}\p{N}\u200c\u200d]+(?:['’-][\p{L}\p{M}\p{N}\u200c\u200d]+)*/gu;
// Between two words of a repetition: spaces and invisible format characters, never a line break.
const GAP = /^[\p{Zs}\t\u200b\u200e\u200f\u061c\u202a-\u202e\u2060\u2066-\u2069\ufeff]+$/u;
const LETTER = /\p{L}/u;

/**
 * Repetitions that are grammar, not slips (folded as search folds): Kurdish
 * reduplicates for "little by little", "slowly", "one by one", "sometimes";
 * English has "had had" and "that that".
 */
const REDUPLICATIONS = new Set(
  ['had', 'that', 'کەم', 'کێم', 'هێدی', 'هێواش', 'جار', 'تاک', 'یەک', 'ئێک', 'دوو', 'بەرە', 'پلە', 'وردە', 'ڕێز', 'پۆل'].map((w) => foldForSearch(w)),
);

export interface DoubledWord {
  /** The repeat, as written. */
  word: string;
  range: TextRange;
}

/**
 * A word written twice in a row with only spaces between ("the the", "لە لە"),
 * compared as search compares (case, Kurdish spelling variants, digit sets and
 * invisibles folded). Numbers are left alone ("10 10" can be a score).
 */
export function doubledWords(text: string): DoubledWord[] {
  const found: DoubledWord[] = [];
  let previous: { folded: string; end: number } | null = null;
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    const start = match.index;
    if (!LETTER.test(word)) {
      previous = null;
      continue;
    }
    const folded = foldForSearch(word);
    if (previous !== null && previous.folded === folded && GAP.test(text.slice(previous.end, start)) && !REDUPLICATIONS.has(folded)) {
      found.push({ word, range: { start, end: start + word.length } });
    }
    previous = { folded, end: start + word.length };
  }
  return found;
}

/**
 * Letters Kurdish does not use, from kurdish-text.md's normalisation table:
 * Arabic kaf ك and its variants ڪ ګ ڬ ڭ ػ (Kurdish ک), Arabic yeh ي, alef
 * maksura ى, ے ۍ ۓ (ی / ئ), teh marbuta ة (ە), and the exotic variants
 * ڑ ڒ ړ ڔ ږ (ڕ), ڶ ڷ ڸ (ڵ), ڥ (ڤ), ۄ ۅ ۉ ۋ (ۆ); plus presentation forms
 * U+FB50–U+FDFF and U+FE70–U+FEFC (text copied from PDFs and old fonts).
 */
const NOT_KURDISH = /[\u0643\u06aa-\u06ad\u063b\u064a\u0649\u06d2\u06cd\u06d3\u0629\u0691-\u0694\u0696\u06b6-\u06b8\u06a5\u06c4\u06c5\u06c9\u06cb\ufb50-\ufdff\ufe70-\ufefc]/u;
const NOT_KURDISH_ALL = new RegExp(NOT_KURDISH.source, 'gu');
// The word around a letter: Arabic-script letters, marks, tatweel and ZWNJ.
const ARABIC_WORD = /[\p{L}\p{M}\u0640\u200c]+/gu;

export interface ArabicOnlyWord {
  word: string;
  /** The offending letters, in order of appearance, each once. */
  letters: string;
  /** The word as Kurdish normalisation writes it. */
  suggestion: string;
  range: TextRange;
}

/** Words of Kurdish text holding letters Kurdish does not use; one finding per word. */
export function arabicOnlyWords(text: string): ArabicOnlyWord[] {
  if (!NOT_KURDISH.test(text)) return [];
  const found: ArabicOnlyWord[] = [];
  for (const match of text.matchAll(ARABIC_WORD)) {
    const word = match[0];
    const letters = [...new Set(word.match(NOT_KURDISH_ALL) ?? [])];
    if (letters.length === 0) continue;
    found.push({ word, letters: letters.join(''), suggestion: normalizeKurdish(word), range: { start: match.index, end: match.index + word.length } });
  }
  return found;
}
