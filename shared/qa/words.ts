import { gluedSentenceEnds, LETTER_NAMES } from '../text/glued';
import { normalizeKurdish } from '../text/normalize';
import { foldForSearch } from '../text/search-fold';
import type { TextFix, TextRange } from './findings';

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
 * reduplicates for "little by little", "slowly", "one by one", "sometimes",
 * "no, no", "forever", "one each" (Sorani and Badini); English has "had had"
 * and "that that". Function words (و و, لە لە, ئەو ئەو) stay slips.
 */
const REDUPLICATIONS = new Set(
  [
    'had',
    'that',
    // little by little, slowly, quickly, bit by bit
    'کەم', 'کێم', 'هێدی', 'هێواش', 'خێرا', 'زوو', 'تۆز', 'تۆزێ', 'ورد', 'وردە', 'بەرە', 'پلە',
    // sometimes, one by one, two by two, in rows, in groups, piece by piece
    'جار', 'تاک', 'یەک', 'ئێک', 'دوو', 'سێ', 'ڕێز', 'پۆل', 'دانە', 'بەش', 'پارچە', 'لەت', 'کۆمەڵ', 'گرووپ', 'دەستە', 'تیپ',
    // no no, beautifully, forever, separately, different kinds, on and on
    'نا', 'نەخێر', 'جوان', 'هەتا', 'جودا', 'جیا', 'جۆر', 'جۆراوجۆر',
  ].map((w) => foldForSearch(w)),
);
const LETTER_NAME_FOLDS = new Set([...LETTER_NAMES].map((w) => foldForSearch(w)));

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
  // An acronym spelled out in letter names (بی بی سی, BBC; سی ئێن ئێن, CNN): a run of three or more letter
  // names, with only spaces between, is not a doubled word. Repeats in the current run wait for its end.
  let run: { length: number; repeats: DoubledWord[] } = { length: 0, repeats: [] };
  const endRun = () => {
    if (run.length < 3) found.push(...run.repeats);
    run = { length: 0, repeats: [] };
  };
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
      endRun();
      continue;
    }
    const word = token.slice(start, end);
    const at = match.index + start;
    const folded = fold(word);
    const adjacent = previous !== null && !leading && !LINE_BREAK.test(text.slice(previous.end, at));
    const letterName = LETTER_NAME_FOLDS.has(folded);
    if (!letterName || !adjacent) endRun();
    if (adjacent && previous!.folded === folded && LETTER.test(word) && !REDUPLICATIONS.has(folded)) {
      const repeat = { word, range: { start: at, end: at + word.length } };
      if (letterName) run.repeats.push(repeat);
      else found.push(repeat);
    }
    if (letterName) run.length++;
    previous = trailing ? null : { folded, end: at + word.length };
    if (trailing) endRun();
  }
  endRun();
  return found.sort((a, b) => a.range.start - b.range.start);
}

// ---------------------------------------------------------------------------

export interface InitialReh {
  /** The word, as written. */
  word: string;
  /** The word with ڕ. */
  suggestion: string;
  range: TextRange;
  fix: TextFix;
}

// A ر with no letter, mark or joiner before it and a letter after it: the start of a word.
const INITIAL_REH = /(?<![\p{L}\p{M}\u200c\u200d])\u0631(?=\p{L})/gu;
const WORD_FROM = /[\p{L}\p{M}\u200c\u200d]+/uy;

/**
 * Sorani words that start with ر: Sorani spelling writes every word-initial r
 * ڕ (a trilled r), Badini writes ر. Only a suggestion (a foreign name may keep
 * ر), with its one-letter fix.
 */
export function initialRehWords(text: string): InitialReh[] {
  if (!text.includes('\u0631')) return [];
  const found: InitialReh[] = [];
  for (const match of text.matchAll(INITIAL_REH)) {
    WORD_FROM.lastIndex = match.index;
    const word = WORD_FROM.exec(text)![0];
    found.push({
      word,
      suggestion: `\u0695${word.slice(1)}`,
      range: { start: match.index, end: match.index + word.length },
      fix: { range: { start: match.index, end: match.index + 1 }, from: '\u0631', to: '\u0695' },
    });
  }
  return found;
}

export interface GluedSentence {
  /** The two words and the mark between them, as written. */
  text: string;
  range: TextRange;
  fix: TextFix;
}

/** Sentence ends with no space after them between two Kurdish words (see text/glued.ts), each with its fix: a space after the mark. */
export function gluedSentences(text: string): GluedSentence[] {
  return gluedSentenceEnds(text).map((g) => {
    const end = g.index + 1 + g.after.length;
    return {
      text: text.slice(g.start, end),
      range: { start: g.start, end },
      fix: { range: { start: g.index, end: g.index + 1 }, from: g.mark, to: `${g.mark} ` },
    };
  });
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
