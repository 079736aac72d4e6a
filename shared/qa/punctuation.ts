import type { TextRange } from './findings';

/**
 * Sentence ends: . ! ? … : in both scripts. Arabic script adds the Arabic
 * question mark ؟ U+061F, the Arabic full stop ۔ U+06D4 and the triple-dot
 * mark ؞ U+061E; Kurdish mostly ends sentences with the ASCII full stop.
 * Not ; or ، (a clause goes on after them).
 */
const TERMINAL = new Set(['.', '!', '?', '…', ':', '\u061f', '\u06d4', '\u061e', '‼', '⁇', '⁈', '⁉']);

/** Quotation marks and brackets that may follow a sentence end: `…said.”`, `«…».`, `(…?)`. */
const CLOSERS = new Set(['”', '’', '»', '›', '"', "'", ')', ']', '}']);

/** Closing quotation marks that end a block quote that is one quotation: `«…»`. */
const QUOTE_CLOSERS = new Set(['”', '»', '›', '"']);

/** Nothing a reader sees: whitespace, ZWNJ/ZWJ/ZWSP, bidi marks and isolates, BOM. */
const INVISIBLE = /[\s\u200b-\u200f\u061c\u202a-\u202e\u2060\u2066-\u2069\ufeff]/;

/** `text` without what a reader cannot see at its end (walks back: a regex anchored at $ would scan it all). */
function trimEnd(text: string): string {
  let end = text.length;
  while (end > 0 && INVISIBLE.test(text[end - 1]!)) end--;
  return text.slice(0, end);
}

export interface UnfinishedEnding {
  /** The last word, as written. */
  ending: string;
  range: TextRange;
}

/**
 * Null when `text` ends a sentence; else its last word. `quote`: the block is a
 * block quote, which is also finished when its closing quotation mark ends it
 * (Kurdish writes a quotation as «…» without a full stop).
 */
export function unfinishedEnding(text: string, quote = false): UnfinishedEnding | null {
  const trimmed = trimEnd(text);
  if (trimmed === '') return null;
  if (quote && QUOTE_CLOSERS.has(trimmed[trimmed.length - 1]!)) return null;
  let end = trimmed.length;
  while (end > 0 && CLOSERS.has(trimmed[end - 1]!)) end--;
  if (end > 0 && TERMINAL.has(trimmed[end - 1]!)) return null;
  let start = trimmed.length;
  while (start > 0 && !/\s/.test(trimmed[start - 1]!)) start--;
  return { ending: trimmed.slice(start), range: { start, end: trimmed.length } };
}

const OPENER_OF: Record<string, string> = { '”': '“', '»': '«', '›': '‹', ')': '(', ']': '[' };
const CLOSER_OF: Record<string, string> = { '“': '”', '«': '»', '‹': '›', '(': ')', '[': ']' };
// "1)" or "ب)" opening a line is an enumerator, not half of a pair.
const ENUMERATOR = /(?:^|\n)[^\S\n]*[\p{L}\p{N}]{1,3}\)/gu;
const MARKS = /[“”«»‹›()[\]"]/g;

export interface UnbalancedMark {
  kind: 'unclosed' | 'unopened';
  mark: string;
  /** The mark that would balance it. */
  partner: string;
  range: TextRange;
}

/**
 * Quotation marks and brackets without a partner, in text order: “ ” « » ‹ ›
 * ( ) [ ] must nest; straight double quotes " pair up in turn, so an odd one
 * out is the last. A closer matching an opener further down the stack closes
 * it, and the openers it skips are reported unclosed. ’ and ' are not
 * counted: they are apostrophes far more often than quotation marks.
 */
export function unbalancedMarks(text: string): UnbalancedMark[] {
  const found: UnbalancedMark[] = [];
  const stack: { mark: string; at: number }[] = [];
  let enumerators: Set<number> | null = null;
  let straight = -1;
  let straightCount = 0;
  for (const match of text.matchAll(MARKS)) {
    const ch = match[0];
    const i = match.index;
    if (ch === '"') {
      straightCount++;
      straight = i;
      continue;
    }
    const closer = CLOSER_OF[ch];
    if (closer !== undefined) {
      stack.push({ mark: ch, at: i });
      continue;
    }
    const opener = OPENER_OF[ch];
    if (opener === undefined) continue;
    if (ch === ')') {
      enumerators ??= new Set([...text.matchAll(ENUMERATOR)].map((m) => m.index + m[0].length - 1));
      if (enumerators.has(i)) continue;
    }
    let depth = stack.length - 1;
    while (depth >= 0 && stack[depth]!.mark !== opener) depth--;
    if (depth < 0) {
      found.push({ kind: 'unopened', mark: ch, partner: opener, range: { start: i, end: i + 1 } });
      continue;
    }
    for (const skipped of stack.splice(depth).slice(1)) found.push(unclosed(skipped.mark, skipped.at));
  }
  for (const open of stack) found.push(unclosed(open.mark, open.at));
  if (straightCount % 2 === 1) found.push({ kind: 'unclosed', mark: '"', partner: '"', range: { start: straight, end: straight + 1 } });
  return found.sort((a, b) => a.range.start - b.range.start);
}

function unclosed(mark: string, at: number): UnbalancedMark {
  return { kind: 'unclosed', mark, partner: CLOSER_OF[mark]!, range: { start: at, end: at + 1 } };
}
