import { foldForSearch } from '../../shared/text/search-fold';

/**
 * A search query as the trigram index reads it: its folded terms, the FTS5
 * MATCH expression, and the snippet shown with a hit. Pure: no database here
 * (search-index.ts runs the query).
 */

/**
 * The trigram tokenizer indexes runs of three characters, so it cannot find a
 * term shorter than that; such terms are matched with instr() over the folded
 * text instead (a scan, acceptable for a newsroom-sized library).
 */
export const TRIGRAM = 3;

/** A query folded exactly like the index, split into terms that must all occur. */
export interface SearchTerms {
  /** Matched through the FTS index. */
  readonly indexed: string[];
  /** Too short for trigrams: matched with instr(). */
  readonly short: string[];
}

export function searchTerms(query: string): SearchTerms {
  const terms = [...new Set(foldForSearch(query).split(/\s+/u).filter((t) => t.length > 0))];
  const indexed = terms.filter((t) => [...t].length >= TRIGRAM);
  const short = terms.filter((t) => [...t].length < TRIGRAM);
  return { indexed, short };
}

export function isEmpty(terms: SearchTerms): boolean {
  return terms.indexed.length === 0 && terms.short.length === 0;
}

/** An FTS5 MATCH expression: every term as a quoted phrase, so no character of the query is FTS syntax. */
export function matchExpression(indexed: readonly string[]): string {
  return indexed.map((term) => `"${term.replaceAll('"', '""')}"`).join(' AND ');
}

/** The text a version is searched by; folded, it is the index row. */
export function searchableText(parts: { headline: string; standfirst: string; dateline: string; bodyText: string }): string {
  return [parts.headline, parts.standfirst, parts.dateline, parts.bodyText].filter((p) => p.length > 0).join('\n');
}

const SNIPPET_BEFORE = 40;
const SNIPPET_LENGTH = 160;

/**
 * A short excerpt of `text` around the first word containing a term, in the
 * original spelling. The index holds folded text whose offsets do not map back
 * to the original, so the match is found again by folding line by line, then
 * word by word inside the matching line (folding every word of a long body
 * for every hit was too slow). If no single word holds a term, the excerpt
 * starts at the beginning of the text.
 */
export function makeSnippet(text: string, terms: readonly string[]): string {
  const at = locate(text, terms);
  const from = wordStartAfter(text, at - SNIPPET_BEFORE, at);
  const to = wordEndBefore(text, from + SNIPPET_LENGTH, at);
  const excerpt = text.slice(from, to).replace(/\s+/gu, ' ').trim();
  return `${from > 0 ? '… ' : ''}${excerpt}${to < text.trimEnd().length ? ' …' : ''}`;
}

function locate(text: string, terms: readonly string[]): number {
  const holdsTerm = (part: string) => {
    const folded = foldForSearch(part);
    return terms.some((term) => folded.includes(term));
  };
  for (const line of text.matchAll(/[^\n]+/gu)) {
    if (!holdsTerm(line[0])) continue;
    for (const word of line[0].matchAll(/\S+/gu)) if (holdsTerm(word[0])) return line.index + word.index;
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

/** The text a version's search row holds: its searchable fields, folded. */
export function foldedSearchText(parts: { headline: string; standfirst: string; dateline: string; bodyText: string }): string {
  return foldForSearch(searchableText(parts));
}
