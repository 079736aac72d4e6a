import { foldForSearch } from '../text/search-fold';

/**
 * Translation-memory similarity. Texts are compared as words of their folded
 * form (foldForSearch: Kurdish spelling variants, digits, case and invisible
 * characters already agree), by a word-level edit distance in which deleting
 * or inserting a word costs 1 and substituting one word for another costs
 * their normalised character edit distance, so a suffixed form (کوردستان /
 * کوردستانی, leader / leaders) costs little.
 *
 *   score = 1 − distance / max(word counts), as a floored integer percent;
 *   100 only when the folded texts are equal.
 */

/** The lowest score the memory reports. */
export const TM_MIN_SCORE = 70;

/** Characters of a folded word that make its index key: suffixed forms of a word of this length or more share a key. */
export const WORD_KEY_LENGTH = 5;

// Letters, combining marks and digits; punctuation and spaces separate words.
const WORD_CHARACTER = /^[\p{L}\p{M}\p{N}]$/u;
const SURROGATE = /[\ud800-\udfff]/;

// Which UTF-16 units are word characters, filled on first use: a lookup scores
// hundreds of candidate texts, and a Unicode-property regex costs ~10 µs on each.
let wordUnits: Uint8Array | null = null;
const OUTSIDE = 0;
const INSIDE = 1;
const SURROGATE_UNIT = 2;

function unitTable(): Uint8Array {
  if (wordUnits) return wordUnits;
  const table = new Uint8Array(0x10000);
  for (let unit = 0; unit < 0x10000; unit++) {
    if (unit >= 0xd800 && unit <= 0xdfff) table[unit] = SURROGATE_UNIT;
    else if (WORD_CHARACTER.test(String.fromCharCode(unit))) table[unit] = INSIDE;
  }
  return (wordUnits = table);
}

/** The words of an already folded text. */
export function wordsOfFolded(folded: string): string[] {
  const table = unitTable();
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i < folded.length; i++) {
    let kind = table[folded.charCodeAt(i)] as number;
    let width = 1;
    if (kind === SURROGATE_UNIT) {
      const point = folded.codePointAt(i) as number;
      width = point > 0xffff ? 2 : 1;
      kind = WORD_CHARACTER.test(String.fromCodePoint(point)) ? INSIDE : OUTSIDE;
    }
    if (kind === INSIDE) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      words.push(folded.slice(start, i));
      start = -1;
    }
    i += width - 1;
  }
  if (start >= 0) words.push(folded.slice(start));
  return words;
}

/** The words similarity is measured on. */
export function tmWords(text: string): string[] {
  return wordsOfFolded(foldForSearch(text));
}

/** A word's index key: its first WORD_KEY_LENGTH characters (code points). */
export function wordKey(word: string): string {
  if (!SURROGATE.test(word)) return word.slice(0, WORD_KEY_LENGTH);
  return Array.from(word).slice(0, WORD_KEY_LENGTH).join('');
}

// Reused rows of the character-level dynamic programming: words are short, calls are many.
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

function characterDistance(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (rowA.length <= y.length) {
    rowA = new Int32Array(y.length * 2 + 1);
    rowB = new Int32Array(y.length * 2 + 1);
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= y.length; j++) prev[j] = j;
  for (let i = 1; i <= x.length; i++) {
    cur[0] = i;
    const xi = x[i - 1];
    for (let j = 1; j <= y.length; j++) {
      const sub = (prev[j - 1] as number) + (xi === y[j - 1] ? 0 : 1);
      const del = (prev[j] as number) + 1;
      const ins = (cur[j - 1] as number) + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    const swap = prev;
    prev = cur;
    cur = swap;
  }
  return prev[y.length] as number;
}

const unitsA: number[] = [];
const unitsB: number[] = [];

function unitsOf(word: string, out: number[]): number[] {
  out.length = word.length;
  for (let i = 0; i < word.length; i++) out[i] = word.charCodeAt(i);
  return out;
}

/** Levenshtein distance of two words in characters, divided by the longer length: 0 for equal words, 1 for nothing in common. */
export function wordDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0 || b.length === 0) return 1;
  if (SURROGATE.test(a) || SURROGATE.test(b)) {
    const x = Array.from(a, (c) => c.codePointAt(0) as number);
    const y = Array.from(b, (c) => c.codePointAt(0) as number);
    return characterDistance(x, y) / Math.max(x.length, y.length);
  }
  return characterDistance(unitsOf(a, unitsA), unitsOf(b, unitsB)) / Math.max(a.length, b.length);
}

