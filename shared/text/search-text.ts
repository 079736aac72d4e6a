import { foldForSearch } from './search-fold';

/**
 * What search matches, on top of foldForSearch: words, phrases and where a
 * term may match. Pure, shared by the library's index (electron), its schema
 * migration and the tests.
 *
 * The index row of a version is its folded text reduced to words: every run
 * of characters that are not letters, marks or digits (punctuation of every
 * script, symbols, spaces) becomes one space, and the row starts and ends with
 * a space. So `«داعش»،` is ` داعش `, a sentence end with no space after it
 * (`ئەمڕۆ.دوێنێ`) is two words, `2,500` and `٢٬٥٠٠` are both ` 2 500 `, and a
 * whole word is a substring with a space on both sides, which the trigram
 * index can find (` بی ` is four characters).
 *
 * A query is folded the same way and read as needles that must all occur:
 * - a word of three characters or more: anywhere, inside words too (Kurdish
 *   glues suffixes and prepositions: پارێزگا finds لەپارێزگاکەدا);
 * - a shorter word: as a whole word only (بی finds بی, not بیری);
 * - a quoted phrase ("…", “…”, «…», „…“): its words adjacent and in order,
 *   the inner word ends exact, the outer ends as for a single word (a short
 *   first or last word is whole);
 * - a query word with punctuation inside (`ئەمڕۆ.دوێنێ`, `al-Kadhimi`, `2,500`):
 *   the phrase of its words.
 * Two unquoted words are two needles: both anywhere.
 *
 * Two spelling variants a fold cannot settle are matched both ways at a
 * needle's open ends (where it may match inside a word): a needle starting
 * with ر also matches ڕ there (the fold makes a word-initial ڕ ر, but inside a
 * word, as in بەڕێوەبەر, ڕ stays), and one ending with ە also matches ه there
 * (a final ه is ە after the fold, but before a suffix an h stays: گوناهەکان,
 * and so does text typed on an Arabic keyboard: بووهتەوە).
 */

/** The trigram index's gram: a query word shorter than this matches whole words only. */
export const SEARCH_GRAM = 3;

/** Letters, marks and digits make words; anything else separates them. */
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
// Per UTF-16 unit, filled as met: 0 not seen yet, 1 word, 2 separator (a regex replace was four times slower).
const UNIT_KIND = new Uint8Array(0x10000);

function isWordUnit(c: number): boolean {
  let kind = UNIT_KIND[c]!;
  if (kind === 0) UNIT_KIND[c] = kind = WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
  return kind === 1;
}

/** The words of folded text joined by single spaces, no space at either end. */
function joinWords(folded: string): string {
  let out = '';
  let start = -1;
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < folded.length && WORD_CHAR.test(folded.slice(i, i + 2))) {
      if (start < 0) start = i;
      i++;
      continue;
    }
    if (isWordUnit(c)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out += out === '' ? folded.slice(start, i) : ` ${folded.slice(start, i)}`;
      start = -1;
    }
  }
  if (start >= 0) out += out === '' ? folded.slice(start) : ` ${folded.slice(start)}`;
  return out;
}
/** Quotation marks that open or close a phrase (any of them closes the one open). */
const QUOTES = /["“”«»„‟]/u;

const REH = '\u0631'; // ر
const REH_V = '\u0695'; // ڕ
const AE = '\u06d5'; // ە
const HEH = '\u0647'; // ه

/** The words of folded text, punctuation of every script dropped. */
export function searchWords(folded: string): string[] {
  const words = joinWords(folded);
  return words === '' ? [] : words.split(' ');
}

/** A version's searchable fields, in the order the index row holds them. */
export interface SearchableParts {
  headline: string;
  standfirst: string;
  dateline: string;
  bodyText: string;
}

/** The text a version is searched by (and its snippet is cut from): its searchable fields, one per line. */
export function searchableText(parts: SearchableParts): string {
  return [parts.headline, parts.standfirst, parts.dateline, parts.bodyText].filter((p) => p.length > 0).join('\n');
}

/** Folded text as the index holds it: its words, one space apart, with a space before and after; '' without words. */
export function wordsText(folded: string): string {
  const words = joinWords(folded);
  return words === '' ? '' : ` ${words} `;
}

/** The index row of a text: foldForSearch, reduced to words (see above). */
export function searchIndexText(text: string): string {
  return wordsText(foldForSearch(text));
}

/** The index row of a version. */
export function versionIndexText(parts: SearchableParts): string {
  return searchIndexText(searchableText(parts));
}

function isShort(word: string): boolean {
  let length = 0;
  for (const _ of word) if (++length >= SEARCH_GRAM) return false;
  return true;
}

/** One thing a query asks for: folded words that must occur adjacent and in order (one word: a term). */
export interface SearchNeedle {
  words: readonly string[];
  /** Substrings of an index row, any of which is a match (the needle, and its spelling variants at open ends). */
  strings: readonly string[];
}

function needle(words: readonly string[]): SearchNeedle {
  const first = words[0]!;
  const last = words[words.length - 1]!;
  const openStart = !isShort(first);
  const openEnd = !isShort(last);
  const body = words.join(' ');
  let strings = [`${openStart ? '' : ' '}${body}${openEnd ? '' : ' '}`];
  if (openStart && body.startsWith(REH)) strings = strings.flatMap((s) => [s, REH_V + s.slice(1)]);
  if (openEnd && body.endsWith(AE)) strings = strings.flatMap((s) => [s, s.slice(0, -1) + HEH]);
  return { words, strings };
}

/**
 * The needles of a query (see above), each once, in the order typed. Empty
 * for a query with no words (blank, or punctuation only).
 */
export function parseSearchQuery(query: string): SearchNeedle[] {
  const folded = foldForSearch(query);
  const groups: string[][] = [];
  // Split at quotation marks: even pieces are outside quotes, odd ones inside (an unclosed quote runs to the end).
  folded.split(QUOTES).forEach((piece, index) => {
    if (index % 2 === 1) {
      const words = searchWords(piece);
      if (words.length > 0) groups.push(words);
      return;
    }
    for (const token of piece.split(' ')) {
      const words = searchWords(token);
      if (words.length > 0) groups.push(words);
    }
  });
  const seen = new Set<string>();
  const needles: SearchNeedle[] = [];
  for (const words of groups) {
    const key = words.join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    needles.push(needle(words));
  }
  return needles;
}

/** Whether an index row (or any text reduced by wordsText) holds a needle. */
export function holdsNeedle(indexText: string, found: SearchNeedle): boolean {
  return found.strings.some((s) => indexText.includes(s));
}
