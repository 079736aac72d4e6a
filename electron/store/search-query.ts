import { foldForSearch } from '../../shared/text/search-fold';
import { parseSearchQuery, searchWords, versionIndexText, wordsText, type SearchableParts, type SearchNeedle } from '../../shared/text/search-text';

export { searchableText } from '../../shared/text/search-text';

/**
 * A search query as the trigram index reads it: its needles, the FTS5 MATCH
 * expression, and the snippet shown with a hit. Pure: no database here
 * (search-index.ts runs the query).
 */

/**
 * A query as needles that must all occur (see shared/text/search-text.ts for
 * what matches what). Every needle is at least three characters long as the
 * index row holds it (a short word has a space on each side), so the trigram
 * index finds all of them: there is no scan.
 */
export interface SearchTerms {
  readonly needles: readonly SearchNeedle[];
}

export function searchTerms(query: string): SearchTerms {
  return { needles: parseSearchQuery(query) };
}

export function isEmpty(terms: SearchTerms): boolean {
  return terms.needles.length === 0;
}

/**
 * An FTS5 MATCH expression: every needle's strings as quoted phrases (so no
 * character of the query is FTS syntax), its variants joined by OR, the
 * needles by AND. The trigram tokenizer makes a quoted phrase a substring match.
 */
export function matchExpression(terms: SearchTerms): string {
  const quoted = (s: string) => `"${s.replaceAll('"', '""')}"`;
  return terms.needles.map((n) => (n.strings.length === 1 ? quoted(n.strings[0]!) : `(${n.strings.map(quoted).join(' OR ')})`)).join(' AND ');
}

const SNIPPET_BEFORE = 40;
const SNIPPET_LENGTH = 160;

/**
 * A short excerpt of `text` around the first word where a needle starts, in
 * the original spelling. The index holds folded text whose offsets do not map
 * back to the original, so the match is found again by folding line by line,
 * then word by word inside the matching line (folding every word of a long
 * body for every hit was too slow). If no line holds a needle, the excerpt
 * starts at the beginning of the text.
 */
export function makeSnippet(text: string, terms: SearchTerms): string {
  const at = locate(text, terms.needles);
  const from = wordStartAfter(text, at - SNIPPET_BEFORE, at);
  const to = wordEndBefore(text, from + SNIPPET_LENGTH, at);
  const excerpt = text.slice(from, to).replace(/\s+/gu, ' ').trim();
  return `${from > 0 ? '… ' : ''}${excerpt}${to < text.trimEnd().length ? ' …' : ''}`;
}

/** A test of one search word: could a needle's match start in it? (Its first word whole, or inside it.) */
function startsIn(n: SearchNeedle): (word: string) => boolean {
  const first = n.words[0]!;
  if (n.strings[0]!.startsWith(' ')) return (word) => word === first;
  // One word: its strings are its spellings. A phrase's first word: itself, or with ڕ for ر.
  const forms = n.words.length === 1 ? n.strings : [first, first.startsWith('\u0631') ? `\u0695${first.slice(1)}` : first];
  return (word) => forms.some((form) => word.includes(form));
}

/** A part of a needle every folded line holding it holds too (its longest word without the ends that have variants). */
function coreOf(n: SearchNeedle): string {
  const longest = n.words.reduce((a, b) => (b.length > a.length ? b : a));
  return longest.length >= 3 ? longest.slice(1, -1) : '';
}

const TOKEN = /\S+/gu;

function locate(text: string, needles: readonly SearchNeedle[]): number {
  const starts = needles.map(startsIn);
  const cores = needles.map(coreOf);
  const holds = (folded: string) => searchWords(folded).some((word) => starts.some((test) => test(word)));
  for (const line of text.matchAll(/[^\n]+/gu)) {
    const folded = foldForSearch(line[0]);
    // Most lines lack the needles: a plain includes rules them out before they are reduced to words.
    if (!cores.some((core) => folded.includes(core))) continue;
    const row = wordsText(folded);
    if (!needles.some((n) => n.strings.some((s) => row.includes(s)))) continue;
    const tokens = [...line[0].matchAll(TOKEN)];
    // The fold keeps the spaces between written words, so the folded line's words are the written ones, in order
    // (unless one folded to nothing or a ligature to several: then each written word is folded on its own).
    const foldedTokens = folded.split(' ');
    if (foldedTokens.length === tokens.length) {
      const at = foldedTokens.findIndex(holds);
      return line.index + (at < 0 ? 0 : tokens[at]!.index);
    }
    // One written word may be several search words (ئەمڕۆ.دوێنێ).
    for (const token of tokens) if (holds(foldForSearch(token[0]))) return line.index + token.index;
    return line.index;
  }
  return 0;
}

/** The first word start at or after `position` (but not after `limit`); 0 for a position before the text. */
function wordStartAfter(text: string, position: number, limit: number): number {
  if (position <= 0) return 0;
  const space = text.slice(position, limit).search(/\s/u);
  return space < 0 ? limit : notInsideSurrogatePair(text, position + space + 1);
}

/** The last word end at or before `position` (but not before the word at `minimum`); text end if it is within reach. */
function wordEndBefore(text: string, position: number, minimum: number): number {
  if (position >= text.length) return text.length;
  const before = text.slice(minimum, position);
  const lastSpace = Math.max(before.lastIndexOf(' '), before.lastIndexOf('\n'), before.lastIndexOf('\t'));
  // One enormous "word" (glued text, a pasted URL) is cut rather than shown whole.
  return lastSpace > 0 ? minimum + lastSpace : notInsideSurrogatePair(text, position);
}

function notInsideSurrogatePair(text: string, index: number): number {
  const unit = text.charCodeAt(index);
  return unit >= 0xdc00 && unit <= 0xdfff ? index + 1 : index;
}

/** The text a version's search row holds: its searchable fields, folded and reduced to words. */
export function foldedSearchText(parts: SearchableParts): string {
  return versionIndexText(parts);
}