// Sums of fractional costs carry rounding noise: 3.3 may come out as 3.3000000000000003.
const EPSILON = 1e-9;

/**
 * The weighted word-level edit distance of `a` and `b`. With `limit`, the
 * computation stops as soon as the distance must exceed it and returns
 * Infinity (only cells within `limit` of the diagonal can stay under it:
 * reaching cell (i, j) takes |i − j| insertions or deletions).
 */
export function weightedWordDistance(
  a: readonly string[],
  b: readonly string[],
  limit = Infinity,
  substitution: (a: string, b: string) => number = wordDistance,
): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > limit + EPSILON) return Infinity;
  const band = Number.isFinite(limit) ? Math.floor(limit + EPSILON) : Math.max(n, m);
  let prev = new Float64Array(m + 1).fill(Infinity);
  let cur = new Float64Array(m + 1);
  for (let j = 0; j <= Math.min(m, band); j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur.fill(Infinity);
    if (i <= band) cur[0] = i;
    let rowMin = cur[0] as number;
    const ai = a[i - 1] as string;
    const from = Math.max(1, i - band);
    const to = Math.min(m, i + band);
    for (let j = from; j <= to; j++) {
      const bj = b[j - 1] as string;
      const sub = (prev[j - 1] as number) + (ai === bj ? 0 : substitution(ai, bj));
      const value = Math.min(sub, (prev[j] as number) + 1, (cur[j - 1] as number) + 1);
      cur[j] = value;
      if (value < rowMin) rowMin = value;
    }
    // Every path to the end crosses this row: if all of it is over the limit, so is the distance.
    if (rowMin > limit + EPSILON) return Infinity;
    [prev, cur] = [cur, prev];
  }
  const distance = prev[m] as number;
  return distance > limit + EPSILON ? Infinity : distance;
}

/** The floored percent for a distance between texts of n and m words (not 100: equality is decided on the folded texts). */
export function scoreOfDistance(distance: number, n: number, m: number): number {
  const longest = Math.max(n, m);
  if (longest === 0) return 0;
  // The epsilon keeps 0.7 from flooring to 69 through binary rounding.
  const percent = Math.floor((1 - distance / longest) * 100 + EPSILON);
  return Math.max(0, Math.min(99, percent));
}

/** Similarity of two texts in percent, 0–100. */
export function tmScore(a: string, b: string): number {
  const foldedA = foldForSearch(a);
  const foldedB = foldForSearch(b);
  if (foldedA === foldedB) return 100;
  const wordsA = wordsOfFolded(foldedA);
  const wordsB = wordsOfFolded(foldedB);
  return scoreOfDistance(weightedWordDistance(wordsA, wordsB), wordsA.length, wordsB.length);
}

/**
 * The most distance a text of n words and one of m words may be apart and
 * still score `minScore`: (1 − minScore/100) · max(n, m).
 */
export function maxDistance(n: number, m: number, minScore = TM_MIN_SCORE): number {
  return ((100 - minScore) * Math.max(n, m)) / 100;
}

/**
 * Word counts m a stored text may have to score `minScore` against a query
 * of n words: the distance is at least |n − m|, so |n − m| ≤ (1 − s)·max(n, m),
 * that is s·n ≤ m ≤ n / s.
 */
export function wordCountRange(n: number, minScore = TM_MIN_SCORE): { min: number; max: number } {
  return { min: Math.ceil((minScore * n) / 100), max: Math.floor((100 * n) / minScore) };
}

/**
 * How many of the query's n words may lose their key (be deleted, or be
 * replaced by a word with another key) in a match scoring `minScore`, if each
 * such word costs at least 1: with L lost words and m ≥ n, the distance is at
 * least L + (m − n), which must stay ≤ (1 − s)·m, so L ≤ n − s·m ≤ (1 − s)·n;
 * with m < n, L ≤ (1 − s)·n directly. So ⌊(1 − s)·n⌋, whatever m is.
 */
export function maxLostWords(n: number, minScore = TM_MIN_SCORE): number {
  return Math.floor(((100 - minScore) * n) / 100);
}
