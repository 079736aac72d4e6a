import { foldForSearch } from '../../shared/text/search-fold';

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
 * original spelling. The index holds folded text, so the match is located by
 * folding word by word rather than by FTS5's snippet() (which would show
 * folded text). If no single word holds a term, the excerpt is the start.
 */
export function makeSnippet(text: string, terms: readonly string[]): string {
  const words = [...text.matchAll(/\S+/gu)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  if (words.length === 0) return '';
  const wanted = [...terms].sort((a, b) => b.length - a.length);
  let hit = words.findIndex((w) => {
    const folded = foldForSearch(text.slice(w.start, w.end));
    return wanted.some((term) => folded.includes(term));
  });
  if (hit < 0) hit = 0;

  let first = hit;
  while (first > 0 && words[hit]!.start - words[first - 1]!.start <= SNIPPET_BEFORE) first--;
  let last = hit;
  while (last < words.length - 1 && words[last + 1]!.end - words[first]!.start <= SNIPPET_LENGTH) last++;

  let excerpt = text.slice(words[first]!.start, words[last]!.end).replace(/\s+/gu, ' ');
  let cut = last < words.length - 1;
  // One enormous "word" (glued text, a pasted URL) must not become the whole snippet.
  const chars = [...excerpt];
  if (chars.length > SNIPPET_LENGTH) {
    excerpt = chars.slice(0, SNIPPET_LENGTH).join('');
    cut = true;
  }
  return `${first > 0 ? '… ' : ''}${excerpt}${cut ? ' …' : ''}`;
}
