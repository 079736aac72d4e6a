import { normalizeKurdish } from '../text/normalize';
import { foldForSearch } from '../text/search-fold';
import type { TextRange } from './findings';

// Words as runs of non-space; their ends are trimmed to the word (letters, marks, digits, ZWNJ/ZWJ).
const TOKEN = /\S+/g;
const WORD_CHAR = /[\p{L}\p{M}\p{N}\u200c\u200d]/u;
// Invisible format characters a word may carry at its ends (bidi marks and isolates, ZWSP, BOM): not punctuation.
const INVISIBLE = /[\u200b\u200e\u200f\u061c\u202a-\u202e\u2060\u2066-\u2069\ufeff]/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;
const LETTER = /\p{L}/u;
// Per UTF-16 unit, filled as met: 0 not seen yet, 1 word, 2 invisible, 3 punctuation.
const CHAR_KIND = new Uint8Array(0x10000);

function charKind(c: number): number {
  let kind = CHAR_KIND[c]!;
  if (kind === 0) {
    const ch = String.fromCharCode(c);
    kind = WORD_CHAR.test(ch) ? 1 : INVISIBLE.test(ch) ? 2 : 3;
    CHAR_KIND[c] = kind;
  }
  return kind;
}

/**
 * Repetitions that are grammar, not slips (folded as search folds): Kurdish
 * reduplicates for "little by little", "slowly", "one by one", "sometimes";
 * English has "had had" and "that that".
 */
const REDUPLICATIONS = new Set(
  ['had', 'that', 'کەم', 'کێم', 'هێدی', 'هێواش', 'جار', 'تاک', 'یەک', 'ئێک', 'دوو', 'بەرە', 'پلە', 'وردە', 'ڕێز', 'پۆل'].map((w) => foldForSearch(w)),
);

// Words repeat a lot within an article and across checks: fold each spelling once.
const folds = new Map<string, string>();
const FOLD_CACHE_LIMIT = 20_000;

function fold(word: string): string {
  let folded = folds.get(word);
  if (folded === undefined) {
    folded = foldForSearch(word);
    if (folds.size >= FOLD_CACHE_LIMIT) folds.clear();
    folds.set(word, folded);
  }
  return folded;
}

export interface DoubledWord {
  /** The repeat, as written. */
  word: string;
  range: TextRange;
}

/**
 * A word written twice in a row with only spaces between ("the the", "لە لە"),
 * compared as search compares (case, Kurdish spelling variants, digit sets and
 * invisibles folded). Punctuation between the two ("yes, yes") or a line break
 * ends the run. Numbers are left alone ("10 10" can be a score).
 */
export function doubledWords(text: string): DoubledWord[] {
  const found: DoubledWord[] = [];
  let previous: { folded: string; end: number } | null = null;
  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    let start = 0;
    let end = token.length;
    let leading = false;
    let trailing = false;
    for (let kind; start < end && (kind = charKind(token.charCodeAt(start))) !== 1; start++) if (kind === 3) leading = true;
    for (let kind; end > start && (kind = charKind(token.charCodeAt(end - 1))) !== 1; end--) if (kind === 3) trailing = true;
    if (start === end) {
      previous = null;
      continue;
    }
    const word = token.slice(start, end);
    const at = match.index + start;
    const folded = fold(word);
    if (
      previous !== null &&
      !leading &&
      previous.folded === folded &&
      !LINE_BREAK.test(text.slice(previous.end, at)) &&
      LETTER.test(word) &&
      !REDUPLICATIONS.has(folded)
    ) {
      found.push({ word, range: { start: at, end: at + word.length } });
    }
    previous = trailing ? null : { folded, end: at + word.length };
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
