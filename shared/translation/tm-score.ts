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
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const SURROGATE = /[\ud800-\udfff]/;

/** The words of an already folded text. */
export function wordsOfFolded(folded: string): string[] {
  return folded.match(WORD) ?? [];
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

function codes(word: string): number[] {
  if (!SURROGATE.test(word)) {
    const out = new Array<number>(word.length);
    for (let i = 0; i < word.length; i++) out[i] = word.charCodeAt(i);
    return out;
  }
  return Array.from(word, (c) => c.codePointAt(0) as number);
}

/** Levenshtein distance of two words in characters, divided by the longer length: 0 for equal words, 1 for nothing in common. */
export function wordDistance(a: string, b: string): number {
  if (a === b) return 0;
  const x = codes(a);
  const y = codes(b);
  if (x.length === 0 || y.length === 0) return 1;
  let prev = new Array<number>(y.length + 1);
  let cur = new Array<number>(y.length + 1);
  for (let j = 0; j <= y.length; j++) prev[j] = j;
  for (let i = 1; i <= x.length; i++) {
    cur[0] = i;
    const xi = x[i - 1];
    for (let j = 1; j <= y.length; j++) {
      const sub = (prev[j - 1] as number) + (xi === y[j - 1] ? 0 : 1);
      cur[j] = Math.min(sub, (prev[j] as number) + 1, (cur[j - 1] as number) + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return (prev[y.length] as number) / Math.max(x.length, y.length);
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
